import { Readable } from 'node:stream';
import type { BlobInfo, BlobStore, PresignedRequest, PresignPutOptions } from '../blob-store';
import { BlobNotFoundError } from '../blob-store';

/**
 * Blobs in a Map. `presignPut` records what it signed; the test plays the browser by calling
 * `put` with the bytes it would have uploaded.
 */
export class MemoryBlobStore implements Pick<
  BlobStore,
  'bucket' | 'presignPut' | 'head' | 'read' | 'delete'
> {
  readonly bucket = 'memory';
  readonly objects = new Map<string, Buffer>();
  readonly signed: Array<{ key: string; options: PresignPutOptions | undefined }> = [];
  /** How many times an object was read (hashing a file is what costs). */
  reads = 0;

  put(key: string, body: string | Buffer): void {
    this.objects.set(key, Buffer.from(body));
  }

  async presignPut(key: string, options?: PresignPutOptions): Promise<PresignedRequest> {
    this.signed.push({ key, options });
    return {
      url: `memory://${key}`,
      method: 'PUT',
      headers: {},
      expiresAt: new Date(Date.now() + (options?.expiresInSeconds ?? 900) * 1000).toISOString()
    };
  }

  async head(key: string): Promise<BlobInfo | null> {
    const body = this.objects.get(key);
    return body ? { size: body.length, contentType: 'text/csv' } : null;
  }

  async read(key: string): Promise<Readable> {
    const body = this.objects.get(key);
    if (!body) throw new BlobNotFoundError(key);
    this.reads += 1;
    return Readable.from([body]);
  }

  async delete(key: string): Promise<void> {
    this.objects.delete(key);
  }

  asStore(): BlobStore {
    return this as unknown as BlobStore;
  }
}
