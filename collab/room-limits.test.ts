import { describe, expect, it } from 'vitest';
import { colorFor } from '../contracts/presence';
import { MESSAGE_AWARENESS, updateMessage } from './protocol';
import {
  awarenessFrame,
  edit,
  FakePeer,
  MemoryStore,
  openRoom,
  presenceSeenBy
} from './testing/room-fixtures';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('room presence', () => {
  it('keeps a client id with the peer that claimed it: another user can neither overwrite nor remove it', async () => {
    const { room } = await openRoom();
    const bob = new FakePeer('bob');
    const mallory = new FakePeer('mallory');
    const watcher = new FakePeer('watcher');
    for (const p of [bob, mallory, watcher]) room.join(p);
    room.receive(bob, awarenessFrame({ 77: { cursor: { x: 1, y: 1 } } }, 1));
    room.receive(mallory, awarenessFrame({ 77: { cursor: { x: 9, y: 9 } } }, 2));
    await sleep(60);
    room.receive(mallory, awarenessFrame({ 77: null }, 3));
    await sleep(60);
    expect(presenceSeenBy(watcher).get(77)).toMatchObject({ user: { id: 'bob' }, cursor: { x: 1, y: 1 } });
    expect(room.awareness.getStates().get(77)).toMatchObject({ user: { id: 'bob' } });

    // Leaving takes only the leaver's own ids with it.
    room.leave(mallory);
    expect(room.awareness.getStates().has(77)).toBe(true);
    room.leave(bob);
    expect(room.awareness.getStates().has(77)).toBe(false);
  });

  it("lets the same user's new connection take its id over (a reconnecting tab)", async () => {
    const { room } = await openRoom();
    const before = new FakePeer('bob');
    const after = new FakePeer('bob');
    room.join(before);
    room.join(after);
    room.receive(before, awarenessFrame({ 5: { cursor: { x: 1, y: 1 } } }, 1));
    room.receive(after, awarenessFrame({ 5: { cursor: { x: 2, y: 2 } } }, 2));
    await sleep(10);
    room.leave(before);
    expect(room.awareness.getStates().get(5)).toMatchObject({ cursor: { x: 2, y: 2 } });
  });

  it('stamps the server-known user on every state, also when `user` is not an object', async () => {
    const { room } = await openRoom();
    const vera = new FakePeer('vera', true);
    const watcher = new FakePeer('watcher');
    room.join(vera);
    room.join(watcher);
    room.receive(vera, awarenessFrame({ 1: { user: 'admin' }, 2: { user: ['x'], cursor: { x: 3, y: 4 } } }));
    await sleep(10);
    const seen = presenceSeenBy(watcher);
    const user = { id: 'vera', name: 'Name of vera', color: colorFor('vera') };
    expect(seen.get(1)).toEqual({ user });
    expect(seen.get(2)).toEqual({ user, cursor: { x: 3, y: 4 } });
  });

  it('drops a state over the size cap and ids beyond the per-peer limit', async () => {
    const { room } = await openRoom(new MemoryStore(), {
      maxAwarenessStateBytes: 1024,
      maxClientIdsPerPeer: 2
    });
    const peer = new FakePeer('p');
    room.join(peer);
    room.receive(peer, awarenessFrame({ 1: { blob: 'x'.repeat(2000) } }));
    room.receive(peer, awarenessFrame({ 2: { ok: 1 }, 3: { ok: 1 }, 4: { ok: 1 } }));
    await sleep(10);
    expect([...room.awareness.getStates().keys()].sort()).toEqual([2, 3]);
  });

  it("coalesces a viewer's awareness flood: others get a few frames, the latest state, and stay connected", async () => {
    const { room } = await openRoom(new MemoryStore(), { awarenessIntervalMs: 50 });
    const viewer = new FakePeer('v', true);
    const editor = new FakePeer('e');
    room.join(viewer);
    room.join(editor);
    const before = editor.of(MESSAGE_AWARENESS).length;
    for (let i = 1; i <= 1000; i++)
      room.receive(viewer, awarenessFrame({ 9: { cursor: { x: i, y: 0 } } }, i));
    await sleep(120);
    const relayed = editor.of(MESSAGE_AWARENESS).length - before;
    expect(relayed).toBeGreaterThan(0);
    expect(relayed).toBeLessThanOrEqual(3);
    // Past the burst, the rest of the flood was dropped; what got through is its latest state.
    const x = (presenceSeenBy(editor).get(9)!.cursor as { x: number }).x;
    expect(x).toBeGreaterThan(300);
    expect(viewer.closedWith).toBeNull();
    expect(editor.closedWith).toBeNull();
  });
});

describe('room limits', () => {
  it('closes a peer that sends changes faster than its rate allows (1013), and only that peer', async () => {
    const { room } = await openRoom(new MemoryStore(), { messagesPerSecond: 10, messageBurst: 20 });
    const flooder = new FakePeer('f');
    const other = new FakePeer('o');
    room.join(flooder);
    room.join(other);
    for (let i = 0; i < 30; i++)
      room.receive(flooder, updateMessage(edit((d) => d.getMap('m').set(`k${i}`, i))));
    expect(flooder.closedWith).toBe(1013);
    expect(other.closedWith).toBeNull();
  });

  it('stops queueing a peer’s changes while storage is slow: the sender is closed, nothing is lost', async () => {
    const store = new MemoryStore();
    const { room } = await openRoom(store, { maxPendingWriteBytesPerPeer: 4096 });
    const writer = new FakePeer('w');
    const other = new FakePeer('o');
    room.join(writer);
    room.join(other);
    const open = store.hold();
    for (let i = 0; i < 10; i++)
      room.receive(writer, updateMessage(edit((d) => d.getMap('m').set(`k${i}`, 'x'.repeat(1000)))));
    expect(writer.closedWith).toBe(1013);
    room.receive(other, updateMessage(edit((d) => d.getMap('m').set('other', 1))));
    open();
    await sleep(10);
    expect(other.closedWith).toBeNull();
    expect(room.doc.getMap('m').get('other')).toBe(1);
  });
});

describe('room presence asked for by another process', () => {
  it('answers while a newly claimed client id is still waiting to be relayed', async () => {
    const { room, published } = await openRoom(new MemoryStore(), { awarenessIntervalMs: 10_000 });
    const bob = new FakePeer('bob');
    room.join(bob);
    room.receive(bob, awarenessFrame({ 77: { cursor: { x: 1, y: 1 } } }, 1));
    // Within the interval: id 78 is claimed but its state is not in the room's awareness yet.
    room.receive(bob, awarenessFrame({ 78: { cursor: { x: 2, y: 2 } } }, 1));
    published.length = 0;
    room.receiveRemote('awareness-query', new Uint8Array());
    expect(published).toEqual(['awareness']);
    room.leave(bob);
  });
});
