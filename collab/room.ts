// Over 400 lines for a reason: the one path a change takes (screen, store, apply, relay) reads best
// in one place, with the room state it guards.
import crypto from 'node:crypto';
import type { Logger } from 'pino';
import * as Y from 'yjs';
import { readConfig, readMeta } from '../contracts/doc-layout';
import { Debouncer } from './debouncer';
import { ChangeScreen, screenBatch, type Refusal } from './change-rules';
import { applyStored, type DocumentStore } from '../data/document-store';
import { GroupCommit } from './group-commit';
import { DEFAULT_LIMITS, type CollabLimits } from './limits';
import type { MaterializeConfig } from '../core/pipelines/live-documents';
import {
  CLOSE,
  decodeClientMessage,
  permissionDeniedMessage,
  ProtocolError,
  READ_ONLY_REASON,
  syncStep1Message,
  syncStep2Message,
  updateMessage
} from './protocol';
import type { FanoutKind } from './redis-fanout';
import { RoomPresence } from './room-presence';
import { TokenBucket } from './token-bucket';
import { novelPart } from './update-filter';

/** One connected client as a room sees it; the WebSocket is only an adapter behind this. */
export interface Peer {
  readonly userId: string;
  readonly userName: string;
  /** Viewers: the room sends them the document and their awareness, and drops their changes. */
  readOnly: boolean;
  /** `droppable`: presence, which a peer too far behind may miss (it is refreshed anyway). */
  send(frame: Uint8Array, droppable?: boolean): void;
  close(code: number, reason: string): void;
}

export interface RoomOptions {
  pipelineId: string;
  store: DocumentStore;
  /** Tells the other processes holding this document (already persisted updates, awareness). */
  publish(kind: FanoutKind, payload: Uint8Array): void;
  materialize: MaterializeConfig;
  log: Logger;
  /** Appended rows after which the room folds them into the snapshot. */
  compactAfter: number;
  materializeWaitMs: number;
  materializeMaxWaitMs: number;
  /** After each stored row: how long each update in it waited, from arrival to commit (ms). */
  onPersisted?(waitedMs: number[]): void;
  limits?: Partial<CollabLimits>;
}

/** What the room keeps per peer. */
interface PeerState {
  bucket: TokenBucket;
  /** Bytes of this peer's changes waiting for storage. */
  pendingBytes: number;
}

/** Transaction origins that are not a peer. */
const REMOTE = Symbol('remote');
const SERVER = Symbol('server');
type Origin = Peer | typeof REMOTE | typeof SERVER;

interface PendingUpdate {
  update: Uint8Array;
  origin: Origin;
  /** performance.now() when it arrived. */
  at: number;
}

const DENIED_EVERY_MS = 1_000;

const randomClientId = () => crypto.randomBytes(4).readUInt32LE(0);

/**
 * One open pipeline document and the peers editing it, on this process.
 *
 * Durability: a change enters `doc` only after its row is committed in Postgres. Everything peers
 * receive (broadcasts, sync replies, Redis fan-out) is read from `doc`, so anything any peer has
 * seen survives a crash. Updates arriving while a write is in flight go together in the next one.
 */
export class Room {
  readonly pipelineId: string;
  readonly doc = new Y.Doc();
  private readonly presence: RoomPresence;
  private readonly peers = new Map<Peer, PeerState>();
  private readonly limits: CollabLimits;
  /** Bytes of all peers' changes waiting for storage. */
  private pendingBytes = 0;
  private readonly writes: GroupCommit<PendingUpdate>;
  private readonly materializer: Debouncer;
  private readonly deniedAt = new WeakMap<Peer, number>();
  /** Peers one of whose changes was refused: nothing more of theirs is applied. */
  private readonly refused = new WeakSet<Peer>();
  private readonly changes = new ChangeScreen(this.doc);
  /** Remote messages that arrived while the stored document was loading. */
  private early: Array<[FanoutKind, Uint8Array]> | null = [];
  private serverChanges: Promise<unknown> = Promise.resolve();
  /** Server-made changes are written under this id; renewed after a failed write, never reused. */
  private serverClientId = randomClientId();
  private rowsSinceCompaction = 0;
  private compacting: Promise<void> | null = null;
  /** Closing: peers' frames and fan-out are ignored; pending writes still finish. */
  private closed = false;
  private destroyed = false;
  private closing: Promise<void> | null = null;

