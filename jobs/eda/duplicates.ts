import type { DuckDBConnection } from '@duckdb/node-api';
import type { ColumnPlan } from './plan';
import { num } from './values';

/**
 * Exact duplicate rows (a row equal to an earlier one, NULLs equal, as pandas' `duplicated()`).
 * The overview scan already counted distinct row hashes; when that finds no duplicate there is none.
 * Otherwise only rows whose hash occurs more than once are compared in full, so a hash collision
 * can never count as a duplicate.
 */
export async function duplicateRows(
  connection: DuckDBConnection,
  source: string,
  plans: readonly ColumnPlan[],
  hashDuplicates: number
): Promise<number> {
  if (hashDuplicates === 0 || plans.length === 0) return 0;
  const cols = plans.map((p) => p.id).join(', ');
  const sql =
    `WITH hashed AS (SELECT hash(${cols}) AS __pw_row_hash, ${cols} FROM ${source}), ` +
    `shared AS (SELECT __pw_row_hash FROM hashed GROUP BY __pw_row_hash HAVING count(*) > 1), ` +
    `candidates AS (SELECT ${cols} FROM hashed WHERE __pw_row_hash IN (SELECT __pw_row_hash FROM shared)) ` +
    `SELECT (SELECT count(*) FROM candidates) - (SELECT count(*) FROM (SELECT DISTINCT * FROM candidates)) AS d`;
  return num((await connection.runAndReadAll(sql)).getRowObjectsJS()[0]?.d);
}
