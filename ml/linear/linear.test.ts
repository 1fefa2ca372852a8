import { describe, expect, it } from 'vitest';
import { denseMatrix } from '../matrix';
import { loadClassification, splitDataset, standardised } from '../test-support/datasets';
import { fitLogistic } from './logistic';
import { fitLinear } from './ridge';

describe('linear models', () => {
  it('give the minimum-norm solution for duplicated columns', () => {
    const x = [1, 2, 3, 4, 5];
    const data = Float64Array.from(x.flatMap((v) => [v, v]));
    const m = fitLinear(
      { rows: 5, cols: 2, data, names: ['a', 'b'] },
      Float64Array.from(x, (v) => 2 * v + 1),
      0,
      true
    );
    expect(m.coef[0]).toBeCloseTo(1, 8);
    expect(m.coef[1]).toBeCloseTo(1, 8);
    expect(m.intercept).toBeCloseTo(1, 8);
  });

  it('stop when cancelled between iterations', async () => {
    const ds = standardised(splitDataset(loadClassification('iris'), 1, true));
    const signal = { aborted: false };
    const run = () =>
      fitLogistic(
        denseMatrix(ds.train, 'lr'),
        Int32Array.from(ds.yTrain),
        3,
        { C: 1, penalty: 'l2', tol: 1e-8, maxIter: 500, fitIntercept: true, classWeight: null },
        {
          signal,
          onProgress: () => (signal.aborted = true)
        }
      );
    await expect(run()).rejects.toThrow(/cancelled/);
  });
});
