/** Rows per block of the loss pass: fixed, so its sums' order does not depend on the thread count. */
export const LOSS_BLOCK = 4096;

/** What the loss pass reads and writes; on shared memory when threads > 1. */
export interface LossData {
  /** Raw scores, rows × K. */
  raw: Float64Array;
  y: Float64Array;
  n: number;
  K: number;
  regression: boolean;
  /** Gradients and hessians per class (K arrays of n). */
  g: Float64Array[];
  h: Float64Array[];
  /** Per block: summed loss, then correct predictions (classification). */
  partial: Float64Array;
}

/**
 * Block b of one pass over the training rows: their loss (half squared error or log loss) and hits
 * at the current raw scores, and when asked the gradients and hessians the next trees fit.
 */
export function lossBlock(D: LossData, b: number, withGradients: boolean): void {
  const { raw, y, K } = D;
  const start = b * LOSS_BLOCK;
  const end = Math.min(D.n, start + LOSS_BLOCK);
  let loss = 0;
  let hits = 0;
  if (D.regression) {
    const g0 = D.g[0]!;
    const h0 = D.h[0]!;
    for (let i = start; i < end; i++) {
      const e = raw[i]! - y[i]!;
      loss += 0.5 * e * e;
      if (withGradients) {
        g0[i] = e;
        h0[i] = 1;
      }
    }
  } else if (K === 1) {
    const g0 = D.g[0]!;
    const h0 = D.h[0]!;
    for (let i = start; i < end; i++) {
      const t = raw[i]!;
      const yi = y[i]!;
      // Log loss and the sigmoid from one exponential, without overflow.
      const e = Math.exp(-Math.abs(t));
      loss += (t > 0 ? t : 0) + Math.log1p(e) - yi * t;
      if ((t > 0 ? 1 : 0) === yi) hits++;
      if (withGradients) {
        const p = t >= 0 ? 1 / (1 + e) : e / (1 + e);
        g0[i] = p - yi;
        h0[i] = p * (1 - p);
      }
    }
  } else {
    for (let i = start; i < end; i++) {
      const o = i * K;
      let max = -Infinity;
      let arg = 0;
      for (let k = 0; k < K; k++) {
        if (raw[o + k]! > max) {
          max = raw[o + k]!;
          arg = k;
        }
      }
      let sum = 0;
      for (let k = 0; k < K; k++) sum += Math.exp(raw[o + k]! - max);
      const yi = y[i]!;
      loss += max + Math.log(sum) - raw[o + yi]!;
      if (arg === yi) hits++;
      if (withGradients) {
        for (let k = 0; k < K; k++) {
          const p = Math.exp(raw[o + k]! - max) / sum;
          D.g[k]![i] = p - (yi === k ? 1 : 0);
          D.h[k]![i] = p * (1 - p);
        }
      }
    }
  }
  D.partial[2 * b] = loss;
  D.partial[2 * b + 1] = hits;
}

/** Mean loss and the metric (R² given the target's total sum of squares, or accuracy) from the blocks. */
export function lossTotals(D: LossData, ssTot: number): { loss: number; metric: number } {
  let loss = 0;
  let hits = 0;
  for (let b = 0; b < D.partial.length / 2; b++) {
    loss += D.partial[2 * b]!;
    hits += D.partial[2 * b + 1]!;
  }
  const metric = D.regression ? (ssTot > 0 ? 1 - (2 * loss) / ssTot : 0) : hits / D.n;
  return { loss: loss / D.n, metric };
}
