import * as Y from 'yjs';
import { EMPTY_CONFIG, type PipelineConfig } from '../../contracts/pipeline';
import { NotFound } from '../../contracts/errors';
import { encodeInitialState } from '../../contracts/doc-layout';
import type { DocumentStore, StoredDocument } from '../../data/document-store';
import type { DocumentMeta } from '../../core/pipelines/live-documents';

interface Stored {
  snapshot: Uint8Array;
  rows: Uint8Array[];
}

/**
 * PgDocumentStore's behaviour in memory, for tests: a snapshot plus appended rows per document,
 * a first snapshot built from the "pipelines row" on first load, NotFound for a pipeline that
 * does not exist. `hold()` keeps appends waiting (a slow disk) until the returned function is called.
 */
export class MemoryDocumentStore implements DocumentStore {
  private readonly docs = new Map<string, Stored>();
  private readonly pipelines = new Map<string, { config: PipelineConfig; meta: DocumentMeta }>();
  private gate: Promise<void> = Promise.resolve();
  /** Appends that reached the store, over all documents. */
  appended = 0;

  /** `anyPipeline`: every id is an existing pipeline with an empty config (a single-room test). */
  constructor(private readonly anyPipeline = false) {}

  /** A pipelines row: its document is built from `config` on first load. */
  addPipeline(pipelineId: string, config: PipelineConfig = EMPTY_CONFIG, meta: DocumentMeta = {}): void {
    this.pipelines.set(pipelineId, { config, meta });
  }

  /** The pipeline row is gone (deleted): loading its document fails from now on. */
  removePipeline(pipelineId: string): void {
    this.pipelines.delete(pipelineId);
    this.docs.delete(pipelineId);
  }

  /** Rows appended since the last compaction. */
  rowsOf(pipelineId: string): Uint8Array[] {
    return this.docs.get(pipelineId)?.rows ?? [];
  }

  /** The stored document as one Y.Doc (what a fresh process would load). */
  docOf(pipelineId: string): Y.Doc {
    const doc = new Y.Doc();
    const stored = this.docs.get(pipelineId);
    if (stored) Y.applyUpdate(doc, Y.mergeUpdates([stored.snapshot, ...stored.rows]));
    return doc;
  }

  async initialize(pipelineId: string, state: Uint8Array): Promise<void> {
    if (!this.docs.has(pipelineId)) this.docs.set(pipelineId, { snapshot: state, rows: [] });
  }

  async load(pipelineId: string): Promise<StoredDocument> {
    let stored = this.docs.get(pipelineId);
    if (!stored) {
      const row =
        this.pipelines.get(pipelineId) ?? (this.anyPipeline ? { config: EMPTY_CONFIG, meta: {} } : null);
      if (!row) throw new NotFound('Pipeline');
      stored = { snapshot: encodeInitialState(row.config, row.meta), rows: [] };
      this.docs.set(pipelineId, stored);
    }
    return { updates: [stored.snapshot, ...stored.rows], pendingRows: stored.rows.length };
  }

  async append(pipelineId: string, update: Uint8Array): Promise<void> {
    await this.gate;
    const stored = this.docs.get(pipelineId);
    if (!stored) throw new NotFound('Pipeline');
    stored.rows.push(update);
    this.appended += 1;
  }

  async compact(pipelineId: string): Promise<number> {
    const stored = this.docs.get(pipelineId);
    if (!stored) return 0;
    const n = stored.rows.length;
    stored.snapshot = Y.mergeUpdates([stored.snapshot, ...stored.rows]);
    stored.rows = [];
    return n;
  }

  hold(): () => void {
    let open = () => {};
    this.gate = new Promise((r) => (open = r));
    return open;
  }
}
