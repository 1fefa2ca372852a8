import { S3ServiceException } from '@aws-sdk/client-s3';

const NOT_FOUND_NAMES = new Set(['NotFound', 'NoSuchKey', 'NoSuchBucket']);

/** The HTTP status of a failed S3 call, when the server answered at all. */
export function s3ErrorStatus(err: unknown): number | undefined {
  return err instanceof S3ServiceException ? err.$metadata.httpStatusCode : undefined;
}

/**
 * True when S3 said the object (or bucket) is not there. HEAD answers carry no body, so the SDK can only
 * name them 'NotFound' from the status; GET answers name the precise code.
 */
export function isS3NotFound(err: unknown): boolean {
  return err instanceof S3ServiceException && (NOT_FOUND_NAMES.has(err.name) || s3ErrorStatus(err) === 404);
}

const BATCH_DELETE_UNSUPPORTED = new Set(['NotImplemented', 'MethodNotAllowed', 'MissingContentMD5']);

/**
 * True when an S3-compatible server cannot do DeleteObjects (some gateways lack it; some want Content-MD5
 * where the SDK now sends a CRC32 checksum), so deleting one object at a time is the way forward.
 */
export function isBatchDeleteUnsupported(err: unknown): boolean {
  const status = s3ErrorStatus(err);
  return (
    err instanceof S3ServiceException &&
    (BATCH_DELETE_UNSUPPORTED.has(err.name) || status === 501 || status === 405)
  );
}
