import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { TranscodableEncoding } from './detect-encoding';

/** Thrown when the input is not valid in the encoding it claimed (e.g. a lone UTF-16 surrogate). */
export class TranscodingError extends Error {
  constructor(
    readonly encoding: TranscodableEncoding,
    options?: { cause?: unknown }
  ) {
    super(`Input is not valid ${encoding}`, options);
    this.name = 'TranscodingError';
  }
}

/**
 * A stream that decodes `encoding` chunk by chunk into UTF-8. TextDecoder's `stream` mode carries a
 * character split across chunks over to the next one, so memory stays at one chunk whatever the
 * file size. A leading BOM is dropped (TextDecoder's default), so DuckDB sees plain UTF-8.
 */
export function createUtf8Transcoder(
  encoding: TranscodableEncoding,
  onBytesRead?: (bytes: number) => void
): Transform {
  // fatal: a broken UTF-16 file must fail loudly rather than fill the dataset with U+FFFD.
  // Windows-1252 maps every byte, so it never throws.
  const decoder = new TextDecoder(encoding, { fatal: true });
  const decode = (chunk: Uint8Array | undefined, callback: TransformCallback): void => {
    try {
      const text = chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
      callback(null, text.length > 0 ? Buffer.from(text, 'utf8') : undefined);
    } catch (cause) {
      callback(new TranscodingError(encoding, { cause }));
    }
  };
  return new Transform({
    transform: (chunk: Buffer, _encoding, callback) => {
      onBytesRead?.(chunk.length);
      decode(chunk, callback);
    },
    flush: (callback) => decode(undefined, callback)
  });
}

/**
 * Writes a UTF-8 copy of `sourcePath` to `targetPath`, streaming.
 *
 * @param onProgress receives the fraction (0–1) of the source read so far.
 * @throws TranscodingError when the source is not valid `encoding`.
 */
export async function transcodeToUtf8(
  sourcePath: string,
  targetPath: string,
  encoding: TranscodableEncoding,
  onProgress?: (fraction: number) => void
): Promise<void> {
  const { size } = await stat(sourcePath);
  let read = 0;
  const transcoder = createUtf8Transcoder(encoding, (bytes) => {
    read += bytes;
    if (size > 0) onProgress?.(read / size);
  });
  await pipeline(
    createReadStream(sourcePath, { highWaterMark: 1024 * 1024 }),
    transcoder,
    createWriteStream(targetPath)
  );
}
