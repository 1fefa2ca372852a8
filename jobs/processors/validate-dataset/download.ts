import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ValidationIssueDto } from '../../../contracts/api';
import type { BlobStore } from '../../../core/storage/blob-store';

/**
 * Streams a blob to a local file (DuckDB reads files, and S3 objects are not files) and returns the
 * SHA-256 of what it wrote, so the job can tell whether these are still the bytes `complete` hashed.
 */
export async function downloadToFile(store: BlobStore, key: string, file: string): Promise<string> {
  const hash = createHash('sha256');
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      callback(null, chunk);
    }
  });
  await pipeline(await store.read(key), hashing, fs.createWriteStream(file));
  return hash.digest('hex');
}

/**
 * The object was replaced after `complete` checked it. Upload links only create, but an S3-compatible
 * store that ignores `If-None-Match` (or a hand with bucket access) can still overwrite it.
 */
export const UPLOAD_CHANGED: ValidationIssueDto = {
  code: 'upload_changed',
  message:
    'The stored file is no longer the one that was uploaded and checked (its SHA-256 differs). Upload it again as a new dataset.'
};
