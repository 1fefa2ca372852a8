import type { ColumnLayout } from './column-layout';
import type { CsvDialect } from './sniff-dialect';

/** Name given to the unnamed column a trailing delimiter creates, so it can be excluded. */
export const TRAILING_COLUMN = '__pipeweave_trailing_delimiter__';

/** Marker in the error raised when that column turns out to hold data after all. */
export const TRAILING_VALUE_ERROR = 'pipeweave: value in the unnamed trailing column';

/** Lines up to this length are accepted (DuckDB's default of 2 MB rejects real-world text blobs). */
export const MAX_LINE_BYTES = 10 * 1024 * 1024;

/**
 * DuckDB sizes its read buffer at 16 × max_line_size unless told otherwise: 160 MB per thread for
 * our limit, which pushed peak RSS from ~450 MB to ~700 MB in measurements. 32 MB is DuckDB's
 * default buffer and still holds three maximum-length lines.
 */
const BUFFER_BYTES = 32 * 1024 * 1024;

/** How permissive one conversion attempt is; later attempts relax what the first one tripped on. */
export interface ConversionMode {
  /** Infer types from every row instead of a sample (after a late value broke the sampled type). */
  sampleAll: boolean;
  /** DuckDB's strict mode; relaxed only once our own scan found the structure sound. */
  strict: boolean;
  /** Last resort: every column VARCHAR. */
  allVarchar: boolean;
}

/** Quotes a SQL string literal. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** Quotes a SQL identifier. */
export function sqlIdentifier(value: string): string {
  return `"${value.replaceAll('"', '""')}"`;
}

/**
 * The `read_csv(...)` call for a sniffed file. Everything we already know is pinned, because the
 * DuckDB sniffer otherwise "helps" in ways that lose data: it takes `#` as a comment marker and drops
 * those rows, it may skip leading rows it finds odd, and it reads hive partitions from `key=value`
 * folders in the path. Types are still inferred by DuckDB.
 */
export function readCsvCall(
  csvPath: string,
  dialect: CsvDialect,
  layout: ColumnLayout,
  mode: ConversionMode
): string {
  const skipHeader = dialect.trailingDelimiter === 'all' || dialect.trailingDelimiter === 'header-only';
  // A header whose trailing delimiter we handle is skipped as a line and replaced by explicit names.
  const names =
    dialect.trailingDelimiter === 'all'
      ? [...layout.names, TRAILING_COLUMN]
      : dialect.trailingDelimiter === 'header-only'
        ? layout.names
        : null;
  const header = dialect.hasHeader && !skipHeader;
  const skip = dialect.leadingBlankLines + (dialect.hasHeader && skipHeader ? 1 : 0);
  const options = [
    `delim=${sqlString(dialect.delimiter)}`,
    `quote='"'`,
    `escape='"'`,
    `header=${header}`,
    `skip=${skip}`,
    `comment=''`,
    `encoding='utf-8'`,
    `compression='none'`,
    `hive_partitioning=false`,
    `max_line_size=${MAX_LINE_BYTES}`,
    `buffer_size=${BUFFER_BYTES}`,
    ...(names ? [`names=[${names.map(sqlString).join(', ')}]`] : []),
    ...(dialect.decimalComma ? [`decimal_separator=','`] : []),
    ...(mode.sampleAll ? ['sample_size=-1'] : []),
    ...(mode.strict ? [] : ['strict_mode=false']),
    ...(mode.allVarchar ? ['all_varchar=true'] : [])
  ];
  return `read_csv(${sqlString(csvPath)}, ${options.join(', ')})`;
}

/**
 * One statement that reads, checks and writes: DuckDB aborts the COPY on the first malformed row
 * (strict mode, no ignore_errors), so a clean file costs a single pass and a broken one stops early.
 */
export function copyToParquetSql(
  csvPath: string,
  parquetPath: string,
  dialect: CsvDialect,
  layout: ColumnLayout,
  mode: ConversionMode
): string {
  const source = readCsvCall(csvPath, dialect, layout, mode);
  const trailing = sqlIdentifier(TRAILING_COLUMN);
  // Reading the unnamed column in WHERE keeps DuckDB from pruning it, so a value in it is noticed.
  const select =
    dialect.trailingDelimiter === 'all'
      ? `SELECT * EXCLUDE (${trailing}) FROM ${source} WHERE CASE WHEN ${trailing} IS NULL THEN true ELSE error(${sqlString(TRAILING_VALUE_ERROR)}) END`
      : `SELECT * FROM ${source}`;
  return `COPY (${select}) TO ${sqlString(parquetPath)} (FORMAT parquet)`;
}
