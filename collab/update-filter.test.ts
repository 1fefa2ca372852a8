import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { novelPart } from './update-filter';

function pair() {
  const client = new Y.Doc();
  client.getMap('m').set('a', 1);
  client.getArray('list').insert(0, [1, 2, 3, 4]);
  client.getArray('list').delete(1, 2);
  const server = new Y.Doc();
  Y.applyUpdate(server, Y.encodeStateAsUpdate(client));
  return { client, server };
}

const syncStep2 = (from: Y.Doc, to: Y.Doc) => Y.encodeStateAsUpdate(from, Y.encodeStateVector(to));

describe('novel part of an update', () => {
  it('is nothing when the server already holds everything, deletions included', () => {
    const { client, server } = pair();
    expect(novelPart(syncStep2(client, server), server)).toBeNull();
  });

  it('keeps a new deletion of content the server has', () => {
    const { client, server } = pair();
    client.getArray('list').delete(0, 1);
    const fresh = novelPart(syncStep2(client, server), server)!;
    Y.applyUpdate(server, fresh);
    expect(server.getArray('list').toJSON()).toEqual([4]);
  });

  it('keeps new content', () => {
    const { client, server } = pair();
    client.getMap('m').set('b', 2);
    Y.applyUpdate(server, novelPart(syncStep2(client, server), server)!);
    expect(server.getMap('m').toJSON()).toEqual({ a: 1, b: 2 });
  });

  it('rejects bytes that are not an update', () => {
    expect(() => novelPart(new Uint8Array([5, 3, 200, 1, 9]), new Y.Doc())).toThrow();
  });
});
