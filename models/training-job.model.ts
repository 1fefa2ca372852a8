import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize
} from 'sequelize';
import type { JobStatus } from '../contracts/statuses';

export class TrainingJob extends Model<InferAttributes<TrainingJob>, InferCreationAttributes<TrainingJob>> {
  declare id: CreationOptional<string>;
  declare pipelineId: string;
  declare userId: string;
  declare workspaceId: string;
  declare datasetId: string;
  declare pipelineSnapshot: Record<string, unknown>;
  declare status: CreationOptional<JobStatus>;
  declare progressPercentage: CreationOptional<number>;
  declare currentStep: string | null;
  declare startedAt: Date | null;
  declare completedAt: Date | null;
  declare heartbeatAt: Date | null;
  declare trainingDurationSeconds: number | null;
  declare queueJobId: string | null;
  declare priority: CreationOptional<number>;
  declare errorMessage: string | null;
  declare errorTraceback: unknown;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof TrainingJob {
    return TrainingJob.init(
      {
        id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 },
        pipelineId: { type: DataTypes.UUID, allowNull: false },
        userId: { type: DataTypes.UUID, allowNull: false },
        workspaceId: { type: DataTypes.UUID, allowNull: false },
        datasetId: { type: DataTypes.UUID, allowNull: false },
        pipelineSnapshot: { type: DataTypes.JSONB, allowNull: false },
        status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'queued' },
        progressPercentage: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        currentStep: { type: DataTypes.TEXT, allowNull: true },
        startedAt: { type: DataTypes.DATE, allowNull: true },
        completedAt: { type: DataTypes.DATE, allowNull: true },
        heartbeatAt: { type: DataTypes.DATE, allowNull: true },
        trainingDurationSeconds: { type: DataTypes.DOUBLE, allowNull: true },
        queueJobId: { type: DataTypes.STRING(120), allowNull: true },
        priority: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 5 },
        errorMessage: { type: DataTypes.TEXT, allowNull: true },
        errorTraceback: { type: DataTypes.JSONB, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE
      },
      { sequelize, tableName: 'training_jobs', modelName: 'TrainingJob', underscored: true }
    );
  }
}
