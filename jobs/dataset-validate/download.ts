import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { BlobStore } from '../../server/storage/blob-store';

/** Streams a blob to a local file (DuckDB reads files, and S3 objects are not files). */
export async function downloadToFile(store: BlobStore, key: string, file: string): Promise<void> {
  await pipeline(await store.read(key), fs.createWriteStream(file));
}
