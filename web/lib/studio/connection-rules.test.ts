import { describe, expect, it } from 'vitest';
import type { PipelineConfig } from '../../../contracts/pipeline';
import { connectionRefusal, dragRefusal, wrongEndReason } from './connection-rules';

const at = { x: 0, y: 0 };
const config: PipelineConfig = {
  nodes: [
    { id: 'data', type: 'dataset', params: {}, position: at },
    { id: 'scale', type: 'scale', params: {}, position: at },
    { id: 'fill', type: 'impute', label: 'Fill gaps', params: {}, position: at },
    { id: 'forest', type: 'random_forest', params: {}, position: at }
  ],
  edges: [
    { id: 'e1', source: 'data', target: 'scale', sourcePort: 'out', targetPort: 'in' },
    { id: 'e2', source: 'scale', target: 'fill', sourcePort: 'out', targetPort: 'in' }
  ]
};

describe('connectionRefusal', () => {
  it("names a cycle's steps as the validator does", () => {
    expect(
      connectionRefusal(config, { source: 'fill', target: 'scale', sourcePort: 'out', targetPort: 'in' })
    ).toBe('These steps form a cycle: "Fill gaps" → "Scale" → "Fill gaps". A pipeline must flow one way.');
    expect(connectionRefusal(config, { source: 'fill', target: 'fill' })).toMatch(/cannot feed into itself/);
  });

  it('refuses rows into a model input, and lets a fitting connection through', () => {
    expect(
      connectionRefusal(config, { source: 'data', target: 'forest', sourcePort: 'out', targetPort: 'data' })
    ).toBe(
      '"Dataset" gives rows, but the "Train / test" input of "Random forest" takes a train / test split.'
    );
    expect(
      connectionRefusal(config, { source: 'data', target: 'fill', sourcePort: 'out', targetPort: 'in' })
    ).toBeNull();
  });

  it('judges a connection that replaces the one into the same input without the old one', () => {
    // data → fill replaces scale → fill, so no cycle or double input arises from the old edge.
    const looped: PipelineConfig = {
      ...config,
      edges: [
        ...config.edges,
        { id: 'e3', source: 'fill', target: 'forest', sourcePort: 'out', targetPort: 'data' }
      ]
    };
    expect(
      connectionRefusal(looped, { source: 'data', target: 'fill', sourcePort: 'out', targetPort: 'in' })
    ).toBeNull();
  });

  it('judges a drag started from either end the same', () => {
    const fromOutput = dragRefusal(
      config,
      { nodeId: 'fill', id: 'out', type: 'source' },
      { nodeId: 'scale', id: 'in', type: 'target' }
    );
    const fromInput = dragRefusal(
      config,
      { nodeId: 'scale', id: 'in', type: 'target' },
      { nodeId: 'fill', id: 'out', type: 'source' }
    );
    expect(fromOutput).toMatch(/form a cycle/);
    expect(fromInput).toBe(fromOutput);
  });

  it('explains a drag from an output onto another output', () => {
    expect(wrongEndReason('source', 'source')).toMatch(/Outputs connect to inputs/);
    expect(wrongEndReason('source', 'target')).toBe('');
  });
});
