import { Transform, type TransformCallback } from 'node:stream';
import { InvalidInput, TooLarge } from '../../contracts/errors';

/** Limits for a body whose length is only known once it has streamed through. */
export interface SizeGuardOptions {
  /** Hard ceiling; exceeding it fails with 413. */
  maxBytes: number;
  /** When given, any other total fails with 400 (a signed upload must be exactly this long). */
  exactBytes?: number | undefined;
}

/**
 * A pass-through that counts bytes and fails the stream as soon as a limit is broken, so a writer
 * downstream discards the partial file instead of committing it. Chunked bodies declare no length,
 * which is why the count is kept here rather than trusted from headers.
 */
export class SizeGuard extends Transform {
  private received = 0;

  constructor(private readonly limits: SizeGuardOptions) {
    super();
  }

  /** Bytes that have passed so far. */
  get bytes(): number {
    return this.received;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.received += chunk.length;
    const { maxBytes, exactBytes } = this.limits;
    if (exactBytes !== undefined && this.received > exactBytes) {
      callback(sizeMismatch(exactBytes));
    } else if (this.received > maxBytes) {
      callback(new TooLarge(`The upload exceeds the limit of ${maxBytes} bytes.`, { maxBytes }));
    } else {
      callback(null, chunk);
    }
  }

  override _flush(callback: TransformCallback): void {
    const { exactBytes } = this.limits;
    callback(exactBytes !== undefined && this.received !== exactBytes ? sizeMismatch(exactBytes) : null);
  }
}

/** The 400 for a body whose length differs from the one the URL was signed for. */
export function sizeMismatch(expected: number): InvalidInput {
  return new InvalidInput(
    `The upload must be exactly ${expected} bytes, as announced when the link was created.`,
    { expectedBytes: expected },
    'size_mismatch'
  );
}
