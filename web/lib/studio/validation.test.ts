import { describe, expect, it } from 'vitest';
import { configKey, groupErrors } from './validation';

const config = {
  nodes: [
    { id: 'a', type: 'scale', params: {}, position: { x: 0, y: 0 } },
    { id: 'b', type: 'scale', params: {}, position: { x: 0, y: 0 } }
  ],
  edges: [{ id: 'e1', source: 'a', target: 'b' }]
};

describe('groupErrors', () => {
  it('sorts errors by node, edge and pipeline, and drops ones about deleted things', () => {
    const view = groupErrors(
      [
        { nodeId: 'a', code: 'missing_input', message: 'Needs data.' },
        { nodeId: 'a', code: 'invalid_param', message: 'Bad k.' },
        { nodeId: 'gone', code: 'x', message: 'Old.' },
        { edgeId: 'e1', code: 'port_type_mismatch', message: 'Types differ.' },
        { edgeId: 'e-gone', code: 'dangling_edge', message: 'Old edge.' },
        { code: 'no_model_node', message: 'Add a model.' }
      ],
      config,
      [
        { code: 'schema_not_accepted', message: 'No schema yet.' },
        { nodeId: 'gone', code: 'unused_output', message: 'Unused.' }
      ]
    );
    expect(Object.fromEntries(view.byNode)).toEqual({ a: ['Needs data.', 'Bad k.'] });
    expect(Object.fromEntries(view.byEdge)).toEqual({ e1: ['Types differ.'] });
    expect(view.general.map((e) => e.code)).toEqual(['no_model_node']);
    expect(view.total).toBe(4);
    expect(view.warnings.map((w) => w.code)).toEqual(['schema_not_accepted']);
  });

  it('marks every node of a cycle', () => {
    const view = groupErrors(
      [{ code: 'cycle', nodeId: 'a', nodeIds: ['a', 'b'], message: 'Cycle.' }],
      config
    );
    expect(Object.fromEntries(view.byNode)).toEqual({ a: ['Cycle.'], b: ['Cycle.'] });
    expect(view.total).toBe(1);
  });
});

describe('configKey', () => {
  it('ignores positions but not params or edges', () => {
    const moved = { ...config, nodes: config.nodes.map((n) => ({ ...n, position: { x: 9, y: 9 } })) };
    expect(configKey(moved)).toBe(configKey(config));
    const tuned = { ...config, nodes: config.nodes.map((n) => ({ ...n, params: { k: 1 } })) };
    expect(configKey(tuned)).not.toBe(configKey(config));
    expect(configKey({ ...config, edges: [] })).not.toBe(configKey(config));
  });
});
