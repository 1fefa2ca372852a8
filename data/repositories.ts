import type pg from 'pg';
import type { Sequelize } from 'sequelize';
import { AccessRepository } from './access.repository';
import { DatasetRepository } from './dataset.repository';
import { EdaRepository } from './eda.repository';
import { ExperimentRunRepository } from './experiment-run.repository';
import { MlModelRepository } from './ml-model.repository';
import { OrphansRepository } from './orphans.repository';
import { OutboxRepository } from './outbox.repository';
import { PipelineVersionRepository } from './pipeline-version.repository';
import { PipelineRepository } from './pipeline.repository';
import { SchemaRepository } from './schema.repository';
import { TrainingJobRepository } from './training-job.repository';
import { UserRepository } from './user.repository';
import { WorkspaceRepository } from './workspace.repository';

/** Every repository of the product: the only code that reads or writes Postgres (with data/document-store.ts). */
export interface Repositories {
  access: AccessRepository;
  users: UserRepository;
  workspaces: WorkspaceRepository;
  datasets: DatasetRepository;
  schemas: SchemaRepository;
  eda: EdaRepository;
  pipelines: PipelineRepository;
  pipelineVersions: PipelineVersionRepository;
  trainingJobs: TrainingJobRepository;
  experimentRuns: ExperimentRunRepository;
  models: MlModelRepository;
  outbox: OutboxRepository;
  orphans: OrphansRepository;
}

/**
 * Builds them once per process (core/runtime.ts); the web app and the workers take them from the
 * runtime. `pool`: the raw pool the hot per-request reads use; `queuePrefix`: this deployment's
 * Redis prefix, which scopes the outbox rows.
 */
export function createRepositories(sequelize: Sequelize, pool: pg.Pool, queuePrefix: string): Repositories {
  const pipelines = new PipelineRepository(sequelize);
  return {
    access: new AccessRepository(sequelize),
    users: new UserRepository(sequelize, pool),
    workspaces: new WorkspaceRepository(sequelize, pool),
    datasets: new DatasetRepository(sequelize),
    schemas: new SchemaRepository(sequelize),
    eda: new EdaRepository(),
    pipelines,
    pipelineVersions: new PipelineVersionRepository(pipelines),
    trainingJobs: new TrainingJobRepository(sequelize),
    experimentRuns: new ExperimentRunRepository(sequelize),
    models: new MlModelRepository(sequelize),
    outbox: new OutboxRepository(sequelize, queuePrefix),
    orphans: new OrphansRepository(sequelize)
  };
}
