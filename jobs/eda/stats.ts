import type { DuckDBConnection } from '@duckdb/node-api';
import { parquetRowCountSql, parquetSource } from '../schema/profile-sql';
import { analyse, type AnalyseOptions } from './analyse';
import { openEdaSession } from './session';
import type { EdaOptions, EdaStats } from './types';
import { num } from './values';

export type * from './types';
export { WARNING_THRESHOLDS, edaWarnings } from './warnings';

/** Exact exploratory statistics of a typed Parquet file (see {@link analyse} for how it is scanned). */
export async function computeEda(parquetPath: string, options: EdaOptions = {}): Promise<EdaStats> {
  const session = await openEdaSession();
  try {
    return await analyseParquet(session.connection, parquetPath, options);
  } finally {
    session.close();
  }
}

/** Rows of a Parquet file from its footer: no data is read. */
export async function parquetRows(connection: DuckDBConnection, parquetPath: string): Promise<number> {
  const meta = await connection.runAndReadAll(parquetRowCountSql(parquetPath));
  return num(meta.getRowObjectsJS()[0]?.n);
}

export async function analyseParquet(
  connection: DuckDBConnection,
  parquetPath: string,
  options: AnalyseOptions = {}
): Promise<EdaStats> {
  const rowsHint = await parquetRows(connection, parquetPath);
  return analyse(connection, parquetSource(parquetPath), { rowsHint, ...options });
}
