import { describe, expect, it } from 'vitest';
import {
  accuracy,
  averagedScores,
  confusionMatrix,
  logLoss,
  meanAbsoluteError,
  r2Score,
  rocAuc,
  rootMeanSquaredError
} from './metrics';
import { Random } from './random';
import { hasSklearn, runPython } from './test-support/sklearn';

function sample(n: number, K: number, seed: number) {
  const rng = new Random(seed);
  const y = Array.from({ length: n }, () => rng.nextInt(K));
  const proba = new Float64Array(n * K);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < K; k++) {
      // Rounded so ties occur, and biased toward the truth so scores mean something.
      const v = Math.round((rng.nextFloat() + (k === y[i] ? 0.6 : 0)) * 20) / 20 + 0.01;
      proba[i * K + k] = v;
      s += v;
    }
    for (let k = 0; k < K; k++) proba[i * K + k]! /= s;
  }
  const pred = Array.from({ length: n }, (_, i) => {
    let b = 0;
    for (let k = 1; k < K; k++) if (proba[i * K + k]! > proba[i * K + b]!) b = k;
    return b;
  });
  return { y, proba, pred };
}

describe.skipIf(!hasSklearn)('metrics equal scikit-learn', () => {
  it.each([2, 3, 5])('for %d classes', (K) => {
    const { y, proba, pred } = sample(300, K, K);
    const sk = runPython<Record<string, number | number[][]>>(
      `from sklearn import metrics as M
y = np.array(data['y']); p = np.array(data['p']); P = np.array(data['proba']).reshape(len(y), -1)
out = {'acc': M.accuracy_score(y, p), 'cm': M.confusion_matrix(y, p, labels=list(range(P.shape[1]))).tolist(),
  'pm': M.precision_score(y, p, average='macro', zero_division=0), 'rm': M.recall_score(y, p, average='macro', zero_division=0),
  'fm': M.f1_score(y, p, average='macro', zero_division=0), 'fw': M.f1_score(y, p, average='weighted', zero_division=0),
  'pw': M.precision_score(y, p, average='weighted', zero_division=0), 'll': M.log_loss(y, P, labels=list(range(P.shape[1]))),
  'auc': M.roc_auc_score(y, P[:, 1]) if P.shape[1] == 2 else M.roc_auc_score(y, P, multi_class='ovr', average='macro')}`,
      { y, p: pred, proba: Array.from(proba) }
    );
    expect(accuracy(y, pred)).toBeCloseTo(sk.acc as number, 12);
    expect(confusionMatrix(y, pred, K)).toEqual(sk.cm);
    const macro = averagedScores(y, pred, K, 'macro');
    const weighted = averagedScores(y, pred, K, 'weighted');
    expect(macro.precision).toBeCloseTo(sk.pm as number, 12);
    expect(macro.recall).toBeCloseTo(sk.rm as number, 12);
    expect(macro.f1).toBeCloseTo(sk.fm as number, 12);
    expect(weighted.f1).toBeCloseTo(sk.fw as number, 12);
    expect(weighted.precision).toBeCloseTo(sk.pw as number, 12);
    expect(logLoss(y, proba, K)).toBeCloseTo(sk.ll as number, 10);
    expect(rocAuc(y, proba, K)).toBeCloseTo(sk.auc as number, 12);
  });

  it('for regression', () => {
    const rng = new Random(2);
    const y = Array.from({ length: 200 }, () => rng.nextFloat() * 10);
    const p = y.map((v) => v + rng.nextFloat() - 0.5);
    const sk = runPython<number[]>(
      `from sklearn import metrics as M
out = [M.r2_score(data['y'], data['p']), M.mean_absolute_error(data['y'], data['p']), M.mean_squared_error(data['y'], data['p'], squared=False)]`,
      { y, p }
    );
    expect(r2Score(y, p)).toBeCloseTo(sk[0]!, 12);
    expect(meanAbsoluteError(y, p)).toBeCloseTo(sk[1]!, 12);
    expect(rootMeanSquaredError(y, p)).toBeCloseTo(sk[2]!, 12);
  });
});
