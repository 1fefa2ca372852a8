import { Readable } from 'node:stream';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type BucketLocationConstraint
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import {
  assertValidKey,
  assertValidPrefix,
  BlobNotFoundError,
  type BlobInfo,
  type BlobStore,
  type PresignedRequest,
  type PresignPutOptions
} from './blob-store';
import { attachmentDisposition } from './content-disposition';
import { contentTypeFor } from './content-type';
import { assertValidContentLength, resolveExpiry } from './presign-expiry';
import { isBatchDeleteUnsupported, isS3NotFound } from './s3-errors';

/** Connection settings for any S3-compatible store (AWS, MinIO, s3rver …). */
export interface S3BlobStoreOptions {
  /** Omit for AWS itself; set for MinIO and friends. */
  endpoint?: string | undefined;
  /**
   * The endpoint browsers reach, when it differs from the one the server uses (e.g. `minio:9000`
   * inside Docker vs `localhost:9000` outside). Presigned URLs are signed for this host.
   */
  publicEndpoint?: string | undefined;
  region: string;
  bucket: string;
  /** Omit both keys to use the SDK's default credential chain (env, profile, instance role). */
  accessKeyId?: string | undefined;
  secretAccessKey?: string | undefined;
  /** Most self-hosted stores need path-style URLs (`host/bucket/key`). */
  forcePathStyle: boolean;
  /** Clock in milliseconds used as the signing time; tests pass a past clock to mint expired URLs. */
  now?: () => number;
}

/** DeleteObjects takes at most this many keys, which is also ListObjectsV2's page size. */
const DELETE_BATCH = 1000;

/** BlobStore on S3: browsers upload and download directly with presigned URLs. */
export class S3BlobStore implements BlobStore {
  readonly driver = 's3' as const;
  readonly bucket: string;
  private readonly client: S3Client;
  /** Signs URLs for browsers; the same client unless a separate public endpoint is configured. */
  private readonly presigner: S3Client;
  private readonly region: string;
  private readonly now: () => number;
  /** Learned once per process so a server without DeleteObjects is not asked again for every page. */
  private batchDeleteUnsupported = false;

