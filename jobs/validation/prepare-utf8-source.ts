import { symlink } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { EncodingVerdict, TextEncoding } from './detect-encoding';
import type { StepProgress } from './progress-reporter';
import type { ScratchDir } from './scratch-dir';
import { TranscodingError, transcodeToUtf8 } from './transcode-to-utf8';
import { issues, type ValidationIssue } from './validation-issues';

const ENCODING_LABELS: Record<TextEncoding, string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
  'windows-1252': 'Windows-1252 (Latin-1)'
};

/** Characters DuckDB expands as a glob pattern in a file path. */
const GLOB_CHARACTERS = /[*?[\]{}]/;

/** The file DuckDB should read, with a note when it is a converted copy; or why there is none. */
export type PreparedSource = { path: string; warning: ValidationIssue | null } | { issue: ValidationIssue };

/**
 * Gives DuckDB a UTF-8 file it can read under a literal path: UTF-16 and Windows-1252 uploads are
 * transcoded into the scratch folder; a path containing glob characters (which DuckDB would expand)
 * is reached through a plain-named symlink; anything else is read in place, without copying.
 */
export async function prepareUtf8Source(
  csvPath: string,
  verdict: Extract<EncodingVerdict, { ok: true }>,
  scratch: ScratchDir,
  onProgress?: StepProgress
): Promise<PreparedSource> {
  if (verdict.transcodeFrom) {
    const label = ENCODING_LABELS[verdict.encoding];
    const path = scratch.file('utf8.csv');
    try {
      await transcodeToUtf8(csvPath, path, verdict.transcodeFrom, onProgress);
    } catch (error) {
      if (error instanceof TranscodingError) return { issue: issues.invalidTranscoding(label) };
      throw error;
    }
    return { path, warning: issues.transcoded(label) };
  }
  if (GLOB_CHARACTERS.test(csvPath)) {
    const path = scratch.file('source.csv');
    await symlink(resolve(csvPath), path);
    return { path, warning: null };
  }
  return { path: csvPath, warning: null };
}
