import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { JOB_NAMES, parseJobPayload, type JobName, type JobPayloads } from '../contracts/jobs';

/** Jobs this code can queue; rows of others (a newer version's, mid-deploy) wait for that version. */
const KNOWN_JOBS = JOB_NAMES;

/** A row of `job_outbox` as the dispatcher and the sweep read it. */
export interface OutboxRow<N extends JobName = JobName> {
  id: string;
  jobName: N;
  subjectId: string;
  payload: JobPayloads[N];
  attempts: number;
  stalls: number;
}

/**
 * Jobs whose producers nudge their workers straight after the commit (training runs: workers claim
 * them from Postgres): the dispatcher sends their queue wake-up only if no worker claimed them
 * within this time, so it does not lock rows a nudged worker is claiming.
 */
const NUDGED_JOBS: Partial<Record<JobName, number>> = { 'train-run': 1_000 };
const NUDGED_SQL = Object.entries(NUDGED_JOBS)
  .map(([name, ms]) => `AND (job_name <> '${name}' OR created_at < now() - interval '${ms} milliseconds')`)
  .join(' ');

const COLUMNS = `id, job_name AS "jobName", subject_id AS "subjectId", payload, attempts, stalls`;

/** What `claimRun` found: a run may start, another live run holds the job, or it is over. */
export type Claim =
  { kind: 'run'; attempts: number; stalls: number } | { kind: 'busy'; heartbeatAt: Date } | { kind: 'done' };

/** Every database access of the job outbox (see migrations/0007-job-outbox.ts). */
export class OutboxRepository {
  /** `queuePrefix`: this deployment's Redis prefix; rows of other prefixes are never touched. */
  constructor(
    private readonly sequelize: Sequelize,
    private readonly queuePrefix: string
  ) {}

  transaction<T>(fn: (t: Transaction) => Promise<T>): Promise<T> {
    return this.sequelize.transaction(fn);
  }

  /** Adds a job inside the caller's transaction; null when one is already open for the subject. */
  async add<N extends JobName>(
    t: Transaction,
    jobName: N,
    subjectId: string,
    payload: JobPayloads[N],
    priority = 0
  ): Promise<string | null> {
    const rows = await this.sequelize.query<{ id: string }>(
      `INSERT INTO job_outbox (queue_prefix, job_name, subject_id, payload, priority)
       VALUES (:prefix, :jobName, :subjectId, :payload::jsonb, :priority)
       ON CONFLICT (job_name, subject_id) WHERE finished_at IS NULL DO NOTHING
       RETURNING id`,
      {
        type: QueryTypes.SELECT,
        transaction: t,
        replacements: {
          prefix: this.queuePrefix,
          jobName,
          subjectId,
          priority,
          // Checked here, the one door into the queue, so no worker is handed a payload it cannot read.
          payload: JSON.stringify(parseJobPayload(jobName, payload))
        }
      }
    );
    return rows[0]?.id ?? null;
  }

  /**
   * Hands up to `limit` committed, undispatched jobs to `send`, oldest first. Rows are locked with
   * SKIP LOCKED, so processes dispatching at once never send the same row twice in a pass; a
   * failed send stops the pass and leaves that row and the rest for the next one.
   */
  dispatchBatch(
    limit: number,
    send: (row: OutboxRow) => Promise<void>
  ): Promise<{ sent: number; error?: unknown }> {
    return this.sequelize.transaction(async (transaction) => {
      const rows = await this.sequelize.query<OutboxRow>(
        `SELECT ${COLUMNS} FROM job_outbox WHERE queue_prefix = :prefix AND dispatched_at IS NULL AND finished_at IS NULL AND job_name IN (:known)
          ${NUDGED_SQL}
          ORDER BY created_at LIMIT :limit FOR UPDATE SKIP LOCKED`,
        {
          type: QueryTypes.SELECT,
          transaction,
          replacements: { limit, prefix: this.queuePrefix, known: KNOWN_JOBS }
        }
      );
      const sent: string[] = [];
      let error: unknown;
      for (const row of rows) {
        try {
          await send(row);
          sent.push(row.id);
        } catch (err) {
          error = err;
          break;
        }
      }
      if (sent.length) {
        await this.sequelize.query(`UPDATE job_outbox SET dispatched_at = now() WHERE id IN (:sent)`, {
          transaction,
          replacements: { sent }
        });
      }
      return { sent: sent.length, error };
    });
  }

