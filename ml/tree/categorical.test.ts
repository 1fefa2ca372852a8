import { describe, expect, it } from 'vitest';
import { MlError } from '../errors';
import { Frame, categoricalColumn, numericColumn } from '../frame';
import { Random } from '../random';
import { encodeTarget } from '../target';
import { boostingPredict, fitGradientBoosting, type GradientBoostingParams } from './gradient-boosting';
import { fitRandomForest, forestPredict, type RandomForestParams } from './random-forest';

const boosting: GradientBoostingParams = {
  learningRate: 0.1,
  maxIter: 30,
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

const forest: RandomForestParams = {
  nEstimators: 30,
  criterion: 'gini',
  maxDepth: null,
  minSamplesSplit: 2,
  minSamplesLeaf: 1,
  maxFeatures: 'all',
  bootstrap: true,
  classWeight: null,
  maxBins: 255,
  seed: 0
};

// The label is membership of a scattered set of 20 cities: no single threshold on any coding
// separates it, a category subset does.
const cities = Array.from({ length: 20 }, (_, k) => `city${k}`);
const positive = new Set([1, 4, 5, 9, 12, 13, 18]);

function table(n: number, seed: number) {
  const rng = new Random(seed);
  const city: (string | null)[] = [];
  const noise: number[] = [];
  const label: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = rng.nextInt(cities.length);
    const gap = rng.nextFloat() < 0.05;
    city.push(gap ? null : cities[k]!);
    noise.push(rng.nextFloat());
    const flip = rng.nextFloat() < 0.05;
    label.push((gap ? false : positive.has(k)) !== flip ? 'yes' : 'no');
  }
  return { frame: new Frame([categoricalColumn('city', city), numericColumn('noise', noise)]), label };
}

const accuracy = (proba: Float64Array, label: string[]) =>
  label.filter((l, i) => (proba[i * 2 + 1]! > 0.5 ? 'yes' : 'no') === l).length / label.length;

describe('trees on a categorical column', () => {
  const tr = table(3000, 1);
  const te = table(1000, 2);
  const y = encodeTarget(categoricalColumn('label', tr.label), 'classification');

  it('learn a category subset: boosting and the forest come within 2 points of the 95 % the noise allows', async () => {
    const gb = await fitGradientBoosting(tr.frame, y, boosting);
    expect(gb.trees.some((t) => t.cat !== undefined)).toBe(true);
    expect(accuracy(boostingPredict(gb, te.frame), te.label)).toBeGreaterThan(0.93);
    // Leaves of 10 rows, so the forest does not learn the flipped labels by their noise values.
    const rf = await fitRandomForest(tr.frame, y, { ...forest, minSamplesLeaf: 10 });
    expect(accuracy(forestPredict(rf, te.frame), te.label)).toBeGreaterThan(0.93);
  });

  it('send a category unseen in training the way of a missing cell', async () => {
    const gb = await fitGradientBoosting(tr.frame, y, { ...boosting, maxIter: 10 });
    const rf = await fitRandomForest(tr.frame, y, { ...forest, nEstimators: 5 });
    const rows = new Frame([
      categoricalColumn('city', ['atlantis', null]),
      numericColumn('noise', [0.5, 0.5])
    ]);
    for (const p of [boostingPredict(gb, rows), forestPredict(rf, rows)]) {
      expect(p[0]).toBe(p[2]);
      expect(p[1]).toBe(p[3]);
    }
  });

  it('read categories by name, whatever the coding of the rows', async () => {
    const gb = await fitGradientBoosting(tr.frame, y, { ...boosting, maxIter: 10 });
    const some = ['city4', 'city3', 'city18', 'city0'];
    const a = new Frame([categoricalColumn('city', some), numericColumn('noise', [0.1, 0.2, 0.3, 0.4])]);
    const b = new Frame([
      categoricalColumn('city', [...some].reverse()),
      numericColumn('noise', [0.4, 0.3, 0.2, 0.1])
    ]);
    const pa = boostingPredict(gb, a);
    const pb = boostingPredict(gb, b);
    for (let i = 0; i < 4; i++) expect(pa[i * 2 + 1]).toBe(pb[(3 - i) * 2 + 1]);
  });

  it('refuse more than 255 categories, naming the column and the fix', async () => {
    const ids = Array.from({ length: 600 }, (_, i) => `u${i % 300}`);
    const frame = new Frame([categoricalColumn('user', ids)]);
    const t = encodeTarget(
      categoricalColumn(
        'label',
        ids.map((_, i) => (i % 2 ? 'a' : 'b'))
      ),
      'classification'
    );
    for (const fit of [
      () => fitGradientBoosting(frame, t, boosting),
      () => fitRandomForest(frame, t, forest)
    ]) {
      const err = await fit().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MlError);
      expect(err).toMatchObject({ column: 'user' });
      expect((err as MlError).fix).toMatch(/one_hot.*max_categories|drop/);
    }
  });
});
