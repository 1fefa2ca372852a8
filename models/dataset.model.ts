import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize
} from 'sequelize';
import type { DatasetStatus } from '../contracts/statuses';

export interface ValidationIssue {
  code: string;
  message: string;
  line?: number;
  column?: string | number;
  count?: number;
  read?: { skipLines: number; header: boolean | null };
}

export class Dataset extends Model<InferAttributes<Dataset>, InferCreationAttributes<Dataset>> {
  declare id: CreationOptional<string>;
  declare userId: string;
  declare workspaceId: string;
  declare name: string;
  declare description: string | null;
  declare s3Bucket: string;
  declare s3KeyRaw: string;
  declare s3KeyProcessed: string | null;
  declare fileSizeBytes: number;
  declare fileHashSha256: string | null;
  declare contentType: CreationOptional<string>;
  declare numRows: number | null;
  declare numColumns: number | null;
  declare columnNames: string[] | null;
  declare status: CreationOptional<DatasetStatus>;
  declare validationErrors: ValidationIssue[] | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
  declare deletedAt: Date | null;

  static initModel(sequelize: Sequelize): typeof Dataset {
    return Dataset.init(
      {
        id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 },
        userId: { type: DataTypes.UUID, allowNull: false },
        workspaceId: { type: DataTypes.UUID, allowNull: false },
        name: { type: DataTypes.STRING(200), allowNull: false },
        description: { type: DataTypes.TEXT, allowNull: true },
        s3Bucket: { type: DataTypes.STRING(255), allowNull: false },
        s3KeyRaw: { type: DataTypes.STRING(1024), allowNull: false },
        s3KeyProcessed: { type: DataTypes.STRING(1024), allowNull: true },
        fileSizeBytes: { type: DataTypes.BIGINT, allowNull: false },
        fileHashSha256: { type: DataTypes.CHAR(64), allowNull: true },
        contentType: { type: DataTypes.STRING(120), allowNull: false, defaultValue: 'text/csv' },
        numRows: { type: DataTypes.BIGINT, allowNull: true },
        numColumns: { type: DataTypes.INTEGER, allowNull: true },
        columnNames: { type: DataTypes.ARRAY(DataTypes.TEXT), allowNull: true },
        status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'uploading' },
        validationErrors: { type: DataTypes.JSONB, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
        deletedAt: { type: DataTypes.DATE, allowNull: true }
      },
      { sequelize, tableName: 'datasets', modelName: 'Dataset', underscored: true, paranoid: true }
    );
  }
}
