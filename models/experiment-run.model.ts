import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize
} from 'sequelize';
import type { RunStatus } from '../contracts/statuses';

export class ExperimentRun extends Model<
  InferAttributes<ExperimentRun>,
  InferCreationAttributes<ExperimentRun>
> {
  declare id: CreationOptional<string>;
  declare trainingJobId: string;
  declare userId: string;
  declare runNumber: number;
  declare hyperparameters: CreationOptional<Record<string, unknown>>;
  declare metrics: CreationOptional<Record<string, unknown>>;
  declare trainingTimeSeconds: number | null;
  declare status: CreationOptional<RunStatus>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof ExperimentRun {
    return ExperimentRun.init(
      {
        id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 },
        trainingJobId: { type: DataTypes.UUID, allowNull: false },
        userId: { type: DataTypes.UUID, allowNull: false },
        runNumber: { type: DataTypes.INTEGER, allowNull: false },
        hyperparameters: { type: DataTypes.JSONB, allowNull: false, defaultValue: {} },
        metrics: { type: DataTypes.JSONB, allowNull: false, defaultValue: {} },
        trainingTimeSeconds: { type: DataTypes.DOUBLE, allowNull: true },
        status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'running' },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE
      },
      { sequelize, tableName: 'experiment_runs', modelName: 'ExperimentRun', underscored: true }
    );
  }
}
