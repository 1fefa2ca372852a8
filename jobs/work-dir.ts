import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PermanentJobError } from '../core/job-errors';
import { BlobNotFoundError, type BlobStore } from '../core/storage/blob-store';
import { downloadToFile } from './processors/validate-dataset/download';

/** A job's private folder for temporary files, removed as a whole when the job ends. */
export interface WorkDir {
  path: string;
  /**
   * A local path to the blob `key`: a local store's own file, read in place, or else a download
   * into this folder as `name`. `sha256` is the hash of the downloaded bytes (null when read in place).
   * A blob that is not there fails the job for good (PermanentJobError): retrying cannot bring it back.
   */
  localCopy(
    store: BlobStore,
    key: string,
    name: string,
    onDownload?: () => void
  ): Promise<{ path: string; sha256: string | null }>;
  remove(): Promise<void>;
}

/** Creates a folder named `<prefix>XXXXXX` under `root` (the system temp folder by default). */
export async function createWorkDir(prefix: string, root: string = os.tmpdir()): Promise<WorkDir> {
  const dir = await fs.mkdtemp(path.join(root, prefix));
  return {
    path: dir,
    async localCopy(store, key, name, onDownload) {
      const local = store.localPath?.(key);
      if (local) {
        if (!(await fs.stat(local).catch(() => null))) throw missing(key);
        return { path: local, sha256: null };
      }
      onDownload?.();
      const file = path.join(dir, name);
      try {
        return { path: file, sha256: await downloadToFile(store, key, file) };
      } catch (err) {
        throw err instanceof BlobNotFoundError ? missing(key, err) : err;
      }
    },
    remove: () => fs.rm(dir, { recursive: true, force: true })
  };
}

const missing = (key: string, cause?: unknown) =>
  new PermanentJobError(`The stored file (${key}) is missing from storage; upload the dataset again.`, {
    cause
  });
