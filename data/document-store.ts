import type pg from 'pg';
import * as Y from 'yjs';
import { EMPTY_CONFIG, pipelineConfig } from '../contracts/pipeline';
import { NotFound } from '../contracts/errors';
import { encodeInitialState } from '../contracts/doc-layout';

/** A document as stored: the snapshot first, then every update appended since, in commit order. */
export interface StoredDocument {
  updates: Uint8Array[];
  /** How many appended rows follow the snapshot (what compaction would fold). */
  pendingRows: number;
}

/**
 * Where documents live. Only this layer touches the database; rooms see snapshots and updates.
 * Every method is safe to call from several processes at once.
 */
export interface DocumentStore {
  /** Creates the first snapshot unless the document already has one. */
  initialize(pipelineId: string, state: Uint8Array): Promise<void>;
  /**
   * The stored document; one built from the pipelines row (and stored) when there is none yet.
   * Throws NotFound when the pipeline row does not exist.
   */
  load(pipelineId: string): Promise<StoredDocument>;
  append(pipelineId: string, update: Uint8Array): Promise<void>;
  /** Folds the appended updates into the snapshot; returns how many rows it folded. */
  compact(pipelineId: string): Promise<number>;
}

/** Applies stored updates one by one when merging fails, so one bad row cannot hide the rest. */
export function applyStored(
  doc: Y.Doc,
  updates: Uint8Array[],
  onBad: (err: unknown) => void,
  origin: unknown = null
): void {
  try {
    Y.applyUpdate(doc, Y.mergeUpdates(updates), origin);
  } catch {
    for (const update of updates) {
      try {
        Y.applyUpdate(doc, update, origin);
      } catch (err) {
        onBad(err);
      }
    }
  }
}

/** Postgres tables `pipeline_documents` (snapshot) and `pipeline_document_updates` (appended rows). */
export class PgDocumentStore implements DocumentStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly onBadUpdate: (err: unknown) => void = () => {}
  ) {}

  async initialize(pipelineId: string, state: Uint8Array): Promise<void> {
    await this.pool.query(
      'INSERT INTO pipeline_documents (pipeline_id, state) VALUES ($1, $2) ON CONFLICT (pipeline_id) DO NOTHING',
      [pipelineId, state]
    );
  }

  async load(pipelineId: string): Promise<StoredDocument> {
    const stored = await this.read(pipelineId);
    if (stored) return stored;
    const { rows } = await this.pool.query<{ config: unknown; name: string; description: string | null }>(
      'SELECT config, name, description FROM pipelines WHERE id = $1',
      [pipelineId]
    );
    const row = rows[0];
    if (!row) throw new NotFound('Pipeline');
    const parsed = pipelineConfig.safeParse(row.config);
    const config = parsed.success ? parsed.data : EMPTY_CONFIG;
    await this.initialize(pipelineId, encodeInitialState(config, row));
    // Another process may have stored its own first snapshot in between; what is stored wins.
    const created = await this.read(pipelineId);
    if (!created) throw new NotFound('Pipeline');
    return created;
  }

  /**
   * One statement, so snapshot and updates come from one database snapshot: a compaction that
   * commits between two reads would otherwise make the folded updates vanish from both.
   */
  private async read(pipelineId: string): Promise<StoredDocument | null> {
    const { rows } = await this.pool.query<{ state: Buffer; updates: Buffer[] }>(
      `SELECT d.state,
              COALESCE((SELECT array_agg(u.data ORDER BY u.id) FROM pipeline_document_updates u
                        WHERE u.pipeline_id = d.pipeline_id), '{}') AS updates
         FROM pipeline_documents d WHERE d.pipeline_id = $1`,
      [pipelineId]
    );
    const row = rows[0];
    if (!row) return null;
    return { updates: [row.state, ...row.updates], pendingRows: row.updates.length };
  }

  /**
   * Durable when it resolves, whatever the pool's or server's `synchronous_commit`: peers see an
   * update only after this, so an unflushed commit lost to a killed Postgres would be an update
   * they saw and nobody stored. The setting is local to the statement's own transaction, so it
   * costs no extra round trip; group commit keeps it to one WAL flush per burst.
   */
  async append(pipelineId: string, update: Uint8Array): Promise<void> {
    // Named, so each connection parses and plans it once: this write is on every edit's path.
    await this.pool.query({
      name: 'collab-append',
      text: `WITH durable AS (SELECT set_config('synchronous_commit', 'on', true))
             INSERT INTO pipeline_document_updates (pipeline_id, data) SELECT $1::uuid, $2::bytea FROM durable`,
      values: [pipelineId, update]
    });
  }

  /**
   * The row lock makes concurrent compactions (other processes) take turns; the next one then sees
   * the folded snapshot. It is FOR NO KEY UPDATE, not FOR UPDATE: appends take a key-share lock on
   * the same row through their foreign key, and must not wait for a compaction to finish. Rows are deleted by the ids read, never by range: an update whose id is
   * lower but whose INSERT commits later must survive to the next compaction.
   */
  async compact(pipelineId: string): Promise<number> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const doc = await client.query<{ state: Buffer }>(
        'SELECT state FROM pipeline_documents WHERE pipeline_id = $1 FOR NO KEY UPDATE',
        [pipelineId]
      );
      const updates = await client.query<{ id: string; data: Buffer }>(
        'SELECT id, data FROM pipeline_document_updates WHERE pipeline_id = $1 ORDER BY id',
        [pipelineId]
      );
      if (!doc.rows[0] || updates.rows.length === 0) {
        await client.query('COMMIT');
        return 0;
      }
      const ydoc = new Y.Doc();
      applyStored(ydoc, [doc.rows[0].state, ...updates.rows.map((r) => r.data)], this.onBadUpdate);
      const state = Y.encodeStateAsUpdate(ydoc);
      ydoc.destroy();
      await client.query(
        'UPDATE pipeline_documents SET state = $2, updated_at = now() WHERE pipeline_id = $1',
        [pipelineId, state]
      );
      await client.query('DELETE FROM pipeline_document_updates WHERE id = ANY($1::bigint[])', [
        updates.rows.map((r) => r.id)
      ]);
      await client.query('COMMIT');
      return updates.rows.length;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }
}
