import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { RunStatus } from '../contracts/statuses';
import type { CurveAnchor, CurvePoint } from '../contracts/training';
import { exactTimeSql } from './exact-time';

/** An experiment_runs row as the API and the worker read it. */
export interface RunRow {
  id: string;
  jobId: string;
  runNumber: number;
  status: RunStatus;
  hyperparameters: Record<string, unknown>;
  metrics: Record<string, number> | null;
  trainingTimeSeconds: number | null;
  errorMessage: string | null;
  errorTraceback: unknown;
  history: CurvePoint[];
  artifactPrefix: string | null;
  artifactChecksum: string | null;
  /** What the worker kept for building the model if this run wins (model type, versions, sizes). */
  summary: Record<string, unknown> | null;
  createdAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
}

const RUN = `
  SELECT r.id, r.training_job_id AS "jobId", r.run_number AS "runNumber", r.status, r.hyperparameters,
         CASE WHEN r.metrics = '{}'::jsonb THEN NULL ELSE r.metrics END AS metrics,
         r.training_time_seconds AS "trainingTimeSeconds", r.error_message AS "errorMessage",
         r.error_traceback AS "errorTraceback", r.history, r.artifact_prefix AS "artifactPrefix",
         r.artifact_checksum AS "artifactChecksum", r.summary, r.created_at AS "createdAt",
         r.started_at AS "startedAt", r.completed_at AS "completedAt"
    FROM experiment_runs r`;

export interface CommentRow {
  id: string;
  jobId: string;
  authorId: string;
  authorName: string;
  body: string;
  anchor: CurveAnchor | null;
  createdAt: Date;
  cursorAt: string;
}

const COMMENT = `
  SELECT c.id, c.training_job_id AS "jobId", c.user_id AS "authorId", u.full_name AS "authorName", c.body,
         c.anchor, c.created_at AS "createdAt", ${exactTimeSql('c.created_at')} AS "cursorAt"
    FROM job_comments c JOIN users u ON u.id = c.user_id`;

/** A run that ended, as its worker records it. */
export interface RunEnd {
  status: 'completed' | 'failed' | 'cancelled';
  metrics?: Record<string, number>;
  history?: CurvePoint[];
  trainingTimeSeconds: number;
  errorMessage?: string | null;
  errorTraceback?: unknown;
  artifactPrefix?: string | null;
  artifactChecksum?: string | null;
  summary?: Record<string, unknown> | null;
}

/** Experiment runs and the comments pinned on a job's curves. */
export class ExperimentRunRepository {
  constructor(private readonly sequelize: Sequelize) {}

  transaction<T>(fn: (t: Transaction) => Promise<T>): Promise<T> {
    return this.sequelize.transaction(fn);
  }

  list(jobId: string, t?: Transaction): Promise<RunRow[]> {
    return this.sequelize.query<RunRow>(`${RUN} WHERE r.training_job_id = :jobId ORDER BY r.run_number`, {
      type: QueryTypes.SELECT,
      replacements: { jobId },
      transaction: t
    });
  }

  async find(id: string, t?: Transaction): Promise<RunRow | null> {
    const rows = await this.sequelize.query<RunRow>(`${RUN} WHERE r.id = :id`, {
      type: QueryTypes.SELECT,
      replacements: { id },
      transaction: t
    });
    return rows[0] ?? null;
  }

  /** The run starts (again, after a lost worker); null when it already ended. */
  async start(id: string): Promise<RunRow | null> {
    const rows = await this.sequelize.query<{ id: string }>(
      `UPDATE experiment_runs SET status = 'running', started_at = now(), updated_at = now(), history = '[]'::jsonb
        WHERE id = :id AND status IN ('queued', 'running') RETURNING id`,
      { type: QueryTypes.SELECT, replacements: { id } }
    );
    return rows.length ? this.find(id) : null;
  }

