import { describe, expect, it } from 'vitest';
import { denseMatrix } from '../matrix';
import {
  accuracy,
  loadClassification,
  loadDiabetes,
  splitDataset,
  standardised,
  toRows
} from '../test-support/datasets';
import { hasSklearn, runPython } from '../test-support/sklearn';
import { fitLogistic, logisticProba, type LogisticParams } from './logistic';
import { fitLinear, linearPredict } from './ridge';

const argmax = (proba: Float64Array, k: number) =>
  Array.from({ length: proba.length / k }, (_, i) => {
    let best = 0;
    for (let c = 1; c < k; c++) if (proba[i * k + c]! > proba[i * k + best]!) best = c;
    return best;
  });

describe.skipIf(!hasSklearn)('logistic regression matches scikit-learn 1.2', () => {
  const cases: [name: 'breast_cancer' | 'iris' | 'wine_data' | 'digits', params: Partial<LogisticParams>][] =
    [
      ['breast_cancer', {}],
      ['iris', {}],
      ['wine_data', {}],
      ['breast_cancer', { C: 0.05, classWeight: 'balanced' }],
      ['wine_data', { C: 10 }],
      ['digits', { C: 0.1 }]
    ];
  it.each(cases)('on %s with %o', async (name, override) => {
    const p: LogisticParams = {
      C: 1,
      penalty: 'l2',
      tol: 1e-6,
      maxIter: 1000,
      fitIntercept: true,
      classWeight: null,
      ...override
    };
    const ds = loadClassification(name);
    const data = standardised(splitDataset(ds, 11, true));
    const K = new Set(ds.y).size;
    const model = await fitLogistic(denseMatrix(data.train, 'lr'), Int32Array.from(data.yTrain), K, p);
    const ours = argmax(logisticProba(model, denseMatrix(data.test, 'lr')), K);
    const sk = runPython<{ pred: number[]; coef: number[][] }>(
      `from sklearn.linear_model import LogisticRegression
m = LogisticRegression(C=${p.C}, penalty='l2', tol=${p.tol}, max_iter=${p.maxIter}, fit_intercept=True, solver='lbfgs', class_weight=${p.classWeight ? "'balanced'" : 'None'}, multi_class='auto')
m.fit(np.array(data['X']), np.array(data['y']))
out = {'pred': m.predict(np.array(data['T'])).tolist(), 'coef': m.coef_.tolist()}`,
      { X: toRows(data.train), y: data.yTrain, T: toRows(data.test) }
    );
    expect(accuracy(ours, data.yTest)).toBe(accuracy(sk.pred, data.yTest));
    const skCoef = sk.coef.flat();
    const scale = Math.max(...skCoef.map(Math.abs));
    skCoef.forEach((c, i) => expect(Math.abs(c - model.coef[i]!)).toBeLessThan(2e-3 * scale));
  });
});

describe.skipIf(!hasSklearn)('linear and ridge regression match scikit-learn', () => {
  it.each([0, 1, 100])('on diabetes with alpha %d', (alpha) => {
    const data = splitDataset(loadDiabetes(), 5, false);
    const model = fitLinear(denseMatrix(data.train, 'ridge'), Float64Array.from(data.yTrain), alpha, true);
    const sk = runPython<{ coef: number[]; intercept: number }>(
      `from sklearn.linear_model import Ridge, LinearRegression
m = ${alpha === 0 ? 'LinearRegression(fit_intercept=True)' : `Ridge(alpha=${alpha}, fit_intercept=True, solver='cholesky')`}
m.fit(np.array(data['X']), np.array(data['y']))
out = {'coef': m.coef_.tolist(), 'intercept': float(m.intercept_)}`,
      { X: toRows(data.train), y: data.yTrain }
    );
    sk.coef.forEach((c, i) => expect(model.coef[i]).toBeCloseTo(c, 6));
    expect(model.intercept).toBeCloseTo(sk.intercept, 6);
    expect(linearPredict(model, denseMatrix(data.test, 'ridge')).length).toBe(data.yTest.length);
  });
});
