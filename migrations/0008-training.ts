import { DataTypes, type QueryInterface } from 'sequelize';
import { addCheck, fk, jsonb, oneOf, uuidPk } from './columns';

const RUN_STATUSES_BEFORE = ['running', 'completed', 'failed'];
const RUN_STATUSES_AFTER = ['queued', 'running', 'completed', 'failed', 'cancelled'];

/**
 * Training runs for real: a job records where its snapshot came from, its sweep and the seed that
 * makes it repeatable, and a cancel request its worker polls; each experiment run is queued as
 * its own unit of work (so a sweep spreads over idle workers) and keeps its curves; outbox rows
 * carry a priority that workers claim by; comments pin on a job's curves.
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  const add = (table: string, column: string, spec: Parameters<QueryInterface['addColumn']>[2]) =>
    qi.addColumn(table, column, spec);
  await add('training_jobs', 'snapshot_source', {
    type: DataTypes.STRING(8),
    allowNull: false,
    defaultValue: 'live'
  });
  await addCheck(
    qi,
    'training_jobs',
    'training_jobs_snapshot_source_check',
    oneOf('snapshot_source', ['version', 'live'])
  );
  await add('training_jobs', 'pipeline_version', { type: DataTypes.INTEGER, allowNull: true });
  await add('training_jobs', 'sweep', jsonb(true));
  await add('training_jobs', 'run_count', { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 });
  // Used wherever a random_state is null: drawn from the snapshot, so the same snapshot trains the same.
  await add('training_jobs', 'seed', { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 });
  await add('training_jobs', 'cancel_requested_at', { type: DataTypes.DATE, allowNull: true });
  await add('training_jobs', 'best_run_number', { type: DataTypes.INTEGER, allowNull: true });
  await add('training_jobs', 'model_id', { type: DataTypes.UUID, allowNull: true });
  await addCheck(qi, 'training_jobs', 'training_jobs_run_count_positive', 'run_count >= 1');

  await qi.removeConstraint('experiment_runs', 'experiment_runs_status_check');
  await addCheck(qi, 'experiment_runs', 'experiment_runs_status_check', oneOf('status', RUN_STATUSES_AFTER));
  await qi.changeColumn('experiment_runs', 'status', {
    type: DataTypes.STRING(16),
    allowNull: false,
    defaultValue: 'queued'
  });
  await add('experiment_runs', 'error_message', { type: DataTypes.TEXT, allowNull: true });
  await add('experiment_runs', 'error_traceback', jsonb(true));
  await add('experiment_runs', 'history', jsonb(false, []));
  await add('experiment_runs', 'started_at', { type: DataTypes.DATE, allowNull: true });
  await add('experiment_runs', 'completed_at', { type: DataTypes.DATE, allowNull: true });
  // The run's own artifacts until the job picks its best run (key prefix and model checksum).
  await add('experiment_runs', 'artifact_prefix', { type: DataTypes.STRING(1024), allowNull: true });
  await add('experiment_runs', 'artifact_checksum', { type: DataTypes.CHAR(64), allowNull: true });
  await add('experiment_runs', 'summary', jsonb(true));

  await add('models', 'pipeline_version', { type: DataTypes.INTEGER, allowNull: true });
  await add('models', 'artifacts', jsonb(false, []));

  await add('job_outbox', 'priority', { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 });
  await qi.addIndex('job_outbox', ['job_name', 'priority', 'created_at'], {
    name: 'idx_job_outbox_claimable',
    where: { finished_at: null }
  });

  await qi.createTable('job_comments', {
    id: uuidPk(),
    training_job_id: fk('training_jobs', 'CASCADE'),
    user_id: fk('users', 'RESTRICT'),
    body: { type: DataTypes.TEXT, allowNull: false },
    anchor: jsonb(true),
    created_at: { type: DataTypes.DATE, allowNull: false, defaultValue: qi.sequelize.literal('now()') }
  });
  await addCheck(qi, 'job_comments', 'job_comments_body_length', 'char_length(body) BETWEEN 1 AND 2000');
  await qi.addIndex('job_comments', ['training_job_id', 'created_at'], { name: 'idx_job_comments_job' });
  await qi.addIndex('job_comments', ['user_id'], { name: 'idx_job_comments_user' });
  await qi.addIndex('training_jobs', ['status', 'priority', 'created_at'], {
    name: 'idx_jobs_queue',
    where: { status: 'queued' }
  });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.removeIndex('training_jobs', 'idx_jobs_queue');
  await qi.dropTable('job_comments', {});
  await qi.removeIndex('job_outbox', 'idx_job_outbox_claimable');
  await qi.removeColumn('job_outbox', 'priority');
  for (const c of ['pipeline_version', 'artifacts']) await qi.removeColumn('models', c);
  for (const c of [
    'error_message',
    'error_traceback',
    'history',
    'started_at',
    'completed_at',
    'artifact_prefix',
    'artifact_checksum',
    'summary'
  ])
    await qi.removeColumn('experiment_runs', c);
  await qi.sequelize.query(
    `UPDATE experiment_runs SET status = 'failed' WHERE status IN ('queued', 'cancelled')`
  );
  await qi.removeConstraint('experiment_runs', 'experiment_runs_status_check');
  await addCheck(qi, 'experiment_runs', 'experiment_runs_status_check', oneOf('status', RUN_STATUSES_BEFORE));
  await qi.changeColumn('experiment_runs', 'status', {
    type: DataTypes.STRING(16),
    allowNull: false,
    defaultValue: 'running'
  });
  await qi.removeConstraint('training_jobs', 'training_jobs_run_count_positive');
  await qi.removeConstraint('training_jobs', 'training_jobs_snapshot_source_check');
  for (const c of [
    'snapshot_source',
    'pipeline_version',
    'sweep',
    'run_count',
    'seed',
    'cancel_requested_at',
    'best_run_number',
    'model_id'
  ])
    await qi.removeColumn('training_jobs', c);
}
