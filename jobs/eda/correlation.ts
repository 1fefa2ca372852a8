import type { ColumnPlan } from './plan';
import type { Correlations } from './types';
import { finiteOrNull } from './values';

/**
 * Columns in the matrix: the first 50 numeric ones. The pairs grow with the square of the columns
 * (1,225 aggregates at 50), and a heatmap wider than that is no longer readable anyway.
 */
export const MAX_CORRELATED_COLUMNS = 50;

/** The numeric columns that enter the correlation matrix; identifiers are labels, not quantities. */
export function correlatedColumns(plans: readonly ColumnPlan[]): ColumnPlan[] {
  return plans.filter((p) => p.numeric && p.role !== 'id').slice(0, MAX_CORRELATED_COLUMNS);
}

/**
 * Pearson r of every pair, as aggregates for the overview scan (one pass reads each column
 * once for every statistic). Pairwise-complete rows, as pandas' `corr()`: corr() skips pairs with a
 * NULL, and non-finite values are NULL once cleaned (`e<index>`).
 */
export function correlationAggregates(plans: readonly ColumnPlan[]): string[] {
  const parts: string[] = [];
  for (let a = 0; a < plans.length; a++) {
    for (let b = a + 1; b < plans.length; b++) {
      parts.push(`corr(e${plans[a]!.index}, e${plans[b]!.index}) AS r${a}_${b}`);
    }
  }
  return parts;
}

/**
 * The matrix from the overview row. The diagonal is 1 for a column that varies and null for a
 * constant or empty one (corr(x, x) is undefined there), which `varies` tells.
 */
export function readCorrelations(
  row: Record<string, unknown>,
  plans: readonly ColumnPlan[],
  varies: (plan: ColumnPlan) => boolean
): Correlations {
  const matrix = plans.map((p, a) => plans.map((_, b) => (a === b && varies(p) ? 1 : null) as number | null));
  for (let a = 0; a < plans.length; a++) {
    for (let b = a + 1; b < plans.length; b++) {
      const r = finiteOrNull(row[`r${a}_${b}`]);
      matrix[a]![b] = r;
      matrix[b]![a] = r;
    }
  }
  return { columns: plans.map((p) => p.name), matrix };
}
