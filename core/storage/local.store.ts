import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import {
  access,
  constants,
  link,
  mkdir,
  open,
  readdir,
  rename,
  rm,
  stat,
  unlink,
  writeFile
} from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Forbidden } from '../../contracts/errors';
import {
  assertValidKey,
  assertValidPrefix,
  BlobExistsError,
  BlobNotFoundError,
  type BlobInfo,
  type BlobStore,
  type PresignedRequest,
  type PresignPutOptions
} from './blob-store';
import { contentTypeFor } from './content-type';
import { assertValidContentLength, resolveExpiry } from './presign-expiry';

/** Settings for the disk-backed store. */
export interface LocalBlobStoreOptions {
  /** Directory holding one file per key (`{root}/{key}`). */
  root: string;
  /** HMAC key for the signed URLs; anyone who knows it can mint upload and download links. */
  secret: string;
  /** Origin put in front of signed URLs (e.g. `https://pipeweave.example`); omitted → root-relative URLs. */
  publicUrl?: string | undefined;
  /** Recorded in rows' s3_bucket columns; 'local' by default. */
  bucket?: string | undefined;
  /** Clock in milliseconds; tests pass a past clock to mint already-expired URLs. */
  now?: () => number;
}

/** What a valid signed URL grants beyond the method and key. */
export interface VerifiedBlobUrl {
  /** Exact byte length a PUT body must have (signed from presignPut's contentLength). */
  maxSize: number | undefined;
  /** Download name for a GET's Content-Disposition. */
  fileName: string | undefined;
}

/** An opened object: the stream and the size of the very file it reads. */
export interface OpenedBlob {
  body: Readable;
  size: number;
}

const TEMP_SUFFIX = '.partial';
const HEX_SIGNATURE = /^[0-9a-f]{64}$/;
const DIGITS = /^\d{1,16}$/;

/**
 * BlobStore on the local disk, for machines without S3. Presigned URLs point at the app itself
 * (see createLocalBlobRouter) and carry an HMAC instead of AWS credentials.
 * The content type is not stored: it is derived from the key's extension, as the GET route serves it.
 */
export class LocalBlobStore implements BlobStore {
  readonly driver = 'local' as const;
  readonly bucket: string;
  readonly root: string;
  private readonly secret: string;
  private readonly publicUrl: string;
  private readonly now: () => number;

  constructor(options: LocalBlobStoreOptions) {
    if (!options.secret) throw new Error('LocalBlobStore needs a non-empty secret to sign URLs');
    this.root = path.resolve(options.root);
    this.secret = options.secret;
    this.publicUrl = (options.publicUrl ?? '').replace(/\/+$/, '');
    this.bucket = options.bucket ?? 'local';
    this.now = options.now ?? Date.now;
  }

  async presignPut(key: string, options: PresignPutOptions = {}): Promise<PresignedRequest> {
    assertValidKey(key);
    if (options.contentLength !== undefined) assertValidContentLength(options.contentLength);
    const url = this.signedUrl('PUT', key, options.expiresInSeconds, options.contentLength, undefined);
    return {
      ...url,
      method: 'PUT',
      headers: { 'content-type': options.contentType ?? contentTypeFor(key) }
    };
  }

  async presignGet(
    key: string,
    options: { expiresInSeconds?: number; fileName?: string } = {}
  ): Promise<PresignedRequest> {
    assertValidKey(key);
    const url = this.signedUrl('GET', key, options.expiresInSeconds, undefined, options.fileName);
    return { ...url, method: 'GET', headers: {} };
  }

  /**
   * Checks a signed URL's query for `method` and `key`; throws Forbidden ('invalid_signature' or
   * 'url_expired') otherwise. HEAD is accepted wherever GET was signed.
   */
  verify(method: string, key: string, query: Record<string, unknown>): VerifiedBlobUrl {
    assertValidKey(key);
    const invalid = () => new Forbidden('This link is not valid.', 'invalid_signature');
    const expires = single(query.expires);
    const sig = single(query.sig);
    const maxSize = single(query.maxSize);
    const fileName = single(query.name);
    if (expires === null || sig === null || maxSize === null || fileName === null) throw invalid();
    if (expires === undefined || sig === undefined || !DIGITS.test(expires) || !HEX_SIGNATURE.test(sig)) {
      throw invalid();
    }
    if (maxSize !== undefined && !DIGITS.test(maxSize)) throw invalid();
    const signedMethod = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase();
    const expected = this.sign(signedMethod, key, expires, maxSize, fileName);
    if (!timingSafeEqual(Buffer.from(sig, 'hex'), expected)) throw invalid();
    // Checked after the signature so a forged expiry is reported as forged, not as merely expired.
    if (Number(expires) * 1000 <= this.now()) throw new Forbidden('This link has expired.', 'url_expired');
    return { maxSize: maxSize === undefined ? undefined : Number(maxSize), fileName };
  }

