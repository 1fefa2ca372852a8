import type pg from 'pg';
import type { MaterializeConfig } from './live-documents';

/**
 * The default way the pipelines row follows its document: REST reads and training use
 * `pipelines.config`. Skips the write when nothing changed, since every process holding the
 * document materialises the same state.
 */
export function materializeToPipelineRow(pool: pg.Pool): MaterializeConfig {
  return async (pipelineId, { config }) => {
    await pool.query(
      `UPDATE pipelines SET config = $2::jsonb, updated_at = now()
        WHERE id = $1 AND config IS DISTINCT FROM $2::jsonb`,
      [pipelineId, JSON.stringify(config)]
    );
  };
}
