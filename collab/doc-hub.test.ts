import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { EMPTY_CONFIG } from '../contracts/pipeline';
import { readMeta } from '../contracts/doc-layout';
import { CLOSE, MESSAGE_AUTH, MESSAGE_SYNC, updateMessage } from './protocol';
import { docSeenBy, FakeHubPeer, hubWorld, settle } from './testing/hub-fixtures';
import { edit } from './testing/room-fixtures';

const rename = (name: string) => updateMessage(edit((d) => d.getMap('meta').set('name', name)));

let world: ReturnType<typeof hubWorld>;
afterEach(() => world?.close());

async function connected(hub: ReturnType<typeof world.hub>, peer: FakeHubPeer) {
  const connection = hub.connect(peer);
  await connection.joined;
  return connection;
}

describe('document hub', () => {
  it("stores an editor's change and relays it to an editor on another process", async () => {
    world = hubWorld();
    world.store.addPipeline('p1');
    world.access.roles.set('a', 'editor').set('b', 'editor');
    const [one, two] = [world.hub(), world.hub()];
    const a = await connected(one, new FakeHubPeer('a', 'p1'));
    const b = new FakeHubPeer('b', 'p1');
    await connected(two, b);
    a.receive(rename('shared'));
    await settle();
    expect(world.store.rowsOf('p1')).toHaveLength(1);
    expect(readMeta(docSeenBy(b)).name).toBe('shared');
    expect(readMeta(world.store.docOf('p1')).name).toBe('shared');
  });

  it('keeps frames sent while the document loads and applies them once it has', async () => {
    world = hubWorld();
    world.store.addPipeline('p1');
    const hub = world.hub();
    const connection = hub.connect(new FakeHubPeer('a', 'p1'));
    // One client's two edits: the second overwrites the first only if applied after it.
    const client = new Y.Doc();
    client.on('update', (update: Uint8Array) => connection.receive(updateMessage(update)));
    client.getMap('meta').set('name', 'first');
    client.getMap('meta').set('name', 'second');
    await connection.joined;
    await settle();
    expect(readMeta(world.store.docOf('p1')).name).toBe('second');
  });

  it('closes a peer that sends too much before its document loaded (1013), dropping what it sent', async () => {
    world = hubWorld({ limits: { maxEarlyFrames: 2 } });
    world.store.addPipeline('p1');
    const peer = new FakeHubPeer('a', 'p1');
    const connection = world.hub().connect(peer);
    for (const name of ['1', '2', '3']) connection.receive(rename(name));
    await connection.joined;
    await settle();
    expect(peer.closedWith).toBe(CLOSE.tryAgainLater);
    expect(world.store.appended).toBe(0);
  });

  it('turns away a peer of a pipeline that does not exist (4404)', async () => {
    world = hubWorld();
    const peer = new FakeHubPeer('a', 'missing');
    await connected(world.hub(), peer);
    expect(peer.closedWith).toBe(CLOSE.notFound);
    expect(world.hub().isOpen('missing')).toBe(false);
  });

  it('matches pipeline ids whatever their case', async () => {
    world = hubWorld();
    world.store.addPipeline('p1');
    const hub = world.hub();
    await connected(hub, new FakeHubPeer('a', 'P1'));
    expect(hub.isOpen('p1')).toBe(true);
  });

  it('unloads a document once its last peer has left', async () => {
    world = hubWorld();
    world.store.addPipeline('p1');
    const hub = world.hub();
    const connection = await connected(hub, new FakeHubPeer('a', 'p1'));
    expect(hub.connections).toBe(1);
    connection.leave();
    await settle(5);
    expect(hub.connections).toBe(0);
    expect(hub.isOpen('p1')).toBe(false);
  });

  it('demotes an editor who became a viewer, promotes them back, and disconnects one who left (4403)', async () => {
    world = hubWorld();
    world.store.addPipeline('p1');
    world.access.roles.set('a', 'editor');
    const hub = world.hub();
    const peer = new FakeHubPeer('a', 'p1');
    const connection = await connected(hub, peer);

    world.access.roles.set('a', 'viewer');
    await hub.recheckAccess();
    expect(peer.readOnly).toBe(true);
    expect(peer.of(MESSAGE_AUTH)).toHaveLength(1);
    connection.receive(rename('refused'));
    await settle();
    expect(world.store.appended).toBe(0);

    world.access.roles.set('a', 'editor');
    await hub.recheckAccess();
    expect(peer.readOnly).toBe(false);
    connection.receive(rename('accepted'));
    await settle();
    expect(world.store.appended).toBe(1);

    world.access.roles.delete('a');
    await hub.recheckAccess();
    expect(peer.closedWith).toBe(CLOSE.accessRevoked);
  });

  it('checks each user once per document, however many tabs they have open', async () => {
    world = hubWorld();
    world.store.addPipeline('p1');
    world.access.roles.set('a', 'editor');
    const hub = world.hub();
    for (let i = 0; i < 3; i++) await connected(hub, new FakeHubPeer('a', 'p1'));
    world.access.checks = 0;
    await hub.recheckAccess();
    expect(world.access.checks).toBe(1);
  });

  it("re-checks a revoked user's connections on every process, and only that user's", async () => {
    world = hubWorld();
    world.store.addPipeline('p1');
    world.access.roles.set('a', 'editor').set('b', 'editor');
    const [one, two] = [world.hub(), world.hub()];
    const a = new FakeHubPeer('a', 'p1');
    const b = new FakeHubPeer('b', 'p1');
    await connected(two, a);
    await connected(two, b);
    world.access.roles.delete('a');
    world.access.roles.delete('b');
    one.revokeAccess('a', 'w1');
    await settle();
    expect(a.closedWith).toBe(CLOSE.accessRevoked);
    expect(b.closedWith).toBeNull();
  });

  it('signs a user out on every process (4401), also while their document is still loading', async () => {
    world = hubWorld();
    world.store.addPipeline('p1');
    const [one, two] = [world.hub(), world.hub()];
    const joined = new FakeHubPeer('a', 'p1');
    await connected(two, joined);
    const waiting = new FakeHubPeer('a', 'p1');
    const pending = one.connect(waiting);
    await one.closePeersOfUser('a');
    await settle();
    expect(waiting.closedWith).toBe(CLOSE.signedOut);
    expect(joined.closedWith).toBe(CLOSE.signedOut);
    await pending.joined;
  });

  it("disconnects a deleted pipeline's editors on every process (4404)", async () => {
    world = hubWorld();
    world.store.addPipeline('p1');
    world.store.addPipeline('p2');
    const [one, two] = [world.hub(), world.hub()];
    const editing = new FakeHubPeer('a', 'p1');
    const elsewhere = new FakeHubPeer('a', 'p2');
    await connected(two, editing);
    await connected(two, elsewhere);
    await one.forget('P1');
    await settle();
    expect(editing.closedWith).toBe(CLOSE.notFound);
    expect(elsewhere.closedWith).toBeNull();
  });

  it('applies a REST write to connected peers, the store and the pipelines row', async () => {
    world = hubWorld();
    world.store.addPipeline('p1');
    const hub = world.hub();
    const peer = new FakeHubPeer('a', 'p1');
    await connected(hub, peer);
    const before = peer.of(MESSAGE_SYNC).length;
    await hub.applyMeta('p1', { name: 'from REST' });
    expect(peer.of(MESSAGE_SYNC).length).toBeGreaterThan(before);
    expect(readMeta(docSeenBy(peer)).name).toBe('from REST');
    expect(world.materialized.at(-1)).toEqual({ pipelineId: 'p1', name: 'from REST' });
    // A process that does not hold the document reads what was stored.
    expect(await world.hub().readConfig('p1')).toEqual(await hub.readConfig('p1'));
  });

  it('stores the first state of a new pipeline without loading it', async () => {
    world = hubWorld();
    const hub = world.hub();
    await hub.initialize('p9', EMPTY_CONFIG, { name: 'new' });
    expect(hub.isOpen('p9')).toBe(false);
    expect(readMeta(world.store.docOf('p9')).name).toBe('new');
  });

  it('says goodbye (1001) to every peer when closing, and to anyone who connects after', async () => {
    world = hubWorld();
    world.store.addPipeline('p1');
    const hub = world.hub();
    const peer = new FakeHubPeer('a', 'p1');
    await connected(hub, peer);
    await hub.close();
    expect(peer.closedWith).toBe(CLOSE.goingAway);
    const late = new FakeHubPeer('b', 'p1');
    await connected(hub, late);
    expect(late.closedWith).toBe(CLOSE.goingAway);
    expect(hub.isClosing).toBe(true);
  });
});
