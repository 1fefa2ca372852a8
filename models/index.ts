import pg from 'pg';
import { Sequelize } from 'sequelize';
import { Dataset } from './dataset.model';
import { EdaReport } from './eda-report.model';
import { ExperimentRun } from './experiment-run.model';
import { MlModel } from './ml-model.model';
import { Pipeline } from './pipeline.model';
import { PipelineVersion } from './pipeline-version.model';
import { SchemaDeduction } from './schema-deduction.model';
import { TrainingJob } from './training-job.model';
import { User } from './user.model';
import { WorkspaceMember } from './workspace-member.model';
import { Workspace } from './workspace.model';

export {
  Dataset,
  EdaReport,
  ExperimentRun,
  MlModel,
  Pipeline,
  PipelineVersion,
  SchemaDeduction,
  TrainingJob,
  User,
  Workspace,
  WorkspaceMember
};

/** Opens the pool and defines every model with its associations (delete strategies live in migrations). */
// int8 as a JS number: sizes and row counts stay far below 2^53, and callers get numbers, not strings.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

/**
 * A hot-path statement run on a raw pg pool as a named prepared statement: Postgres parses and
 * plans it once per connection instead of on every call, which for the per-request queries costs
 * more than running them. `name` must be unique per `text` (pg refuses to reuse one for another).
 */
export function preparedQuery<Row extends pg.QueryResultRow, Params extends unknown[]>(
  name: string,
  text: string
): (pool: pg.Pool, ...values: Params) => Promise<Row[]> {
  return async (pool, ...values) => (await pool.query<Row>({ name, text, values })).rows;
}

export function createDatabase(
  url: string,
  options: { poolMax?: number; log?: (sql: string) => void; connectTimeoutMs?: number } = {}
): Sequelize {
  const sequelize = new Sequelize(url, {
    dialect: 'postgres',
    logging: options.log ?? false,
    // While Postgres is down a query fails within the connect timeout instead of waiting a minute.
    pool: {
      max: options.poolMax ?? 10,
      min: 0,
      idle: 10_000,
      acquire: (options.connectTimeoutMs ?? 60_000) + 1_000
    },
    dialectOptions: options.connectTimeoutMs ? { connectionTimeoutMillis: options.connectTimeoutMs } : {},
    define: { underscored: true }
  });
  for (const model of [
    User,
    Workspace,
    WorkspaceMember,
    Dataset,
    SchemaDeduction,
    EdaReport,
    Pipeline,
    PipelineVersion,
    TrainingJob,
    MlModel,
    ExperimentRun
  ]) {
    model.initModel(sequelize);
  }

  Workspace.belongsTo(User, { as: 'owner', foreignKey: 'ownerId' });
  Workspace.hasMany(WorkspaceMember, { as: 'members', foreignKey: 'workspaceId' });
  WorkspaceMember.belongsTo(Workspace, { foreignKey: 'workspaceId' });
  WorkspaceMember.belongsTo(User, { foreignKey: 'userId' });
  User.hasMany(WorkspaceMember, { as: 'memberships', foreignKey: 'userId' });

  Dataset.belongsTo(User, { foreignKey: 'userId' });
  Dataset.belongsTo(Workspace, { foreignKey: 'workspaceId' });
  Dataset.hasMany(SchemaDeduction, { as: 'schemaDeductions', foreignKey: 'datasetId' });
  Dataset.hasMany(EdaReport, { as: 'edaReports', foreignKey: 'datasetId' });
  Dataset.hasMany(Pipeline, { as: 'pipelines', foreignKey: 'datasetId' });
  SchemaDeduction.belongsTo(Dataset, { foreignKey: 'datasetId' });
  EdaReport.belongsTo(Dataset, { foreignKey: 'datasetId' });

  Pipeline.belongsTo(Dataset, { foreignKey: 'datasetId' });
  Pipeline.belongsTo(Workspace, { foreignKey: 'workspaceId' });
  Pipeline.hasMany(TrainingJob, { as: 'jobs', foreignKey: 'pipelineId' });
  Pipeline.hasMany(PipelineVersion, { as: 'versions', foreignKey: 'pipelineId' });
  PipelineVersion.belongsTo(Pipeline, { foreignKey: 'pipelineId' });
  PipelineVersion.belongsTo(User, { as: 'author', foreignKey: 'createdBy' });
  TrainingJob.belongsTo(Pipeline, { foreignKey: 'pipelineId' });
  TrainingJob.hasMany(ExperimentRun, { as: 'runs', foreignKey: 'trainingJobId' });
  TrainingJob.hasMany(MlModel, { as: 'models', foreignKey: 'trainingJobId' });
  ExperimentRun.belongsTo(TrainingJob, { foreignKey: 'trainingJobId' });
  MlModel.belongsTo(TrainingJob, { foreignKey: 'trainingJobId' });
  MlModel.belongsTo(Pipeline, { foreignKey: 'pipelineId' });
  return sequelize;
}
