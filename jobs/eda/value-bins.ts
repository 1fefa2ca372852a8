import type { DuckDBConnection } from '@duckdb/node-api';
import type { ColumnPlan } from './plan';
import type { Histogram } from './types';
import { double, num } from './values';

/** Fine bins per column: a multiple of the histogram's 20 so each histogram bin is whole fine bins. */
export const FINE_BINS = 5120;

/**
 * A numeric or datetime column cut into many equal-width bins in one grouped scan. The bins give the
 * histogram, locate every order statistic (see quantiles.ts), and sum per-bin distinct estimates;
 * with unit bins (an integer column spanning fewer than {@link FINE_BINS} values) each bin is one
 * value, so quantiles and distinct counts need nothing more.
 */
export interface ValueBins {
  lo: number;
  hi: number;
  /** One bin per integer value from `lo`. */
  unit: boolean;
  counts: number[];
  /** The SQL giving each row's bin (as `f`) from its cleaned value `e`. */
  binExpr: string;
  /** Exact when `unit`, else the sum of per-bin HyperLogLog estimates; null when not asked for. */
  distinct: number | null;
  /** Σ(x − mean)³ over the valid values, when a mean was given (for the skewness). */
  centralSum3: number | null;
}

function isIntegral(plan: ColumnPlan): boolean {
  return plan.family === 'integer' || plan.datetime;
}

/** How a value maps to its bin, from the column's exact bounds. */
export function binLayout(
  plan: ColumnPlan,
  lo: number,
  hi: number
): { unit: boolean; size: number; binExpr: string } {
  if (isIntegral(plan) && hi - lo + 1 <= FINE_BINS) {
    return { unit: true, size: hi - lo + 1, binExpr: `(e - ${double(lo)})::INTEGER` };
  }
  const scale = FINE_BINS / (hi - lo);
  if (hi === lo || !Number.isFinite(scale)) return { unit: false, size: 1, binExpr: '0' };
  return {
    unit: false,
    size: FINE_BINS,
    binExpr: `least(floor((e - ${double(lo)}) * ${double(scale)}), ${FINE_BINS - 1})::INTEGER`
  };
}

/** The column's cleaned values, as `e`, without missing or non-finite ones. */
export function validValues(source: string, plan: ColumnPlan): string {
  return `(SELECT ${plan.valueExpr} AS e FROM ${source}) WHERE e IS NOT NULL`;
}

export async function valueBins(
  connection: DuckDBConnection,
  source: string,
  plan: ColumnPlan,
  bounds: { lo: number; hi: number; mean: number | null },
  want: { distinct: boolean }
): Promise<ValueBins> {
  const { lo, hi, mean } = bounds;
  const layout = binLayout(plan, lo, hi);
  const extra: string[] = [];
  if (want.distinct && !layout.unit) extra.push('approx_count_distinct(e) AS d');
  if (mean !== null) {
    // Centred on the exact mean: raw power sums would cancel catastrophically for large values.
    const c = `(e - ${double(mean)})`;
    extra.push(`sum(${c} * ${c} * ${c}) AS m3`);
  }
  const sql =
    `SELECT ${layout.binExpr} AS f, count(*) AS n${extra.map((x) => `, ${x}`).join('')} ` +
    `FROM ${validValues(source, plan)} GROUP BY 1`;
  const counts = new Array<number>(layout.size).fill(0);
  let distinct = 0;
  let m3 = 0;
  for (const r of (await connection.runAndReadAll(sql)).getRowObjectsJS()) {
    counts[num(r.f)] = num(r.n);
    distinct += layout.unit ? 1 : num(r.d);
    m3 += num(r.m3);
  }
  return {
    lo,
    hi,
    unit: layout.unit,
    counts,
    binExpr: layout.binExpr,
    distinct: want.distinct || layout.unit ? distinct : null,
    centralSum3: mean === null ? null : m3
  };
}

/**
 * The equal-width histogram (`bins` bins from min to max) made of whole fine bins. An integer column
 * spanning at most `bins` values gets one bin per value, centred on it.
 */
export function histogramFrom(v: ValueBins, bins: number): Histogram {
  const total = v.counts.length;
  if (v.unit && total <= bins) {
    return {
      edges: Array.from({ length: total + 1 }, (_, k) => v.lo - 0.5 + k),
      counts: [...v.counts]
    };
  }
  if (v.hi === v.lo) return { edges: [v.lo - 0.5, v.lo + 0.5], counts: [v.counts[0] ?? 0] };
  const counts = new Array<number>(bins).fill(0);
  const width = (v.hi - v.lo) / bins;
  for (let f = 0; f < total; f++) {
    const c = v.counts[f]!;
    if (c === 0) continue;
    const j = v.unit ? Math.floor((f * bins) / (v.hi - v.lo)) : Math.floor((f * bins) / total);
    counts[Math.min(j, bins - 1)]! += c;
  }
  const edges = Array.from({ length: bins + 1 }, (_, k) => (k === bins ? v.hi : v.lo + k * width));
  return { edges, counts };
}