  /**
   * Takes the job's lease for a run: allowed when no run is under way, or when the last one has
   * not heartbeaten for `staleMs` (its worker died). A run that began and never ended counts as a
   * stall, so callers can give up on a job that keeps killing its worker.
   */
  async claimRun(id: string, staleMs: number): Promise<Claim> {
    const rows = await this.sequelize.query<{ attempts: number; stalls: number }>(
      `UPDATE job_outbox
          SET attempts = attempts + 1,
              stalls = stalls + CASE WHEN started_at IS NULL THEN 0 ELSE 1 END,
              started_at = now(), heartbeat_at = now(), dispatched_at = coalesce(dispatched_at, now())
        WHERE id = :id AND finished_at IS NULL
          AND (started_at IS NULL OR heartbeat_at < now() - make_interval(secs => :staleMs / 1000.0))
        RETURNING attempts, stalls`,
      { type: QueryTypes.SELECT, replacements: { id, staleMs } }
    );
    if (rows[0]) return { kind: 'run', ...rows[0] };
    const [row] = await this.sequelize.query<{ finishedAt: Date | null; heartbeatAt: Date | null }>(
      `SELECT finished_at AS "finishedAt", heartbeat_at AS "heartbeatAt" FROM job_outbox WHERE id = :id`,
      { type: QueryTypes.SELECT, replacements: { id } }
    );
    return !row || row.finishedAt || !row.heartbeatAt
      ? { kind: 'done' }
      : { kind: 'busy', heartbeatAt: row.heartbeatAt };
  }

  /**
   * Takes the lease of the best job of `jobName` that may start: waiting, or lost (silent for
   * `staleMs`), highest priority first, then oldest. A delivery from the queue only says that
   * work exists, so a job queued later with a higher priority starts before older waiting ones.
   * Rows other claimers hold are skipped; when that leaves nothing, the best row is waited for
   * briefly instead, since the holder may be the dispatcher that sent this very wake-up and is
   * about to commit.
   */
  async claimBest(jobName: JobName, staleMs: number): Promise<(OutboxRow & { priority: number }) | null> {
    const claim = (lock: string, transaction?: Transaction) =>
      this.sequelize.query<OutboxRow & { priority: number }>(
        `UPDATE job_outbox o
            SET attempts = o.attempts + 1,
                stalls = o.stalls + CASE WHEN o.started_at IS NULL THEN 0 ELSE 1 END,
                started_at = now(), heartbeat_at = now(), dispatched_at = coalesce(o.dispatched_at, now())
          WHERE o.id = (
            SELECT id FROM job_outbox
             WHERE queue_prefix = :prefix AND job_name = :jobName AND finished_at IS NULL
               AND (started_at IS NULL OR heartbeat_at < now() - make_interval(secs => :staleMs / 1000.0))
             ORDER BY priority DESC, created_at, id
             LIMIT 1 ${lock})
            AND o.finished_at IS NULL
            AND (o.started_at IS NULL OR o.heartbeat_at < now() - make_interval(secs => :staleMs / 1000.0))
          RETURNING o.id, o.job_name AS "jobName", o.subject_id AS "subjectId", o.payload, o.attempts, o.stalls,
                    o.priority`,
        { type: QueryTypes.SELECT, replacements: { prefix: this.queuePrefix, jobName, staleMs }, transaction }
      );
    // A claim lost in a crash is harmless (the run is claimed again), so it does not wait for the
    // WAL flush: on a busy disk that wait is most of the time from commit to start.
    const skipped = await this.sequelize.transaction(async (t) => {
      await this.sequelize.query(`SET LOCAL synchronous_commit = off`, { transaction: t });
      return claim('FOR UPDATE SKIP LOCKED', t);
    });
    if (skipped[0]) return skipped[0];
    const waited = await this.sequelize.transaction(async (t) => {
      await this.sequelize.query(`SET LOCAL lock_timeout = '250ms'; SET LOCAL synchronous_commit = off`, {
        transaction: t
      });
      return claim('FOR UPDATE', t).catch((err: unknown) => {
        // Still held after the timeout: a long transaction elsewhere; the next wake-up or poll retries.
        if (/lock timeout/i.test(String((err as Error).message))) return [];
        throw err;
      });
    });
    return waited[0] ?? null;
  }

  async heartbeat(id: string): Promise<void> {
    await this.sequelize.query(
      `UPDATE job_outbox SET heartbeat_at = now() WHERE id = :id AND finished_at IS NULL AND started_at IS NOT NULL`,
      { replacements: { id } }
    );
  }

