import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { PipelineConfig } from './pipeline';
import { applyConfig, encodeInitialState, nodesOf, readConfig, readMeta } from './doc-layout';

const config: PipelineConfig = {
  nodes: [
    { id: 'b', type: 'scale', params: { method: 'standard' }, position: { x: 10, y: 20 } },
    { id: 'a', type: 'dataset', label: 'Data', params: {}, position: { x: 0, y: 0 } }
  ],
  edges: [{ id: 'e1', source: 'a', target: 'b', sourcePort: 'out', targetPort: 'in' }]
};

describe('doc layout', () => {
  it('round-trips a config through the document, sorted by id', () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, encodeInitialState(config, { name: 'P' }));
    expect(readConfig(doc)).toEqual({ nodes: [config.nodes[1], config.nodes[0]], edges: config.edges });
    expect(readMeta(doc)).toEqual({ name: 'P' });
  });

  it('applies only what changed, so a concurrent edit to another param survives', () => {
    const server = new Y.Doc();
    applyConfig(server, config);
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(server));

    // A peer edits one param while the server applies a config that changes another.
    (nodesOf(peer).get('b')!.get('params') as Y.Map<unknown>).set('withMean', false);
    const updates: Uint8Array[] = [];
    server.on('update', (u: Uint8Array) => updates.push(u));
    applyConfig(server, {
      ...config,
      nodes: [{ ...config.nodes[0]!, params: { method: 'minmax' } }, config.nodes[1]!]
    });
    expect(updates).toHaveLength(1);
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(server));
    Y.applyUpdate(server, Y.encodeStateAsUpdate(peer));
    expect(readConfig(server)).toEqual(readConfig(peer));
    expect(readConfig(server).nodes.find((n) => n.id === 'b')!.params).toEqual({
      method: 'minmax',
      withMean: false
    });
  });

  it('makes no update when the config is unchanged', () => {
    const doc = new Y.Doc();
    applyConfig(doc, config);
    let updates = 0;
    doc.on('update', () => updates++);
    applyConfig(doc, JSON.parse(JSON.stringify(config)) as PipelineConfig);
    expect(updates).toBe(0);
  });

  it('removes nodes, edges and optional fields that the config drops', () => {
    const doc = new Y.Doc();
    applyConfig(doc, config);
    applyConfig(doc, { nodes: [{ ...config.nodes[1]!, label: undefined }], edges: [] });
    expect(readConfig(doc)).toEqual({
      nodes: [{ id: 'a', type: 'dataset', params: {}, position: { x: 0, y: 0 } }],
      edges: []
    });
  });
});
