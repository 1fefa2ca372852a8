import type { ReadOptions, ValidationIssueDto } from '$lib/contracts';

/** Codes of the validator's suggestions about where the table starts (they carry `read`). */
const HINT_CODES = new Set(['leading_lines', 'header_looks_like_data']);

/** The suggestion about a note above the table or a header of values, if the validator made one. */
export function readHint(issues: readonly ValidationIssueDto[]): ValidationIssueDto | null {
  return issues.find((i) => HINT_CODES.has(i.code) && i.read) ?? null;
}

/** The reading the user chose last time, if any. */
export function readUsed(issues: readonly ValidationIssueDto[]): ReadOptions | null {
  return issues.find((i) => i.code === 'read_options')?.read ?? null;
}

/** Problems and warnings to list, without the hint and the note of the reading used (shown apart). */
export function listedIssues(issues: readonly ValidationIssueDto[]): ValidationIssueDto[] {
  return issues.filter((i) => !HINT_CODES.has(i.code) && i.code !== 'read_options');
}

/** Lines with a problem, a grouped issue counting each of its lines. */
export function problemCount(issues: readonly ValidationIssueDto[]): number {
  return issues.filter((i) => i.code !== 'too_many_errors').reduce((n, i) => n + (i.count ?? 1), 0);
}

/** The button's words for a reading: the header's line, or where the data starts. */
export function readLabel(read: ReadOptions): string {
  const line = read.skipLines + 1;
  if (read.header === true) return `Header row is line ${line}`;
  const skip = read.skipLines === 1 ? 'Skip the first line' : `Skip the first ${read.skipLines} lines`;
  return read.header === false ? `${skip} (no header row)` : skip;
}
