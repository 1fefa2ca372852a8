import type { DuckDBConnection } from '@duckdb/node-api';
import { correlatedColumns, correlationAggregates, readCorrelations } from './correlation';
import { cleanedSource, type ColumnPlan } from './plan';
import type { Correlations } from './types';
import { finiteOrNull, num, nullableNum, nullableValue } from './values';

/** What one aggregate scan over every column yields, per column. */
export interface ColumnOverview {
  count: number;
  /** Non-missing finite numbers (numeric), or non-missing values (datetime). */
  valid: number;
  /** Exact distinct count when it was asked for, else null. */
  distinct: number | null;
  /** Numeric: finite min/max; datetime: epoch ms; null for other columns. */
  min: number | string | null;
  max: number | string | null;
  mean: number | null;
  std: number | null;
}

export interface Overview {
  rows: number;
  columns: ColumnOverview[];
  /** Rows minus distinct row hashes: an upper bound on duplicate rows, exact when 0. */
  hashDuplicates: number;
  correlations: Correlations;
}

/**
 * One aggregate statement over every column: DuckDB computes all of them, the numeric correlations
 * included, in a single parallel scan. Quantiles are left out on purpose: `quantile_cont` buffers and
 * sorts every value of every column and was most of the report's time; they come from value bins
 * instead (see quantiles.ts). Aliases are positional (`c3_n`) because column names may contain anything.
 *
 * @param exactDistinct count(DISTINCT) per numeric/datetime column; only affordable on small inputs.
 * @param duplicates also count distinct row hashes (for the duplicate-row figure).
 */
export function overviewSql(
  source: string,
  plans: readonly ColumnPlan[],
  exactDistinct: boolean,
  duplicates: boolean
): string {
  const parts = ['count(*) AS row_count'];
  for (const p of plans) {
    const i = p.index;
    parts.push(`count(${p.id}) AS c${i}_n`);
    if (p.family === 'other') continue;
    if (p.valueExpr !== null) {
      const v = `e${i}`;
      parts.push(`min(${v}) AS c${i}_min`, `max(${v}) AS c${i}_max`, `count(${v}) AS c${i}_valid`);
      if (exactDistinct) parts.push(`count(DISTINCT ${p.id}) AS c${i}_distinct`);
      if (p.numeric) {
        parts.push(`avg(${v}) AS c${i}_mean`, `stddev_samp(${v}) AS c${i}_std`);
      }
    }
    // Text bounds and lengths come with the value counts, computed over groups rather than rows.
  }
  parts.push(...correlationAggregates(correlatedColumns(plans)));
  if (duplicates && plans.length > 0) {
    // Equal rows hash equal (NULLs included), so rows − distinct hashes ≥ true duplicates.
    parts.push(`count(DISTINCT hash(${plans.map((p) => p.id).join(', ')})) AS row_hashes`);
  }
  return `SELECT ${parts.join(', ')} FROM ${cleanedSource(source, plans)}`;
}

export async function runOverview(
  connection: DuckDBConnection,
  source: string,
  plans: readonly ColumnPlan[],
  options: { exactDistinct: boolean; duplicates: boolean }
): Promise<Overview> {
  const sql = overviewSql(source, plans, options.exactDistinct, options.duplicates);
  const row = (await connection.runAndReadAll(sql)).getRowObjectsJS()[0] ?? {};
  const rows = num(row.row_count);
  const columns = plans.map((p) => {
    const i = p.index;
    const count = num(row[`c${i}_n`]);
    return {
      count,
      valid: row[`c${i}_valid`] === undefined ? count : num(row[`c${i}_valid`]),
      distinct: nullableNum(row[`c${i}_distinct`]),
      min: nullableValue(row[`c${i}_min`]),
      max: nullableValue(row[`c${i}_max`]),
      mean: finiteOrNull(row[`c${i}_mean`]),
      std: finiteOrNull(row[`c${i}_std`])
    };
  });
  return {
    rows,
    hashDuplicates: row.row_hashes === undefined ? 0 : rows - num(row.row_hashes),
    columns,
    correlations: readCorrelations(row, correlatedColumns(plans), (p) => {
      const c = columns[p.index]!;
      return c.valid > 1 && c.min !== c.max;
    })
  };
}
