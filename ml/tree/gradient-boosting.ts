import { invalidParam } from '../errors';
import type { Frame } from '../frame';
import { checkCancelled, curveSample, report, yieldToEvents, type TrainHooks } from '../progress';
import { threadCount } from '../threads/pool';
import { trainTestSplit } from '../split';
import { checkLearnable, type Target } from '../target';
import { applyBins, categoricalFlags, fitBins, type BinMapper, type Binned } from './binning';
import { LOSS_BLOCK, lossBlock, lossTotals, type LossData } from './boosting-loss';
import { HistGrower } from './hist-grower';
import { addTreeOutput, type Tree } from './tree';

/** scikit-learn's HistGradientBoosting parameters; every one explicit, since its defaults change by release. */
export interface GradientBoostingParams {
  learningRate: number;
  maxIter: number;
  maxLeafNodes: number | null;
  maxDepth: number | null;
  minSamplesLeaf: number;
  l2Regularization: number;
  maxBins: number;
  earlyStopping: boolean;
  validationFraction: number;
  nIterNoChange: number;
  tol: number;
  seed: number;
}

export interface Curves {
  /** Per boosting iteration (index 0 is the constant baseline), or per epoch / solver iteration. */
  trainLoss: number[];
  validationLoss: number[];
  /** Accuracy (classification) or R² (regression), same indexing. */
  trainMetric: number[];
  validationMetric: number[];
}

export interface GradientBoostingModel {
  kind: 'gradient_boosting';
  task: 'classification' | 'regression';
  /** 1 for regression and binary classification, K for K ≥ 3 classes (one tree per class per iteration). */
  treesPerIteration: number;
  nClasses: number;
  mapper: BinMapper;
  baseline: Float64Array;
  /** Iteration i's tree for class k at i·treesPerIteration + k; leaf values include the learning rate. */
  trees: Tree[];
  iterations: number;
  curves: Curves;
  featureGain: Float64Array;
}

export function checkBoostingParams(p: GradientBoostingParams): void {
  const bad = (param: string, msg: string, fix: string) => {
    throw invalidParam(param, msg, fix);
  };
  if (!(p.learningRate > 0))
    bad('learning_rate', `learning_rate must be positive, got ${p.learningRate}.`, 'Use e.g. 0.1.');
  if (!(Number.isInteger(p.maxIter) && p.maxIter >= 1))
    bad('max_iter', `max_iter must be a positive integer, got ${p.maxIter}.`, 'Use e.g. 100.');
  if (p.maxLeafNodes !== null && !(Number.isInteger(p.maxLeafNodes) && p.maxLeafNodes >= 2))
    bad(
      'max_leaf_nodes',
      `max_leaf_nodes must be at least 2, got ${p.maxLeafNodes}.`,
      'Use e.g. 31, or null for no limit.'
    );
  if (p.maxDepth !== null && !(Number.isInteger(p.maxDepth) && p.maxDepth >= 1))
    bad('max_depth', `max_depth must be at least 1, got ${p.maxDepth}.`, 'Use e.g. 3, or null for no limit.');
  if (!(Number.isInteger(p.minSamplesLeaf) && p.minSamplesLeaf >= 1))
    bad(
      'min_samples_leaf',
      `min_samples_leaf must be a positive integer, got ${p.minSamplesLeaf}.`,
      'Use e.g. 20.'
    );
  if (!(p.l2Regularization >= 0))
    bad('l2_regularization', `l2_regularization must be 0 or more, got ${p.l2Regularization}.`, 'Use 0.');
  if (p.earlyStopping && !(p.validationFraction > 0 && p.validationFraction < 1))
    bad(
      'validation_fraction',
      `validation_fraction must be between 0 and 1, got ${p.validationFraction}.`,
      'Use 0.1.'
    );
  if (p.earlyStopping && !(Number.isInteger(p.nIterNoChange) && p.nIterNoChange >= 1))
    bad(
      'n_iter_no_change',
      `n_iter_no_change must be a positive integer, got ${p.nIterNoChange}.`,
      'Use 10.'
    );
}

/**
 * Fits gradient-boosted trees as scikit-learn's HistGradientBoosting does: half squared error for
 * regression, log loss for two classes, softmax with K trees per iteration for more; early stopping
 * on the loss of a held-out validation share of the training rows.
 */
