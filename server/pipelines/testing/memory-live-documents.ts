import type { DocumentMeta, LiveDocuments } from '../../../core/pipelines/live-documents';
import type { PipelineConfig } from '../../../contracts/pipeline';
import { canonicalConfig } from '../../../data/canonical-config';

/**
 * The collaborative documents as a Map: what REST wrote is what the next read returns, as when
 * no one else is editing. `failInitialize` makes storing a new document fail, as when the
 * document store is unreachable.
 */
export class MemoryLiveDocuments implements LiveDocuments {
  readonly docs = new Map<string, { config: PipelineConfig; meta: DocumentMeta }>();
  readonly forgotten: string[] = [];
  failInitialize = false;

  async initialize(id: string, config: PipelineConfig, meta: DocumentMeta): Promise<void> {
    if (this.failInitialize) throw new Error('document store unreachable');
    this.docs.set(id, { config: canonicalConfig(config), meta: { ...meta } });
  }

  async readConfig(id: string): Promise<PipelineConfig> {
    return structuredClone(this.doc(id).config);
  }

  async applyConfig(id: string, config: PipelineConfig): Promise<PipelineConfig> {
    this.doc(id).config = canonicalConfig(structuredClone(config));
    return this.readConfig(id);
  }

  async applyMeta(id: string, meta: DocumentMeta): Promise<void> {
    Object.assign(this.doc(id).meta, meta);
  }

  async forget(id: string): Promise<void> {
    this.docs.delete(id);
    this.forgotten.push(id);
  }

  private doc(id: string) {
    const doc = this.docs.get(id);
    if (!doc) throw new Error(`no document for pipeline ${id}`);
    return doc;
  }
}
