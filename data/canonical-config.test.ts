import { describe, expect, it } from 'vitest';
import { canonicalConfig, sameConfig, stableJson } from './canonical-config';

describe('canonical configs', () => {
  it('writes keys in one order and leaves undefined out', () => {
    expect(stableJson({ b: 1, a: { d: [1, { f: 1, e: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"e":2,"f":1}]},"b":1}'
    );
  });

  it('compares configs regardless of node, edge and key order', () => {
    const a = {
      nodes: [
        { id: 'b', type: 'scale', params: { method: 'robust', columns: [] }, position: { x: 1, y: 2 } },
        { id: 'a', type: 'dataset', params: {}, position: { y: 0, x: 0 } }
      ],
      edges: [{ id: 'e', source: 'a', target: 'b' }]
    };
    const b = canonicalConfig(a);
    expect(b.nodes.map((n) => n.id)).toEqual(['a', 'b']);
    expect(sameConfig(a, JSON.parse(JSON.stringify(b)))).toBe(true);
    expect(sameConfig(a, { ...b, edges: [] })).toBe(false);
  });
});
