import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { colorFor } from '../contracts/presence';
import type { CollabLimits } from './limits';
import { awarenessStatesMessage, ProtocolError } from './protocol';
import type { Peer } from './room';

/** One client's entry in an awareness update, its state still as JSON. */
interface Entry {
  clientId: number;
  clock: number;
  json: string;
}

/** Who controls an awareness client id: a local peer, or (peer null) a user on another process. */
interface Owner {
  peer: Peer | null;
  userId: string;
}

interface PeerPresence {
  ids: Set<number>;
  /** Accepted entries not yet relayed, latest per client id. */
  pending: Map<number, Entry>;
  lastFlush: number;
  timer: NodeJS.Timeout | null;
}

export interface PresenceOptions {
  limits: Pick<CollabLimits, 'maxAwarenessStateBytes' | 'maxClientIdsPerPeer' | 'awarenessIntervalMs'>;
  /** Everyone to relay presence to. */
  peers(): Iterable<Peer>;
  /** Tells other processes (an awareness update). */
  publish(update: Uint8Array): void;
}

const REMOTE = Symbol('remote presence');

/**
 * The presence (y-protocols awareness) of one room. Guards what peers claim before anything is
 * relayed: a client id belongs to the first peer that claimed it (or to the same user, which is a
 * reconnecting tab), states are capped in size, every state shows the sender's own account, and
 * a peer's changes are relayed at most once per interval, coalesced, however fast they arrive.
 */
export class RoomPresence {
  readonly awareness: awarenessProtocol.Awareness;
  private readonly owners = new Map<number, Owner>();
  private readonly byPeer = new Map<Peer, PeerPresence>();

  constructor(
    doc: Y.Doc,
    private readonly options: PresenceOptions
  ) {
    this.awareness = new awarenessProtocol.Awareness(doc);
    // The room speaks for others only; its own presence would show as a phantom user.
    this.awareness.setLocalState(null);
    this.awareness.on('update', this.onUpdate);
  }

  join(peer: Peer): void {
    this.byPeer.set(peer, { ids: new Set(), pending: new Map(), lastFlush: -Infinity, timer: null });
  }

  /** Forgets the peer; `relay` removes its states for everyone (not while the room closes). */
  leave(peer: Peer, relay: boolean): void {
    const presence = this.byPeer.get(peer);
    if (!presence) return;
    if (presence.timer) clearTimeout(presence.timer);
    this.byPeer.delete(peer);
    const ids = [...presence.ids].filter((id) => this.owners.get(id)?.peer === peer);
    if (relay && ids.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, ids, null);
    for (const id of ids) this.owners.delete(id);
  }

  /** Every state as one awareness frame, or null when there are none. */
  everyone(): Uint8Array | null {
    return awarenessStatesMessage(this.awareness, [...this.awareness.getStates().keys()]);
  }

