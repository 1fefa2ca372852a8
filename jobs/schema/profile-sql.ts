import { sqlIdentifier, sqlString } from '../validation/read-csv-sql';
import { isNumericFamily, isScalarFamily, typeFamily } from './type-family';

/** A column as DESCRIBE reports it. */
export interface DescribedColumn {
  name: string;
  duckdbType: string;
}

/** `read_parquet(...)` for one file; hive partitioning off so a `key=value` folder adds no column. */
export function parquetSource(parquetPath: string): string {
  return `read_parquet(${sqlString(parquetPath)}, hive_partitioning=false)`;
}

/** Row count from the Parquet footer: no data is read. */
export function parquetRowCountSql(parquetPath: string): string {
  return `SELECT coalesce(sum(num_rows), 0) AS n FROM parquet_file_metadata(${sqlString(parquetPath)})`;
}

/**
 * One aggregate statement over every column: DuckDB computes all of them in a single parallel scan of
 * the Parquet file, so cost grows with the data once, not once per column. Aliases are positional
 * (`c3_n`) because column names may contain anything.
 *
 * @param exactDistinct count(DISTINCT) instead of HyperLogLog; affordable (and exact for the 2- and
 *   3-valued columns where inference needs it) on small files, too costly in memory on large ones.
 */
export function profileAggregateSql(
  source: string,
  columns: readonly DescribedColumn[],
  exactDistinct: boolean
): string {
  const parts = ['count(*) AS row_count'];
  columns.forEach((column, i) => {
    const q = sqlIdentifier(column.name);
    const family = typeFamily(column.duckdbType);
    parts.push(`count(${q}) AS c${i}_n`);
    if (!isScalarFamily(family)) return;
    parts.push(
      exactDistinct
        ? `count(DISTINCT ${q}) AS c${i}_distinct`
        : `approx_count_distinct(${q}) AS c${i}_distinct`,
      `CAST(min(${q}) AS VARCHAR) AS c${i}_min`,
      `CAST(max(${q}) AS VARCHAR) AS c${i}_max`
    );
    if (isNumericFamily(family)) {
      // NaN and ±inf would turn the mean into NaN and are not whole numbers either.
      const finite = family === 'floating' ? `isfinite(${q})` : 'true';
      parts.push(`avg(${q}::DOUBLE) FILTER (WHERE ${finite}) AS c${i}_mean`);
      if (family !== 'integer') {
        parts.push(`count(*) FILTER (WHERE ${finite} AND ${q} = trunc(${q})) AS c${i}_integral`);
      }
    }
    if (family === 'string') {
      parts.push(
        `min(length(${q})) AS c${i}_minlen`,
        `max(length(${q})) AS c${i}_maxlen`,
        `avg(length(${q})) AS c${i}_meanlen`
      );
    }
  });
  return `SELECT ${parts.join(', ')} FROM ${source}`;
}

/**
 * A uniform row sample with every column as text. Reservoir sampling keeps each row equally likely
 * wherever it sits in the file (the first N rows of a sorted file would all share one month, hiding
 * the days > 12 that tell day-first from month-first dates). A file smaller than the sample is read
 * whole.
 */
export function sampleRowsSql(
  source: string,
  columns: readonly DescribedColumn[],
  sampleSize: number
): string {
  const cols = columns.map((c, i) => `CAST(${sqlIdentifier(c.name)} AS VARCHAR) AS c${i}`);
  return `SELECT ${cols.join(', ')} FROM ${source} USING SAMPLE reservoir(${sampleSize} ROWS) REPEATABLE (42)`;
}

/**
 * First non-null values of mostly-empty columns, which a row sample barely reaches. One statement for
 * all of them; each branch stops at its LIMIT, so this reads only as far as the values go.
 */
export function nonNullValuesSql(
  source: string,
  columns: ReadonlyArray<{ index: number; name: string }>,
  limit: number
): string {
  return columns
    .map(
      ({ index, name }) =>
        `(SELECT ${index} AS i, CAST(${sqlIdentifier(name)} AS VARCHAR) AS v FROM ${source} ` +
        `WHERE ${sqlIdentifier(name)} IS NOT NULL LIMIT ${limit})`
    )
    .join(' UNION ALL ');
}
