import { describe, expect, it } from 'vitest';
import type { PipelineConfig } from '../../../contracts/pipeline';
import { diffCounts, diffOverlay } from './diff-overlay';

const older: PipelineConfig = {
  nodes: [
    { id: 'data', type: 'dataset', params: {}, position: { x: 0, y: 0 } },
    { id: 'impute', type: 'impute', params: {}, position: { x: 100, y: 0 } },
    { id: 'model', type: 'mlp', params: { layers: 1 }, position: { x: 200, y: 0 } }
  ],
  edges: [
    { id: 'e1', source: 'data', target: 'impute' },
    { id: 'e2', source: 'impute', target: 'model' }
  ]
};
const newer: PipelineConfig = {
  nodes: [
    { id: 'data', type: 'dataset', params: {}, position: { x: 0, y: 0 } },
    { id: 'scale', type: 'scale', params: {}, position: { x: 100, y: 80 } },
    { id: 'model', type: 'mlp', params: { layers: 2 }, position: { x: 200, y: 0 } }
  ],
  edges: [
    { id: 'e3', source: 'data', target: 'scale' },
    { id: 'e4', source: 'scale', target: 'model' }
  ]
};

describe('diff overlay', () => {
  it('marks added, changed and removed nodes and edges and ghosts the removed ones from the older config', () => {
    const overlay = diffOverlay(
      {
        nodes: { added: ['scale'], removed: ['impute'], changed: [{ id: 'model' }] },
        edges: { added: ['e3', 'e4'], removed: ['e1', 'e2'] }
      },
      newer,
      older
    );
    expect(Object.fromEntries(overlay.nodes)).toEqual({
      scale: 'added',
      impute: 'removed',
      model: 'changed'
    });
    expect(overlay.ghostNodes.map((n) => n.id)).toEqual(['impute']);
    expect(overlay.ghostEdges.map((e) => e.id)).toEqual(['e1', 'e2']);
    expect(diffCounts(overlay)).toEqual({ added: 3, removed: 3, changed: 1 });
  });

  it('takes removed nodes and edges from the diff itself when it carries them whole', () => {
    const overlay = diffOverlay(
      {
        nodes: { added: [], removed: [older.nodes[1]!], changed: [] },
        edges: { added: [], removed: [older.edges[0]!, { id: 'dangling', source: 'x', target: 'data' }] }
      },
      newer
    );
    expect(overlay.ghostNodes).toEqual([older.nodes[1]]);
    // "dangling" starts at a node that is on neither side of the canvas.
    expect(overlay.ghostEdges.map((e) => e.id)).toEqual(['e1']);
  });
});
