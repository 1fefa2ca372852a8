import { describe, expect, it } from 'vitest';
import { Frame, numericColumn, type NumericColumn } from '../frame';
import { Random } from '../random';
import {
  accuracy,
  loadClassification,
  loadDiabetes,
  splitDataset,
  toRows,
  type Dataset
} from '../test-support/datasets';
import { hasSklearn, runPython } from '../test-support/sklearn';
import { r2Score } from '../metrics';
import { encodeTarget } from '../target';
import { boostingPredict, fitGradientBoosting, type GradientBoostingParams } from './gradient-boosting';

const base: GradientBoostingParams = {
  learningRate: 0.1,
  maxIter: 100,
  maxLeafNodes: 31,
  maxDepth: null,
  minSamplesLeaf: 20,
  l2Regularization: 0,
  maxBins: 255,
  earlyStopping: false,
  validationFraction: 0.1,
  nIterNoChange: 10,
  tol: 1e-7,
  seed: 0
};

const skParams = (p: GradientBoostingParams) =>
  `learning_rate=${p.learningRate}, max_iter=${p.maxIter}, max_leaf_nodes=${p.maxLeafNodes ?? 'None'}, max_depth=${p.maxDepth ?? 'None'}, min_samples_leaf=${p.minSamplesLeaf}, l2_regularization=${p.l2Regularization}, max_bins=${p.maxBins}, early_stopping=False, random_state=0`;

const argmax = (proba: Float64Array, k: number) =>
  Array.from({ length: proba.length / k }, (_, i) => {
    let best = 0;
    for (let c = 1; c < k; c++) if (proba[i * k + c]! > proba[i * k + best]!) best = c;
    return best;
  });

/** Blanks a share of cells so the missing-value paths are exercised on both sides. */
function withHoles(ds: Dataset, share: number, seed: number): Dataset {
  const rng = new Random(seed);
  const cols = ds.frame.columns.map((c) => {
    const v = (c as NumericColumn).values;
    return numericColumn(
      c.name,
      Array.from(v, (x) => (rng.nextFloat() < share ? null : x))
    );
  });
  return { frame: new Frame(cols), y: ds.y };
}

describe.skipIf(!hasSklearn)('gradient boosting matches HistGradientBoosting of scikit-learn 1.2', () => {
  const cases: [string, () => Dataset, Partial<GradientBoostingParams>][] = [
    ['breast_cancer', () => loadClassification('breast_cancer'), {}],
    ['iris', () => loadClassification('iris'), {}],
    ['wine', () => loadClassification('wine_data'), {}],
    ['digits', () => loadClassification('digits'), { maxIter: 20 }],
    [
      'wine, depth 3 and l2',
      () => loadClassification('wine_data'),
      { maxLeafNodes: null, maxDepth: 3, l2Regularization: 1, minSamplesLeaf: 5 }
    ],
    [
      'breast_cancer with 10% missing',
      () => withHoles(loadClassification('breast_cancer'), 0.1, 4),
      { learningRate: 0.2, maxIter: 50 }
    ]
  ];
  it.each(cases)('on %s', async (_name, load, override) => {
    const p = { ...base, ...override };
    const ds = load();
    const data = splitDataset(ds, 3, true);
    const K = new Set(ds.y).size;
    const y = encodeTarget(numericColumn('y', data.yTrain), 'classification');
    const model = await fitGradientBoosting(data.train, y, p);
    const ours = argmax(boostingPredict(model, data.test), K);
    const sk = runPython<number[]>(
      `from sklearn.ensemble import HistGradientBoostingClassifier
m = HistGradientBoostingClassifier(loss='log_loss', ${skParams(p)})
m.fit(np.array(data['X'], dtype=float), np.array(data['y']))
out = m.predict(np.array(data['T'], dtype=float)).tolist()`,
      { X: toRows(data.train), y: data.yTrain, T: toRows(data.test) }
    );
    const agree = accuracy(ours, sk);
    expect(Math.abs(accuracy(ours, data.yTest) - accuracy(sk, data.yTest))).toBeLessThanOrEqual(0.01 + 1e-9);
    expect(agree).toBeGreaterThan(0.97);
  });

  it('on diabetes regression, r2 within 0.02', async () => {
    const data = splitDataset(loadDiabetes(), 5, false);
    const p = { ...base, maxIter: 60, learningRate: 0.05 };
    const model = await fitGradientBoosting(
      data.train,
      encodeTarget(numericColumn('y', data.yTrain), 'regression'),
      p
    );
    const ours = boostingPredict(model, data.test);
    const sk = runPython<number>(
      `from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.metrics import r2_score
m = HistGradientBoostingRegressor(loss='squared_error', ${skParams(p)})
m.fit(np.array(data['X'], dtype=float), np.array(data['y']))
out = float(r2_score(data['yt'], m.predict(np.array(data['T'], dtype=float))))`,
      { X: toRows(data.train), y: data.yTrain, T: toRows(data.test), yt: data.yTest }
    );
    expect(Math.abs(r2Score(data.yTest, ours) - sk)).toBeLessThan(0.02);
  });
});