export async function fitGradientBoosting(
  frame: Frame,
  target: Target,
  p: GradientBoostingParams,
  hooks?: TrainHooks
): Promise<GradientBoostingModel> {
  checkBoostingParams(p);
  const threads = threadCount(hooks);
  checkLearnable(target, 'target');
  const task = target.task;
  const nClasses = task === 'classification' ? target.classes.length : 0;
  const K = task === 'classification' && nClasses > 2 ? nClasses : 1;
  let trainRows: Int32Array | null = null;
  let validRows: Int32Array | null = null;
  if (p.earlyStopping) {
    const s = trainTestSplit(frame.nRows, {
      testSize: p.validationFraction,
      shuffle: true,
      seed: p.seed,
      stratify: task === 'classification' ? target.codes : undefined
    });
    trainRows = s.train;
    validRows = s.test;
  }
  const trainFrame = trainRows ? frame.take(trainRows) : frame;
  const mapper = fitBins(trainFrame, p.maxBins, p.seed);
  const X = applyBins(mapper, trainFrame);
  const V = validRows ? applyBins(mapper, frame.take(validRows)) : null;
  const y = pickTarget(target, trainRows);
  const yValid = validRows ? pickTarget(target, validRows) : null;
  const n = X.rows;
  const baseline = baselineOf(y, K, n, task);
  const many = threads > 1;
  const f64 = (len: number) =>
    many ? new Float64Array(new SharedArrayBuffer(len * 8)) : new Float64Array(len);
  const raw = f64(n * K);
  for (let i = 0; i < n; i++) raw.set(baseline, i * K);
  const rawValid = V ? new Float64Array(V.rows * K) : null;
  if (rawValid) for (let i = 0; i < V!.rows; i++) rawValid.set(baseline, i * K);
  const loss: LossData = {
    raw,
    y: many ? copyShared(y) : y,
    n,
    K,
    regression: task === 'regression',
    g: Array.from({ length: K }, () => f64(n)),
    h: Array.from({ length: K }, () => f64(n)),
    partial: f64(2 * Math.ceil(n / LOSS_BLOCK))
  };
  const grower = new HistGrower(
    X,
    mapper.nBins,
    mapper.hasMissing,
    categoricalFlags(mapper),
    {
      maxLeafNodes: p.maxLeafNodes,
      maxDepth: p.maxDepth,
      minSamplesLeaf: p.minSamplesLeaf,
      l2Regularization: p.l2Regularization,
      minHessianToSplit: 1e-3
    },
    threads,
    hooks,
    { loss }
  );
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i]!;
  mean /= n;
  let ssTot = 0;
  for (let i = 0; i < n; i++) ssTot += (y[i]! - mean) ** 2;
  const curves: Curves = { trainLoss: [], validationLoss: [], trainMetric: [], validationMetric: [] };
  // One pass over the training rows gives the loss of the trees so far and the next gradients.
  const trainPass = async (withGradients: boolean) => {
    await grower.share({ op: 'loss', withGradients }, loss.partial.length / 2, (b) =>
      lossBlock(loss, b, withGradients)
    );
    const tr = lossTotals(loss, ssTot);
    curves.trainLoss.push(tr.loss);
    curves.trainMetric.push(tr.metric);
  };
  const recordValidation = () => {
    if (!rawValid || !yValid) return;
    const va = evaluate(rawValid, yValid, K, task);
    curves.validationLoss.push(va.loss);
    curves.validationMetric.push(va.metric);
  };
  recordValidation();
  const trees: Tree[] = [];
  let iterations = 0;
  try {
    for (let it = 0; it < p.maxIter; it++) {
      await yieldToEvents();
      checkCancelled(hooks);
      await trainPass(true);
      for (let k = 0; k < K; k++) {
        const tree = await grower.grow(loss.g[k]!, loss.h[k]!, p.learningRate, raw, K, k);
        trees.push(tree);
        if (V && rawValid) addTreeOutput(tree, V, rawValid, 1, k, K);
      }
      iterations = it + 1;
      recordValidation();
      report(hooks, 'gradient_boosting', 'iteration', iterations, p.maxIter, () =>
        curveSample(iterations, {
          train_loss: curves.trainLoss,
          validation_loss: curves.validationLoss,
          train_metric: curves.trainMetric,
          validation_metric: curves.validationMetric
        })
      );
      if (p.earlyStopping && shouldStop(curves.validationLoss, p.nIterNoChange, p.tol)) break;
    }
    await trainPass(false);
  } finally {
    await grower.close();
  }
  return {
    kind: 'gradient_boosting',
    task,
    treesPerIteration: K,
    nClasses,
    mapper,
    baseline,
    trees,
    iterations,
    curves,
    featureGain: grower.gainByFeature
  };
}