  constructor(options: S3BlobStoreOptions) {
    this.bucket = options.bucket;
    this.region = options.region;
    this.now = options.now ?? Date.now;
    const { accessKeyId, secretAccessKey } = options;
    const clientFor = (endpoint: string | undefined) =>
      new S3Client({
        region: options.region,
        forcePathStyle: options.forcePathStyle,
        ...(endpoint ? { endpoint } : {}),
        ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey } } : {}),
        // The default (WHEN_SUPPORTED) sends streamed bodies aws-chunked with trailing checksums; several
        // S3-compatible servers (s3rver among them) store that framing as the object's bytes.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED'
      });
    this.client = clientFor(options.endpoint);
    this.presigner =
      options.publicEndpoint && options.publicEndpoint !== options.endpoint
        ? clientFor(options.publicEndpoint)
        : this.client;
  }

  async presignPut(key: string, options: PresignPutOptions = {}): Promise<PresignedRequest> {
    assertValidKey(key);
    const contentType = options.contentType ?? contentTypeFor(key);
    const { contentLength } = options;
    if (contentLength !== undefined) assertValidContentLength(contentLength);
    const signingDate = new Date(this.now());
    const { seconds, expiresAtMs } = resolveExpiry(options.expiresInSeconds, signingDate.getTime());
    const command = new PutObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ContentType: contentType,
      // Create-only (S3 and MinIO conditional writes): a second PUT of the key answers 412, so an
      // upload cannot be replaced once it was checked. The header is signed, so clients must send it.
      IfNoneMatch: '*',
      ...(contentLength === undefined ? {} : { ContentLength: contentLength })
    });
    const url = await getSignedUrl(this.presigner, command, {
      expiresIn: seconds,
      signingDate,
      // The presigner drops content-type from the signature unless it is listed here. content-length is
      // signed whenever ContentLength is set, if-none-match whenever IfNoneMatch is (listed anyway: they
      // are what make S3 refuse other sizes and overwrites; browsers set content-length from the body).
      signableHeaders: new Set(['content-type', 'content-length', 'if-none-match'])
    });
    return {
      url,
      method: 'PUT',
      headers: { 'content-type': contentType, 'if-none-match': '*' },
      expiresAt: new Date(expiresAtMs).toISOString()
    };
  }

  async presignGet(
    key: string,
    options: { expiresInSeconds?: number; fileName?: string } = {}
  ): Promise<PresignedRequest> {
    assertValidKey(key);
    const signingDate = new Date(this.now());
    const { seconds, expiresAtMs } = resolveExpiry(options.expiresInSeconds, signingDate.getTime());
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ...(options.fileName === undefined
        ? {}
        : { ResponseContentDisposition: attachmentDisposition(options.fileName) })
    });
    const url = await getSignedUrl(this.presigner, command, { expiresIn: seconds, signingDate });
    return { url, method: 'GET', headers: {}, expiresAt: new Date(expiresAtMs).toISOString() };
  }

  async head(key: string): Promise<BlobInfo | null> {
    assertValidKey(key);
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { size: out.ContentLength ?? 0, contentType: out.ContentType };
    } catch (err) {
      if (isS3NotFound(err)) return null;
      throw err;
    }
  }

  async read(key: string): Promise<Readable> {
    assertValidKey(key);
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      // In Node the SDK hands back the socket's IncomingMessage; anything else means a browser-only build.
      if (out.Body instanceof Readable) return out.Body;
      throw new Error(`S3 returned a non-stream body for ${key}`);
    } catch (err) {
      if (isS3NotFound(err)) throw new BlobNotFoundError(key);
      throw err;
    }
  }

  async write(
    key: string,
    body: Buffer | string | Readable,
    options: { contentType?: string } = {}
  ): Promise<void> {
    assertValidKey(key);
    const contentType = options.contentType ?? contentTypeFor(key);
    if (body instanceof Readable) {
      // Multipart in 5 MiB parts, four in flight: memory stays bounded whatever the stream's length.
      const upload = new Upload({
        client: this.client,
        params: { Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }
      });
      await upload.done();
      return;
    }
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType })
    );
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key);
    // S3 answers 204 for missing keys too, which is the idempotence the interface promises.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async deletePrefix(prefix: string): Promise<number> {
    assertValidPrefix(prefix);
    let deleted = 0;
    let continuationToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: prefix,
          MaxKeys: DELETE_BATCH,
          ContinuationToken: continuationToken
        })
      );
      const keys = (page.Contents ?? []).flatMap((o) => (o.Key === undefined ? [] : [o.Key]));
      deleted += await this.deleteKeys(keys);
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken);
    return deleted;
  }

  async check(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
  }

  /**
   * Creates the bucket when HeadBucket says it does not exist (dev and MinIO convenience); any other
   * HeadBucket failure, such as 403 for a bucket owned by someone else, is thrown rather than papered over.
   */
  async ensureBucket(): Promise<void> {
    try {
      await this.check();
      return;
    } catch (err) {
      if (!isS3NotFound(err)) throw err;
    }
    try {
      await this.client.send(
        new CreateBucketCommand({
          Bucket: this.bucket,
          // us-east-1 is the one region that refuses an explicit location constraint.
          ...(this.region === 'us-east-1'
            ? {}
            : { CreateBucketConfiguration: { LocationConstraint: this.region as BucketLocationConstraint } })
        })
      );
    } catch (err) {
      // Another process won the race to create it: the bucket exists, which is all we wanted.
      if (err instanceof Error && err.name === 'BucketAlreadyOwnedByYou') return;
      throw err;
    }
  }

  async close(): Promise<void> {
    this.client.destroy();
    if (this.presigner !== this.client) this.presigner.destroy();
  }

  private async deleteKeys(keys: string[]): Promise<number> {
    if (keys.length === 0) return 0;
    if (!this.batchDeleteUnsupported) {
      try {
        const out = await this.client.send(
          new DeleteObjectsCommand({
            Bucket: this.bucket,
            Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true }
          })
        );
        const failed = out.Errors ?? [];
        const first = failed[0];
        if (first) {
          throw new Error(
            `S3 could not delete ${failed.length} of ${keys.length} objects, e.g. ${first.Key}: ${first.Code} ${first.Message}`
          );
        }
        return keys.length;
      } catch (err) {
        if (!isBatchDeleteUnsupported(err)) throw err;
        this.batchDeleteUnsupported = true;
      }
    }
    for (const key of keys) {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
    }
    return keys.length;
  }
}
