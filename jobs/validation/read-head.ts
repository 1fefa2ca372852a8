import { open } from 'node:fs/promises';

/** The first bytes of a file, read without loading the rest. */
export interface FileHead {
  bytes: Buffer;
  fileSize: number;
  /** True when `bytes` is the entire file. */
  isWholeFile: boolean;
}

/** How much of a file the cheap checks look at. */
export interface ReadHeadOptions {
  /** Bytes always read (when the file has them). */
  minBytes?: number;
  /**
   * Keep reading until the sample holds this many line feeds, so a header wider than `minBytes`
   * (2,000 long column names) still arrives whole together with a data line.
   */
  minLineBreaks?: number;
  /** Hard cap, so a file without line breaks cannot make us read gigabytes. */
  maxBytes?: number;
}

/** Whether `bytes[0, upTo)` holds `wanted` line breaks (LF, or CR for old Mac files). */
function hasLineBreaks(bytes: Buffer, upTo: number, wanted: number): boolean {
  for (const byte of [0x0a, 0x0d]) {
    let count = 0;
    for (let i = bytes.indexOf(byte); i >= 0 && i < upTo; i = bytes.indexOf(byte, i + 1)) {
      if (++count >= wanted) return true;
    }
  }
  return wanted <= 0;
}

/** Reads the beginning of a file for sniffing; bounded by `maxBytes` whatever the file holds. */
export async function readHead(path: string, options: ReadHeadOptions = {}): Promise<FileHead> {
  const { minBytes = 64 * 1024, minLineBreaks = 0, maxBytes = 16 * 1024 * 1024 } = options;
  const handle = await open(path, 'r');
  try {
    const fileSize = (await handle.stat()).size;
    let buffer = Buffer.alloc(Math.min(minBytes, fileSize));
    let filled = (await handle.read(buffer, 0, buffer.length, 0)).bytesRead;
    while (filled < fileSize && filled < maxBytes && !hasLineBreaks(buffer, filled, minLineBreaks)) {
      const next = Buffer.alloc(Math.min(buffer.length * 2, maxBytes, fileSize));
      buffer.copy(next, 0, 0, filled);
      buffer = next;
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return { bytes: buffer.subarray(0, filled), fileSize, isWholeFile: filled >= fileSize };
  } finally {
    await handle.close();
  }
}
