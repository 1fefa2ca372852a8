import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize
} from 'sequelize';

/** A trained model in the registry (table `models`; named MlModel to avoid clashing with Sequelize's Model). */
export class MlModel extends Model<InferAttributes<MlModel>, InferCreationAttributes<MlModel>> {
  declare id: CreationOptional<string>;
  declare trainingJobId: string;
  declare pipelineId: string;
  declare userId: string;
  declare workspaceId: string;
  declare name: string;
  declare modelType: string;
  declare frameworkVersion: string;
  declare s3Bucket: string;
  declare s3KeyArtifact: string;
  declare s3KeyConfig: string | null;
  declare s3KeyMetadata: string | null;
  declare artifactSizeBytes: number;
  declare artifactChecksum: string;
  declare metrics: CreationOptional<Record<string, unknown>>;
  declare version: number;
  declare isProduction: CreationOptional<boolean>;
  declare deployedAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof MlModel {
    return MlModel.init(
      {
        id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 },
        trainingJobId: { type: DataTypes.UUID, allowNull: false },
        pipelineId: { type: DataTypes.UUID, allowNull: false },
        userId: { type: DataTypes.UUID, allowNull: false },
        workspaceId: { type: DataTypes.UUID, allowNull: false },
        name: { type: DataTypes.STRING(200), allowNull: false },
        modelType: { type: DataTypes.STRING(64), allowNull: false },
        frameworkVersion: { type: DataTypes.STRING(120), allowNull: false },
        s3Bucket: { type: DataTypes.STRING(255), allowNull: false },
        s3KeyArtifact: { type: DataTypes.STRING(1024), allowNull: false },
        s3KeyConfig: { type: DataTypes.STRING(1024), allowNull: true },
        s3KeyMetadata: { type: DataTypes.STRING(1024), allowNull: true },
        artifactSizeBytes: { type: DataTypes.BIGINT, allowNull: false },
        artifactChecksum: { type: DataTypes.CHAR(64), allowNull: false },
        metrics: { type: DataTypes.JSONB, allowNull: false, defaultValue: {} },
        version: { type: DataTypes.INTEGER, allowNull: false },
        isProduction: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        deployedAt: { type: DataTypes.DATE, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE
      },
      { sequelize, tableName: 'models', modelName: 'MlModel', underscored: true }
    );
  }
}