function copyShared(a: Float64Array): Float64Array {
  const out = new Float64Array(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}

/** Class codes or values of the given rows (all rows when null). */
function pickTarget(t: Target, rows: Int32Array | null): Float64Array {
  const src = t.task === 'classification' ? t.codes : t.values;
  return rows ? Float64Array.from(rows, (i) => src[i]!) : Float64Array.from(src);
}

function baselineOf(y: Float64Array, K: number, n: number, task: string): Float64Array {
  const eps = 2.220446049250313e-16;
  if (K > 1) {
    const counts = new Float64Array(K);
    for (let i = 0; i < n; i++) counts[y[i]!]!++;
    return counts.map((c) => Math.log(Math.min(Math.max(c / n, eps), 1 - eps)));
  }
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i]!;
  mean /= n;
  if (task === 'regression') return Float64Array.of(mean);
  const pr = Math.min(Math.max(mean, eps), 1 - eps);
  return Float64Array.of(Math.log(pr / (1 - pr)));
}

function sigmoid(t: number): number {
  return 1 / (1 + Math.exp(-t));
}

/** Mean loss (half squared error, or log loss) and the metric (R², or accuracy) of raw predictions. */
function evaluate(
  raw: Float64Array,
  y: Float64Array,
  K: number,
  task: string
): { loss: number; metric: number } {
  const n = y.length;
  let loss = 0;
  if (task === 'regression') {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += y[i]!;
    mean /= n;
    let ssTot = 0;
    for (let i = 0; i < n; i++) {
      const e = y[i]! - raw[i]!;
      loss += 0.5 * e * e;
      ssTot += (y[i]! - mean) ** 2;
    }
    return { loss: loss / n, metric: ssTot > 0 ? 1 - (2 * loss) / ssTot : 0 };
  }
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const yi = y[i]!;
    if (K === 1) {
      const t = raw[i]!;
      loss += (t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t))) - (yi === 1 ? t : 0);
      if ((t > 0 ? 1 : 0) === yi) correct++;
      continue;
    }
    let max = -Infinity;
    let arg = 0;
    for (let k = 0; k < K; k++) {
      if (raw[i * K + k]! > max) {
        max = raw[i * K + k]!;
        arg = k;
      }
    }
    let sum = 0;
    for (let k = 0; k < K; k++) sum += Math.exp(raw[i * K + k]! - max);
    loss += max + Math.log(sum) - raw[i * K + yi]!;
    if (arg === yi) correct++;
  }
  return { loss: loss / n, metric: correct / n };
}

/** scikit-learn's rule on scores (−loss): stop when none of the last n beat the one before them by tol. */
function shouldStop(losses: number[], nIterNoChange: number, tol: number): boolean {
  const ref = nIterNoChange + 1;
  if (losses.length < ref) return false;
  const reference = -losses[losses.length - ref]! + tol;
  return !losses.slice(losses.length - ref + 1).some((l) => -l > reference);
}

/** Raw scores (rows × treesPerIteration) of already-binned rows. */
export function boostingRaw(m: GradientBoostingModel, X: Binned): Float64Array {
  const K = m.treesPerIteration;
  const raw = new Float64Array(X.rows * K);
  for (let i = 0; i < X.rows; i++) raw.set(m.baseline, i * K);
  m.trees.forEach((tree, t) => addTreeOutput(tree, X, raw, 1, t % K, K));
  return raw;
}

/** Class probabilities (rows × K) or regression values (rows) of a frame. */
export function boostingPredict(m: GradientBoostingModel, frame: Frame): Float64Array {
  const raw = boostingRaw(m, applyBins(m.mapper, frame));
  if (m.task === 'regression') return raw;
  const n = frame.nRows;
  if (m.treesPerIteration === 1) {
    const out = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) {
      const p1 = sigmoid(raw[i]!);
      out[i * 2] = 1 - p1;
      out[i * 2 + 1] = p1;
    }
    return out;
  }
  const K = m.treesPerIteration;
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let k = 0; k < K; k++) max = Math.max(max, raw[i * K + k]!);
    let sum = 0;
    for (let k = 0; k < K; k++) sum += Math.exp(raw[i * K + k]! - max);
    for (let k = 0; k < K; k++) raw[i * K + k] = Math.exp(raw[i * K + k]! - max) / sum;
  }
  return raw;
}
