import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { nodesOf, readConfig, readMeta } from '../../../contracts/doc-layout';
import {
  addNode,
  connect,
  connectionProblem,
  moveNodes,
  newId,
  removeElements,
  setLabel,
  setParam,
  setPipelineName
} from './doc-binding';

const mine = { user: 'a' };

function twoPeers() {
  const a = new Y.Doc();
  const b = new Y.Doc();
  a.on('update', (u: Uint8Array, origin: unknown) => origin !== 'sync' && Y.applyUpdate(b, u, 'sync'));
  b.on('update', (u: Uint8Array, origin: unknown) => origin !== 'sync' && Y.applyUpdate(a, u, 'sync'));
  return { a, b };
}

function pipeline() {
  const doc = new Y.Doc();
  const data = addNode(doc, { type: 'dataset', position: { x: 0, y: 0 } }, mine, 'data');
  const scale = addNode(
    doc,
    { type: 'scale', params: { method: 'standard' }, position: { x: 200, y: 0 } },
    mine,
    'scale'
  );
  const model = addNode(doc, { type: 'mlp', position: { x: 400, y: 0 } }, mine, 'model');
  return { doc, data, scale, model };
}

describe('newId', () => {
  it('makes ids the contract accepts, different every time', () => {
    const ids = new Set(Array.from({ length: 200 }, () => newId('one hot')));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^one_hot_[a-z0-9]{10}$/);
  });
});

describe('document actions', () => {
  it('adds a node with its params as a nested map', () => {
    const { doc } = pipeline();
    expect(nodesOf(doc).get('scale')!.get('params')).toBeInstanceOf(Y.Map);
    expect(readConfig(doc).nodes.find((n) => n.id === 'scale')).toEqual({
      id: 'scale',
      type: 'scale',
      params: { method: 'standard' },
      position: { x: 200, y: 0 }
    });
  });

  it('moves nodes to whole positions and skips ones that are gone', () => {
    const { doc } = pipeline();
    moveNodes(
      doc,
      [
        { id: 'data', position: { x: 10.6, y: -3.2 } },
        { id: 'nope', position: { x: 1, y: 1 } }
      ],
      mine
    );
    expect(readConfig(doc).nodes.find((n) => n.id === 'data')!.position).toEqual({ x: 11, y: -3 });
    expect(nodesOf(doc).has('nope')).toBe(false);
  });

  it('connects ports and replaces the producer of an input that is already fed', () => {
    const { doc } = pipeline();
    const first = connect(
      doc,
      { source: 'data', target: 'model', sourcePort: 'out', targetPort: 'train' },
      mine,
      'e1'
    );
    expect(first).toBe('e1');
    // Same connection again: nothing new.
    expect(
      connect(doc, { source: 'data', target: 'model', sourcePort: 'out', targetPort: 'train' }, mine)
    ).toBeNull();
    connect(doc, { source: 'scale', target: 'model', sourcePort: 'out', targetPort: 'train' }, mine, 'e2');
    expect(readConfig(doc).edges).toEqual([
      { id: 'e2', source: 'scale', target: 'model', sourcePort: 'out', targetPort: 'train' }
    ]);
  });

  it('refuses self loops, cycles and missing ends', () => {
    const { doc } = pipeline();
    connect(doc, { source: 'data', target: 'scale' }, mine);
    connect(doc, { source: 'scale', target: 'model' }, mine);
    expect(connectionProblem(doc, { source: 'model', target: 'data' })).toMatch(/cycle/);
    expect(connectionProblem(doc, { source: 'data', target: 'data' })).toMatch(/itself/);
    expect(connectionProblem(doc, { source: 'data', target: 'gone' })).toMatch(/no longer exists/);
    expect(connect(doc, { source: 'model', target: 'data' }, mine)).toBeNull();
    expect(readConfig(doc).edges).toHaveLength(2);
  });

  it('deletes nodes together with the edges that touch them', () => {
    const { doc } = pipeline();
    connect(doc, { source: 'data', target: 'scale' }, mine, 'e1');
    connect(doc, { source: 'scale', target: 'model' }, mine, 'e2');
    connect(doc, { source: 'data', target: 'model', targetPort: 'x' }, mine, 'e3');
    removeElements(doc, { nodeIds: ['scale'], edgeIds: ['e3'] }, mine);
    const config = readConfig(doc);
    expect(config.nodes.map((n) => n.id)).toEqual(['data', 'model']);
    expect(config.edges).toEqual([]);
  });

  it('writes params key by key, so a concurrent edit to another key survives', () => {
    const { a, b } = twoPeers();
    addNode(
      a,
      { type: 'scale', params: { method: 'standard', withMean: true }, position: { x: 0, y: 0 } },
      mine,
      's'
    );
    // Both edit while disconnected from each other, then exchange their states.
    const offlineA = new Y.Doc();
    const offlineB = new Y.Doc();
    Y.applyUpdate(offlineA, Y.encodeStateAsUpdate(a));
    Y.applyUpdate(offlineB, Y.encodeStateAsUpdate(b));
    setParam(offlineA, 's', 'method', 'minmax', mine);
    setParam(offlineB, 's', 'withMean', false, { user: 'b' });
    Y.applyUpdate(offlineA, Y.encodeStateAsUpdate(offlineB));
    Y.applyUpdate(offlineB, Y.encodeStateAsUpdate(offlineA));
    for (const doc of [offlineA, offlineB])
      expect(readConfig(doc).nodes[0]!.params).toEqual({ method: 'minmax', withMean: false });
  });

  it('removes a param when given undefined and does not rewrite an equal value', () => {
    const { doc } = pipeline();
    let updates = 0;
    doc.on('update', () => updates++);
    setParam(doc, 'scale', 'method', 'standard', mine);
    expect(updates).toBe(0);
    setParam(doc, 'scale', 'method', undefined, mine);
    expect(readConfig(doc).nodes.find((n) => n.id === 'scale')!.params).toEqual({});
  });

  it('sets and clears labels, and names the pipeline', () => {
    const { doc } = pipeline();
    setLabel(doc, 'scale', '  Standardise  ', mine);
    expect(readConfig(doc).nodes.find((n) => n.id === 'scale')!.label).toBe('Standardise');
    setLabel(doc, 'scale', ' ', mine);
    expect(readConfig(doc).nodes.find((n) => n.id === 'scale')!.label).toBeUndefined();
    setPipelineName(doc, 'Churn model', mine);
    setPipelineName(doc, '   ', mine);
    expect(readMeta(doc).name).toBe('Churn model');
  });
});

