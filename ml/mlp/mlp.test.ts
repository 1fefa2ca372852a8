import { describe, expect, it } from 'vitest';
import { denseMatrix } from '../matrix';
import { loadClassification, splitDataset, standardised } from '../test-support/datasets';
import { mlpPredict } from './forward';
import { fitMlp, type MlpParams } from './mlp';

const base: MlpParams = {
  hiddenLayerSizes: [32],
  activation: 'relu',
  alpha: 0.0001,
  learningRateInit: 0.001,
  batchSize: 64,
  maxIter: 100,
  earlyStopping: false,
  validationFraction: 0.1,
  nIterNoChange: 10,
  tol: 1e-4,
  seed: 0
};

describe('the MLP', () => {
  const data = standardised(splitDataset(loadClassification('iris'), 1, true));
  const X = denseMatrix(data.train, 'mlp');
  const y = { task: 'classification' as const, codes: Int32Array.from(data.yTrain), nClasses: 3 };

  it('repeats exactly for a seed', async () => {
    const a = await fitMlp(X, y, { ...base, maxIter: 5 });
    const b = await fitMlp(X, y, { ...base, maxIter: 5 });
    expect(Array.from(a.layers[0]!.weights)).toEqual(Array.from(b.layers[0]!.weights));
    expect(a.lossCurve).toHaveLength(5);
  });

  it('learns a regression', async () => {
    const yr = {
      task: 'regression' as const,
      values: Float64Array.from(
        X.data.filter((_, i) => i % X.cols === 0),
        (v) => 3 * v + 1
      )
    };
    const m = await fitMlp(X, yr, { ...base, maxIter: 300, learningRateInit: 0.01 });
    const pred = mlpPredict(m, X);
    const err = pred.reduce((s, v, i) => s + (v - yr.values[i]!) ** 2, 0) / pred.length;
    expect(err).toBeLessThan(0.05);
  });

  it('stops early on a held-out share and reports its scores', async () => {
    const m = await fitMlp(X, y, { ...base, maxIter: 500, earlyStopping: true, nIterNoChange: 5 });
    expect(m.iterations).toBeLessThan(500);
    expect(m.validationScores).toHaveLength(m.iterations);
  });

  it('stops when cancelled', async () => {
    await expect(fitMlp(X, y, base, { signal: { aborted: true } })).rejects.toThrow(/cancelled/);
  });
});
