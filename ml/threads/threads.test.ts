import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MlCancelled } from '../errors';
import { logisticThreads } from '../linear/logistic';
import { modelChecksum, serializeModel } from '../model-format';
import { customerTable } from '../test-support/synthetic';
import { train, type ModelSpec, type TrainSpec } from '../train';
import type { TransformSpec } from '../transforms/index';
import { liveThreads, Team, workerEntry } from './pool';

const prep = (exclude: string[]): TransformSpec[] => [
  { kind: 'select_columns', columns: exclude, mode: 'exclude' },
  { kind: 'impute', strategy: 'median', fill_value: null, columns: ['age', 'income'] },
  { kind: 'impute', strategy: 'most_frequent', fill_value: null, columns: ['region'] },
  { kind: 'one_hot', columns: [], handle_unknown: 'ignore', drop: 'none', max_categories: null }
];

const boosting = (maxLeafNodes: number | null, maxDepth: number | null): ModelSpec => ({
  kind: 'gradient_boosting',
  params: {
    learningRate: 0.1,
    maxIter: 15,
    maxLeafNodes,
    maxDepth,
    minSamplesLeaf: 10,
    l2Regularization: 0.5,
    maxBins: 255,
    earlyStopping: true,
    validationFraction: 0.1,
    nIterNoChange: 5,
    tol: 1e-7,
    seed: 3
  }
});

const forest = (criterion: 'gini' | 'squared_error'): ModelSpec => ({
  kind: 'random_forest',
  params: {
    nEstimators: 12,
    criterion,
    maxDepth: null,
    minSamplesSplit: 2,
    minSamplesLeaf: 1,
    maxFeatures: 'sqrt',
    bootstrap: true,
    classWeight: null,
    maxBins: 255,
    seed: 3,
    // In the model file, so the byte comparison covers the out-of-bag score too.
    oobScore: true
  }
});

const spec = (target: string, task: TrainSpec['task'], model: ModelSpec): TrainSpec => ({
  target,
  task,
  split: { testSize: 0.2, shuffle: true, stratify: task === 'classification', seed: 5 },
  transforms: prep(target === 'spend' ? ['customer_id'] : ['customer_id', 'spend']),
  model
});

/** Region and plan reach the trees as categories (region with its gaps): split by category subset. */
const native = (s: TrainSpec): TrainSpec => ({
  ...s,
  transforms: s.transforms.filter((t) => t.kind === 'select_columns')
});

const logistic: ModelSpec = {
  kind: 'logistic_regression',
  params: { C: 0.5, penalty: 'l2', tol: 1e-6, maxIter: 300, fitIntercept: true, classWeight: 'balanced' }
};

const data = customerTable(4000, 11, 6);
// Logistic regression splits its objective into blocks of 4,096 rows: this gives it several.
const wide = customerTable(12_000, 12, 6);
const scaled = (s: TrainSpec): TrainSpec => ({
  ...s,
  transforms: [...s.transforms, { kind: 'scale', method: 'standard', columns: [] }]
});

describe('training on threads', () => {
  const minCells = logisticThreads.minCells;
  beforeAll(() => void (logisticThreads.minCells = 0));
  afterAll(() => void (logisticThreads.minCells = minCells));

  it.each([
    ['gradient boosting, binary', spec('churn', 'classification', boosting(31, null))],
    ['gradient boosting, 3 classes', spec('plan', 'classification', boosting(15, 4))],
    ['gradient boosting, regression', spec('spend', 'regression', boosting(null, 5))],
    ['random forest, classification', spec('churn', 'classification', forest('gini'))],
    ['random forest, regression', spec('spend', 'regression', forest('squared_error'))],
    ['gradient boosting on categories, binary', native(spec('churn', 'classification', boosting(31, null)))],
    ['gradient boosting on categories, regression', native(spec('spend', 'regression', boosting(null, 5)))],
    ['random forest on categories, classification', native(spec('churn', 'classification', forest('gini')))],
    ['random forest on categories, regression', native(spec('spend', 'regression', forest('squared_error')))],
    ['logistic regression, binary', scaled(spec('churn', 'classification', logistic))],
    ['logistic regression, 3 classes', scaled(spec('plan', 'classification', logistic))]
  ])('%s: 1, 2 and 3 threads give byte-identical model files', async (_name, s) => {
    const rows = s.model.kind === 'logistic_regression' ? wide : data;
    const bytes = async (threads: number) => serializeModel((await train(rows, s, { threads })).pipeline);
    const one = await bytes(1);
    expect(modelChecksum(await bytes(2))).toBe(modelChecksum(one));
    expect(modelChecksum(await bytes(3))).toBe(modelChecksum(one));
    expect(liveThreads()).toBe(0);
  });

  it.each([
    ['gradient boosting', spec('churn', 'classification', boosting(31, null)), 'iteration'],
    ['random forest', spec('churn', 'classification', forest('gini')), 'tree']
  ])('%s reports progress on 2 threads and stops them when cancelled', async (_name, s, unit) => {
    const signal = { aborted: false };
    const steps: string[] = [];
    const run = train(data, s, {
      threads: 2,
      signal,
      onProgress: (p) => {
        steps.push(p.step);
        if (steps.length === 3) signal.aborted = true;
      }
    });
    await expect(run).rejects.toThrow(MlCancelled);
    expect(steps[0]).toMatch(new RegExp(`: ${unit} 1/`));
    expect(liveThreads()).toBe(0);
  });

  it('a cancelled forest stops within a second, mid-tree, with its threads', async () => {
    const big = customerTable(40_000, 2, 12);
    const s = spec('churn', 'classification', forest('gini'));
    const signal = { aborted: false };
    let cancelledAt = 0;
    const run = train(
      big,
      { ...s, model: { ...s.model, params: { ...s.model.params, nEstimators: 400 } } as ModelSpec },
      {
        threads: 2,
        signal,
        onProgress: () => {
          if (cancelledAt) return;
          cancelledAt = performance.now();
          signal.aborted = true;
        }
      }
    );
    await expect(run).rejects.toThrow(MlCancelled);
    expect(performance.now() - cancelledAt).toBeLessThan(1000);
    expect(liveThreads()).toBe(0);
  });

  it('a failing progress callback ends the fit and its threads', async () => {
    for (const model of [boosting(31, null), forest('gini')]) {
      const run = train(data, spec('churn', 'classification', model), {
        threads: 2,
        onProgress: () => {
          throw new Error('progress sink is gone');
        }
      });
      await expect(run).rejects.toThrow(/progress sink is gone/);
      expect(liveThreads()).toBe(0);
    }
  });

  it('an error in a worker thread rejects the step with its message; closing leaves no thread', async () => {
    const team = new Team(workerEntry(import.meta.url, '../test-support/failing-worker'), {}, 2);
    await team.run({ fail: false }, 64, () => {});
    // This thread takes items too; slowly here, so the workers (once started) take some and fail.
    const slow = () => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    await expect(team.run({ fail: true }, 64, slow)).rejects.toThrow(/step refused on purpose/);
    await team.close();
    expect(liveThreads()).toBe(0);
  });

  it('refuses a thread count that is not a positive integer', async () => {
    await expect(
      train(data, spec('churn', 'classification', forest('gini')), { threads: 0 })
    ).rejects.toThrow(/threads/);
  });
});
