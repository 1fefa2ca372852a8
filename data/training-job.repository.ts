import { QueryTypes, type Sequelize } from 'sequelize';

/** A running training job whose worker has not pinged for this long is dead. */
export const TRAINING_HEARTBEAT_TIMEOUT_MS = 60_000;

/** Only the training jobs' database access. */
export class TrainingJobRepository {
  constructor(private readonly sequelize: Sequelize) {}

  /**
   * Fails training jobs left `running` by a worker that crashed, so none is stuck forever and users
   * see why; returns their ids. Training joins the stuck-job sweep (re-queue once, its own failure
   * path and `job:status` event) once its job runs from the outbox with a handler in
   * jobs/job-handlers.ts.
   */
  async failStale(heartbeatTimeoutMs = TRAINING_HEARTBEAT_TIMEOUT_MS): Promise<string[]> {
    const jobs = await this.sequelize.query<{ id: string }>(
      `UPDATE training_jobs
          SET status = 'failed', completed_at = now(), updated_at = now(),
              error_message = 'The worker running this job stopped responding (no heartbeat for '
                              || (:ms / 1000)::int || ' s).'
        WHERE status = 'running' AND coalesce(heartbeat_at, started_at, created_at) < now() - make_interval(secs => :ms / 1000.0)
        RETURNING id`,
      { type: QueryTypes.SELECT, replacements: { ms: heartbeatTimeoutMs } }
    );
    return jobs.map((r) => r.id);
  }
}
