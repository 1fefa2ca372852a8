/**
 * Every problem the CSV validator can report, phrased for a data scientist reading the dataset page.
 * Codes are stable API (stored in `datasets.validation_errors` and matched by the web app); messages
 * are free to improve.
 */

import type { ReadOptions } from '../../contracts/api';
import { formatBytes } from '../../contracts/format-bytes';

/** One problem found in an uploaded CSV; the shape stored in `datasets.validation_errors`. */
export interface ValidationIssue {
  code: string;
  message: string;
  /** 1-based line of the file as an editor shows it (the header is line 1). */
  line?: number;
  /** Column name, or its 1-based position when the column has no usable name. */
  column?: string | number;
  /** Lines sharing this problem when repeated ones are grouped; `line` is the first of them. */
  count?: number;
  /** A suggested way to read the file (hints), or the one used (`read_options`). */
  read?: ReadOptions;
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

function quoted(value: string, max = 40): string {
  return `"${value.length > max ? `${value.slice(0, max)}…` : value}"`;
}

/** Builders for each issue code, so wording stays consistent wherever an issue is raised. */
export const issues = {
  emptyFile: (): ValidationIssue => ({ code: 'empty_file', message: 'The file is empty.' }),

  whitespaceOnly: (): ValidationIssue => ({
    code: 'empty_file',
    message: 'The file contains only spaces and blank lines, no data.'
  }),

  binaryContent: (what: string | null): ValidationIssue => ({
    code: 'binary_content',
    message: what
      ? `This is not a CSV text file: it looks like ${what}. Export the data as CSV and upload that.`
      : 'This is not a CSV text file: it contains binary data (NUL or control bytes). Export the data as CSV and upload that.'
  }),

  unsupportedEncoding: (detail: string): ValidationIssue => ({
    code: 'unsupported_encoding',
    message: `${detail} Supported encodings are UTF-8 (with or without BOM), UTF-16 with a BOM, and Windows-1252/Latin-1. Re-save the file as UTF-8.`
  }),

  invalidEncoding: (line: number, column: string | number | undefined): ValidationIssue => ({
    code: 'invalid_encoding',
    message: `Line ${line} contains bytes that are not valid UTF-8${column === undefined ? '' : ` (in column ${typeof column === 'number' ? column : quoted(column)})`}, although the rest of the file is read as UTF-8. Re-save the whole file as UTF-8.`,
    line,
    ...(column === undefined ? {} : { column })
  }),

  invalidTranscoding: (encoding: string): ValidationIssue => ({
    code: 'invalid_encoding',
    message: `The file starts with a ${encoding} byte-order mark but contains byte sequences that are not valid ${encoding}. Re-save the file as UTF-8.`
  }),

  noDataRows: (): ValidationIssue => ({
    code: 'no_data_rows',
    message: 'The file has a header line but no data rows.'
  }),

  duplicateColumnName: (name: string, positions: number[], line: number): ValidationIssue => ({
    code: 'duplicate_column_name',
    message: `The column name ${quoted(name)} is used ${positions.length} times (columns ${positions.join(', ')}); column names must be unique, ignoring upper/lower case.`,
    line,
    column: name
  }),

  emptyColumnName: (position: number, line: number): ValidationIssue => ({
    code: 'empty_column_name',
    message: `Column ${position} has no name in the header. Give every column a name.`,
    line,
    column: position
  }),

  valueInUnnamedColumn: (position: number, line: number): ValidationIssue => ({
    code: 'empty_column_name',
    message: `Column ${position} has no name in the header, but line ${line} has a value in it. Give the column a name, or remove the extra delimiter at the end of the lines.`,
    line,
    column: position
  }),

  raggedRow: (line: number, found: number, expected: number, hasHeader: boolean): ValidationIssue => ({
    code: 'ragged_row',
    message: `Line ${line} has ${plural(found, 'field')} but the ${hasHeader ? 'header has' : 'first line has'} ${expected}.`,
    line
  }),

  raggedRows: (
    first: number,
    count: number,
    found: number,
    expected: number,
    hasHeader: boolean
  ): ValidationIssue => ({
    code: 'ragged_row',
    message: `${plural(count, 'line')} have ${plural(found, 'field')} but the ${hasHeader ? 'header has' : 'first line has'} ${expected}; the first of them is line ${first}.`,
    line: first,
    count
  }),

  leadingLines: (
    skipped: number,
    fields: number,
    bodyFields: number,
    read: ReadOptions
  ): ValidationIssue => ({
    code: 'leading_lines',
    message: `${skipped === 1 ? 'Line 1 looks' : `Lines 1 to ${skipped} look`} like a note above the table${fields === bodyFields ? '' : ` (${plural(fields, 'field')} where the rest of the file has ${bodyFields})`}. ${readAdvice(read)}`,
    line: 1,
    read
  }),

  headerLooksLikeData: (names: readonly string[], line: number, read: ReadOptions): ValidationIssue => ({
    code: 'header_looks_like_data',
    message: `Line ${line} was read as the column names, but ${listNames(names)} ${names.length === 1 ? 'looks' : 'look'} like ${names.length === 1 ? 'a value' : 'values'} rather than names. ${readAdvice(read)}`,
    line,
    read
  }),

  readOptionsUsed: (read: ReadOptions): ValidationIssue => ({
    code: 'read_options',
    message:
      read.skipLines === 0
        ? `Read as you asked: ${read.header === false ? 'without a header row' : 'with the header on line 1'}.`
        : `Read as you asked: ${read.skipLines === 1 ? 'line 1' : `lines 1 to ${read.skipLines}`} skipped, ${read.header === true ? `the header on line ${read.skipLines + 1}` : read.header === false ? `no header, data from line ${read.skipLines + 1}` : `then the header found automatically`}.`,
    read
  }),

  unterminatedQuote: (line: number): ValidationIssue => ({
    code: 'unterminated_quote',
    message: `Line ${line} opens a quoted value (") that is never closed, so everything after it would be read as one value. Add the closing quote.`,
    line
  }),

  malformedQuote: (line: number, column: string | number): ValidationIssue => ({
    code: 'malformed_quote',
    message: `Line ${line}: a quoted value in column ${typeof column === 'number' ? column : quoted(column)} is followed by more text before the next delimiter. Quote the whole value and write quotes inside it as "".`,
    line,
    column
  }),

  lineTooLong: (line: number, bytes: number, limit: number): ValidationIssue => ({
    code: 'line_too_long',
    message: `Line ${line} is ${formatBytes(bytes)} long; lines longer than ${formatBytes(limit)} are not supported. The file may be missing line breaks.`,
    line
  }),

  parseError: (detail: string): ValidationIssue => ({
    code: 'parse_error',
    message: `The file could not be read as CSV: ${detail}`
  }),

  tooManyErrors: (total: number, shown: number): ValidationIssue => ({
    code: 'too_many_errors',
    message: `Found ${plural(total, 'problem')} in total; only the first ${shown.toLocaleString('en-US')} are listed.`
  }),

  transcoded: (encoding: string): ValidationIssue => ({
    code: 'transcoded',
    message: `The file is encoded as ${encoding}; it was converted to UTF-8. Check that accented letters look right.`
  }),

  trailingDelimiter: (position: number, delimiterName: string): ValidationIssue => ({
    code: 'trailing_delimiter',
    message: `The lines end with an extra ${delimiterName}, which would make an unnamed, empty column ${position}; it was ignored.`,
    column: position
  }),

  noHeader: (names: readonly string[]): ValidationIssue => ({
    code: 'no_header',
    message: `The first line looks like data rather than column names, so the columns were named ${names.length > 1 ? `${names[0]} to ${names.at(-1)}` : (names[0] ?? 'column0')}.`
  }),

  typesNotInferred: (): ValidationIssue => ({
    code: 'types_not_inferred',
    message: 'Column types could not be inferred consistently, so every column was stored as text.'
  }),

  mixedLineEndings: (): ValidationIssue => ({
    code: 'mixed_line_endings',
    message: 'The file mixes Windows (CRLF) and Unix (LF) line endings; it was read correctly.'
  })
} as const;

/**
 * Keeps the first `max` errors and, when more exist, appends one `too_many_errors` issue with the
 * total — so a file with a million bad lines still yields a small, readable list.
 */
export function capIssues(errors: ValidationIssue[], total: number, max: number): ValidationIssue[] {
  const counted = Math.max(total, errors.length);
  if (counted <= max) return errors.slice(0, max);
  return [...errors.slice(0, max), issues.tooManyErrors(counted, max)];
}

/** What choosing a suggested reading does, in the words the dataset page's buttons use. */
function readAdvice(read: ReadOptions): string {
  return read.header
    ? `The header row looks like line ${read.skipLines + 1}.`
    : `The data looks like it starts at line ${read.skipLines + 1}, without a header row.`;
}

function listNames(names: readonly string[]): string {
  const shown = names.slice(0, 3).map((n) => quoted(n, 20));
  const rest = names.length - shown.length;
  return rest > 0 ? `${shown.join(', ')} and ${rest} more` : shown.join(shown.length === 2 ? ' and ' : ', ');
}

/** Human name of a delimiter character for messages. */
export function delimiterName(delimiter: string): string {
  switch (delimiter) {
    case ',':
      return 'comma';
    case ';':
      return 'semicolon';
    case '\t':
      return 'tab';
    case '|':
      return 'pipe (|)';
    default:
      return `"${delimiter}"`;
  }
}
