import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { JobStatus } from '../contracts/statuses';
import { exactTimeSql } from './exact-time';

/** A training_jobs row as the service, the worker and the DTO read it. */
export interface JobRow {
  id: string;
  pipelineId: string;
  workspaceId: string;
  datasetId: string;
  userId: string;
  userName: string | null;
  pipelineSnapshot: Record<string, unknown>;
  status: JobStatus;
  priority: number;
  progressPercentage: number;
  currentStep: string | null;
  queuePosition: number | null;
  pipelineVersion: number | null;
  snapshotSource: 'version' | 'live';
  sweep: { kind: 'grid' | 'random' } | null;
  runCount: number;
  seed: number;
  modelId: string | null;
  bestRunNumber: number | null;
  cancelRequestedAt: Date | null;
  createdAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
  heartbeatAt: Date | null;
  trainingDurationSeconds: number | null;
  errorMessage: string | null;
  errorTraceback: unknown;
  /** The list cursor's key: created_at as Postgres keeps it. */
  cursorAt?: string;
}

export interface NewJob {
  pipelineId: string;
  workspaceId: string;
  datasetId: string;
  userId: string;
  snapshot: Record<string, unknown>;
  snapshotSource: 'version' | 'live';
  pipelineVersion: number | null;
  priority: number;
  sweep: Record<string, unknown> | null;
  seed: number;
  runs: { runNumber: number; hyperparameters: Record<string, unknown> }[];
}

// Position among waiting jobs: those a worker would claim first (higher priority, then older).
const SELECT = `
  SELECT j.id, j.pipeline_id AS "pipelineId", j.workspace_id AS "workspaceId", j.dataset_id AS "datasetId",
         j.user_id AS "userId", u.full_name AS "userName", j.pipeline_snapshot AS "pipelineSnapshot",
         j.status, j.priority, j.progress_percentage AS "progressPercentage", j.current_step AS "currentStep",
         CASE WHEN j.status = 'queued' THEN (
           SELECT count(*)::int FROM training_jobs q WHERE q.status = 'queued'
              AND (q.priority > j.priority OR (q.priority = j.priority AND (q.created_at, q.id) < (j.created_at, j.id)))
         ) END AS "queuePosition",
         j.pipeline_version AS "pipelineVersion", j.snapshot_source AS "snapshotSource", j.sweep,
         j.run_count AS "runCount", j.seed, j.model_id AS "modelId", j.best_run_number AS "bestRunNumber",
         j.cancel_requested_at AS "cancelRequestedAt", j.created_at AS "createdAt", j.started_at AS "startedAt",
         j.completed_at AS "completedAt", j.heartbeat_at AS "heartbeatAt",
         j.training_duration_seconds AS "trainingDurationSeconds", j.error_message AS "errorMessage",
         j.error_traceback AS "errorTraceback", ${exactTimeSql('j.created_at')} AS "cursorAt"
    FROM training_jobs j LEFT JOIN users u ON u.id = j.user_id`;

/** How a job ended, as its worker (or a cancel, or the stuck-job sweep) records it. */
export interface JobEnd {
  status: 'completed' | 'failed' | 'cancelled';
  errorMessage?: string | null;
  errorTraceback?: unknown;
  modelId?: string | null;
  bestRunNumber?: number | null;
}

/** The training jobs' database access (runs: experiment-run.repository.ts). */
export class TrainingJobRepository {
  constructor(private readonly sequelize: Sequelize) {}

  private async one(where: string, replacements: Record<string, unknown>, t?: Transaction) {
    const rows = await this.sequelize.query<JobRow>(`${SELECT} WHERE ${where}`, {
      type: QueryTypes.SELECT,
      replacements,
      transaction: t
    });
    return rows[0] ?? null;
  }

  find(id: string, t?: Transaction): Promise<JobRow | null> {
    return this.one('j.id = :id', { id }, t);
  }

