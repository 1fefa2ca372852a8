import { describe, expect, it } from 'vitest';
import { MlError } from './errors';
import { Frame, categoricalColumn, numericColumn } from './frame';
import { deserializeModel, modelChecksum, serializeModel } from './model-format';
import { predict, predictProba, predictRows } from './predict';
import { customerTable } from './test-support/synthetic';
import { train, type ModelSpec, type TrainSpec } from './train';
import type { TransformSpec } from './transforms/index';

const prep: TransformSpec[] = [
  { kind: 'select_columns', columns: ['customer_id', 'spend'], mode: 'exclude' },
  { kind: 'impute', strategy: 'median', fill_value: null, columns: ['age', 'income'] },
  { kind: 'impute', strategy: 'most_frequent', fill_value: null, columns: ['region'] },
  { kind: 'one_hot', columns: [], handle_unknown: 'ignore', drop: 'none', max_categories: null },
  { kind: 'scale', method: 'standard', columns: [] }
];

const gb: ModelSpec = {
  kind: 'gradient_boosting',
  params: {
    learningRate: 0.1,
    maxIter: 30,
    maxLeafNodes: 15,
    maxDepth: null,
    minSamplesLeaf: 20,
    l2Regularization: 0,
    maxBins: 255,
    earlyStopping: true,
    validationFraction: 0.1,
    nIterNoChange: 5,
    tol: 1e-7,
    seed: 1
  }
};
const models: ModelSpec[] = [
  gb,
  {
    kind: 'random_forest',
    params: {
      nEstimators: 15,
      criterion: 'gini',
      maxDepth: 8,
      minSamplesSplit: 2,
      minSamplesLeaf: 2,
      maxFeatures: 'sqrt',
      bootstrap: true,
      classWeight: 'balanced',
      maxBins: 255,
      seed: 1
    }
  },
  {
    kind: 'logistic_regression',
    params: { C: 1, penalty: 'l2', tol: 1e-4, maxIter: 200, fitIntercept: true, classWeight: null }
  },
  {
    kind: 'mlp',
    params: {
      hiddenLayerSizes: [16],
      activation: 'relu',
      alpha: 1e-4,
      learningRateInit: 0.01,
      batchSize: 200,
      maxIter: 20,
      earlyStopping: false,
      validationFraction: 0.1,
      nIterNoChange: 10,
      tol: 1e-4,
      seed: 1
    }
  }
];

const spec = (model: ModelSpec): TrainSpec => ({
  target: 'churn',
  task: 'classification',
  split: { testSize: 0.25, shuffle: true, stratify: true, seed: 7 },
  transforms: prep,
  model
});

