import type { DuckDBConnection } from '@duckdb/node-api';
import { sqlString } from '../validation/read-csv-sql';
import { num } from './values';

/**
 * Missing values per column from the Parquet footer's null counts: exact, and known in milliseconds
 * because no data is read. Null when any column's count is absent (another writer, nested columns).
 */
export async function missingFromFooter(
  connection: DuckDBConnection,
  parquetPath: string,
  names: readonly string[]
): Promise<Map<string, number> | null> {
  const sql =
    `SELECT path_in_schema AS name, sum(stats_null_count) AS missing, ` +
    `count(stats_null_count) = count(*) AS complete ` +
    `FROM parquet_metadata(${sqlString(parquetPath)}) GROUP BY 1`;
  const found = new Map<string, number>();
  for (const r of (await connection.runAndReadAll(sql)).getRowObjectsJS()) {
    if (r.complete === true) found.set(String(r.name), num(r.missing));
  }
  return names.every((n) => found.has(n)) ? found : null;
}