  /** The job and its runs (queued), in the caller's transaction; returns the job and the runs' ids. */
  async create(t: Transaction, job: NewJob): Promise<{ job: JobRow; runIds: string[] }> {
    const [row] = await this.sequelize.query<{ id: string }>(
      `INSERT INTO training_jobs (pipeline_id, user_id, workspace_id, dataset_id, pipeline_snapshot, priority,
              snapshot_source, pipeline_version, sweep, run_count, seed)
       VALUES (:pipelineId, :userId, :workspaceId, :datasetId, :snapshot::jsonb, :priority,
              :snapshotSource, :pipelineVersion, :sweep::jsonb, :runCount, :seed)
       RETURNING id`,
      {
        type: QueryTypes.SELECT,
        transaction: t,
        replacements: {
          ...job,
          snapshot: JSON.stringify(job.snapshot),
          sweep: job.sweep ? JSON.stringify(job.sweep) : null,
          runCount: job.runs.length
        }
      }
    );
    const id = row!.id;
    const runs = await this.sequelize.query<{ id: string }>(
      `INSERT INTO experiment_runs (training_job_id, user_id, run_number, hyperparameters, status)
       SELECT :id, :userId, r.n, r.h, 'queued'
         FROM jsonb_to_recordset(:runs::jsonb) AS r(n int, h jsonb)
       RETURNING id, run_number`,
      {
        type: QueryTypes.SELECT,
        transaction: t,
        replacements: {
          id,
          userId: job.userId,
          runs: JSON.stringify(job.runs.map((r) => ({ n: r.runNumber, h: r.hyperparameters })))
        }
      }
    );
    return { job: (await this.find(id, t))!, runIds: runs.map((r) => r.id) };
  }

  /** Newest first (ties by id), `limit` rows after the row whose key is `after`. */
  list(
    workspaceIds: string[],
    filter: { pipelineId?: string; status?: JobStatus },
    page: { limit: number; after?: { t: string; id: string } }
  ): Promise<JobRow[]> {
    if (!workspaceIds.length) return Promise.resolve([]);
    const where = ['j.workspace_id IN (:workspaceIds)'];
    if (filter.pipelineId) where.push('j.pipeline_id = :pipelineId');
    if (filter.status) where.push('j.status = :status');
    if (page.after) where.push('(j.created_at, j.id) < (:t::timestamptz, :afterId::uuid)');
    return this.sequelize.query<JobRow>(
      `${SELECT} WHERE ${where.join(' AND ')} ORDER BY j.created_at DESC, j.id DESC LIMIT :limit`,
      {
        type: QueryTypes.SELECT,
        replacements: {
          workspaceIds,
          pipelineId: filter.pipelineId ?? null,
          status: filter.status ?? null,
          t: page.after?.t ?? null,
          afterId: page.after?.id ?? null,
          limit: page.limit
        }
      }
    );
  }

  /**
   * Asks a job to stop: a queued one ends `cancelled` here (its waiting runs too); a running one
   * gets `cancel_requested_at`, which its worker polls. Null when the job has already ended.
   */
  async requestCancel(id: string): Promise<{ job: JobRow; ended: boolean } | null> {
    return this.sequelize.transaction(async (t) => {
      const [row] = await this.sequelize.query<{ status: JobStatus }>(
        `SELECT status FROM training_jobs WHERE id = :id FOR UPDATE`,
        { type: QueryTypes.SELECT, transaction: t, replacements: { id } }
      );
      if (!row || !['queued', 'running'].includes(row.status)) return null;
      // Queued, or running with no run under way (between a worker handing its run back and the
      // next claim): nothing to stop, so it ends now.
      const [counted] = await this.sequelize.query<{ busy: number }>(
        `SELECT count(*)::int AS busy FROM experiment_runs WHERE training_job_id = :id AND status = 'running'`,
        { type: QueryTypes.SELECT, transaction: t, replacements: { id } }
      );
      if (row.status === 'queued' || counted?.busy === 0) {
        await this.end(t, id, { status: 'cancelled' });
        return { job: (await this.find(id, t))!, ended: true };
      }
      await this.sequelize.query(
        `UPDATE training_jobs SET cancel_requested_at = coalesce(cancel_requested_at, now()), updated_at = now()
          WHERE id = :id`,
        { transaction: t, replacements: { id } }
      );
      return { job: (await this.find(id, t))!, ended: false };
    });
  }

