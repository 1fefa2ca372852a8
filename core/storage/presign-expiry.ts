/** How long a presigned URL lives when the caller does not say. */
export const DEFAULT_PRESIGN_SECONDS = 15 * 60;

/** S3 refuses presigned URLs valid for more than a week; the local store keeps the same ceiling. */
export const MAX_PRESIGN_SECONDS = 7 * 24 * 60 * 60;

/** Validates a requested lifetime and returns it with the absolute expiry derived from `nowMs`. */
export function resolveExpiry(
  expiresInSeconds: number | undefined,
  nowMs: number
): { seconds: number; expiresAtMs: number } {
  const seconds = expiresInSeconds ?? DEFAULT_PRESIGN_SECONDS;
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_PRESIGN_SECONDS) {
    throw new RangeError(`expiresInSeconds must be an integer from 1 to ${MAX_PRESIGN_SECONDS}`);
  }
  return { seconds, expiresAtMs: nowMs + seconds * 1000 };
}

/** Validates a signed body length: a whole, non-negative, safe number of bytes. */
export function assertValidContentLength(contentLength: number): void {
  if (!Number.isSafeInteger(contentLength) || contentLength < 0) {
    throw new RangeError(`contentLength must be a non-negative integer, got ${contentLength}`);
  }
}
