import { describe, expect, it } from 'vitest';
import { numericColumn } from '../frame';
import { loadClassification } from '../test-support/datasets';
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

describe('random forest', () => {
  const ds = loadClassification('breast_cancer');
  const y = encodeTarget(numericColumn('y', ds.y), 'classification');

  it('is deterministic for a seed and differs across seeds', async () => {
    const fit = async (seed: number) =>
      Array.from(
        forestPredict(await fitRandomForest(ds.frame, y, { ...base, nEstimators: 5, seed }), ds.frame)
      );
    expect(await fit(4)).toEqual(await fit(4));
    expect(await fit(4)).not.toEqual(await fit(5));
  });

  it('ranks the informative features first', async () => {
    const model = await fitRandomForest(ds.frame, y, { ...base, nEstimators: 20 });
    const sum = model.featureImportance.reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(1, 9);
  });

  it('refuses a criterion that does not fit the task', async () => {
    await expect(fitRandomForest(ds.frame, y, { ...base, criterion: 'squared_error' })).rejects.toThrow(
      /criterion/
    );
  });

  it('reports "tree i/N" progress', async () => {
    const steps: string[] = [];
    await fitRandomForest(
      ds.frame,
      y,
      { ...base, nEstimators: 4 },
      { onProgress: (p) => steps.push(p.step) }
    );
    expect(steps).toEqual([1, 2, 3, 4].map((i) => `Training random_forest: tree ${i}/4`));
  });
});
