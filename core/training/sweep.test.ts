import { describe, expect, it } from 'vitest';
import { Unprocessable } from '../../contracts/errors';
import type { PipelineConfig } from '../../contracts/pipeline';
import { sweepSpec } from '../../contracts/training';
import { applyHyperparameters, checkSweep, expandSweep } from './sweep';

const config: PipelineConfig = {
  nodes: [
    { id: 'data', type: 'dataset', params: {}, position: { x: 0, y: 0 } },
    { id: 'rf', type: 'random_forest', params: { n_estimators: 10 }, position: { x: 1, y: 0 } }
  ],
  edges: []
};

describe('sweeps', () => {
  it('expands a grid in key order, the last key varying fastest', () => {
    const runs = expandSweep(sweepSpec.parse({ 'rf.n_estimators': [5, 10], 'rf.max_depth': [2, 4, null] }));
    expect(runs).toEqual([
      { 'rf.n_estimators': 5, 'rf.max_depth': 2 },
      { 'rf.n_estimators': 5, 'rf.max_depth': 4 },
      { 'rf.n_estimators': 5, 'rf.max_depth': null },
      { 'rf.n_estimators': 10, 'rf.max_depth': 2 },
      { 'rf.n_estimators': 10, 'rf.max_depth': 4 },
      { 'rf.n_estimators': 10, 'rf.max_depth': null }
    ]);
    expect(expandSweep(undefined)).toEqual([{}]);
  });

  it('refuses a grid of more than 64 runs', () => {
    const values = Array.from({ length: 9 }, (_, i) => i + 1);
    const spec = sweepSpec.parse({ 'rf.n_estimators': values, 'rf.min_samples_leaf': values });
    expect(() => expandSweep(spec)).toThrow(Unprocessable);
  });

  it('draws a random sweep from its seed: the same seed draws the same runs, within the ranges', () => {
    const spec = sweepSpec.parse({
      kind: 'random',
      samples: 20,
      seed: 9,
      params: {
        'rf.n_estimators': { min: 10, max: 500, log: true, integer: true },
        'rf.bootstrap': [true, false]
      }
    });
    const a = expandSweep(spec);
    expect(expandSweep(spec)).toEqual(a);
    expect(a).toHaveLength(20);
    for (const run of a) {
      const n = run['rf.n_estimators'] as number;
      expect(Number.isInteger(n) && n >= 10 && n <= 500).toBe(true);
      expect([true, false]).toContain(run['rf.bootstrap']);
    }
    expect(new Set(a.map((r) => r['rf.n_estimators'])).size).toBeGreaterThan(5);
    expect(expandSweep({ ...spec, seed: 10 } as typeof spec)).not.toEqual(a);
  });

  it('writes a run into its nodes without touching the others', () => {
    const out = applyHyperparameters(config, { 'rf.max_depth': 3 });
    expect(out.nodes[1]!.params).toEqual({ n_estimators: 10, max_depth: 3 });
    expect(out.nodes[0]).toBe(config.nodes[0]);
    expect(config.nodes[1]!.params).toEqual({ n_estimators: 10 });
  });

  it('names the node and param of a sweep that cannot run', () => {
    const issue = (runs: Record<string, unknown>[]) => {
      try {
        checkSweep(config, runs);
        return null;
      } catch (err) {
        return (err as Unprocessable).details as { issues: { nodeId: string; param: string }[] };
      }
    };
    expect(issue([{ 'rf.leaves': 3 }])?.issues).toEqual([
      expect.objectContaining({ nodeId: 'rf', param: 'leaves' })
    ]);
    expect(issue([{ 'gb.n_estimators': 3 }])?.issues).toEqual([expect.objectContaining({ nodeId: 'gb' })]);
    expect(issue([{ 'rf.n_estimators': 0 }])?.issues).toEqual([
      expect.objectContaining({ nodeId: 'rf', param: 'n_estimators' })
    ]);
    expect(issue([{ 'rf.n_estimators': 50 }])).toBeNull();
  });
});
