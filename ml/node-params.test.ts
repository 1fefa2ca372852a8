import { describe, expect, it } from 'vitest';
import { NODE_TYPES } from '../contracts/node-types';
import { customerTable } from './test-support/synthetic';
import {
  frameKindOf,
  metricsFromNode,
  modelFromNode,
  trainSpecFromNodes,
  transformFromNode
} from './node-params';
import { train } from './train';

describe('node params', () => {
  const nodes = {
    preprocess: [
      { type: 'select_columns', params: { columns: ['customer_id', 'spend'], mode: 'exclude' } },
      { type: 'impute', params: { strategy: 'median', columns: ['age', 'income'] } },
      { type: 'impute', params: { strategy: 'most_frequent', columns: ['region'] } },
      { type: 'one_hot', params: {} },
      { type: 'scale', params: { method: 'robust' } }
    ],
    split: { type: 'train_test_split', params: { stratify: true, random_state: 3 } },
    target: { name: 'churn', type: 'categorical' as const },
    freshSeed: 99
  };

  it.each([
    [
      'gradient_boosting',
      { n_estimators: 20, early_stopping: true, max_leaf_nodes: 8, l2_regularization: 0.5 }
    ],
    ['random_forest', { n_estimators: 10, max_depth: 6 }],
    ['logistic_regression', { C: 0.5 }],
    ['mlp', { hidden_layer_sizes: [16], max_iter: 30, learning_rate_init: 0.01 }]
  ])('train %s from the studio’s params', async (type, params) => {
    const spec = trainSpecFromNodes({ ...nodes, model: { type, params } });
    expect(spec.task).toBe('classification');
    const r = await train(customerTable(1500, 4), spec);
    const metrics = metricsFromNode({ type: 'evaluate', params: { average: 'macro' } }, r.evaluation);
    expect(Object.keys(metrics)).toEqual(['accuracy', 'precision', 'recall', 'f1', 'roc_auc']);
    expect(metrics.accuracy).toBeGreaterThan(0.6);
  });

  it('maps the defaults of every implemented node', () => {
    for (const t of ['select_columns', 'drop_missing', 'impute', 'scale', 'one_hot']) {
      if (t === 'select_columns')
        expect(transformFromNode({ type: t, params: { columns: ['a'] } }).kind).toBe(t);
      else expect(transformFromNode({ type: t, params: {} }).kind).toBe(t);
    }
    for (const t of ['logistic_regression', 'random_forest', 'gradient_boosting']) {
      expect(modelFromNode({ type: t, params: {} }, 'classification', 1).kind).toBe(t);
    }
    expect(modelFromNode({ type: 'linear_regression', params: {} }, 'regression', 1).kind).toBe(
      'linear_regression'
    );
  });

  it('uses the fresh seed where random_state is null', () => {
    const m = modelFromNode(
      { type: 'random_forest', params: { random_state: null } },
      'classification',
      1234
    );
    expect(m.kind === 'random_forest' && m.params.seed).toBe(1234);
  });

  it.each([
    ['logistic_regression', { penalty: 'l1', solver: 'saga' }, 'penalty'],
    ['logistic_regression', { solver: 'newton-cg' }, 'solver'],
    ['mlp', { solver: 'lbfgs' }, 'solver'],
    ['gradient_boosting', { subsample: 0.5 }, 'subsample'],
    ['random_forest', { n_estimators: 0 }, 'n_estimators']
  ])('refuses %s with %o, naming %s', (type, params, param) => {
    expect(() => modelFromNode({ type, params }, 'classification', 1)).toThrow(
      expect.objectContaining({ param })
    );
  });

  it('refuses fill_value on a strategy that ignores it', () => {
    expect(() => transformFromNode({ type: 'impute', params: { strategy: 'mean', fill_value: 0 } })).toThrow(
      expect.objectContaining({ param: 'fill_value' })
    );
  });

  it('asks for a task when an integer target could be either', () => {
    expect(() =>
      trainSpecFromNodes({
        ...nodes,
        target: { name: 'visits', type: 'integer' },
        model: { type: 'random_forest', params: {} }
      })
    ).toThrow(expect.objectContaining({ param: 'task' }));
  });

  it('refuses binary averaging on three classes', () => {
    const report = {
      accuracy: 1,
      per_class: { support: [1, 1, 1], precision: [], recall: [], f1: [] }
    } as never;
    expect(() => metricsFromNode({ type: 'evaluate', params: { average: 'binary' } }, report)).toThrow(
      expect.objectContaining({ param: 'average' })
    );
  });

  it('covers every model node of the registry', () => {
    const models = NODE_TYPES.filter((t) => t.category === 'model').map((t) => t.type);
    expect(models.sort()).toEqual([
      'gradient_boosting',
      'linear_regression',
      'logistic_regression',
      'mlp',
      'random_forest'
    ]);
  });
});

describe('frame kinds from the accepted schema', () => {
  it('holds numbers and dates as numbers, the rest as categories', () => {
    expect(
      ['integer', 'float', 'datetime', 'boolean', 'categorical', 'text', 'id'].map((t) =>
        frameKindOf(t as never)
      )
    ).toEqual(['numeric', 'numeric', 'numeric', 'categorical', 'categorical', 'categorical', 'categorical']);
  });
});
