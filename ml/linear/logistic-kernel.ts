/** Rows per block of the objective: fixed, so the sums' order does not depend on the thread count. */
export const BLOCK = 4096;

/** What every thread of a logistic fit reads; on shared memory when threads > 1. */
export interface LogisticData {
  /** n × d row-major. */
  X: Float64Array;
  n: number;
  d: number;
  y: Int32Array;
  weights: Float64Array;
  /** Coefficient rows: 1 for two classes, K for more; each d coefficients and an intercept slot. */
  rows: number;
  fitIntercept: boolean;
  /** The point the objective is taken at, written by the calling thread before each step. */
  w: Float64Array;
  /** Per block: the gradient (rows × (d + 1)) then the loss. */
  partial: Float64Array;
}

export const partialSize = (D: Pick<LogisticData, 'rows' | 'd'>): number => D.rows * (D.d + 1) + 1;

/** Loss and gradient of block b's rows (weighted log loss, no penalty) into its part of `partial`. */
export function blockObjective(D: LogisticData, b: number): void {
  const { X, d, y, weights, w, rows, fitIntercept } = D;
  const P = partialSize(D);
  const out = b * P;
  const start = b * BLOCK;
  const end = Math.min(D.n, start + BLOCK);
  const stride = d + 1;
  D.partial.fill(0, out, out + P);
  const g = D.partial;
  let loss = 0;
  if (rows === 1) {
    const w0 = fitIntercept ? w[d]! : 0;
    let gb = 0;
    for (let i = start; i < end; i++) {
      const off = i * d;
      let s0 = w0;
      let s1 = 0;
      let j = 0;
      for (; j + 1 < d; j += 2) {
        s0 += w[j]! * X[off + j]!;
        s1 += w[j + 1]! * X[off + j + 1]!;
      }
      if (j < d) s0 += w[j]! * X[off + j]!;
      const t = s0 + s1;
      const wi = weights[i]!;
      const yi = y[i] === 1 ? 1 : 0;
      // log(1 + e^t) − y·t and the sigmoid from one exponential, without overflow.
      const e = Math.exp(-Math.abs(t));
      loss += wi * ((t > 0 ? t : 0) + Math.log1p(e) - yi * t);
      const r = wi * ((t >= 0 ? 1 / (1 + e) : e / (1 + e)) - yi);
      if (r === 0) continue;
      for (let k = 0; k < d; k++) g[out + k]! += r * X[off + k]!;
      gb += r;
    }
    if (fitIntercept) g[out + d] = gb;
    g[out + P - 1] = loss;
    return;
  }
  const z = new Float64Array(rows);
  for (let i = start; i < end; i++) {
    const off = i * d;
    for (let k = 0; k < rows; k++) {
      const wk = k * stride;
      let s = fitIntercept ? w[wk + d]! : 0;
      for (let j = 0; j < d; j++) s += w[wk + j]! * X[off + j]!;
      z[k] = s;
    }
    const wi = weights[i]!;
    const yi = y[i]!;
    let max = -Infinity;
    for (let k = 0; k < rows; k++) max = Math.max(max, z[k]!);
    let sum = 0;
    for (let k = 0; k < rows; k++) sum += Math.exp(z[k]! - max);
    loss += wi * (max + Math.log(sum) - z[yi]!);
    for (let k = 0; k < rows; k++) {
      const r = wi * (Math.exp(z[k]! - max) / sum - (k === yi ? 1 : 0));
      if (r === 0) continue;
      const wk = out + k * stride;
      for (let j = 0; j < d; j++) g[wk + j]! += r * X[off + j]!;
      if (fitIntercept) g[wk + d]! += r;
    }
  }
  g[out + P - 1] = loss;
}
