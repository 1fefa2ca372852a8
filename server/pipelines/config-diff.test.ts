import { describe, expect, it } from 'vitest';
import type { PipelineConfig, PipelineNode } from '../../contracts/pipeline';
import { diffConfigs } from './config-diff';

const node = (id: string, type: string, params: Record<string, unknown> = {}, x = 0): PipelineNode => ({
  id,
  type,
  params,
  position: { x, y: 0 }
});

const base: PipelineConfig = {
  nodes: [
    node('data', 'dataset'),
    node('scale', 'scale', { method: 'standard' }),
    node('rf', 'random_forest')
  ],
  edges: [
    { id: 'e1', source: 'data', target: 'scale' },
    { id: 'e2', source: 'scale', target: 'rf' }
  ]
};

describe('diffConfigs', () => {
  it('finds nothing between equal configs, whatever the order', () => {
    const shuffled = { nodes: [...base.nodes].reverse(), edges: [...base.edges].reverse() };
    expect(diffConfigs(base, shuffled)).toEqual({
      nodes: { added: [], removed: [], changed: [] },
      edges: { added: [], removed: [] }
    });
  });

  it('lists added and removed nodes and edges whole', () => {
    const to: PipelineConfig = {
      nodes: [base.nodes[0]!, base.nodes[2]!, node('mlp', 'mlp')],
      edges: [{ id: 'e3', source: 'data', target: 'rf' }]
    };
    const diff = diffConfigs(base, to);
    expect(diff.nodes.added).toEqual([node('mlp', 'mlp')]);
    expect(diff.nodes.removed).toEqual([base.nodes[1]]);
    expect(diff.edges).toEqual({ added: [to.edges[0]], removed: base.edges });
  });

  it('names changed fields and each changed param with both values', () => {
    const to = structuredClone(base);
    to.nodes[1] = {
      ...node('scale', 'scale', { method: 'robust', columns: ['a'] }, 40),
      label: 'Scale numbers'
    };
    to.nodes[2]!.params = {};
    const from = structuredClone(base);
    from.nodes[2]!.params = { n_estimators: 10 };
    expect(diffConfigs(from, to).nodes.changed).toEqual([
      { id: 'rf', type: 'random_forest', fields: ['params'], params: { n_estimators: { from: 10 } } },
      {
        id: 'scale',
        type: 'scale',
        label: 'Scale numbers',
        fields: ['label', 'position', 'params'],
        params: { columns: { to: ['a'] }, method: { from: 'standard', to: 'robust' } }
      }
    ]);
  });

  it('treats an edge whose ends or ports changed as removed and added', () => {
    const to = structuredClone(base);
    to.edges[1] = { ...to.edges[1]!, targetPort: 'data' };
    expect(diffConfigs(base, to).edges).toEqual({ added: [to.edges[1]], removed: [base.edges[1]] });
  });

  it('ignores key order inside params', () => {
    const a = { nodes: [node('x', 'mlp', { alpha: 1, solver: 'adam' })], edges: [] };
    const b = { nodes: [node('x', 'mlp', { solver: 'adam', alpha: 1 })], edges: [] };
    expect(diffConfigs(a, b).nodes.changed).toEqual([]);
  });
});
