import type { DocumentMeta, PipelineConfig } from '../../contracts/pipeline';

export type { DocumentMeta };

/**
 * What REST needs from the collaborative document server. Writes are server-origin Yjs
 * transactions: connected editors (on any server process) see them at once, and they are
 * persisted like any other update.
 */
export interface LiveDocuments {
  /** Stores the first document state of a new pipeline (before anyone connects). */
  initialize(pipelineId: string, config: PipelineConfig, meta: DocumentMeta): Promise<void>;
  /** The document's current config; loads the document for the call if no one has it open here. */
  readConfig(pipelineId: string): Promise<PipelineConfig>;
  /** Applies the smallest diff that makes the document hold `config`; returns the resulting config. */
  applyConfig(pipelineId: string, config: PipelineConfig): Promise<PipelineConfig>;
  applyMeta(pipelineId: string, meta: DocumentMeta): Promise<void>;
  /** The pipeline was deleted: disconnects everyone editing it, on every process. */
  forget(pipelineId: string): Promise<void>;
}

/**
 * Keeps the pipelines row in step with the document (debounced): REST GET and training read the
 * row. Implemented by the pipelines repository, called by the document server.
 */
export type MaterializeConfig = (
  pipelineId: string,
  state: { config: PipelineConfig; meta: DocumentMeta }
) => Promise<void>;