  async head(key: string): Promise<BlobInfo | null> {
    const file = this.pathFor(key);
    try {
      const info = await stat(file);
      return info.isFile() ? { size: info.size, contentType: contentTypeFor(key) } : null;
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async read(key: string): Promise<Readable> {
    return (await this.open(key)).body;
  }

  /** Opens an object and reports the size of that same file, even if a writer replaces the key meanwhile. */
  async open(key: string): Promise<OpenedBlob> {
    const file = this.pathFor(key);
    let handle;
    try {
      handle = await open(file, 'r');
    } catch (err) {
      if (isMissing(err)) throw new BlobNotFoundError(key);
      throw err;
    }
    try {
      const info = await handle.stat();
      // Opening a directory succeeds on Linux; a key that is only a "folder" holds no object.
      if (!info.isFile()) throw new BlobNotFoundError(key);
      // 1 MiB chunks: hashing and copying multi-gigabyte uploads go several times faster than with 64 KiB.
      return { body: handle.createReadStream({ highWaterMark: 1 << 20 }), size: info.size };
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  /**
   * Writes via a temp file in the target directory and a rename, so readers see the old object or the
   * whole new one, never a half-written file; a failed stream leaves the old object untouched.
   * `options.contentType` is not stored (see the class note).
   */
  async write(
    key: string,
    body: Buffer | string | Readable,
    _options: { contentType?: string } = {}
  ): Promise<void> {
    const file = this.pathFor(key);
    const temp = await this.writeTemp(file, body);
    try {
      await rename(temp, file);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
  }

  /**
   * Like write, but only when nothing is stored under the key yet (what the signed PUT URLs do):
   * link() refuses an existing name atomically, so of two racing uploads exactly one is kept.
   * Throws BlobExistsError otherwise.
   */
  async create(key: string, body: Buffer | string | Readable): Promise<void> {
    const file = this.pathFor(key);
    const temp = await this.writeTemp(file, body);
    try {
      await link(temp, file);
    } catch (err) {
      if (hasCode(err, 'EEXIST')) throw new BlobExistsError(key);
      throw err;
    } finally {
      await rm(temp, { force: true });
    }
  }
  async delete(key: string): Promise<void> {
    const file = this.pathFor(key);
    try {
      await unlink(file);
    } catch (err) {
      // EISDIR/EPERM: the key names a "folder", under which there is no object to delete.
      if (isMissing(err) || hasCode(err, 'EISDIR') || hasCode(err, 'EPERM')) return;
      throw err;
    }
  }

  async deletePrefix(prefix: string): Promise<number> {
    assertValidPrefix(prefix);
    const dir = path.join(this.root, prefix);
    let entries;
    try {
      entries = await readdir(dir, { recursive: true, withFileTypes: true });
    } catch (err) {
      if (isMissing(err)) return 0;
      throw err;
    }
    const count = entries.filter((e) => e.isFile() && !isTempFile(e.name)).length;
    await rm(dir, { recursive: true, force: true });
    return count;
  }

  async check(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    await access(this.root, constants.R_OK | constants.W_OK);
  }

  async close(): Promise<void> {}

  localPath(key: string): string {
    return this.pathFor(key);
  }

  private pathFor(key: string): string {
    assertValidKey(key);
    const file = path.join(this.root, key);
    // assertValidKey already forbids '..'; this is the belt to its braces.
    if (!file.startsWith(this.root + path.sep)) throw new Error(`Invalid blob key: ${JSON.stringify(key)}`);
    return file;
  }

  /** The whole body in a fresh temp file beside `file`; nothing is left behind when the body fails. */
  private async writeTemp(file: string, body: Buffer | string | Readable): Promise<string> {
    await mkdir(path.dirname(file), { recursive: true });
    // Dot-prefixed and random: cannot collide with a concurrent writer, and listings can skip it.
    const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomUUID()}${TEMP_SUFFIX}`);
    try {
      if (body instanceof Readable) {
        await pipeline(body, createWriteStream(temp, { flags: 'wx' }));
      } else {
        await writeFile(temp, body, { flag: 'wx' });
      }
      return temp;
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
  }

  private signedUrl(
    method: 'PUT' | 'GET',
    key: string,
    expiresInSeconds: number | undefined,
    maxSize: number | undefined,
    fileName: string | undefined
  ): { url: string; expiresAt: string } {
    const { expiresAtMs } = resolveExpiry(expiresInSeconds, this.now());
    const expires = String(Math.floor(expiresAtMs / 1000));
    const size = maxSize === undefined ? undefined : String(maxSize);
    const query = new URLSearchParams({ expires });
    if (size !== undefined) query.set('maxSize', size);
    if (fileName !== undefined) query.set('name', fileName);
    query.set('sig', this.sign(method, key, expires, size, fileName).toString('hex'));
    const encodedKey = key.split('/').map(encodeURIComponent).join('/');
    return {
      url: `${this.publicUrl}/blobs/${encodedKey}?${query.toString()}`,
      expiresAt: new Date(Number(expires) * 1000).toISOString()
    };
  }

  private sign(
    method: string,
    key: string,
    expires: string,
    maxSize: string | undefined,
    fileName: string | undefined
  ): Buffer {
    // Keys cannot contain '\n' and fileName comes last, so the fields cannot be shifted into each other.
    // '-' marks an absent value so that "no limit" and "limit 0" sign differently.
    const payload = [
      method,
      key,
      expires,
      maxSize ?? '-',
      fileName === undefined ? '-' : `=${fileName}`
    ].join('\n');
    return createHmac('sha256', this.secret).update(payload).digest();
  }
}

/** A query value as one string; null when it is repeated or not a string (never a valid signature). */
function single(value: unknown): string | undefined | null {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : null;
}

function isTempFile(name: string): boolean {
  return name.startsWith('.') && name.endsWith(TEMP_SUFFIX);
}

function hasCode(err: unknown, code: string): boolean {
  return err instanceof Error && (err as NodeJS.ErrnoException).code === code;
}

/** ENOTDIR: a parent "folder" is really a file, so the key cannot exist either. */
function isMissing(err: unknown): boolean {
  return hasCode(err, 'ENOENT') || hasCode(err, 'ENOTDIR');
}
