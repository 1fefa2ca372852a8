import { invalidParam } from '../errors';
import type { Matrix } from '../matrix';
import { checkCancelled, report, type TrainHooks } from '../progress';
import { lbfgs } from './lbfgs';

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

export function fitLogistic(
  X: Matrix,
  y: Int32Array,
  nClasses: number,
  p: LogisticParams,
  hooks?: TrainHooks
): LogisticModel {
  if (!(p.C > 0)) throw invalidParam('C', `C must be positive, got ${p.C}.`, 'Use a value such as 1.');
  const n = X.rows;
  const d = X.cols;
  const rows = nClasses === 2 ? 1 : nClasses;
  const stride = d + 1;
  const weights = sampleWeights(y, nClasses, p.classWeight);
  const lambda = p.penalty === 'none' ? 0 : 1 / p.C;
  const data = X.data;
  const z = new Float64Array(rows);
  const fg = (w: Float64Array, g: Float64Array): number => {
    g.fill(0);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const off = i * d;
      for (let k = 0; k < rows; k++) {
        const wk = k * stride;
        let s = p.fitIntercept ? w[wk + d]! : 0;
        for (let j = 0; j < d; j++) s += w[wk + j]! * data[off + j]!;
        z[k] = s;
      }
      const wi = weights[i]!;
      const yi = y[i]!;
      if (rows === 1) {
        const t = z[0]!;
        // log(1 + e^t) − y·t, computed without overflow.
        loss += wi * ((t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t))) - (yi === 1 ? t : 0));
        z[0] = wi * (1 / (1 + Math.exp(-t)) - (yi === 1 ? 1 : 0));
      } else {
        let max = -Infinity;
        for (let k = 0; k < rows; k++) max = Math.max(max, z[k]!);
        let sum = 0;
        for (let k = 0; k < rows; k++) sum += Math.exp(z[k]! - max);
        loss += wi * (max + Math.log(sum) - z[yi]!);
        for (let k = 0; k < rows; k++) z[k] = wi * (Math.exp(z[k]! - max) / sum - (k === yi ? 1 : 0));
      }
      for (let k = 0; k < rows; k++) {
        const r = z[k]!;
        if (r === 0) continue;
        const wk = k * stride;
        for (let j = 0; j < d; j++) g[wk + j]! += r * data[off + j]!;
        if (p.fitIntercept) g[wk + d]! += r;
      }
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
  const result = lbfgs(fg, new Float64Array(rows * stride), {
    maxIter: p.maxIter,
    gtol: p.tol,
    onIteration: (iter, f) => {
      lossCurve.push(f);
      checkCancelled(hooks);
      report(hooks, 'logistic_regression', 'iteration', iter, p.maxIter);
    }
  });
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