  constructor(private readonly options: RoomOptions) {
    this.pipelineId = options.pipelineId;
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.presence = new RoomPresence(this.doc, {
      limits: this.limits,
      peers: () => this.peers.keys(),
      publish: (update) => options.publish('awareness', update)
    });
    this.writes = new GroupCommit((batch) => this.commit(batch));
    this.materializer = new Debouncer(
      async () => {
        // A destroyed document reads as empty; materialising it would wipe the pipeline's config.
        if (this.destroyed) return;
        await options.materialize(this.pipelineId, {
          config: readConfig(this.doc),
          // An absent description is a cleared one: the document was seeded from the row.
          meta: { ...readMeta(this.doc), description: readMeta(this.doc).description ?? null }
        });
      },
      options.materializeWaitMs,
      options.materializeMaxWaitMs,
      (err) => options.log.error({ err, pipelineId: this.pipelineId }, 'materialising the pipeline failed')
    );
  }

  get awareness() {
    return this.presence.awareness;
  }

  get size(): number {
    return this.peers.size;
  }

  get isLoaded(): boolean {
    return this.early === null && !this.closed;
  }

  /** Loads the stored document. Call after subscribing to fan-out, so nothing falls in between. */
  async load(): Promise<void> {
    const stored = await this.options.store.load(this.pipelineId);
    applyStored(this.doc, stored.updates, (err) =>
      this.options.log.error({ err, pipelineId: this.pipelineId }, 'skipped an unreadable stored update')
    );
    this.rowsSinceCompaction = stored.pendingRows;
    this.doc.on('update', this.onUpdate);
    const early = this.early ?? [];
    this.early = null;
    for (const [kind, payload] of early) this.receiveRemote(kind, payload);
    // Ask other processes for the presence of their peers in this document.
    this.options.publish('awareness-query', new Uint8Array());
    if (this.rowsSinceCompaction > this.options.compactAfter) this.compactSoon();
    // Heals a row a failed write left behind when the document was last open (no write if equal).
    this.materializer.schedule();
  }

  /** Merges the stored document in again: after a fan-out outage, what other processes wrote. */
  async reload(): Promise<void> {
    const stored = await this.options.store.load(this.pipelineId);
    if (this.closed) return;
    applyStored(this.doc, stored.updates, () => {}, REMOTE);
  }

  join(peer: Peer): void {
    const { messagesPerSecond, messageBurst } = this.limits;
    this.peers.set(peer, { bucket: new TokenBucket(messagesPerSecond, messageBurst), pendingBytes: 0 });
    this.presence.join(peer);
    peer.send(syncStep1Message(this.doc));
    const everyone = this.presence.everyone();
    if (everyone) peer.send(everyone);
    if (peer.readOnly) this.deny(peer);
  }

  /**
   * Asks a peer for everything the room lacks (sync step 1). For a viewer just made an editor: its
   * client may hold edits the room dropped, and its later edits build on them.
   */
  resync(peer: Peer): void {
    if (this.peers.has(peer)) peer.send(syncStep1Message(this.doc));
  }

  leave(peer: Peer): void {
    if (!this.peers.delete(peer)) return;
    this.presence.leave(peer, !this.closed);
  }

  /** Closes every peer of `userId` here; returns how many. */
  closePeersOf(userId: string, code: number, reason: string): number {
    let closed = 0;
    for (const peer of this.peers.keys())
      if (peer.userId === userId) {
        peer.close(code, reason);
        closed++;
      }
    return closed;
  }

