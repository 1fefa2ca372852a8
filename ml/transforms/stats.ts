/** Sorted present values of a numeric column (missing cells skipped). */
export function presentSorted(values: Float64Array, missing: Uint8Array): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (!missing[i]) n++;
  const out = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < values.length; i++) if (!missing[i]) out[k++] = values[i]!;
  return out.sort();
}

/** numpy's default (linear) quantile of sorted values. */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = q * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Mean and population variance of the present values, by Welford (stable on large offsets). */
export function meanVar(
  values: Float64Array,
  missing: Uint8Array
): { mean: number; variance: number; count: number } {
  let mean = 0;
  let m2 = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    if (missing[i]) continue;
    const x = values[i]!;
    count++;
    const d = x - mean;
    mean += d / count;
    m2 += d * (x - mean);
  }
  return { mean: count ? mean : NaN, variance: count ? m2 / count : NaN, count };
}
