import { describe, expect, it } from 'vitest';
import { Unprocessable } from '../../contracts/errors';
import type { PipelineConfig } from '../../contracts/pipeline';
import { checkTrainable, snapshotSeed } from './check-trainable';
import { planTraining, type TrainingSnapshot } from './plan';

const node = (id: string, type: string, params: Record<string, unknown> = {}) => ({
  id,
  type,
  params,
  position: { x: 0, y: 0 }
});
const chain = (...ids: string[]) =>
  ids.slice(1).map((id, i) => ({ id: `e${i}`, source: ids[i]!, target: id }));

const config: PipelineConfig = {
  nodes: [
    node('data', 'dataset'),
    node('imp', 'impute', { strategy: 'most_frequent' }),
    node('oh', 'one_hot', { columns: ['plan'] }),
    node('split', 'train_test_split'),
    node('rf', 'random_forest'),
    node('eval', 'evaluate')
  ],
  edges: [
    ...chain('data', 'imp', 'oh', 'split', 'rf'),
    { id: 'm', source: 'rf', target: 'eval', targetPort: 'model' },
    { id: 'd', source: 'split', target: 'eval', targetPort: 'data' }
  ]
};
const columns: TrainingSnapshot['columns'] = [
  { name: 'id', type: 'id', nullable: false, role: 'id' },
  { name: 'age', type: 'float', nullable: true, role: 'feature' },
  { name: 'plan', type: 'categorical', nullable: true, role: 'feature' },
  { name: 'notes', type: 'text', nullable: true, role: 'ignore' },
  { name: 'churn', type: 'categorical', nullable: false, role: 'target' }
];
const snapshot: TrainingSnapshot = { config, columns, parquetKey: 'datasets/u/d/processed/v1.parquet' };

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(Unprocessable);
    return (err as Unprocessable).details as Record<string, unknown>;
  }
  throw new Error('not refused');
};

describe('a training plan', () => {
  it('follows dataset → preprocessing → split → model → evaluate, typed by the schema', () => {
    const plan = planTraining(snapshot);
    expect(plan.preprocess.map((n) => n.id)).toEqual(['imp', 'oh']);
    expect([plan.split.id, plan.model.id, plan.evaluate?.id]).toEqual(['split', 'rf', 'eval']);
    expect(plan.target).toEqual({ name: 'churn', type: 'categorical' });
    // Ids and ignored columns stay out unless a node names them.
    expect(plan.kinds).toEqual({ age: 'numeric', plan: 'categorical', churn: 'categorical' });
  });

  it('lets the split name another target and a node bring back an ignored column', () => {
    const named: PipelineConfig = {
      ...config,
      nodes: config.nodes.map((n) =>
        n.id === 'split'
          ? { ...n, params: { target: 'plan' } }
          : n.id === 'oh'
            ? { ...n, params: { columns: ['notes'] } }
            : n
      )
    };
    const plan = planTraining({ ...snapshot, config: named });
    expect(plan.target.name).toBe('plan');
    expect(plan.kinds.notes).toBe('categorical');
  });

  it('refuses no target, several models, and a category that reaches the model', () => {
    const untargeted = columns.map((c) => ({
      ...c,
      role: c.role === 'target' ? ('feature' as const) : c.role
    }));
    expect(refusal(() => planTraining({ ...snapshot, columns: untargeted }))).toMatchObject({
      nodeId: 'split'
    });
    const two = { ...config, nodes: [...config.nodes, node('rf2', 'random_forest')] };
    expect(refusal(() => planTraining({ ...snapshot, config: two }))).toMatchObject({ nodeId: 'rf2' });
    const ohOnAge = (type: string) => ({
      ...config,
      nodes: config.nodes.map((n) =>
        n.id === 'oh' ? { ...n, params: { columns: ['age'] } } : n.id === 'rf' ? { ...n, type } : n
      )
    });
    expect(
      refusal(() => checkTrainable({ ...snapshot, config: ohOnAge('logistic_regression') }, [{}], 1))
    ).toMatchObject({ nodeId: 'rf', column: 'plan' });
    // Trees split categories themselves: the same graph with the forest is trainable.
    checkTrainable({ ...snapshot, config: ohOnAge('random_forest') }, [{}], 1);
    checkTrainable(snapshot, [{}], 1);
  });

  it('draws the same seed from the same snapshot and another from a changed one', () => {
    expect(snapshotSeed(snapshot)).toBe(snapshotSeed(structuredClone(snapshot)));
    expect(snapshotSeed({ ...snapshot, parquetKey: 'other' })).not.toBe(snapshotSeed(snapshot));
  });
});
