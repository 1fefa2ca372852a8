/**
 * Evaluation metrics with scikit-learn's definitions (zero_division=0, log loss clipped at 1e-15,
 * ties in ROC AUC counted half). Class labels are codes 0..K−1; probabilities are rows × K.
 */

export function accuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  let ok = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) ok++;
  return yTrue.length ? ok / yTrue.length : 0;
}

/** counts[true][predicted]. */
export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, K: number): number[][] {
  const m = Array.from({ length: K }, () => new Array<number>(K).fill(0));
  for (let i = 0; i < yTrue.length; i++) m[yTrue[i]!]![yPred[i]!]!++;
  return m;
}

export type Average = 'macro' | 'weighted' | 'micro' | 'binary';

export interface ClassScores {
  precision: number[];
  recall: number[];
  f1: number[];
  support: number[];
}

export function perClassScores(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, K: number): ClassScores {
  const cm = confusionMatrix(yTrue, yPred, K);
  const precision: number[] = [];
  const recall: number[] = [];
  const f1: number[] = [];
  const support: number[] = [];
  for (let k = 0; k < K; k++) {
    const tp = cm[k]![k]!;
    let predicted = 0;
    let actual = 0;
    for (let j = 0; j < K; j++) {
      predicted += cm[j]![k]!;
      actual += cm[k]![j]!;
    }
    const p = predicted ? tp / predicted : 0;
    const r = actual ? tp / actual : 0;
    precision.push(p);
    recall.push(r);
    f1.push(p + r ? (2 * p * r) / (p + r) : 0);
    support.push(actual);
  }
  return { precision, recall, f1, support };
}

/** Precision, recall and F1 combined over classes; binary reports class 1 (the positive class). */
export function averagedScores(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  K: number,
  average: Average
): { precision: number; recall: number; f1: number } {
  const s = perClassScores(yTrue, yPred, K);
  if (average === 'binary') {
    if (K !== 2) throw new RangeError('binary averaging needs exactly two classes; use macro or weighted.');
    return { precision: s.precision[1]!, recall: s.recall[1]!, f1: s.f1[1]! };
  }
  if (average === 'micro') {
    const a = accuracy(yTrue, yPred);
    return { precision: a, recall: a, f1: a };
  }
  const total = s.support.reduce((a, b) => a + b, 0);
  const w = s.support.map((n) => (average === 'weighted' ? (total ? n / total : 0) : 1 / K));
  const combine = (v: number[]) => v.reduce((acc, x, k) => acc + x * w[k]!, 0);
  return { precision: combine(s.precision), recall: combine(s.recall), f1: combine(s.f1) };
}

export function logLoss(yTrue: ArrayLike<number>, proba: Float64Array, K: number): number {
  const eps = 1e-15;
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) {
    let rowSum = 0;
    for (let k = 0; k < K; k++) rowSum += Math.min(Math.max(proba[i * K + k]!, eps), 1 - eps);
    const p = Math.min(Math.max(proba[i * K + yTrue[i]!]!, eps), 1 - eps) / rowSum;
    sum -= Math.log(p);
  }
  return sum / yTrue.length;
}

