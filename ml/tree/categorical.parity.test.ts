import { describe, expect, it } from 'vitest';
import { Frame, categoricalColumn, numericColumn } from '../frame';
import { Random } from '../random';
import { hasSklearn, runPython } from '../test-support/sklearn';
import { encodeTarget } from '../target';
import { boostingPredict, fitGradientBoosting, type GradientBoostingParams } from './gradient-boosting';

const p: GradientBoostingParams = {
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

/**
 * 40 shops, each with its own effect on the label (no order in the coding), two numbers that
 * matter and 5 % of shops missing, which counts as a shop with no effect.
 */
function table(n: number, rng: Random, effect: number[]) {
  const shop: (number | null)[] = [];
  const a: number[] = [];
  const b: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = rng.nextInt(effect.length);
    const gap = rng.nextFloat() < 0.05;
    const x1 = rng.nextFloat() * 2 - 1;
    const x2 = rng.nextFloat() * 2 - 1;
    const z = (gap ? 0 : effect[k]!) + 1.5 * x1 - x2 * x2;
    shop.push(gap ? null : k);
    a.push(x1);
    b.push(x2);
    y.push(rng.nextFloat() < 1 / (1 + Math.exp(-3 * z)) ? 1 : 0);
  }
  const frame = new Frame([
    categoricalColumn(
      'shop',
      shop.map((k) => (k === null ? null : `shop${k}`))
    ),
    numericColumn('a', a),
    numericColumn('b', b)
  ]);
  return { frame, rows: shop.map((k, i) => [k, a[i]!, b[i]!]), y };
}

describe.skipIf(!hasSklearn)(
  'native categorical splits match HistGradientBoosting(categorical_features)',
  () => {
    it('on a table whose label depends on a 40-category column, accuracy within 2 points', async () => {
      const rng = new Random(7);
      const effect = Array.from({ length: 40 }, () => rng.nextFloat() * 2 - 1);
      const tr = table(4000, rng, effect);
      const te = table(2000, rng, effect);
      const model = await fitGradientBoosting(
        tr.frame,
        encodeTarget(numericColumn('y', tr.y), 'classification'),
        p
      );
      const proba = boostingPredict(model, te.frame);
      const ours = te.y.map((_, i) => (proba[i * 2 + 1]! > 0.5 ? 1 : 0));
      const sk = runPython<{ native: number[]; ordinal: number[] }>(
        `from sklearn.ensemble import HistGradientBoostingClassifier
X = np.array([[np.nan if v is None else v for v in r] for r in data['X']], dtype=float)
T = np.array([[np.nan if v is None else v for v in r] for r in data['T']], dtype=float)
kw = dict(learning_rate=${p.learningRate}, max_iter=${p.maxIter}, max_leaf_nodes=${p.maxLeafNodes}, min_samples_leaf=${p.minSamplesLeaf}, early_stopping=False, random_state=0)
native = HistGradientBoostingClassifier(categorical_features=[0], **kw).fit(X, data['y']).predict(T)
ordinal = HistGradientBoostingClassifier(**kw).fit(X, data['y']).predict(T)
out = {'native': native.tolist(), 'ordinal': ordinal.tolist()}`,
        { X: tr.rows, y: tr.y, T: te.rows }
      );
      const acc = (pred: number[]) => pred.filter((v, i) => v === te.y[i]).length / te.y.length;
      const agree = ours.filter((v, i) => v === sk.native[i]).length / ours.length;
      console.log(
        `categorical parity: ours ${acc(ours).toFixed(4)}, sklearn native ${acc(sk.native).toFixed(4)}, sklearn on codes as numbers ${acc(sk.ordinal).toFixed(4)}, agreement ${agree.toFixed(4)}`
      );
      expect(Math.abs(acc(ours) - acc(sk.native))).toBeLessThanOrEqual(0.02);
      expect(agree).toBeGreaterThan(0.9);
    });
  }
);
