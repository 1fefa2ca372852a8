import path from 'node:path';
import type { BlobStore } from './blob-store';
import { LocalBlobStore } from './local.store';
import { S3BlobStore, type S3BlobStoreOptions } from './s3.store';

/** The slice of the app's Config that picks and sets up the blob store. */
export interface BlobStoreConfig {
  /** Set (from the S3_* variables) → S3; unset → files under the data dir. */
  s3?: S3BlobStoreOptions | undefined;
  dataDir: string;
  /** Origin for the local store's signed URLs. */
  publicUrl?: string | undefined;
}

/**
 * Chooses the blob store: S3 when configured, else a LocalBlobStore rooted at `${dataDir}/blobs`
 * whose URLs are signed with `secret` (serve them with createLocalBlobRouter).
 */
export function createBlobStore(config: BlobStoreConfig, secret: string): BlobStore {
  if (config.s3) return new S3BlobStore(config.s3);
  return new LocalBlobStore({
    root: path.join(config.dataDir, 'blobs'),
    secret,
    publicUrl: config.publicUrl
  });
}