describe('a trained pipeline', () => {
  const data = customerTable(3000, 1);

  it.each(models.map((m) => [m.kind, m] as const))(
    '%s learns churn, saves, loads and predicts the same',
    async (_k, model) => {
      const { pipeline, evaluation } = await train(data, spec(model));
      expect('accuracy' in evaluation && evaluation.accuracy).toBeGreaterThan(0.65);
      const bytes = serializeModel(pipeline);
      const loaded = deserializeModel(bytes);
      const fresh = customerTable(200, 2).without(['churn']);
      expect(Array.from(predictProba(loaded, fresh))).toEqual(Array.from(predictProba(pipeline, fresh)));
      expect(predict(loaded, fresh).predictions.every((p) => p === 'yes' || p === 'no')).toBe(true);
    }
  );

  it('gives byte-identical files for the same data, params and seed', async () => {
    const a = serializeModel((await train(data, spec(gb))).pipeline);
    const b = serializeModel((await train(data, spec(gb))).pipeline);
    expect(modelChecksum(a)).toBe(modelChecksum(b));
  });

  it('refuses a file whose bytes were altered', async () => {
    const bytes = serializeModel((await train(data, spec(gb))).pipeline);
    bytes[bytes.length - 3]! ^= 0xff;
    expect(() => deserializeModel(bytes)).toThrow(/checksum/);
    expect(() => deserializeModel(new TextEncoder().encode('not a model'))).toThrow(MlError);
  });

  it('scores rows with a region unseen in training and names a missing column', async () => {
    const { pipeline } = await train(data, spec(gb));
    const rows = customerTable(5, 3).without(['churn']);
    const odd = rows.withColumns(
      rows.columns.map((c) =>
        c.name === 'region' ? categoricalColumn('region', ['mars', 'mars', 'north', null, 'mars']) : c
      )
    );
    expect(predict(pipeline, odd).predictions).toHaveLength(5);
    expect(() => predict(pipeline, rows.without(['visits']))).toThrow(/visits/);
    const asRows = [{ signup_day: 18100, region: 'north', plan: 'pro', age: null, income: 30000, visits: 3 }];
    expect(predictRows(pipeline, asRows).predictions).toHaveLength(1);
  });

  it('reports curves, importance and permutation importance', async () => {
    const r = await train(data, { ...spec(gb), permutationRepeats: 2 });
    expect(r.pipeline.curves!.validationLoss.length).toBeGreaterThan(1);
    const top = [...r.pipeline.importance].sort((a, b) => b.importance - a.importance)[0]!;
    expect(['visits', 'age', 'plan_free', 'plan_pro']).toContain(top.feature);
    expect(r.permutationImportance!.find((p) => p.feature === 'visits')!.importance).toBeGreaterThan(0);
  });

  it('trains a regression on spend', async () => {
    const r = await train(data, {
      ...spec({ kind: 'linear_regression', params: { alpha: 1, fitIntercept: true } }),
      target: 'spend',
      task: 'regression',
      split: { testSize: 0.2, shuffle: true, stratify: false, seed: 1 },
      transforms: [{ ...prep[0]!, columns: ['customer_id', 'churn'] } as TransformSpec, ...prep.slice(1)]
    });
    expect('r2' in r.evaluation && r.evaluation.r2).toBeGreaterThan(0.8);
    expect(typeof predict(r.pipeline, customerTable(3, 9)).predictions[0]).toBe('number');
  });
});

describe('bad input is refused with the column or param and the fix', () => {
  const small = (y: (string | number)[], x: (number | null)[] = y.map((_, i) => i)) =>
    new Frame([
      numericColumn('x', x),
      typeof y[0] === 'string' ? categoricalColumn('y', y as string[]) : numericColumn('y', y as number[])
    ]);
  const lr: ModelSpec = models[2]!;
  const base = (model: ModelSpec, task: 'classification' | 'regression'): TrainSpec => ({
    target: 'y',
    task,
    split: { testSize: 0.25, shuffle: true, stratify: false, seed: 1 },
    transforms: [],
    model
  });

  it('a single class', async () => {
    await expect(train(small(Array(20).fill('a')), base(lr, 'classification'))).rejects.toThrow(
      expect.objectContaining({ column: 'y', code: 'invalid_data' })
    );
  });

  it('a constant target', async () => {
    await expect(
      train(
        small(Array(20).fill(3)),
        base({ kind: 'linear_regression', params: { alpha: 0, fitIntercept: true } }, 'regression')
      )
    ).rejects.toThrow(/constant/);
  });

  it('an empty training split', async () => {
    const f = small(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? 'a' : 'b')),
      Array(20).fill(null)
    );
    await expect(
      train(f, {
        ...base(lr, 'classification'),
        transforms: [{ kind: 'drop_missing', how: 'any', columns: [] }]
      })
    ).rejects.toThrow(/training split is empty/);
  });

  it('missing values reaching a linear model', async () => {
    const f = small(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? 'a' : 'b')),
      Array.from({ length: 20 }, (_, i) => (i % 3 ? i : null))
    );
    await expect(train(f, base(lr, 'classification'))).rejects.toThrow(
      expect.objectContaining({ column: 'x', message: expect.stringMatching(/impute/) })
    );
  });

  it('a cancelled training', async () => {
    const signal = { aborted: true };
    await expect(train(customerTable(200, 1), spec(gb), { signal })).rejects.toThrow(/cancelled/);
  });
});
