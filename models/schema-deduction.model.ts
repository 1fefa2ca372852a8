import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize
} from 'sequelize';
import type { SchemaDeductionStatus } from '../contracts/statuses';

export class SchemaDeduction extends Model<
  InferAttributes<SchemaDeduction>,
  InferCreationAttributes<SchemaDeduction>
> {
  declare id: CreationOptional<string>;
  declare datasetId: string;
  declare userId: string;
  declare proposedSchema: Record<string, unknown>;
  declare columnMetadata: CreationOptional<Record<string, unknown>>;
  declare status: CreationOptional<SchemaDeductionStatus>;
  declare confidenceScore: number;
  declare agentVersion: string;
  declare rejectionReason: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof SchemaDeduction {
    return SchemaDeduction.init(
      {
        id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 },
        datasetId: { type: DataTypes.UUID, allowNull: false },
        userId: { type: DataTypes.UUID, allowNull: false },
        proposedSchema: { type: DataTypes.JSONB, allowNull: false },
        columnMetadata: { type: DataTypes.JSONB, allowNull: false, defaultValue: {} },
        status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'proposed' },
        confidenceScore: { type: DataTypes.DOUBLE, allowNull: false },
        agentVersion: { type: DataTypes.STRING(120), allowNull: false },
        rejectionReason: { type: DataTypes.TEXT, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE
      },
      { sequelize, tableName: 'schema_deductions', modelName: 'SchemaDeduction', underscored: true }
    );
  }
}
