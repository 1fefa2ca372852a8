import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize
} from 'sequelize';
import type { EdaStatus, EdaStorageLocation } from '../contracts/statuses';

export class EdaReport extends Model<InferAttributes<EdaReport>, InferCreationAttributes<EdaReport>> {
  declare id: CreationOptional<string>;
  declare datasetId: string;
  declare userId: string;
  declare summary: CreationOptional<Record<string, unknown>>;
  declare reportSizeBytes: number | null;
  declare storageLocation: EdaStorageLocation | null;
  declare fullReport: Record<string, unknown> | null;
  declare s3Bucket: string | null;
  declare s3Key: string | null;
  declare reportVersion: string;
  declare generationTimeSeconds: number | null;
  declare status: CreationOptional<EdaStatus>;
  declare errorMessage: string | null;
  declare progressPercentage: CreationOptional<number>;
  declare currentStep: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof EdaReport {
    return EdaReport.init(
      {
        id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 },
        datasetId: { type: DataTypes.UUID, allowNull: false },
        userId: { type: DataTypes.UUID, allowNull: false },
        summary: { type: DataTypes.JSONB, allowNull: false, defaultValue: {} },
        reportSizeBytes: { type: DataTypes.BIGINT, allowNull: true },
        storageLocation: { type: DataTypes.STRING(16), allowNull: true },
        fullReport: { type: DataTypes.JSONB, allowNull: true },
        s3Bucket: { type: DataTypes.STRING(255), allowNull: true },
        s3Key: { type: DataTypes.STRING(1024), allowNull: true },
        reportVersion: { type: DataTypes.STRING(32), allowNull: false },
        generationTimeSeconds: { type: DataTypes.DOUBLE, allowNull: true },
        status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'running' },
        errorMessage: { type: DataTypes.TEXT, allowNull: true },
        progressPercentage: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        currentStep: { type: DataTypes.TEXT, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE
      },
      { sequelize, tableName: 'eda_reports', modelName: 'EdaReport', underscored: true }
    );
  }
}
