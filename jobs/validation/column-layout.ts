import type { CsvDialect } from './sniff-dialect';

/** The columns a file will have once a trailing delimiter is accounted for. */
export interface ColumnLayout {
  /** Column names as they will appear in the Parquet file. */
  names: string[];
  /** Fields every data line must have (one more than `names` when each line ends with a delimiter). */
  expectedDataFields: number;
  /** The file line holding the header, or null without one. */
  headerLine: number | null;
}

/**
 * DuckDB's names for header-less files: column0, column1 … zero-padded to the width of the last
 * index (column00 … column11 for twelve columns). We generate the same so a failed file reports the
 * names a validated one would have had.
 */
export function defaultColumnNames(count: number): string[] {
  const width = String(Math.max(count - 1, 0)).length;
  return Array.from({ length: count }, (_, i) => `column${String(i).padStart(width, '0')}`);
}

/** Derives the effective columns from the sniffed dialect. */
export function columnLayout(dialect: CsvDialect): ColumnLayout {
  const { firstRecord, trailingDelimiter, hasHeader, leadingBlankLines } = dialect;
  const dropsLast = trailingDelimiter === 'all' || trailingDelimiter === 'header-only';
  const count = firstRecord.length - (dropsLast ? 1 : 0);
  return {
    names: hasHeader ? firstRecord.slice(0, count) : defaultColumnNames(count),
    expectedDataFields: trailingDelimiter === 'header-only' ? count : firstRecord.length,
    headerLine: hasHeader ? leadingBlankLines + 1 : null
  };
}
