import { QueryTypes, type Sequelize } from 'sequelize';

export interface StaleRunOptions {
  /** A running training job whose worker has not pinged for this long is dead. */
  jobHeartbeatTimeoutMs: number;
  /** An EDA report still running after this long belongs to a crashed worker. */
  edaTimeoutMs: number;
}

export const DEFAULT_STALE_OPTIONS: StaleRunOptions = {
  jobHeartbeatTimeoutMs: 60_000,
  edaTimeoutMs: 30 * 60_000
};

/**
 * Fails rows left `running` by a worker that crashed, so no row is stuck forever and users see
 * why. Returns the ids it changed so callers can notify watchers.
 */
export async function failStaleRuns(
  sequelize: Sequelize,
  options: StaleRunOptions = DEFAULT_STALE_OPTIONS
): Promise<{ jobs: string[]; edaReports: string[] }> {
  const jobs = await sequelize.query<{ id: string }>(
    `UPDATE training_jobs
        SET status = 'failed', completed_at = now(), updated_at = now(),
            error_message = 'The worker running this job stopped responding (no heartbeat for '
                            || (:ms / 1000)::int || ' s).'
      WHERE status = 'running' AND coalesce(heartbeat_at, started_at, created_at) < now() - make_interval(secs => :ms / 1000.0)
      RETURNING id`,
    { type: QueryTypes.SELECT, replacements: { ms: options.jobHeartbeatTimeoutMs } }
  );
  const edaReports = await sequelize.query<{ id: string }>(
    `UPDATE eda_reports
        SET status = 'failed', updated_at = now(),
            error_message = 'The report generation stopped before finishing; run it again.'
      WHERE status = 'running' AND updated_at < now() - make_interval(secs => :ms / 1000.0)
      RETURNING id`,
    { type: QueryTypes.SELECT, replacements: { ms: options.edaTimeoutMs } }
  );
  return { jobs: jobs.map((r) => r.id), edaReports: edaReports.map((r) => r.id) };
}