  /** A run ended with an error the queue will retry: the job is no longer running. */
  async endRun(id: string, error: string): Promise<void> {
    await this.sequelize.query(
      `UPDATE job_outbox SET started_at = NULL, heartbeat_at = NULL, last_error = :error
        WHERE id = :id AND finished_at IS NULL`,
      { replacements: { id, error } }
    );
  }

  /** The job is over (done, or failed for good with `error`); a new one may be added for the subject. */
  async finish(id: string, error: string | null = null, transaction?: Transaction): Promise<void> {
    await this.sequelize.query(
      `UPDATE job_outbox SET finished_at = now(), heartbeat_at = NULL, last_error = coalesce(:error, last_error)
        WHERE id = :id AND finished_at IS NULL`,
      { replacements: { id, error }, transaction }
    );
  }

  /** Open rows whose run began and has not heartbeaten for `staleMs`: their worker is gone. */
  lostRuns(staleMs: number, limit = 100): Promise<OutboxRow[]> {
    return this.sequelize.query<OutboxRow>(
      `SELECT ${COLUMNS} FROM job_outbox
        WHERE queue_prefix = :prefix AND finished_at IS NULL AND started_at IS NOT NULL
          AND heartbeat_at < now() - make_interval(secs => :staleMs / 1000.0)
        ORDER BY heartbeat_at LIMIT :limit`,
      { type: QueryTypes.SELECT, replacements: { prefix: this.queuePrefix, staleMs, limit } }
    );
  }

  /** Open rows sent to the queue `olderThanMs` ago that no run has picked up. */
  waitingSince(olderThanMs: number, limit = 100): Promise<OutboxRow[]> {
    return this.sequelize.query<OutboxRow>(
      `SELECT ${COLUMNS} FROM job_outbox
        WHERE queue_prefix = :prefix AND finished_at IS NULL AND started_at IS NULL
          AND dispatched_at < now() - make_interval(secs => :olderThanMs / 1000.0)
        ORDER BY dispatched_at LIMIT :limit`,
      { type: QueryTypes.SELECT, replacements: { prefix: this.queuePrefix, olderThanMs, limit } }
    );
  }

  /**
   * A lost run goes back to the queue once: counted as a stall, and sent again by the dispatcher.
   * False when the row changed meanwhile (a run took it over, or it ended).
   */
  async requeueLost(id: string, staleMs: number, reason: string): Promise<boolean> {
    const rows = await this.sequelize.query(
      `UPDATE job_outbox
          SET stalls = stalls + 1, started_at = NULL, heartbeat_at = NULL, dispatched_at = NULL, last_error = :reason
        WHERE id = :id AND finished_at IS NULL AND started_at IS NOT NULL
          AND heartbeat_at < now() - make_interval(secs => :staleMs / 1000.0)
        RETURNING id`,
      { type: QueryTypes.SELECT, replacements: { id, staleMs, reason } }
    );
    return rows.length === 1;
  }

  /** Sends the row again (the queue lost it); the same job id keeps that harmless if it did not. */
  async redispatch(id: string): Promise<void> {
    await this.sequelize.query(
      `UPDATE job_outbox SET dispatched_at = NULL WHERE id = :id AND finished_at IS NULL AND started_at IS NULL`,
      { replacements: { id } }
    );
  }

  /** Whether any job, open or finished, was ever queued for the subject. */
  async everQueued(jobName: JobName, subjectId: string): Promise<boolean> {
    const rows = await this.sequelize.query(
      `SELECT 1 FROM job_outbox WHERE job_name = :jobName AND subject_id = :subjectId LIMIT 1`,
      { type: QueryTypes.SELECT, replacements: { jobName, subjectId } }
    );
    return rows.length > 0;
  }

  /** Finished rows are kept a while for inspection, then removed. */
  async deleteFinished(olderThanMs: number): Promise<number> {
    const rows = await this.sequelize.query(
      `DELETE FROM job_outbox
        WHERE queue_prefix = :prefix AND finished_at < now() - make_interval(secs => :olderThanMs / 1000.0)
        RETURNING id`,
      { type: QueryTypes.SELECT, replacements: { prefix: this.queuePrefix, olderThanMs } }
    );
    return rows.length;
  }

  findById(id: string): Promise<OutboxRow | null> {
    return this.sequelize
      .query<OutboxRow>(`SELECT ${COLUMNS} FROM job_outbox WHERE id = :id`, {
        type: QueryTypes.SELECT,
        replacements: { id }
      })
      .then((rows) => rows[0] ?? null);
  }
}
