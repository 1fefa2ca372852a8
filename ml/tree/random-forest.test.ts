import { describe, expect, it } from 'vitest';
import { customerTable } from '../test-support/synthetic';
import { train, type TrainSpec } from '../train';
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

  it('scores out of bag: near its test accuracy, the same on each fit, refused without bootstrap', async () => {
    const fit = () => fitRandomForest(ds.frame, y, { ...base, nEstimators: 50, oobScore: true });
    const a = await fit();
    expect(a.oobScore).toBeGreaterThan(0.9);
    expect(a.oobScore).toBeLessThan(1);
    expect((await fit()).oobScore).toBe(a.oobScore);
    expect((await fitRandomForest(ds.frame, y, { ...base, nEstimators: 5 })).oobScore).toBeUndefined();
    await expect(
      fitRandomForest(ds.frame, y, { ...base, bootstrap: false, oobScore: true })
    ).rejects.toMatchObject({ param: 'oob_score' });
  });

  it('puts the out-of-bag score in the evaluation of a trained pipeline', async () => {
    const s: TrainSpec = {
      target: 'churn',
      task: 'classification',
      split: { testSize: 0.2, shuffle: true, stratify: true, seed: 1 },
      transforms: [{ kind: 'select_columns', columns: ['customer_id', 'spend'], mode: 'exclude' }],
      model: { kind: 'random_forest', params: { ...base, nEstimators: 20, oobScore: true } }
    };
    const { evaluation, pipeline } = await train(customerTable(600, 3), s);
    expect(evaluation.oob_score).toBeGreaterThan(0.5);
    expect(evaluation.oob_score).toBe(pipeline.model.kind === 'random_forest' && pipeline.model.oobScore);
  });
});