  /** One frame from a peer. A frame the protocol does not define closes that peer. */
  receive(peer: Peer, frame: Uint8Array): void {
    const state = this.peers.get(peer);
    if (this.closed || !state || this.refused.has(peer)) return;
    try {
      const message = decodeClientMessage(frame);
      if (!state.bucket.take()) {
        // Presence is coalesced anyway; a change cannot be dropped unseen, so its sender
        // reconnects (later) and sends it again.
        if (message.kind === 'awareness' || message.kind === 'query-awareness') return;
        return peer.close(CLOSE.tryAgainLater, 'Too many messages; reconnecting.');
      }
      switch (message.kind) {
        case 'sync-step-1':
          peer.send(syncStep2Message(this.doc, message.stateVector));
          break;
        case 'sync-step-2':
        case 'update':
          if (peer.readOnly) this.deny(peer);
          else this.write(message.update, peer, state);
          break;
        case 'awareness':
          // Viewers too: who is looking is worth showing. Capped and throttled like anyone's.
          this.presence.receive(peer, message.update);
          break;
        case 'query-awareness': {
          const states = this.presence.everyone();
          if (states) peer.send(states);
          break;
        }
      }
    } catch (err) {
      if (!(err instanceof ProtocolError))
        this.options.log.warn({ err, pipelineId: this.pipelineId }, 'collab message refused');
      peer.close(CLOSE.badMessage, 'Malformed message.');
    }
  }

  /** A message from another process holding this document. */
  receiveRemote(kind: FanoutKind, payload: Uint8Array): void {
    if (this.closed) return;
    if (this.early) return void this.early.push([kind, payload]);
    try {
      if (kind === 'update') Y.applyUpdate(this.doc, payload, REMOTE);
      else if (kind === 'awareness') this.presence.receiveRemote(payload);
      else {
        const local = this.presence.localUpdate();
        if (local) this.options.publish('awareness', local);
      }
    } catch (err) {
      this.options.log.warn({ err, pipelineId: this.pipelineId }, 'collab fan-out message refused');
    }
  }

  /**
   * Makes a change as the server: `change` runs on a copy, and its update goes through the same
   * durable path as a peer's. Changes run one at a time, each seeing the ones before it.
   */
  change(change: (doc: Y.Doc) => void): Promise<void> {
    const run = this.serverChanges.then(async () => {
      const scratch = new Y.Doc();
      scratch.clientID = this.serverClientId;
      Y.applyUpdate(scratch, Y.encodeStateAsUpdate(this.doc));
      const updates: Uint8Array[] = [];
      scratch.on('update', (u: Uint8Array) => updates.push(u));
      change(scratch);
      scratch.destroy();
      if (updates.length === 0) return;
      try {
        await this.writes.push({ update: Y.mergeUpdates(updates), origin: SERVER, at: performance.now() });
      } catch (err) {
        // The write may have committed without our knowing; a fresh id keeps clocks unique.
        this.serverClientId = randomClientId();
        throw err;
      }
    });
    this.serverChanges = run.catch(() => {});
    return run;
  }

  /** Materialises pending changes now. */
  materializeNow(): Promise<void> {
    return this.materializer.flush();
  }

