import type pg from 'pg';
import { pipelineConfig } from '../contracts/pipeline';
import type { MaterializeConfig } from './live-documents';

/**
 * The default way the pipelines row follows its document: REST reads and training use
 * `pipelines.config`. Skips the write when nothing changed, since every process holding the
 * document materialises the same state. A config that breaks the pipeline rules (a document stored
 * before the rooms refused such changes) is not written: the row keeps its last valid one.
 */
export function materializeToPipelineRow(pool: pg.Pool): MaterializeConfig {
  return async (pipelineId, { config }) => {
    if (!pipelineConfig.safeParse(config).success) return;
    await pool.query(
      `UPDATE pipelines SET config = $2::jsonb, updated_at = now()
        WHERE id = $1 AND config IS DISTINCT FROM $2::jsonb`,
      [pipelineId, JSON.stringify(config)]
    );
  };
}
