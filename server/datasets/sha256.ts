import crypto from 'node:crypto';
import type { Readable } from 'node:stream';

/** Hex SHA-256 of a stream, read chunk by chunk: a multi-gigabyte file never sits in memory. */
export async function sha256OfStream(stream: Readable): Promise<{ hash: string; bytes: number }> {
  const hash = crypto.createHash('sha256');
  let bytes = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { hash: hash.digest('hex'), bytes };
}