  /** Writes everything pending, materialises, compacts and frees the document. */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    this.closed = true;
    await this.serverChanges;
    await this.writes.flush();
    await this.materializer.flush();
    await this.compacting;
    await this.compact();
    this.destroyed = true;
    this.presence.destroy();
    this.changes.destroy();
    this.doc.destroy();
  }

  private write(update: Uint8Array, peer: Peer, state: PeerState): void {
    const fresh = novelOrThrow(update, this.doc);
    if (!fresh) return;
    const bytes = update.byteLength;
    // Storage is slow or down: the queue stops growing, and the client keeps its change.
    if (
      state.pendingBytes + bytes > this.limits.maxPendingWriteBytesPerPeer ||
      this.pendingBytes + bytes > this.limits.maxPendingWriteBytesPerRoom
    )
      return peer.close(CLOSE.tryAgainLater, 'Too many changes waiting to be saved; reconnecting.');
    state.pendingBytes += bytes;
    this.pendingBytes += bytes;
    const done = () => {
      state.pendingBytes -= bytes;
      this.pendingBytes -= bytes;
    };
    this.writes.push({ update: fresh, origin: peer, at: performance.now() }).then(done, () => {
      done();
      // Not stored, so not applied: the client still has it and resends it when it reconnects.
      peer.close(CLOSE.internalError, 'Your change could not be saved; reconnecting.');
    });
  }

  private async commit(all: PendingUpdate[]): Promise<void> {
    const batch = this.screen(all);
    if (batch.length === 0) return;
    const merged = batch.length === 1 ? batch[0]!.update : Y.mergeUpdates(batch.map((b) => b.update));
    try {
      await this.options.store.append(this.pipelineId, merged);
    } catch (err) {
      this.changes.reset();
      this.options.log.error({ err, pipelineId: this.pipelineId }, 'storing a document update failed');
      throw err;
    }
    const now = performance.now();
    this.options.onPersisted?.(batch.map((b) => now - b.at));
    // Stored: now peers, other processes and the materialiser may see it.
    for (const { update, origin } of batch) {
      try {
        Y.applyUpdate(this.doc, update, origin);
      } catch (err) {
        this.options.log.error({ err, pipelineId: this.pipelineId }, 'a stored update did not apply');
      }
    }
    this.changes.settle();
    if (++this.rowsSinceCompaction > this.options.compactAfter) this.compactSoon();
  }

  /** The batch without the peers' changes that break the pipeline rules (their senders are closed). */
  private screen(all: PendingUpdate[]): PendingUpdate[] {
    const batch = all.filter((b) => !this.refused.has(b.origin as Peer));
    return screenBatch(
      this.changes,
      batch,
      (b) => (b.origin === SERVER ? null : (b.origin as Peer)),
      (b, refusal) => this.refuse(b.origin as Peer, refusal)
    );
  }

  /**
   * A broken rule is final: the client's document holds the change and would send it again on
   * every reconnect, so it is told why and closed for good (4422). A gap only needs a resync.
   */
  private refuse(peer: Peer, refusal: Refusal): void {
    this.refused.add(peer);
    if (refusal.kind === 'gap')
      return peer.close(CLOSE.internalError, 'Your change could not be saved; reconnecting.');
    this.options.log.info(
      { pipelineId: this.pipelineId, userId: peer.userId, reason: refusal.reason },
      'refused a change'
    );
    peer.send(permissionDeniedMessage(`Change refused: ${refusal.reason}`));
    peer.close(CLOSE.changeRefused, 'Change refused.');
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown): void => {
    // The screen took the peers' and the server's changes already, before they were stored.
    if (origin !== SERVER && (typeof origin !== 'object' || origin === null)) this.changes.follow(update);
    const frame = updateMessage(update);
    for (const peer of this.peers.keys()) if (peer !== origin) peer.send(frame);
    if (origin !== REMOTE) this.options.publish('update', update);
    this.materializer.schedule();
  };

  private deny(peer: Peer): void {
    const now = Date.now();
    if (now - (this.deniedAt.get(peer) ?? 0) < DENIED_EVERY_MS) return;
    this.deniedAt.set(peer, now);
    peer.send(permissionDeniedMessage(READ_ONLY_REASON));
  }

  private compactSoon(): void {
    if (this.compacting) return;
    this.rowsSinceCompaction = 0;
    this.compacting = this.compact().finally(() => {
      this.compacting = null;
    });
  }

  private async compact(): Promise<void> {
    try {
      await this.options.store.compact(this.pipelineId);
    } catch (err) {
      this.options.log.warn({ err, pipelineId: this.pipelineId }, 'compacting a document failed');
    }
  }
}

function novelOrThrow(update: Uint8Array, doc: Y.Doc): Uint8Array | null {
  try {
    return novelPart(update, doc);
  } catch {
    throw new ProtocolError('Malformed update.');
  }
}
