import type { BlobStore } from '../blob-store';

/** Test support: a running backend (S3 server or local HTTP server) that hands out stores on it. */
export interface BlobBackend {
  /** A store on this backend; pass a clock to shift its signing time (e.g. into the past). */
  makeStore(now?: () => number): BlobStore;
  close(): Promise<void>;
}
