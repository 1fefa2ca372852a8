import { describe, expect, it } from 'vitest';
import { numericColumn } from '../frame';
import { accuracy, loadClassification, loadDiabetes, splitDataset, toRows } from '../test-support/datasets';
import { hasSklearn, runPython } from '../test-support/sklearn';
import { r2Score } from '../metrics';
import { encodeTarget } from '../target';
import { fitRandomForest, forestPredict, type RandomForestParams } from './random-forest';

const base: RandomForestParams = {
  nEstimators: 100,
  criterion: 'gini',
  maxDepth: null,
  minSamplesSplit: 2,
  minSamplesLeaf: 1,
  maxFeatures: 'sqrt',
  bootstrap: true,
  classWeight: null,
  maxBins: 255,
  seed: 0
};

const skParams = (p: RandomForestParams) =>
  `n_estimators=${p.nEstimators}, criterion='${p.criterion}', max_depth=${p.maxDepth ?? 'None'}, min_samples_split=${p.minSamplesSplit}, min_samples_leaf=${p.minSamplesLeaf}, max_features=${typeof p.maxFeatures === 'number' ? p.maxFeatures : p.maxFeatures === 'all' ? 'None' : `'${p.maxFeatures}'`}, bootstrap=${p.bootstrap ? 'True' : 'False'}, n_jobs=1${p.criterion === 'squared_error' ? '' : `, class_weight=${p.classWeight ? `'${p.classWeight}'` : 'None'}`}`;

const argmax = (proba: Float64Array, k: number) =>
  Array.from({ length: proba.length / k }, (_, i) => {
    let best = 0;
    for (let c = 1; c < k; c++) if (proba[i * k + c]! > proba[i * k + best]!) best = c;
    return best;
  });

// Test sets of 45–171 rows make one seed's accuracy noisy; five seeds and 200 trees steady it.
const SEEDS = [1, 2, 3, 4, 5];

describe.skipIf(!hasSklearn)('random forest is within a point of scikit-learn, averaged over 3 seeds', () => {
  it.each([
    ['breast_cancer', { nEstimators: 200 }],
    ['iris', { nEstimators: 200 }],
    ['wine_data', { nEstimators: 200 }],
    ['wine_data', { criterion: 'entropy', minSamplesLeaf: 2, maxFeatures: 'log2', classWeight: 'balanced' }]
  ] as const)('on %s with %o', async (name, override) => {
    const p: RandomForestParams = { ...base, ...override };
    const ds = loadClassification(name);
    const K = new Set(ds.y).size;
    const splits = SEEDS.map((seed) => splitDataset(ds, seed, true, 0.3));
    let ours = 0;
    for (const [i, data] of splits.entries()) {
      const model = await fitRandomForest(
        data.train,
        encodeTarget(numericColumn('y', data.yTrain), 'classification'),
        { ...p, seed: SEEDS[i]! }
      );
      ours += accuracy(argmax(forestPredict(model, data.test), K), data.yTest) / SEEDS.length;
    }
    // One Python run for every seed: its start-up dominates on data this small.
    const theirs = runPython<number>(
      `from sklearn.ensemble import RandomForestClassifier
acc = []
for seed, d in zip(data['seeds'], data['splits']):
    m = RandomForestClassifier(${skParams(p)}, random_state=seed).fit(np.array(d['X']), np.array(d['y']))
    acc.append(float(np.mean(m.predict(np.array(d['T'])) == np.array(d['yt']))))
out = float(np.mean(acc))`,
      {
        seeds: SEEDS,
        splits: splits.map((d) => ({ X: toRows(d.train), y: d.yTrain, T: toRows(d.test), yt: d.yTest }))
      }
    );
    expect(ours).toBeGreaterThanOrEqual(theirs - 0.01);
    expect(ours).toBeLessThanOrEqual(theirs + 0.03);
  });

  it('on diabetes regression, r2 within 0.02 averaged over the seeds', async () => {
    const ds = loadDiabetes();
    const p: RandomForestParams = {
      ...base,
      criterion: 'squared_error',
      maxFeatures: 'all',
      minSamplesLeaf: 3
    };
    const splits = SEEDS.map((seed) => splitDataset(ds, seed, false, 0.3));
    let ours = 0;
    for (const [i, data] of splits.entries()) {
      const model = await fitRandomForest(
        data.train,
        encodeTarget(numericColumn('y', data.yTrain), 'regression'),
        { ...p, seed: SEEDS[i]! }
      );
      ours += r2Score(data.yTest, forestPredict(model, data.test)) / SEEDS.length;
    }
    const theirs = runPython<number>(
      `from sklearn.ensemble import RandomForestRegressor
from sklearn.metrics import r2_score
r2 = []
for seed, d in zip(data['seeds'], data['splits']):
    m = RandomForestRegressor(${skParams(p)}, random_state=seed).fit(np.array(d['X']), np.array(d['y']))
    r2.append(float(r2_score(d['yt'], m.predict(np.array(d['T'])))))
out = float(np.mean(r2))`,
      {
        seeds: SEEDS,
        splits: splits.map((d) => ({ X: toRows(d.train), y: d.yTrain, T: toRows(d.test), yt: d.yTest }))
      }
    );
    expect(Math.abs(ours - theirs)).toBeLessThan(0.02);
  });

  it.each([
    ['breast_cancer', 'classification'],
    ['wine_data', 'classification'],
    ['diabetes', 'regression']
  ] as const)(
    'has an out-of-bag score within 0.02 of oob_score_ on %s, averaged over the seeds',
    async (name, task) => {
      const regression = task === 'regression';
      const ds = name === 'diabetes' ? loadDiabetes() : loadClassification(name);
      const p: RandomForestParams = regression
        ? { ...base, criterion: 'squared_error', maxFeatures: 'all', minSamplesLeaf: 3, oobScore: true }
        : { ...base, oobScore: true };
      let ours = 0;
      for (const seed of SEEDS) {
        const model = await fitRandomForest(ds.frame, encodeTarget(numericColumn('y', ds.y), task), {
          ...p,
          seed
        });
        ours += model.oobScore! / SEEDS.length;
      }
      const theirs = runPython<number>(
        `from sklearn.ensemble import RandomForest${regression ? 'Regressor' : 'Classifier'}
s = [RandomForest${regression ? 'Regressor' : 'Classifier'}(${skParams(p)}, oob_score=True, random_state=seed).fit(np.array(data['X']), np.array(data['y'])).oob_score_ for seed in data['seeds']]
out = float(np.mean(s))`,
        { seeds: SEEDS, X: toRows(ds.frame), y: ds.y }
      );
      console.log(`oob ${name}: ours ${ours.toFixed(4)}, scikit-learn ${theirs.toFixed(4)}`);
      expect(Math.abs(ours - theirs)).toBeLessThan(0.02);
    }
  );
});