  /**
   * Ends the job (if it has not ended): its waiting runs end too, and their outbox rows finish so
   * no worker picks them up. False when it had already ended.
   */
  async end(t: Transaction, id: string, e: JobEnd): Promise<boolean> {
    const rows = await this.sequelize.query(
      `UPDATE training_jobs
          SET status = :status, completed_at = now(), updated_at = now(), heartbeat_at = coalesce(heartbeat_at, now()),
              progress_percentage = CASE WHEN :status = 'completed' THEN 100 ELSE progress_percentage END,
              current_step = CASE :status WHEN 'completed' THEN 'Completed' WHEN 'cancelled' THEN 'Cancelled' ELSE 'Failed' END,
              training_duration_seconds = extract(epoch FROM now() - coalesce(started_at, now())),
              error_message = :errorMessage, error_traceback = :errorTraceback::jsonb,
              model_id = :modelId, best_run_number = :bestRunNumber
        WHERE id = :id AND status IN ('queued', 'running')
        RETURNING id`,
      {
        type: QueryTypes.SELECT,
        transaction: t,
        replacements: {
          id,
          status: e.status,
          errorMessage: e.errorMessage ?? null,
          errorTraceback: e.errorTraceback === undefined ? null : JSON.stringify(e.errorTraceback),
          modelId: e.modelId ?? null,
          bestRunNumber: e.bestRunNumber ?? null
        }
      }
    );
    if (!rows.length) return false;
    const runStatus = e.status === 'completed' ? 'cancelled' : e.status;
    await this.sequelize.query(
      `UPDATE experiment_runs SET status = :runStatus, completed_at = now(), updated_at = now(),
              error_message = coalesce(error_message, :reason)
        WHERE training_job_id = :id AND status IN ('queued', 'running')`,
      { transaction: t, replacements: { id, runStatus, reason: e.errorMessage ?? null } }
    );
    await this.sequelize.query(
      `UPDATE job_outbox SET finished_at = now(), heartbeat_at = NULL, last_error = coalesce(last_error, :reason)
        WHERE job_name = 'train-run' AND finished_at IS NULL AND payload->>'jobId' = :id`,
      { transaction: t, replacements: { id, reason: `the job ended ${e.status}` } }
    );
    return true;
  }

  transaction<T>(fn: (t: Transaction) => Promise<T>): Promise<T> {
    return this.sequelize.transaction(fn);
  }

  /** A run of the job starts: the job is running from its first run on. */
  async markRunning(id: string): Promise<boolean> {
    const rows = await this.sequelize.query(
      `UPDATE training_jobs SET status = 'running', started_at = coalesce(started_at, now()), heartbeat_at = now(),
              updated_at = now()
        WHERE id = :id AND status IN ('queued', 'running') RETURNING id`,
      { type: QueryTypes.SELECT, replacements: { id } }
    );
    return rows.length === 1;
  }

  /** Liveness and progress of a running job; answers whether a cancel was asked for (or it ended). */
  async heartbeat(
    id: string,
    progress?: { percent: number; step: string }
  ): Promise<{ cancel: boolean; status: JobStatus | null }> {
    const rows = await this.sequelize.query<{ status: JobStatus; cancel: boolean }>(
      `UPDATE training_jobs SET heartbeat_at = now(),
              progress_percentage = coalesce(:percent, progress_percentage),
              current_step = coalesce(:step, current_step)
        WHERE id = :id
        RETURNING status, cancel_requested_at IS NOT NULL AS cancel`,
      {
        type: QueryTypes.SELECT,
        replacements: {
          id,
          percent: progress ? Math.max(0, Math.min(100, Math.round(progress.percent))) : null,
          step: progress?.step ?? null
        }
      }
    );
    const row = rows[0];
    return { cancel: !row || row.cancel || row.status !== 'running', status: row?.status ?? null };
  }
}
