import { DuckDBInstance } from '@duckdb/node-api';
import { sqlString } from '../validation/read-csv-sql';

/** Writes a query's result as a Parquet file (test data). */
export async function writeParquet(target: string, select: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(`COPY (${select}) TO ${sqlString(target)} (FORMAT parquet)`);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Ten rows with known statistics. x = 1..9 permuted (row 10 missing), y = 2x + 1. */
export const SAMPLE_SQL = `SELECT
  i::INTEGER AS id,
  CASE WHEN i = 10 THEN NULL ELSE (i * 7 % 10)::DOUBLE END AS x,
  CASE WHEN i = 10 THEN NULL ELSE 2 * (i * 7 % 10)::DOUBLE + 1 END AS y,
  CASE WHEN i <= 5 THEN 'a' WHEN i <= 8 THEN 'b' ELSE 'c' END AS cat,
  'same' AS k,
  CASE WHEN i <= 3 THEN 'v' || i::VARCHAR END AS sparse,
  i % 2 = 0 AS flag,
  DATE '2024-01-01' + i::INTEGER AS day,
  CASE WHEN i = 10 THEN 1000 ELSE 1 END::INTEGER AS skewed
FROM range(1, 11) t(i)`;
