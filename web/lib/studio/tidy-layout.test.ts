import { describe, expect, it } from 'vitest';
import { elkGraph, tidyLayout, type LayoutNode } from './tidy-layout';

const step = (id: string, x: number, y: number, inputs: string[], outputs: string[]): LayoutNode => ({
  id,
  position: { x, y },
  width: 216,
  height: 60 + 22 * Math.max(inputs.length, outputs.length),
  ports: [
    ...inputs.map((name, i) => ({ name, side: 'in' as const, x: 0, y: 60 + 22 * i })),
    ...outputs.map((name, i) => ({ name, side: 'out' as const, x: 216, y: 60 + 22 * i }))
  ]
});

const nodes = [
  step('data', 600, 300, [], ['out']),
  step('fill', 0, 0, ['in'], ['out']),
  step('scale', 700, 0, ['in'], ['out']),
  step('split', 50, 320, ['in'], ['data']),
  step('forest', 350, 500, ['data'], ['model']),
  step('eval', 300, 100, ['model', 'data'], ['metrics'])
];
const edges = [
  { id: 'e1', source: 'data', target: 'fill' },
  { id: 'e2', source: 'fill', target: 'scale' },
  { id: 'e3', source: 'scale', target: 'split' },
  { id: 'e4', source: 'split', target: 'forest' },
  { id: 'e5', source: 'forest', target: 'eval', targetPort: 'model' },
  { id: 'e6', source: 'split', target: 'eval', targetPort: 'data' }
];

describe('tidyLayout', () => {
  it('joins edges to the named port, or the only one, and drops edges to missing steps', () => {
    const graph = elkGraph(nodes, [...edges, { id: 'x', source: 'gone', target: 'fill' }]);
    expect(graph.edges).toHaveLength(6);
    const e5 = graph.edges!.find((e) => e.id === 'e5')!;
    expect(e5.targets[0]).toContain('model');
    expect(graph.edges!.find((e) => e.id === 'e1')!.sources[0]).toContain('out');
  });

  it('lays steps out in layers from left to right, keeping the top-left corner, on whole units', async () => {
    const placed = await tidyLayout(nodes, edges);
    expect([...placed.keys()].sort()).toEqual(nodes.map((n) => n.id).sort());
    for (const e of edges) expect(placed.get(e.target)!.x).toBeGreaterThan(placed.get(e.source)!.x + 216);
    const xs = [...placed.values()].map((p) => p.x);
    const ys = [...placed.values()].map((p) => p.y);
    expect(Math.min(...xs)).toBe(0);
    expect(Math.min(...ys)).toBe(0);
    for (const p of placed.values()) expect(Number.isInteger(p.x) && Number.isInteger(p.y)).toBe(true);
    // Evaluate's model input is above its data input, so the forest sits above the long edge from
    // the split: the two connections into Evaluate do not cross.
    expect(placed.get('forest')!.y).toBeLessThanOrEqual(placed.get('eval')!.y + 22);
  });

  it('returns nothing for an empty pipeline', async () => {
    expect((await tidyLayout([], [])).size).toBe(0);
  });
});
