import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { nodesOf, readComments } from '../../../contracts/doc-layout';
import { reply, setResolved, startThread, threadsFor, watchComments, watchNodeNames } from './comments';

const ada = { id: 'u-ada', name: 'Ada Lovelace' };
const bob = { id: 'u-bob', name: 'Bob Builder' };

/** Two peers that exchange every update, like two browsers through the collab server. */
function connectedPair() {
  const a = new Y.Doc();
  const b = new Y.Doc();
  a.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== 'remote') Y.applyUpdate(b, update, 'remote');
  });
  b.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== 'remote') Y.applyUpdate(a, update, 'remote');
  });
  return { a, b };
}

/** Two peers that edit while apart and then exchange their whole state. */
function sync(a: Y.Doc, b: Y.Doc) {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe('comment threads in the pipeline document', () => {
  it('shows a thread started by one person to the other, pinned to its node', () => {
    const { a, b } = connectedPair();
    const id = startThread(a, { nodeId: 'scale-1', author: ada, text: '  Why standard scaling?  ' });

    const [thread] = readComments(b);
    expect(thread).toMatchObject({ id, nodeId: 'scale-1', resolved: false });
    expect(thread!.messages).toEqual([
      { authorId: 'u-ada', authorName: 'Ada Lovelace', text: 'Why standard scaling?', at: expect.any(String) }
    ]);
  });

  it('keeps an unpinned thread without a node', () => {
    const doc = new Y.Doc();
    startThread(doc, { nodeId: null, author: ada, text: 'Ready for review?' });
    expect(readComments(doc)[0]?.nodeId).toBeNull();
  });

  it('propagates resolving and reopening', () => {
    const { a, b } = connectedPair();
    const id = startThread(a, { nodeId: 'n1', author: ada, text: 'Typo in the label' });

    setResolved(b, id, true);
    expect(readComments(a)[0]?.resolved).toBe(true);
    setResolved(a, id, false);
    expect(readComments(b)[0]?.resolved).toBe(false);
  });

  it('keeps both replies when two people answer at the same time', () => {
    const { a, b } = connectedPair();
    const id = startThread(a, { nodeId: 'n1', author: ada, text: 'Drop rows or impute?' });

    // Disconnected peers: each replies before seeing the other's reply.
    const apartA = new Y.Doc();
    const apartB = new Y.Doc();
    Y.applyUpdate(apartA, Y.encodeStateAsUpdate(a));
    Y.applyUpdate(apartB, Y.encodeStateAsUpdate(b));
    reply(apartA, id, { author: ada, text: 'Impute, the column is 30% missing.' });
    reply(apartB, id, { author: bob, text: 'Drop them, it is only a few rows.' });
    sync(apartA, apartB);

    const texts = (doc: Y.Doc) => readComments(doc)[0]!.messages.map((m) => m.text);
    expect(texts(apartA)).toHaveLength(3);
    expect(texts(apartA)).toEqual(texts(apartB));
    expect(texts(apartA)).toEqual(
      expect.arrayContaining(['Impute, the column is 30% missing.', 'Drop them, it is only a few rows.'])
    );
  });

  it('refuses empty comments and replies to unknown threads', () => {
    const doc = new Y.Doc();
    expect(() => startThread(doc, { nodeId: null, author: ada, text: '   ' })).toThrow(/write something/i);
    expect(() => reply(doc, 'missing', { author: ada, text: 'hello' })).toThrow(/no longer exists/i);
  });

  it('reports every change to a watcher until it stops', () => {
    const doc = new Y.Doc();
    const seen: number[] = [];
    const stop = watchComments(doc, (threads) => seen.push(threads.length));
    const id = startThread(doc, { nodeId: null, author: ada, text: 'First' });
    reply(doc, id, { author: bob, text: 'Second' });
    stop();
    startThread(doc, { nodeId: null, author: ada, text: 'Unseen' });
    expect(seen).toEqual([0, 1, 1]);
  });
});

describe('threadsFor', () => {
  const doc = new Y.Doc();
  const early = new Date('2026-01-01T10:00:00Z');
  const late = new Date('2026-01-02T10:00:00Z');
  const onNode = startThread(doc, { nodeId: 'n1', author: ada, text: 'On n1', at: early });
  const general = startThread(doc, { nodeId: null, author: bob, text: 'General', at: late });
  setResolved(doc, onNode, true);
  const threads = readComments(doc);

  it('lists every thread newest first', () => {
    expect(threadsFor(threads, 'all', null).map((t) => t.id)).toEqual([general, onNode]);
  });

  it('keeps the selected node’s threads, and none without a selection', () => {
    expect(threadsFor(threads, 'node', 'n1').map((t) => t.id)).toEqual([onNode]);
    expect(threadsFor(threads, 'node', null)).toEqual([]);
  });

  it('keeps the unresolved threads', () => {
    expect(threadsFor(threads, 'unresolved', null).map((t) => t.id)).toEqual([general]);
  });
});

describe('watchNodeNames', () => {
  it('names nodes by label, else their type as the palette names it, and follows renames but not moves', () => {
    const doc = new Y.Doc();
    const node = new Y.Map<unknown>();
    node.set('type', 'scale');
    node.set('position', { x: 0, y: 0 });
    nodesOf(doc).set('n1', node);

    const calls: Array<Record<string, string>> = [];
    const stop = watchNodeNames(doc, (names) => calls.push(Object.fromEntries(names)));
    node.set('position', { x: 10, y: 0 });
    node.set('label', 'Scale features');
    stop();
    expect(calls).toEqual([{ n1: 'Scale' }, { n1: 'Scale features' }]);
  });
});