  /** A running run waits again (its worker stopped before it ended). */
  async requeue(id: string): Promise<void> {
    await this.sequelize.query(
      `UPDATE experiment_runs SET status = 'queued', started_at = NULL, history = '[]'::jsonb, updated_at = now()
        WHERE id = :id AND status = 'running'`,
      { replacements: { id } }
    );
  }

  /** Records how the run ended, in `t`; false when it had ended already. */
  async end(t: Transaction, id: string, e: RunEnd): Promise<boolean> {
    const rows = await this.sequelize.query(
      `UPDATE experiment_runs
          SET status = :status, metrics = :metrics::jsonb, history = :history::jsonb,
              training_time_seconds = :time, error_message = :errorMessage, error_traceback = :errorTraceback::jsonb,
              artifact_prefix = :artifactPrefix, artifact_checksum = :artifactChecksum, summary = :summary::jsonb,
              completed_at = now(), updated_at = now()
        WHERE id = :id AND status IN ('queued', 'running') RETURNING id`,
      {
        type: QueryTypes.SELECT,
        transaction: t,
        replacements: {
          id,
          status: e.status,
          metrics: JSON.stringify(e.metrics ?? {}),
          history: JSON.stringify(e.history ?? []),
          time: e.trainingTimeSeconds,
          errorMessage: e.errorMessage ?? null,
          errorTraceback: e.errorTraceback === undefined ? null : JSON.stringify(e.errorTraceback),
          artifactPrefix: e.artifactPrefix ?? null,
          artifactChecksum: e.artifactChecksum ?? null,
          summary: e.summary ? JSON.stringify(e.summary) : null
        }
      }
    );
    return rows.length === 1;
  }

  /** Locks the job row and counts its runs by status, so only the last run to end settles the job. */
  async lockJobTally(t: Transaction, jobId: string): Promise<Record<RunStatus, number>> {
    await this.sequelize.query(`SELECT id FROM training_jobs WHERE id = :jobId FOR UPDATE`, {
      transaction: t,
      replacements: { jobId }
    });
    const rows = await this.sequelize.query<{ status: RunStatus; n: number }>(
      `SELECT status, count(*)::int AS n FROM experiment_runs WHERE training_job_id = :jobId GROUP BY status`,
      { type: QueryTypes.SELECT, transaction: t, replacements: { jobId } }
    );
    const tally: Record<RunStatus, number> = { queued: 0, running: 0, completed: 0, failed: 0, cancelled: 0 };
    for (const r of rows) tally[r.status] = r.n;
    return tally;
  }

  async addComment(
    jobId: string,
    userId: string,
    body: string,
    anchor: CurveAnchor | null
  ): Promise<CommentRow> {
    const [row] = await this.sequelize.query<{ id: string }>(
      `INSERT INTO job_comments (training_job_id, user_id, body, anchor) VALUES (:jobId, :userId, :body, :anchor::jsonb)
       RETURNING id`,
      {
        type: QueryTypes.SELECT,
        replacements: { jobId, userId, body, anchor: anchor ? JSON.stringify(anchor) : null }
      }
    );
    const rows = await this.sequelize.query<CommentRow>(`${COMMENT} WHERE c.id = :id`, {
      type: QueryTypes.SELECT,
      replacements: { id: row!.id }
    });
    return rows[0]!;
  }

  /** Oldest first (ties by id), `limit` rows after the row whose key is `after`. */
  comments(jobId: string, page: { limit: number; after?: { t: string; id: string } }): Promise<CommentRow[]> {
    return this.sequelize.query<CommentRow>(
      `${COMMENT} WHERE c.training_job_id = :jobId
         ${page.after ? 'AND (c.created_at, c.id) > (:t::timestamptz, :afterId::uuid)' : ''}
        ORDER BY c.created_at, c.id LIMIT :limit`,
      {
        type: QueryTypes.SELECT,
        replacements: { jobId, limit: page.limit, t: page.after?.t ?? null, afterId: page.after?.id ?? null }
      }
    );
  }
}
