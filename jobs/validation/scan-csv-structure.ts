import { open } from 'node:fs/promises';
import {
  CsvStructureScanner,
  type StructureScanOptions,
  type StructureScanResult
} from './csv-structure-scanner';

const CHUNK_BYTES = 1024 * 1024;

/**
 * Runs {@link CsvStructureScanner} over a file, one reused 1 MB buffer at a time, so memory stays
 * constant for multi-gigabyte files.
 *
 * @param onProgress receives the fraction (0–1) of the file scanned so far.
 */
export async function scanCsvStructure(
  path: string,
  options: StructureScanOptions,
  onProgress?: (fraction: number) => void
): Promise<StructureScanResult> {
  const scanner = new CsvStructureScanner(options);
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(CHUNK_BYTES);
    let position = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) break;
      scanner.push(buffer.subarray(0, bytesRead));
      position += bytesRead;
      if (size > 0) onProgress?.(Math.min(1, position / size));
    }
    return scanner.finish();
  } finally {
    await handle.close();
  }
}
