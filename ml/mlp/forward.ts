import type { Matrix } from '../matrix';

export type Activation = 'relu' | 'tanh' | 'logistic' | 'identity';

export interface DenseLayer {
  /** inputs × units, row-major. */
  weights: Float32Array;
  bias: Float32Array;
  inputs: number;
  units: number;
}

/** A fitted multi-layer perceptron; prediction needs only these arrays, not TensorFlow.js. */
export interface MlpModel {
  kind: 'mlp';
  task: 'classification' | 'regression';
  nClasses: number;
  activation: Activation;
  layers: DenseLayer[];
  iterations: number;
  /** Mean training loss per epoch (L2 term included, as scikit-learn's loss_curve_). */
  lossCurve: number[];
  /** Validation accuracy or R² per epoch, when early stopping held rows out. */
  validationScores: number[];
}

function activate(a: Activation, x: number): number {
  switch (a) {
    case 'relu':
      return x > 0 ? x : 0;
    case 'tanh':
      return Math.tanh(x);
    case 'logistic':
      return 1 / (1 + Math.exp(-x));
    case 'identity':
      return x;
  }
}

/** Class probabilities (rows × K) or values (rows), computed in plain TypeScript. */
export function mlpPredict(m: MlpModel, X: Matrix): Float64Array {
  const n = X.rows;
  let input = X.data as Float64Array | Float32Array;
  let width = X.cols;
  m.layers.forEach((layer, li) => {
    const out = new Float64Array(n * layer.units);
    const last = li === m.layers.length - 1;
    for (let i = 0; i < n; i++) {
      for (let u = 0; u < layer.units; u++) {
        let s = layer.bias[u]!;
        for (let j = 0; j < width; j++) s += input[i * width + j]! * layer.weights[j * layer.units + u]!;
        out[i * layer.units + u] = last ? s : activate(m.activation, s);
      }
    }
    input = out;
    width = layer.units;
  });
  const z = input as Float64Array;
  if (m.task === 'regression') return z;
  if (m.nClasses === 2) {
    const proba = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) {
      const p1 = 1 / (1 + Math.exp(-z[i]!));
      proba[i * 2] = 1 - p1;
      proba[i * 2 + 1] = p1;
    }
    return proba;
  }
  const K = m.nClasses;
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let k = 0; k < K; k++) max = Math.max(max, z[i * K + k]!);
    let sum = 0;
    for (let k = 0; k < K; k++) sum += Math.exp(z[i * K + k]! - max);
    for (let k = 0; k < K; k++) z[i * K + k] = Math.exp(z[i * K + k]! - max) / sum;
  }
  return z;
}
