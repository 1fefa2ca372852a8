import type { DuckDBConnection } from '@duckdb/node-api';
import type { ColumnPlan } from './plan';
import type { TopValue } from './types';
import { nullableNum, nullableValue, num } from './values';

export interface ValueCounts {
  top: TopValue[];
  /** Exact: the number of groups. */
  distinct: number;
  /** Lexical bounds (null for booleans and empty columns). */
  min: string | null;
  max: string | null;
  /** Mean text length, for the memory estimate. */
  meanLength: number | null;
}

/**
 * The most frequent values, the exact number of distinct values, the bounds and the mean length, from
 * one grouped scan: grouping every value is needed for the top values anyway, and everything else is
 * computed over the (far fewer) groups. Ties are broken by the value's text so results are stable.
 */
export async function valueCounts(
  connection: DuckDBConnection,
  source: string,
  plan: ColumnPlan,
  k: number
): Promise<ValueCounts> {
  const bounds = plan.family !== 'boolean';
  const extra = [
    ...(bounds ? ['CAST(min(v) OVER () AS VARCHAR) AS lo', 'CAST(max(v) OVER () AS VARCHAR) AS hi'] : []),
    ...(plan.family === 'string' ? ['sum(strlen(v) * c) OVER () / sum(c) OVER () AS len'] : [])
  ];
  const sql =
    `SELECT CAST(v AS VARCHAR) AS v, c, count(*) OVER () AS d${extra.map((x) => `, ${x}`).join('')} ` +
    `FROM (SELECT ${plan.id} AS v, count(*) AS c FROM ${source} WHERE ${plan.id} IS NOT NULL GROUP BY 1) ` +
    `ORDER BY c DESC, CAST(v AS VARCHAR) LIMIT ${k}`;
  const rows = (await connection.runAndReadAll(sql)).getRowObjectsJS();
  const first = rows[0];
  return {
    top: rows.map((r) => ({ value: String(r.v), count: num(r.c) })),
    distinct: first ? num(first.d) : 0,
    min: first && bounds ? (nullableValue(first.lo) as string | null) : null,
    max: first && bounds ? (nullableValue(first.hi) as string | null) : null,
    meanLength: first ? nullableNum(first.len) : null
  };
}
