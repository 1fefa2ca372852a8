import { DataTypes, Sequelize, type QueryInterface } from 'sequelize';
import { addCheck, jsonb, oneOf, uuidPk } from './columns';

const at = () => ({ type: DataTypes.DATE, allowNull: true });
const DATASET_STATUSES_BEFORE = ['uploading', 'uploaded', 'validating', 'validated', 'failed'];
const DATASET_STATUSES_AFTER = ['uploading', 'verifying', 'uploaded', 'validating', 'validated', 'failed'];

/**
 * The transactional outbox: a state change that needs a background job commits its job row in
 * the same transaction, and a dispatcher hands committed rows to the queue. The worker marks the
 * row started, heartbeats it and finishes it, so a job can neither be lost between the commit and
 * the queue nor stay stuck when its worker dies.
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.createTable('job_outbox', {
    id: uuidPk(),
    // The Redis prefix of the deployment that queues it: processes dispatch only their own rows, so
    // deployments (or test servers) sharing one database never run each other's jobs.
    queue_prefix: { type: DataTypes.STRING(200), allowNull: false },
    job_name: { type: DataTypes.STRING(64), allowNull: false },
    subject_id: { type: DataTypes.UUID, allowNull: false },
    payload: jsonb(false, {}),
    created_at: { type: DataTypes.DATE, allowNull: false, defaultValue: Sequelize.literal('now()') },
    dispatched_at: at(),
    started_at: at(),
    heartbeat_at: at(),
    attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    stalls: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    finished_at: at(),
    last_error: { type: DataTypes.TEXT, allowNull: true }
  });
  await addCheck(qi, 'job_outbox', 'job_outbox_counts_non_negative', 'attempts >= 0 AND stalls >= 0');
  // One open job per kind and subject: asking again while one is queued or running adds nothing.
  await qi.addIndex('job_outbox', ['job_name', 'subject_id'], {
    name: 'uq_job_outbox_open',
    unique: true,
    where: { finished_at: null }
  });
  await qi.addIndex('job_outbox', ['queue_prefix', 'created_at'], {
    name: 'idx_job_outbox_undispatched',
    where: { dispatched_at: null, finished_at: null }
  });

  // A dataset whose upload is being hashed: only the request that moved it here hashes it.
  await qi.removeConstraint('datasets', 'datasets_status_check');
  await addCheck(qi, 'datasets', 'datasets_status_check', oneOf('status', DATASET_STATUSES_AFTER));

  // One running EDA report per dataset, enforced where concurrent requests meet.
  await qi.sequelize.query(
    `UPDATE eda_reports r SET status = 'failed', error_message = 'Replaced by a newer report request.'
      WHERE status = 'running' AND EXISTS (
        SELECT 1 FROM eda_reports n WHERE n.dataset_id = r.dataset_id AND n.status = 'running'
           AND (n.created_at, n.id) > (r.created_at, r.id))`
  );
  await qi.addIndex('eda_reports', ['dataset_id'], {
    name: 'uq_eda_running_per_dataset',
    unique: true,
    where: { status: 'running' }
  });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.removeIndex('eda_reports', 'uq_eda_running_per_dataset');
  await qi.sequelize.query(`UPDATE datasets SET status = 'uploading' WHERE status = 'verifying'`);
  await qi.removeConstraint('datasets', 'datasets_status_check');
  await addCheck(qi, 'datasets', 'datasets_status_check', oneOf('status', DATASET_STATUSES_BEFORE));
  await qi.dropTable('job_outbox', {});
}
