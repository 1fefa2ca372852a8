import { invalidParam } from '../errors';
import type { Matrix } from '../matrix';
import { checkCancelled, report, type TrainHooks } from '../progress';
import { Team, threadCount, workerEntry } from '../threads/pool';
import { lbfgs } from './lbfgs';
import { BLOCK, blockObjective, partialSize, type LogisticData } from './logistic-kernel';

export interface LogisticParams {
  /** Inverse L2 strength: the objective is Σ wᵢ·lossᵢ + ‖W‖²/(2C), as in scikit-learn. */
  C: number;
  penalty: 'l2' | 'none';
  tol: number;
  maxIter: number;
  fitIntercept: boolean;
  classWeight: 'balanced' | null;
}

/** Binary models keep one row of coefficients (the positive class, code 1); multinomial ones K rows. */
export interface LogisticModel {
  kind: 'logistic_regression';
  nClasses: number;
  nFeatures: number;
  /** rows × nFeatures, row-major. */
  coef: Float64Array;
  intercept: Float64Array;
  iterations: number;
  converged: boolean;
  /** The objective after each L-BFGS iteration. */
  lossCurve: number[];
}

/**
 * Below this many matrix cells (rows × features × coefficient rows) a fit takes a few tenths of a
 * second, about what starting worker threads costs, so it stays on one thread whatever `threads`
 * says. The model is the same either way; tests lower it to exercise the threads on small data.
 */
export const logisticThreads = { minCells: 8_000_000 };

export async function fitLogistic(
  X: Matrix,
  y: Int32Array,
  nClasses: number,
  p: LogisticParams,
  hooks?: TrainHooks
): Promise<LogisticModel> {
  if (!(p.C > 0)) throw invalidParam('C', `C must be positive, got ${p.C}.`, 'Use a value such as 1.');
  const threads = threadCount(hooks);
  const n = X.rows;
  const d = X.cols;
  const rows = nClasses === 2 ? 1 : nClasses;
  const stride = d + 1;
  const lambda = p.penalty === 'none' ? 0 : 1 / p.C;
  const blocks = Math.ceil(n / BLOCK);
  // Blocks, not threads, fix the order of every sum: with one thread or several the bytes agree.
  const big = n * d * rows >= logisticThreads.minCells;
  const team = threads > 1 && blocks > 1 && big ? Math.min(threads, blocks) - 1 : 0;
  const onShared = <T extends Float64Array | Int32Array>(a: T): T => {
    if (!team || a.buffer instanceof SharedArrayBuffer) return a;
    const out = new (a.constructor as new (b: SharedArrayBuffer) => T)(new SharedArrayBuffer(a.byteLength));
    out.set(a as never);
    return out;
  };
  const D: LogisticData = {
    X: onShared(X.data),
    n,
    d,
    y: onShared(y),
    weights: onShared(sampleWeights(y, nClasses, p.classWeight)),
    rows,
    fitIntercept: p.fitIntercept,
    w: onShared(new Float64Array(rows * stride)),
    partial: onShared(new Float64Array(blocks * partialSize({ rows, d })))
  };
  const threadsTeam = team
    ? new Team(workerEntry(import.meta.url, 'logistic-worker'), { data: D }, team, hooks)
    : null;
  const P = partialSize(D);
  const block = (b: number) => blockObjective(D, b);
  const fg = async (w: Float64Array, g: Float64Array): Promise<number> => {
    D.w.set(w);
    if (threadsTeam) await threadsTeam.run({}, blocks, block);
    else for (let b = 0; b < blocks; b++) block(b);
    g.fill(0);
    let loss = 0;
    for (let b = 0; b < blocks; b++) {
      const o = b * P;
      for (let k = 0; k < P - 1; k++) g[k]! += D.partial[o + k]!;
      loss += D.partial[o + P - 1]!;
    }
    for (let k = 0; k < rows; k++) {
      for (let j = 0; j < d; j++) {
        const v = w[k * stride + j]!;
        loss += 0.5 * lambda * v * v;
        g[k * stride + j]! += lambda * v;
      }
    }
    return loss;
  };
  const lossCurve: number[] = [];
  let result;
  try {
    result = await lbfgs(fg, new Float64Array(rows * stride), {
      maxIter: p.maxIter,
      gtol: p.tol,
      onIteration: (iter, f) => {
        lossCurve.push(f);
        checkCancelled(hooks);
        // Per row, as the fitted model's curve keeps it (ml/train.ts).
        report(hooks, 'logistic_regression', 'iteration', iter, p.maxIter, () => ({
          step: lossCurve.length,
          metrics: { train_loss: f / n }
        }));
      }
    });
  } finally {
    await threadsTeam?.close();
  }
  const coef = new Float64Array(rows * d);
  const intercept = new Float64Array(rows);
  for (let k = 0; k < rows; k++) {
    coef.set(result.x.subarray(k * stride, k * stride + d), k * d);
    intercept[k] = p.fitIntercept ? result.x[k * stride + d]! : 0;
  }
  return {
    kind: 'logistic_regression',
    nClasses,
    nFeatures: d,
    coef,
    intercept,
    iterations: result.iterations,
    converged: result.converged,
    lossCurve
  };
}

/** Per-row weights: 1, or n / (K · count of the row's class) for balanced classes. */
export function sampleWeights(y: Int32Array, nClasses: number, classWeight: 'balanced' | null): Float64Array {
  const w = new Float64Array(y.length).fill(1);
  if (classWeight !== 'balanced') return w;
  const counts = new Float64Array(nClasses);
  for (let i = 0; i < y.length; i++) counts[y[i]!]!++;
  for (let i = 0; i < y.length; i++) w[i] = y.length / (nClasses * counts[y[i]!]!);
  return w;
}

/** Class probabilities, n × K row-major. */
export function logisticProba(m: LogisticModel, X: Matrix): Float64Array {
  const { rows: n, cols: d, data } = X;
  const K = m.nClasses;
  const rows = K === 2 ? 1 : K;
  const out = new Float64Array(n * K);
  const z = new Float64Array(rows);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < rows; k++) {
      let s = m.intercept[k]!;
      for (let j = 0; j < d; j++) s += m.coef[k * d + j]! * data[i * d + j]!;
      z[k] = s;
    }
    if (rows === 1) {
      const p1 = 1 / (1 + Math.exp(-z[0]!));
      out[i * 2] = 1 - p1;
      out[i * 2 + 1] = p1;
      continue;
    }
    let max = -Infinity;
    for (let k = 0; k < K; k++) max = Math.max(max, z[k]!);
    let sum = 0;
    for (let k = 0; k < K; k++) sum += Math.exp(z[k]! - max);
    for (let k = 0; k < K; k++) out[i * K + k] = Math.exp(z[k]! - max) / sum;
  }
  return out;
}