/** Area under the ROC curve of scores for positives (label true): the Mann–Whitney statistic. */
export function binaryAuc(positive: ArrayLike<boolean>, score: ArrayLike<number>): number {
  const n = score.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[a]! - score[b]!);
  let rankSum = 0;
  let nPos = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j < n && score[order[j]!] === score[order[i]!]) j++;
    const avgRank = (i + j + 1) / 2;
    for (let t = i; t < j; t++) {
      if (positive[order[t]!]) {
        rankSum += avgRank;
        nPos++;
      }
    }
    i = j;
  }
  const nNeg = n - nPos;
  if (!nPos || !nNeg) return NaN;
  return (rankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/** ROC AUC: of class 1's probability for two classes, else the macro mean of one-vs-rest AUCs. */
export function rocAuc(yTrue: ArrayLike<number>, proba: Float64Array, K: number): number {
  const n = yTrue.length;
  const column = (k: number) => Float64Array.from({ length: n }, (_, i) => proba[i * K + k]!);
  const isClass = (k: number) => Array.from({ length: n }, (_, i) => yTrue[i] === k);
  if (K === 2) return binaryAuc(isClass(1), column(1));
  let sum = 0;
  for (let k = 0; k < K; k++) sum += binaryAuc(isClass(k), column(k));
  return sum / K;
}

export interface CurvePoint {
  x: number;
  y: number;
  threshold: number;
}

/** ROC curve points (false positive rate, true positive rate) from the highest threshold down. */
export function rocCurve(positive: ArrayLike<boolean>, score: ArrayLike<number>): CurvePoint[] {
  const { tps, fps, thresholds } = cumulative(positive, score);
  const P = tps[tps.length - 1] ?? 0;
  const N = fps[fps.length - 1] ?? 0;
  const pts: CurvePoint[] = [{ x: 0, y: 0, threshold: Infinity }];
  thresholds.forEach((t, i) => pts.push({ x: N ? fps[i]! / N : 0, y: P ? tps[i]! / P : 0, threshold: t }));
  return pts;
}

/** Precision–recall points (recall, precision) from the highest threshold down. */
export function precisionRecallCurve(positive: ArrayLike<boolean>, score: ArrayLike<number>): CurvePoint[] {
  const { tps, fps, thresholds } = cumulative(positive, score);
  const P = tps[tps.length - 1] ?? 0;
  return thresholds.map((t, i) => ({
    x: P ? tps[i]! / P : 0,
    y: tps[i]! / (tps[i]! + fps[i]!),
    threshold: t
  }));
}

function cumulative(positive: ArrayLike<boolean>, score: ArrayLike<number>) {
  const order = Array.from({ length: score.length }, (_, i) => i).sort((a, b) => score[b]! - score[a]!);
  const tps: number[] = [];
  const fps: number[] = [];
  const thresholds: number[] = [];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < order.length; i++) {
    if (positive[order[i]!]) tp++;
    else fp++;
    if (i === order.length - 1 || score[order[i + 1]!] !== score[order[i]!]) {
      tps.push(tp);
      fps.push(fp);
      thresholds.push(score[order[i]!]!);
    }
  }
  return { tps, fps, thresholds };
}

export function r2Score(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const n = yTrue.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += yTrue[i]!;
  mean /= n;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < n; i++) {
    ssRes += (yTrue[i]! - yPred[i]!) ** 2;
    ssTot += (yTrue[i]! - mean) ** 2;
  }
  // scikit-learn: a constant truth scores 1 when predicted exactly, else 0.
  if (ssTot === 0) return ssRes === 0 ? 1 : 0;
  return 1 - ssRes / ssTot;
}

export function meanAbsoluteError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < yTrue.length; i++) s += Math.abs(yTrue[i]! - yPred[i]!);
  return s / yTrue.length;
}

export function rootMeanSquaredError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < yTrue.length; i++) s += (yTrue[i]! - yPred[i]!) ** 2;
  return Math.sqrt(s / yTrue.length);
}

export interface ClassificationReport {
  accuracy: number;
  precision_macro: number;
  recall_macro: number;
  f1_macro: number;
  precision_weighted: number;
  recall_weighted: number;
  f1_weighted: number;
  log_loss: number;
  roc_auc: number | null;
  confusion_matrix: number[][];
  per_class: ClassScores;
  /** A random forest's out-of-bag accuracy on the training rows, when oob_score is on. */
  oob_score?: number;
}

/** The standard set for a classifier's test rows. */
export function classificationReport(
  yTrue: ArrayLike<number>,
  proba: Float64Array,
  K: number
): ClassificationReport {
  const pred = argmaxRows(proba, K);
  const macro = averagedScores(yTrue, pred, K, 'macro');
  const weighted = averagedScores(yTrue, pred, K, 'weighted');
  const auc = rocAuc(yTrue, proba, K);
  return {
    accuracy: accuracy(yTrue, pred),
    precision_macro: macro.precision,
    recall_macro: macro.recall,
    f1_macro: macro.f1,
    precision_weighted: weighted.precision,
    recall_weighted: weighted.recall,
    f1_weighted: weighted.f1,
    log_loss: logLoss(yTrue, proba, K),
    roc_auc: Number.isNaN(auc) ? null : auc,
    confusion_matrix: confusionMatrix(yTrue, pred, K),
    per_class: perClassScores(yTrue, pred, K)
  };
}

export interface RegressionReport {
  r2: number;
  mae: number;
  rmse: number;
  /** A random forest's out-of-bag R² on the training rows, when oob_score is on. */
  oob_score?: number;
}

export function regressionReport(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): RegressionReport {
  return {
    r2: r2Score(yTrue, yPred),
    mae: meanAbsoluteError(yTrue, yPred),
    rmse: rootMeanSquaredError(yTrue, yPred)
  };
}

/** The most probable class of each row (the first on ties, as numpy's argmax). */
export function argmaxRows(proba: Float64Array, K: number): Int32Array {
  const n = proba.length / K;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < K; k++) if (proba[i * K + k]! > proba[i * K + best]!) best = k;
    out[i] = best;
  }
  return out;
}
