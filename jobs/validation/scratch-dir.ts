import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** A private folder for one validation's temporary files, removed as a whole afterwards. */
export interface ScratchDir {
  path: string;
  /** Path of a file inside the folder. */
  file(name: string): string;
  remove(): Promise<void>;
}

/**
 * Creates the folder inside `workDir`: everything temporary (the UTF-8 copy, DuckDB's spill files,
 * the Parquet file until it is known to be good) lives there, so one `rm` cleans up on every path.
 */
export async function createScratchDir(workDir: string): Promise<ScratchDir> {
  const path = await mkdtemp(join(workDir, '.csv-validation-'));
  return {
    path,
    file: (name) => join(path, name),
    remove: () => rm(path, { recursive: true, force: true })
  };
}
