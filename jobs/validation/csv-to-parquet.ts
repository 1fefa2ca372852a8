import type { ColumnLayout } from './column-layout';
import { runWithProgress, type DuckDbSession } from './duckdb-session';
import { copyToParquetSql, sqlString, TRAILING_VALUE_ERROR, type ConversionMode } from './read-csv-sql';
import type { CsvDialect } from './sniff-dialect';

/** A column of the written Parquet file with its DuckDB type. */
export interface ColumnType {
  name: string;
  type: string;
}

/**
 * Why DuckDB refused the file: `cast` — a value later in the file does not fit the type inferred
 * from the sample; `unnamed_column` — the column we took for a trailing delimiter holds data;
 * `csv` — anything else about the file's content (ragged rows, quotes, encoding, line length).
 */
export type ConversionFailureKind = 'cast' | 'unnamed_column' | 'csv';

/** Result of one conversion attempt. */
export type ConversionOutcome =
  | { ok: true; rows: number; columns: ColumnType[] }
  | { ok: false; kind: ConversionFailureKind; message: string };

/**
 * Sorts DuckDB errors into content problems (returned) and environment problems such as a full disk
 * or memory exhaustion (null: the caller rethrows them, so the job can be retried).
 */
export function classifyDuckDbError(message: string): ConversionFailureKind | null {
  if (message.includes(TRAILING_VALUE_ERROR)) return 'unnamed_column';
  if (message.startsWith('Conversion Error') || message.includes('Could not convert string')) return 'cast';
  if (message.startsWith('Invalid Input Error') || message.startsWith('Binder Error')) return 'csv';
  return null;
}

/**
 * The first line of a DuckDB error, capped: its messages quote the offending line in full, which can
 * be megabytes long.
 */
export function shortDuckDbMessage(message: string, max = 300): string {
  const first = message.split('\n', 1)[0] ?? '';
  return first.length > max ? `${first.slice(0, max)}…` : first;
}

/**
 * Converts the CSV to Parquet in one DuckDB pass and reads back the Parquet schema.
 *
 * @throws the DuckDB error when it is not about the file's content.
 */
export async function convertCsvToParquet(
  session: DuckDbSession,
  input: {
    csvPath: string;
    parquetPath: string;
    dialect: CsvDialect;
    layout: ColumnLayout;
    mode: ConversionMode;
  },
  onProgress?: (fraction: number) => void
): Promise<ConversionOutcome> {
  const { csvPath, parquetPath, dialect, layout, mode } = input;
  let rows: number;
  try {
    rows = await runWithProgress(
      session.connection,
      copyToParquetSql(csvPath, parquetPath, dialect, layout, mode),
      onProgress
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const kind = classifyDuckDbError(message);
    if (!kind) throw error;
    return { ok: false, kind, message };
  }
  const reader = await session.connection.runAndReadAll(
    `SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(${sqlString(parquetPath)}))`
  );
  const columns = reader.getRows().map(([name, type]) => ({ name: String(name), type: String(type) }));
  return { ok: true, rows, columns };
}