  /** The states of this process's peers as an update, for another process that asked. */
  localUpdate(): Uint8Array | null {
    // An id claimed within the relay interval has no state here yet; it follows when flushed.
    const ids = [...this.owners]
      .filter(([id, o]) => o.peer !== null && this.awareness.getStates().has(id))
      .map(([id]) => id);
    return ids.length > 0 ? awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids) : null;
  }

  /** An awareness update from a peer. Throws ProtocolError when it is malformed. */
  receive(peer: Peer, update: Uint8Array): void {
    const presence = this.byPeer.get(peer);
    if (!presence) return;
    for (const entry of decodeEntries(update)) {
      const admitted = this.admit(peer, presence, entry);
      if (admitted) presence.pending.set(admitted.clientId, admitted);
    }
    this.flushSoon(peer, presence);
  }

  /** An update relayed by another process: trusted, except that it cannot take a local peer's id. */
  receiveRemote(update: Uint8Array): void {
    const entries = decodeEntries(update).filter((entry) => {
      const owner = this.owners.get(entry.clientId);
      return !owner?.peer || owner.userId === userIdOf(parse(entry.json));
    });
    if (entries.length > 0)
      awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeEntries(entries), REMOTE);
  }

  destroy(): void {
    for (const presence of this.byPeer.values()) if (presence.timer) clearTimeout(presence.timer);
    this.byPeer.clear();
    this.awareness.destroy();
  }

  /** The entry as it may be relayed, or null when it is refused. */
  private admit(peer: Peer, presence: PeerPresence, entry: Entry): Entry | null {
    const { maxAwarenessStateBytes, maxClientIdsPerPeer } = this.options.limits;
    if (entry.json.length > maxAwarenessStateBytes || Buffer.byteLength(entry.json) > maxAwarenessStateBytes)
      return null;
    if (entry.clientId === this.awareness.clientID) return null;
    const owner = this.owners.get(entry.clientId);
    if (owner && owner.userId !== peer.userId) return null;
    const state = parse(entry.json);
    if (state === null) return owner ? entry : null;
    if (typeof state !== 'object' || Array.isArray(state)) return null;
    if (owner?.peer !== peer) {
      if (presence.ids.size >= maxClientIdsPerPeer) return null;
      // The same user's new connection (a reconnecting tab) takes its id over.
      if (owner?.peer) this.byPeer.get(owner.peer)?.ids.delete(entry.clientId);
      this.owners.set(entry.clientId, { peer, userId: peer.userId });
      presence.ids.add(entry.clientId);
    }
    return { ...entry, json: JSON.stringify(stamped(state as Record<string, unknown>, peer)) };
  }

  private flushSoon(peer: Peer, presence: PeerPresence): void {
    if (presence.pending.size === 0 || presence.timer) return;
    const wait = presence.lastFlush + this.options.limits.awarenessIntervalMs - performance.now();
    if (wait <= 0) return this.flush(peer, presence);
    presence.timer = setTimeout(() => {
      presence.timer = null;
      this.flush(peer, presence);
    }, wait);
    presence.timer.unref();
  }

  private flush(peer: Peer, presence: PeerPresence): void {
    if (this.byPeer.get(peer) !== presence || presence.pending.size === 0) return;
    const entries = [...presence.pending.values()];
    presence.pending.clear();
    presence.lastFlush = performance.now();
    awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeEntries(entries), peer);
  }

  private readonly onUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown
  ): void => {
    for (const id of removed) {
      const owner = this.owners.get(id);
      if (owner?.peer) this.byPeer.get(owner.peer)?.ids.delete(id);
      this.owners.delete(id);
    }
    if (origin === REMOTE)
      for (const id of [...added, ...updated])
        if (!this.owners.has(id))
          this.owners.set(id, { peer: null, userId: userIdOf(this.awareness.getStates().get(id)) });
    const changed = [...added, ...updated, ...removed];
    const frame = awarenessStatesMessage(this.awareness, changed);
    if (!frame) return;
    // The sender gets its own state back too: that keeps the stock client's idle watchdog fed.
    for (const peer of this.options.peers()) peer.send(frame, true);
    // Every process times out silent clients by itself, so timeouts are not announced.
    if (origin !== REMOTE && origin !== 'timeout')
      this.options.publish(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
  };
}

/**
 * Presence names who is there: every state shows the peer's own account (id, name and colour),
 * whatever its client claims, so nobody appears as someone else.
 */
function stamped(state: Record<string, unknown>, peer: Peer): Record<string, unknown> {
  const claimed = state.user;
  const user = claimed && typeof claimed === 'object' && !Array.isArray(claimed) ? claimed : {};
  return { ...state, user: { ...user, id: peer.userId, name: peer.userName, color: colorFor(peer.userId) } };
}

function parse(json: string): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch {
    throw new ProtocolError('Malformed awareness state.');
  }
}

function userIdOf(state: unknown): string {
  const user = (state as { user?: { id?: unknown } } | null | undefined)?.user;
  return typeof user?.id === 'string' ? user.id : '';
}

function decodeEntries(update: Uint8Array): Entry[] {
  try {
    const decoder = decoding.createDecoder(update);
    const entries: Entry[] = [];
    for (let n = decoding.readVarUint(decoder); n > 0; n--) {
      entries.push({
        clientId: decoding.readVarUint(decoder),
        clock: decoding.readVarUint(decoder),
        json: decoding.readVarString(decoder)
      });
    }
    return entries;
  } catch {
    throw new ProtocolError('Malformed awareness update.');
  }
}

function encodeEntries(entries: Entry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { clientId, clock, json } of entries) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, json);
  }
  return encoding.toUint8Array(encoder);
}
