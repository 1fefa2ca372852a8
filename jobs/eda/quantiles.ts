import type { DuckDBConnection } from '@duckdb/node-api';
import type { ColumnPlan } from './plan';
import type { Quantiles } from './types';
import { validValues, type ValueBins } from './value-bins';
import { num } from './values';

export const PROBABILITIES = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99] as const;
const KEYS = ['p1', 'p5', 'p25', 'p50', 'p75', 'p95', 'p99'] as const;

/** Where the r-th smallest value (0-based) sits: its bin and its rank inside the bin. */
function locate(counts: readonly number[], rank: number): { bin: number; offset: number } {
  let before = 0;
  for (let bin = 0; bin < counts.length; bin++) {
    const c = counts[bin]!;
    if (rank < before + c) return { bin, offset: rank - before };
    before += c;
  }
  throw new Error(`rank ${rank} is beyond ${before} values`);
}

/**
 * Exact order statistics from value bins: the bin counts say which bin holds each wanted rank, and
 * one scan sorts only those bins' values (a few hundred per bin on typical data) instead of the
 * whole column. Unit bins hold a single value each, so they need no scan at all.
 */
export async function orderStatistics(
  connection: DuckDBConnection,
  source: string,
  plan: ColumnPlan,
  bins: ValueBins,
  ranks: readonly number[]
): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  const wanted = new Map<number, Set<number>>();
  for (const rank of ranks) {
    const { bin, offset } = locate(bins.counts, rank);
    if (bins.unit) out.set(rank, bins.lo + bin);
    else wanted.set(bin, (wanted.get(bin) ?? new Set()).add(offset));
  }
  if (wanted.size === 0) return out;
  const picks = [...wanted].map(([bin, offsets]) => [bin, [...offsets].sort((a, b) => a - b)] as const);
  // list_select is 1-based.
  const cases = picks.map(([bin, offsets]) => `WHEN ${bin} THEN [${offsets.map((o) => o + 1).join(', ')}]`);
  const sql =
    `SELECT f, list_select(list_sort(list(e)), CASE f ${cases.join(' ')} END) AS v ` +
    `FROM (SELECT ${bins.binExpr} AS f, e FROM ${validValues(source, plan)}) ` +
    `WHERE f IN (${picks.map(([bin]) => bin).join(', ')}) GROUP BY f`;
  const found = new Map<number, number[]>();
  for (const r of (await connection.runAndReadAll(sql)).getRowObjectsJS()) {
    found.set(num(r.f), (r.v as unknown[]).map(num));
  }
  for (const rank of ranks) {
    const { bin, offset } = locate(bins.counts, rank);
    if (out.has(rank)) continue;
    const offsets = wanted.get(bin)!;
    const values = found.get(bin);
    const at = [...offsets].sort((a, b) => a - b).indexOf(offset);
    if (!values || values[at] === undefined)
      throw new Error(`bin ${bin} of ${plan.name} changed between scans`);
    out.set(rank, values[at]!);
  }
  return out;
}

/** numpy's linear interpolation (`_lerp`), so results agree with pandas to the last bit where possible. */
function lerp(a: number, b: number, t: number): number {
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** The seven quantiles by linear interpolation (see {@link Quantiles}); null without values. */
export async function quantilesFromBins(
  connection: DuckDBConnection,
  source: string,
  plan: ColumnPlan,
  bins: ValueBins
): Promise<Quantiles | null> {
  const n = bins.counts.reduce((s, c) => s + c, 0);
  if (n === 0) return null;
  const positions = PROBABILITIES.map((p) => {
    const h = (n - 1) * p;
    const below = Math.floor(h);
    return { below, above: Math.min(below + 1, n - 1), t: h - below };
  });
  const stats = await orderStatistics(connection, source, plan, bins, [
    ...new Set(positions.flatMap((p) => [p.below, p.above]))
  ]);
  const values = positions.map((p) => lerp(stats.get(p.below)!, stats.get(p.above)!, p.t));
  return Object.fromEntries(KEYS.map((k, j) => [k, values[j]!])) as unknown as Quantiles;
}
