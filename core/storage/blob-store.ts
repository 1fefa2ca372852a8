import type { Readable } from 'node:stream';

/** A request the browser (or any HTTP client) makes directly against the blob store. */
export interface PresignedRequest {
  url: string;
  method: 'PUT' | 'GET';
  /** Headers the client must send exactly as given (they are part of the signature). */
  headers: Record<string, string>;
  expiresAt: string;
}

export interface BlobInfo {
  size: number;
  contentType: string | undefined;
}

/**
 * A presigned PUT only creates: once an object is stored under the key, another PUT is refused
 * (412), so bytes that were checked after an upload cannot be swapped later through the same link.
 */
export interface PresignPutOptions {
  contentType?: string;
  /** When given, the store refuses a body of any other length. */
  contentLength?: number;
  expiresInSeconds?: number;
}

/**
 * Where every large byte lives: raw CSVs, Parquet copies, big EDA reports, model artifacts.
 * Two drivers implement it (S3 and local disk) and run through one shared test suite.
 * Keys follow the seed's patterns, e.g. `datasets/{userId}/{datasetId}/raw/{ts}.csv`.
 */
export interface BlobStore {
  readonly driver: 's3' | 'local';
  /** Recorded in rows' s3_bucket columns. */
  readonly bucket: string;
  presignPut(key: string, options?: PresignPutOptions): Promise<PresignedRequest>;
  presignGet(
    key: string,
    options?: { expiresInSeconds?: number; fileName?: string }
  ): Promise<PresignedRequest>;
  /** null when the object does not exist. */
  head(key: string): Promise<BlobInfo | null>;
  /** Streams the object; throws BlobNotFoundError when it does not exist. */
  read(key: string): Promise<Readable>;
  /** Writes a whole object from a buffer or a stream of unknown length, never holding a stream in memory. */
  write(key: string, body: Buffer | string | Readable, options?: { contentType?: string }): Promise<void>;
  /** Idempotent: deleting a missing object succeeds. */
  delete(key: string): Promise<void>;
  /** Deletes every object under a prefix (which must end with '/'); returns how many went. */
  deletePrefix(prefix: string): Promise<number>;
  /**
   * The object's file on this machine, when the store keeps objects as files (local driver), so
   * workers can read it in place instead of copying it; undefined otherwise. Read-only use.
   */
  localPath?(key: string): string | undefined;
  /** Throws when the store cannot be reached; used by /healthz. */
  check(): Promise<void>;
  close(): Promise<void>;
}

export class BlobNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`No blob at ${key}`);
    this.name = 'BlobNotFoundError';
  }
}

/** A create-only write found an object already stored under the key. */
export class BlobExistsError extends Error {
  constructor(readonly key: string) {
    super(`A blob is already stored at ${key}`);
    this.name = 'BlobExistsError';
  }
}

const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._\-/=]*$/;

/** Rejects keys that could escape a prefix or a local root ('..', absolute paths, odd bytes). */
export function assertValidKey(key: string): void {
  if (
    key.length > 1024 ||
    !KEY_PATTERN.test(key) ||
    key.split('/').some((part) => part === '' || part === '.' || part === '..')
  ) {
    throw new Error(`Invalid blob key: ${JSON.stringify(key)}`);
  }
}

/** Rejects prefixes that are not a valid key followed by '/', so a delete can never reach the whole store. */
export function assertValidPrefix(prefix: string): void {
  if (!prefix.endsWith('/')) throw new Error(`Blob prefix must end with '/': ${JSON.stringify(prefix)}`);
  assertValidKey(prefix.slice(0, -1));
}
