import { invalidParam } from '../errors';
import type { Matrix } from '../matrix';

/** Ridge (alpha > 0) or ordinary least squares (alpha = 0): ‖y − Xw − b‖² + alpha‖w‖². */
export interface LinearModel {
  kind: 'linear_regression';
  nFeatures: number;
  coef: Float64Array;
  intercept: number;
}

/**
 * Solves the centred normal equations by Cholesky, as scikit-learn's Ridge(solver='cholesky') does.
 * When they are singular (collinear columns, e.g. one-hot without drop) and alpha is 0, falls back
 * to the minimum-norm least-squares solution, which is what LinearRegression returns.
 */
export function fitLinear(X: Matrix, y: Float64Array, alpha: number, fitIntercept: boolean): LinearModel {
  if (!(alpha >= 0))
    throw invalidParam(
      'alpha',
      `alpha must be 0 or more, got ${alpha}.`,
      'Use 0 for plain least squares, or e.g. 1.'
    );
  const { rows: n, cols: d, data } = X;
  const xMean = new Float64Array(d);
  let yMean = 0;
  if (fitIntercept) {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) xMean[j]! += data[i * d + j]!;
      yMean += y[i]!;
    }
    for (let j = 0; j < d; j++) xMean[j]! /= n;
    yMean /= n;
  }
  const A = new Float64Array(d * d);
  const b = new Float64Array(d);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) row[j] = data[i * d + j]! - xMean[j]!;
    const yi = y[i]! - yMean;
    for (let j = 0; j < d; j++) {
      const rj = row[j]!;
      b[j]! += rj * yi;
      for (let k = j; k < d; k++) A[j * d + k]! += rj * row[k]!;
    }
  }
  for (let j = 0; j < d; j++) {
    A[j * d + j]! += alpha;
    for (let k = 0; k < j; k++) A[j * d + k] = A[k * d + j]!;
  }
  const coef = choleskySolve(A, b, d) ?? minimumNormSolve(A, b, d);
  let intercept = 0;
  if (fitIntercept) {
    intercept = yMean;
    for (let j = 0; j < d; j++) intercept -= xMean[j]! * coef[j]!;
  }
  return { kind: 'linear_regression', nFeatures: d, coef, intercept };
}

/** Solves A·x = b for symmetric positive definite A; null when A is not (numerically) so. */
function choleskySolve(A: Float64Array, b: Float64Array, d: number): Float64Array | null {
  const L = new Float64Array(d * d);
  let maxDiag = 0;
  for (let j = 0; j < d; j++) maxDiag = Math.max(maxDiag, A[j * d + j]!);
  for (let j = 0; j < d; j++) {
    let s = A[j * d + j]!;
    for (let k = 0; k < j; k++) s -= L[j * d + k]! ** 2;
    if (!(s > 1e-12 * maxDiag)) return null;
    const ljj = Math.sqrt(s);
    L[j * d + j] = ljj;
    for (let i = j + 1; i < d; i++) {
      let t = A[i * d + j]!;
      for (let k = 0; k < j; k++) t -= L[i * d + k]! * L[j * d + k]!;
      L[i * d + j] = t / ljj;
    }
  }
  const z = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let t = b[i]!;
    for (let k = 0; k < i; k++) t -= L[i * d + k]! * z[k]!;
    z[i] = t / L[i * d + i]!;
  }
  const x = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let t = z[i]!;
    for (let k = i + 1; k < d; k++) t -= L[k * d + i]! * x[k]!;
    x[i] = t / L[i * d + i]!;
  }
  return x;
}

/** x = A⁺·b through a Jacobi eigendecomposition of the symmetric A, small eigenvalues dropped. */
function minimumNormSolve(A: Float64Array, b: Float64Array, d: number): Float64Array {
  const a = Float64Array.from(A);
  const V = new Float64Array(d * d);
  for (let i = 0; i < d; i++) V[i * d + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += a[p * d + q]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * d + q]! - a[p * d + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          const akp = a[k * d + p]!;
          const akq = a[k * d + q]!;
          a[k * d + p] = c * akp - s * akq;
          a[k * d + q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = a[p * d + k]!;
          const aqk = a[q * d + k]!;
          a[p * d + k] = c * apk - s * aqk;
          a[q * d + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < d; k++) {
          const vkp = V[k * d + p]!;
          const vkq = V[k * d + q]!;
          V[k * d + p] = c * vkp - s * vkq;
          V[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  let maxEig = 0;
  for (let i = 0; i < d; i++) maxEig = Math.max(maxEig, Math.abs(a[i * d + i]!));
  const x = new Float64Array(d);
  for (let e = 0; e < d; e++) {
    const lambda = a[e * d + e]!;
    if (Math.abs(lambda) <= 1e-10 * maxEig) continue;
    let proj = 0;
    for (let k = 0; k < d; k++) proj += V[k * d + e]! * b[k]!;
    for (let k = 0; k < d; k++) x[k]! += (V[k * d + e]! * proj) / lambda;
  }
  return x;
}

export function linearPredict(m: LinearModel, X: Matrix): Float64Array {
  const { rows: n, cols: d, data } = X;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = m.intercept;
    for (let j = 0; j < d; j++) s += m.coef[j]! * data[i * d + j]!;
    out[i] = s;
  }
  return out;
}
