import { DataTypes, type QueryInterface } from 'sequelize';
import { JOB_STATUSES, PIPELINE_STATUSES } from '../contracts/statuses';

// The run statuses as this migration created them; 0008-training widens the list.
const RUN_STATUSES = ['running', 'completed', 'failed'];
import { addCheck, fk, jsonb, oneOf, softDelete, timestamps, uuidPk } from './columns';

/** Pipelines, the training jobs they run, the models those produce and each job's experiment runs. */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.createTable('pipelines', {
    id: uuidPk(),
    user_id: fk('users', 'RESTRICT'),
    workspace_id: fk('workspaces', 'RESTRICT'),
    dataset_id: fk('datasets', 'RESTRICT'),
    name: { type: DataTypes.STRING(200), allowNull: false },
    description: { type: DataTypes.TEXT, allowNull: true },
    config: jsonb(false, { nodes: [], edges: [] }),
    node_registry: jsonb(false, {}),
    version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
    status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'draft' },
    validated_at: { type: DataTypes.DATE, allowNull: true },
    ...timestamps(),
    ...softDelete()
  });
  await addCheck(qi, 'pipelines', 'pipelines_status_check', oneOf('status', PIPELINE_STATUSES));
  await addCheck(qi, 'pipelines', 'pipelines_version_positive', 'version >= 1');
  await qi.addIndex('pipelines', ['user_id'], { name: 'idx_pipelines_user' });
  await qi.addIndex('pipelines', ['config'], { name: 'idx_pipelines_config', using: 'gin' });
  await qi.addIndex('pipelines', ['dataset_id'], {
    name: 'idx_pipelines_dataset',
    where: { deleted_at: null }
  });
  await qi.addIndex('pipelines', ['workspace_id', 'updated_at'], {
    name: 'idx_pipelines_workspace',
    where: { deleted_at: null }
  });

  await qi.createTable('training_jobs', {
    id: uuidPk(),
    pipeline_id: fk('pipelines', 'CASCADE'),
    user_id: fk('users', 'RESTRICT'),
    workspace_id: fk('workspaces', 'RESTRICT'),
    dataset_id: fk('datasets', 'RESTRICT'),
    pipeline_snapshot: jsonb(false),
    status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'queued' },
    progress_percentage: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    current_step: { type: DataTypes.TEXT, allowNull: true },
    started_at: { type: DataTypes.DATE, allowNull: true },
    completed_at: { type: DataTypes.DATE, allowNull: true },
    heartbeat_at: { type: DataTypes.DATE, allowNull: true },
    training_duration_seconds: { type: DataTypes.DOUBLE, allowNull: true },
    // The seed's celery_task_id: the Bee-Queue job id that runs this row.
    queue_job_id: { type: DataTypes.STRING(120), allowNull: true },
    priority: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 5 },
    error_message: { type: DataTypes.TEXT, allowNull: true },
    error_traceback: jsonb(true),
    ...timestamps()
  });
  await addCheck(qi, 'training_jobs', 'training_jobs_status_check', oneOf('status', JOB_STATUSES));
  await addCheck(
    qi,
    'training_jobs',
    'training_jobs_progress_range',
    'progress_percentage BETWEEN 0 AND 100'
  );
  await addCheck(qi, 'training_jobs', 'training_jobs_priority_range', 'priority BETWEEN 1 AND 10');
  await qi.addIndex('training_jobs', ['status'], { name: 'idx_jobs_status' });
  await qi.addIndex('training_jobs', ['user_id'], { name: 'idx_jobs_user' });
  await qi.addIndex('training_jobs', ['heartbeat_at'], {
    name: 'idx_jobs_heartbeat',
    where: { status: 'running' }
  });
  await qi.addIndex('training_jobs', ['pipeline_id', 'created_at'], { name: 'idx_jobs_pipeline' });
  await qi.addIndex('training_jobs', ['workspace_id', 'created_at'], { name: 'idx_jobs_workspace' });

  await qi.createTable('models', {
    id: uuidPk(),
    training_job_id: fk('training_jobs', 'RESTRICT'),
    pipeline_id: fk('pipelines', 'RESTRICT'),
    user_id: fk('users', 'RESTRICT'),
    workspace_id: fk('workspaces', 'RESTRICT'),
    name: { type: DataTypes.STRING(200), allowNull: false },
    model_type: { type: DataTypes.STRING(64), allowNull: false },
    framework_version: { type: DataTypes.STRING(120), allowNull: false },
    s3_bucket: { type: DataTypes.STRING(255), allowNull: false },
    s3_key_artifact: { type: DataTypes.STRING(1024), allowNull: false },
    s3_key_config: { type: DataTypes.STRING(1024), allowNull: true },
    s3_key_metadata: { type: DataTypes.STRING(1024), allowNull: true },
    artifact_size_bytes: { type: DataTypes.BIGINT, allowNull: false },
    artifact_checksum: { type: DataTypes.CHAR(64), allowNull: false },
    metrics: jsonb(false, {}),
    version: { type: DataTypes.INTEGER, allowNull: false },
    is_production: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    deployed_at: { type: DataTypes.DATE, allowNull: true },
    ...timestamps()
  });
  await addCheck(qi, 'models', 'models_artifact_size_positive', 'artifact_size_bytes > 0');
  await addCheck(qi, 'models', 'models_checksum_format', "artifact_checksum ~ '^[0-9a-f]{64}$'");
  await addCheck(qi, 'models', 'models_version_positive', 'version >= 1');
  await addCheck(qi, 'models', 'models_production_deployed', 'NOT is_production OR deployed_at IS NOT NULL');
  await qi.addIndex('models', ['pipeline_id', 'version'], {
    name: 'uq_models_pipeline_version',
    unique: true
  });
  await qi.addIndex('models', ['training_job_id'], { name: 'idx_models_job' });
  // Partial and unique: one production model per pipeline, found without scanning the rest.
  await qi.addIndex('models', ['pipeline_id'], {
    name: 'idx_models_production',
    unique: true,
    where: { is_production: true }
  });
  await qi.addIndex('models', ['metrics'], { name: 'idx_models_metrics', using: 'gin' });
  await qi.addIndex('models', ['workspace_id', 'created_at'], { name: 'idx_models_workspace' });

  await qi.createTable('experiment_runs', {
    id: uuidPk(),
    training_job_id: fk('training_jobs', 'CASCADE'),
    user_id: fk('users', 'RESTRICT'),
    run_number: { type: DataTypes.INTEGER, allowNull: false },
    hyperparameters: jsonb(false, {}),
    metrics: jsonb(false, {}),
    training_time_seconds: { type: DataTypes.DOUBLE, allowNull: true },
    status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'running' },
    ...timestamps()
  });
  await addCheck(qi, 'experiment_runs', 'experiment_runs_status_check', oneOf('status', RUN_STATUSES));
  await addCheck(qi, 'experiment_runs', 'experiment_runs_number_positive', 'run_number >= 1');
  await qi.addIndex('experiment_runs', ['training_job_id', 'run_number'], {
    name: 'uq_experiment_runs_job_number',
    unique: true
  });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  for (const table of ['experiment_runs', 'models', 'training_jobs', 'pipelines']) {
    await qi.dropTable(table, {});
  }
}