describe('per-user undo', () => {
  it("undoes only this user's changes and never a collaborator's", () => {
    const { a, b } = twoPeers();
    const originA = { user: 'a' };
    const originB = { user: 'b' };
    const undoB = new Y.UndoManager([nodesOf(b), b.getMap('edges')], { trackedOrigins: new Set([originB]) });
    addNode(a, { type: 'dataset', position: { x: 0, y: 0 } }, originA, 'a1');
    addNode(a, { type: 'scale', position: { x: 100, y: 0 } }, originA, 'a2');
    connect(a, { source: 'a1', target: 'a2' }, originA, 'ea');
    addNode(b, { type: 'mlp', position: { x: 200, y: 0 } }, originB, 'b1');
    expect(readConfig(a).nodes.map((n) => n.id)).toEqual(['a1', 'a2', 'b1']);

    undoB.undo();
    for (const doc of [a, b]) {
      expect(readConfig(doc).nodes.map((n) => n.id)).toEqual(['a1', 'a2']);
      expect(readConfig(doc).edges.map((e) => e.id)).toEqual(['ea']);
    }
    expect(undoB.canUndo()).toBe(false);
    undoB.redo();
    expect(readConfig(a).nodes.map((n) => n.id)).toEqual(['a1', 'a2', 'b1']);
  });

  it('brings a deleted node back with its edges in one step', () => {
    const { doc } = pipeline();
    connect(doc, { source: 'data', target: 'scale' }, mine, 'e1');
    const undo = new Y.UndoManager([nodesOf(doc), doc.getMap('edges')], { trackedOrigins: new Set([mine]) });
    removeElements(doc, { nodeIds: ['scale'] }, mine);
    undo.undo();
    const config = readConfig(doc);
    expect(config.nodes.map((n) => n.id)).toContain('scale');
    expect(config.edges.map((e) => e.id)).toEqual(['e1']);
  });
});

describe('a tidy-up as one change', () => {
  it("is undone whole by its author's undo, leaving a collaborator's edit in place", () => {
    const ann = new Y.Doc();
    const ben = new Y.Doc();
    ann.on('update', (u: Uint8Array, origin: unknown) => origin !== 'sync' && Y.applyUpdate(ben, u, 'sync'));
    ben.on('update', (u: Uint8Array, origin: unknown) => origin !== 'sync' && Y.applyUpdate(ann, u, 'sync'));
    const annOrigin = { source: 'studio' };
    const benOrigin = { source: 'studio' };
    const ids = ['a', 'b', 'c'].map((id, i) =>
      addNode(ann, { type: 'scale', position: { x: i * 10, y: 0 } }, 'setup', id)
    );
    const annUndo = new Y.UndoManager(nodesOf(ann), { trackedOrigins: new Set([annOrigin]) });

    moveNodes(
      ann,
      ids.map((id, i) => ({ id, position: { x: i * 300, y: 100 } })),
      annOrigin
    );
    setLabel(ben, 'b', 'Scale income', benOrigin);
    annUndo.undo();

    const config = readConfig(ann);
    expect(config.nodes.map((n) => n.position)).toEqual([
      { x: 0, y: 0 },
      { x: 10, y: 0 },
      { x: 20, y: 0 }
    ]);
    expect(config.nodes.find((n) => n.id === 'b')?.label).toBe('Scale income');
    expect(readConfig(ben)).toEqual(config);
  });
});
