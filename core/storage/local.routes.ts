import { pipeline } from 'node:stream/promises';
import { Router, type ErrorRequestHandler, type Request } from 'express';
import { DomainError, InvalidInput, NotFound, PreconditionFailed, TooLarge } from '../../contracts/errors';
import { toHttpError } from '../http/errors';
import { assertValidKey, BlobExistsError, BlobNotFoundError } from './blob-store';
import { attachmentDisposition } from './content-disposition';
import { contentTypeFor } from './content-type';
import type { LocalBlobStore } from './local.store';
import { SizeGuard, sizeMismatch } from './size-guard';

/** Limits for uploads through the local store's signed URLs. */
export interface LocalBlobRouterOptions {
  /** Largest body accepted, whatever the URL allows. */
  maxBytes: number;
}

/**
 * Serves the LocalBlobStore's signed URLs: `PUT /blobs/*key` and `GET /blobs/*key`, the stand-in for
 * S3's presigned requests. Same-origin only, so no CORS headers. A PUT only creates: once a key holds
 * an object, further PUTs answer 412 `already_uploaded` (S3 does the same for the `If-None-Match: *`
 * that its presigned PUTs are signed with).
 * Mount it before any body parser: a parser that consumed a JSON upload would leave nothing to store.
 */
export function createLocalBlobRouter(store: LocalBlobStore, opts: LocalBlobRouterOptions): Router {
  const router = Router();

  router.put('/blobs/*key', async (req, res) => {
    const key = keyFrom(req.params.key);
    const { maxSize } = store.verify('PUT', key, req.query);
    const declared = declaredLength(req);
    if (declared !== undefined) {
      if (declared > opts.maxBytes) {
        throw new TooLarge(`The upload exceeds the limit of ${opts.maxBytes} bytes.`, {
          maxBytes: opts.maxBytes
        });
      }
      if (maxSize !== undefined && declared > maxSize) {
        throw new TooLarge(`The upload exceeds the announced ${maxSize} bytes.`, {
          maxBytes: maxSize
        });
      }
      if (maxSize !== undefined && declared < maxSize) throw sizeMismatch(maxSize);
    }
    // Refused before the body is read when possible; create() below decides for certain.
    if (await store.head(key)) throw alreadyUploaded();
    const guard = new SizeGuard({ maxBytes: opts.maxBytes, exactBytes: maxSize });
    // pipe() rather than pipeline(): when the guard fails, pipe only unpipes, leaving the socket alive so
    // the 413/400 can still be sent; pipeline would destroy the request and the client would see a reset.
    req.on('error', (err) => guard.destroy(err));
    req.on('close', () => {
      if (!req.complete) guard.destroy(new Error('The client aborted the upload.'));
    });
    // create() subscribes only after creating the directory; a failure before that must not go unhandled
    // (it is not lost: the stream stays errored and create()'s pipeline reports it).
    guard.on('error', () => {});
    req.pipe(guard);
    await store.create(key, guard);
    // Size and commit time: enough to tell two uploads apart, without hashing the whole body.
    res
      .status(200)
      .set('ETag', `"${guard.bytes.toString(16)}-${Date.now().toString(16)}"`)
      .end();
  });

  router.get('/blobs/*key', async (req, res) => {
    const key = keyFrom(req.params.key);
    const { fileName } = store.verify(req.method, key, req.query);
    const blob = await store.open(key);
    res.status(200);
    // setHeader, not res.set: Express would append '; charset=utf-8' to text types of binary files.
    res.setHeader('Content-Type', contentTypeFor(key));
    res.setHeader('Content-Length', String(blob.size));
    if (fileName !== undefined) res.setHeader('Content-Disposition', attachmentDisposition(fileName));
    if (req.method === 'HEAD') {
      blob.body.destroy();
      res.end();
      return;
    }
    try {
      await pipeline(blob.body, res);
    } catch {
      // The client went away mid-download; pipeline has already closed both ends, nobody is left to tell.
    }
  });

  router.use(sendStoreError);
  return router;
}

/** path-to-regexp 8 hands a wildcard over as decoded segments. */
function keyFrom(segments: string[] | string | undefined): string {
  const key = Array.isArray(segments) ? segments.join('/') : (segments ?? '');
  try {
    assertValidKey(key);
  } catch {
    throw new InvalidInput('Invalid blob key.', undefined, 'invalid_key');
  }
  return key;
}

/** Signed PUTs only create, like S3's `If-None-Match: *`: what was uploaded (and checked) stays. */
function alreadyUploaded(): DomainError {
  return new PreconditionFailed(
    'A file was already uploaded with this link; it cannot be replaced. Start a new upload instead.',
    'already_uploaded'
  );
}

function declaredLength(req: Request): number | undefined {
  const header = req.headers['content-length'];
  if (header === undefined) return undefined;
  const length = Number(header);
  if (!Number.isSafeInteger(length) || length < 0) throw new InvalidInput('Invalid Content-Length header.');
  return length;
}

/** Answers in the contract's error shape; anything unexpected goes on to the app's own error handler. */
const sendStoreError: ErrorRequestHandler = (err: unknown, req, res, next) => {
  const error =
    err instanceof BlobNotFoundError
      ? new NotFound('Blob')
      : err instanceof BlobExistsError
        ? alreadyUploaded()
        : err;
  if (!(error instanceof DomainError) || res.headersSent) {
    next(err);
    return;
  }
  if (!req.complete) {
    // The body was refused part-way (or before it was read): drain it so the client, still sending,
    // gets to read this answer, then let the connection go rather than reuse it.
    req.unpipe();
    req.resume();
    res.set('Connection', 'close');
  }
  const { status, body } = toHttpError(error);
  res.status(status).json(body);
};
