import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize
} from 'sequelize';
import type { PipelineStatus } from '../contracts/statuses';

export class Pipeline extends Model<InferAttributes<Pipeline>, InferCreationAttributes<Pipeline>> {
  declare id: CreationOptional<string>;
  declare userId: string;
  declare workspaceId: string;
  declare datasetId: string;
  declare name: string;
  declare description: string | null;
  declare config: CreationOptional<Record<string, unknown>>;
  declare nodeRegistry: CreationOptional<Record<string, unknown>>;
  declare version: CreationOptional<number>;
  declare status: CreationOptional<PipelineStatus>;
  declare validatedAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
  declare deletedAt: Date | null;

  static initModel(sequelize: Sequelize): typeof Pipeline {
    return Pipeline.init(
      {
        id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 },
        userId: { type: DataTypes.UUID, allowNull: false },
        workspaceId: { type: DataTypes.UUID, allowNull: false },
        datasetId: { type: DataTypes.UUID, allowNull: false },
        name: { type: DataTypes.STRING(200), allowNull: false },
        description: { type: DataTypes.TEXT, allowNull: true },
        config: { type: DataTypes.JSONB, allowNull: false, defaultValue: { nodes: [], edges: [] } },
        nodeRegistry: { type: DataTypes.JSONB, allowNull: false, defaultValue: {} },
        version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
        status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'draft' },
        validatedAt: { type: DataTypes.DATE, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
        deletedAt: { type: DataTypes.DATE, allowNull: true }
      },
      { sequelize, tableName: 'pipelines', modelName: 'Pipeline', underscored: true, paranoid: true }
    );
  }
}
