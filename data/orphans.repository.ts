import { QueryTypes, type Sequelize } from 'sequelize';

/**
 * Rows in a status that a worker owns with no open job to move them on: left by a crash before
 * jobs went through the outbox, or by a job that ended without settling its subject.
 */
export class OrphansRepository {
  constructor(private readonly sequelize: Sequelize) {}

  /** Live datasets `uploaded` or `validating`, untouched for `olderThanMs`, with no open validation. */
  async datasets(olderThanMs: number, limit = 100): Promise<string[]> {
    const rows = await this.sequelize.query<{ id: string }>(
      `SELECT d.id FROM datasets d
        WHERE d.deleted_at IS NULL AND d.status IN ('uploaded', 'validating')
          AND d.updated_at < now() - make_interval(secs => :olderThanMs / 1000.0)
          AND NOT EXISTS (SELECT 1 FROM job_outbox o WHERE o.job_name = 'dataset-validate'
                           AND o.subject_id = d.id AND o.finished_at IS NULL)
        ORDER BY d.updated_at LIMIT :limit`,
      { type: QueryTypes.SELECT, replacements: { olderThanMs, limit } }
    );
    return rows.map((r) => r.id);
  }

  /** EDA reports `running`, untouched for `olderThanMs`, with no open job. */
  async edaReports(olderThanMs: number, limit = 100): Promise<string[]> {
    const rows = await this.sequelize.query<{ id: string }>(
      `SELECT r.id FROM eda_reports r
        WHERE r.status = 'running' AND r.updated_at < now() - make_interval(secs => :olderThanMs / 1000.0)
          AND NOT EXISTS (SELECT 1 FROM job_outbox o WHERE o.job_name = 'eda-report'
                           AND o.subject_id = r.id AND o.finished_at IS NULL)
        ORDER BY r.updated_at LIMIT :limit`,
      { type: QueryTypes.SELECT, replacements: { olderThanMs, limit } }
    );
    return rows.map((r) => r.id);
  }

  /**
   * Datasets left `verifying` by a request whose process died (it touches the row while it
   * hashes): back to `uploading`, so completing the upload again works. Returns their ids.
   */
  async releaseStaleVerifying(olderThanMs: number): Promise<string[]> {
    const rows = await this.sequelize.query<{ id: string }>(
      `UPDATE datasets SET status = 'uploading', updated_at = now()
        WHERE deleted_at IS NULL AND status = 'verifying'
          AND updated_at < now() - make_interval(secs => :olderThanMs / 1000.0)
        RETURNING id`,
      { type: QueryTypes.SELECT, replacements: { olderThanMs } }
    );
    return rows.map((r) => r.id);
  }
}
