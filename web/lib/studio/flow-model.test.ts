import { describe, expect, it } from 'vitest';
import type { PipelineConfig } from '../../../contracts/pipeline';
import { diffOverlay } from './diff-overlay';
import {
  EMPTY_DECORATIONS,
  openThreadsByNode,
  toFlowEdges,
  toFlowNodes,
  type Decorations
} from './flow-model';
import { parseNodeTypes } from './node-types';

const types = new Map(
  parseNodeTypes([
    {
      type: 'dataset',
      category: 'Data',
      label: 'Dataset',
      inputs: [],
      outputs: [{ name: 'out', type: 'table' }],
      params: {}
    },
    {
      type: 'scale',
      category: 'Preprocessing',
      label: 'Scale',
      inputs: [{ name: 'in', type: 'table' }],
      outputs: [{ name: 'out', type: 'table' }],
      params: {}
    }
  ]).map((t) => [t.type, t])
);
const deco: Decorations = { ...EMPTY_DECORATIONS, types, typesLoaded: true };

const config: PipelineConfig = {
  nodes: [
    { id: 'a', type: 'dataset', params: {}, position: { x: 0, y: 0 } },
    { id: 'b', type: 'scale', label: 'Standardise', params: {}, position: { x: 250, y: 0 } },
    { id: 'c', type: 'mystery', params: {}, position: { x: 500, y: 0 } }
  ],
  edges: [
    { id: 'e1', source: 'a', target: 'b', sourcePort: 'out', targetPort: 'in' },
    { id: 'e2', source: 'b', target: 'c', sourcePort: 'out', targetPort: 'features' }
  ]
};

describe('flow model', () => {
  it('draws each node with its title, ports and marks', () => {
    const nodes = toFlowNodes(
      config,
      {
        ...deco,
        errors: new Map([['b', ['Needs a column.']]]),
        comments: openThreadsByNode([
          { nodeId: 'b', resolved: false },
          { nodeId: 'b', resolved: true },
          { nodeId: null, resolved: false }
        ]),
        selections: new Map([['a', [{ id: 'u2', name: 'Bea', color: 'blue' }]]])
      },
      []
    );
    const [a, b, c] = nodes;
    expect(a).toMatchObject({
      id: 'a',
      type: 'step',
      draggable: true,
      data: { title: 'Dataset', selectedBy: [{ name: 'Bea' }] }
    });
    expect(b!.data).toMatchObject({
      title: 'Standardise',
      typeLabel: 'Scale',
      errors: ['Needs a column.'],
      commentCount: 1
    });
    // An unknown type still gets the port its edge uses, so the edge can be drawn.
    expect(c!.data).toMatchObject({ unknownType: true, inputs: [{ name: 'features', type: 'any' }] });
  });

  it('keeps selection, drag and size from the canvas and reuses unchanged nodes', () => {
    const first = toFlowNodes(config, deco, []);
    const canvas = first.map((n) =>
      n.id === 'a'
        ? { ...n, selected: true, measured: { width: 180, height: 90 } }
        : n.id === 'b'
          ? { ...n, dragging: true, position: { x: 300, y: 40 } }
          : n
    );
    const moved: PipelineConfig = {
      ...config,
      nodes: config.nodes.map((n) => (n.id === 'b' ? { ...n, position: { x: 260, y: 5 } } : n))
    };
    const next = toFlowNodes(moved, deco, canvas);
    expect(next[0]).toBe(canvas[0]);
    expect(next[1]).toMatchObject({ dragging: true, position: { x: 300, y: 40 } });
    expect(next[2]).toBe(canvas[2]);
    const renamed = toFlowNodes(
      { ...config, nodes: [{ ...config.nodes[0]!, label: 'Customers' }] },
      deco,
      canvas
    );
    expect(renamed).toHaveLength(1);
    expect(renamed[0]).toMatchObject({
      selected: true,
      measured: { width: 180, height: 90 },
      data: { title: 'Customers' }
    });
  });

  it('locks everything on a read-only canvas', () => {
    const [node] = toFlowNodes(config, { ...deco, readOnly: true }, []);
    expect(node).toMatchObject({ draggable: false, connectable: false, deletable: false, selectable: true });
    const [edge] = toFlowEdges(config, { ...deco, readOnly: true }, []);
    expect(edge).toMatchObject({ deletable: false });
  });

  it('maps edges to port handles and keeps their selection', () => {
    const edges = toFlowEdges(config, { ...deco, edgeErrors: new Map([['e2', ['Types differ.']]]) }, []);
    expect(edges[0]).toMatchObject({ source: 'a', target: 'b', sourceHandle: 'out', targetHandle: 'in' });
    expect(edges[1]).toMatchObject({ class: 'has-errors', data: { errors: ['Types differ.'] } });
    const again = toFlowEdges(config, { ...deco, edgeErrors: new Map([['e2', ['Types differ.']]]) }, [
      { ...edges[0]!, selected: true },
      edges[1]!
    ]);
    expect(again[0]!.selected).toBe(true);
    expect(again[1]).toBe(edges[1]);
  });

  it('adds ghosts of removed nodes and edges while comparing versions', () => {
    const older: PipelineConfig = {
      nodes: [...config.nodes, { id: 'old', type: 'scale', params: {}, position: { x: 0, y: 200 } }],
      edges: [...config.edges, { id: 'e9', source: 'a', target: 'old', sourcePort: 'out', targetPort: 'in' }]
    };
    const diff = diffOverlay(
      { nodes: { added: [], removed: ['old'], changed: ['b'] }, edges: { added: [], removed: ['e9'] } },
      config,
      older
    );
    const nodes = toFlowNodes(config, { ...deco, diff }, []);
    expect(nodes.map((n) => [n.id, n.data.diff, n.data.ghost, n.draggable])).toEqual([
      ['a', null, false, true],
      ['b', 'changed', false, true],
      ['c', null, false, true],
      ['old', 'removed', true, false]
    ]);
    const edges = toFlowEdges(config, { ...deco, diff }, []);
    expect(edges.at(-1)).toMatchObject({ id: 'e9', class: 'diff-removed', selectable: false });
  });
});
