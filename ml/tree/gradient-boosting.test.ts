import { describe, expect, it } from 'vitest';
import { numericColumn } from '../frame';
import { loadClassification } from '../test-support/datasets';
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

describe('gradient boosting', () => {
  const ds = loadClassification('breast_cancer');
  const y = encodeTarget(numericColumn('y', ds.y), 'classification');

  it('stops early once the validation loss stops improving', async () => {
    const model = await fitGradientBoosting(ds.frame, y, {
      ...base,
      maxIter: 500,
      earlyStopping: true,
      nIterNoChange: 5
    });
    expect(model.iterations).toBeLessThan(500);
    expect(model.curves.validationLoss.length).toBe(model.iterations + 1);
    expect(model.curves.trainLoss[model.iterations]!).toBeLessThan(model.curves.trainLoss[0]!);
  });

  it('is deterministic for a seed', async () => {
    const a = await fitGradientBoosting(ds.frame, y, { ...base, maxIter: 10, earlyStopping: true });
    const b = await fitGradientBoosting(ds.frame, y, { ...base, maxIter: 10, earlyStopping: true });
    expect(Array.from(boostingPredict(a, ds.frame))).toEqual(Array.from(boostingPredict(b, ds.frame)));
  });

  it('refuses a single-class target and a bad param, naming them', async () => {
    const one = encodeTarget(
      numericColumn(
        'y',
        ds.y.map(() => 1)
      ),
      'classification'
    );
    await expect(fitGradientBoosting(ds.frame, one, base)).rejects.toThrow(/single class/);
    await expect(fitGradientBoosting(ds.frame, y, { ...base, learningRate: 0 })).rejects.toThrow(
      /learning_rate/
    );
  });

  it('reports progress and stops when cancelled', async () => {
    const signal = { aborted: false };
    const steps: string[] = [];
    const fit = () =>
      fitGradientBoosting(
        ds.frame,
        y,
        { ...base, maxIter: 50 },
        {
          signal,
          onProgress: (p) => {
            steps.push(p.step);
            if (p.percent >= 20) signal.aborted = true;
          }
        }
      );
    await expect(fit()).rejects.toThrow(/cancelled/);
    expect(steps[0]).toBe('Training gradient_boosting: iteration 1/50');
  });

  it('sends the curve point of each reported iteration as it goes, equal to the fitted curves', async () => {
    const points: Array<{ step: number; metrics: Record<string, number> }> = [];
    const model = await fitGradientBoosting(
      ds.frame,
      y,
      { ...base, maxIter: 20, earlyStopping: true, nIterNoChange: 100 },
      { onProgress: (p) => p.curve && points.push(p.curve) }
    );
    expect(points.map((p) => p.step)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    for (const { step, metrics } of points) {
      expect(metrics.train_loss).toBe(model.curves.trainLoss[step - 1]);
      expect(metrics.validation_loss).toBe(model.curves.validationLoss[step - 1]);
    }
    // The loss falls as trees are added: what watchers see the curve do during the fit.
    expect(points.at(-1)!.metrics.train_loss!).toBeLessThan(points[0]!.metrics.train_loss!);
  });
});
