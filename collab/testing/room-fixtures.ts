import { pino } from 'pino';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { CollabLimits } from '../limits';
import { MESSAGE_AWARENESS } from '../protocol';
import { Room, type Peer } from '../room';
import { MemoryDocumentStore } from './memory-store';

/** The one document ('p') that `openRoom` opens, in the shared in-memory store. */
export class MemoryStore extends MemoryDocumentStore {
  constructor() {
    super(true);
  }
  get rows(): Uint8Array[] {
    return this.rowsOf('p');
  }
}

export class FakePeer implements Peer {
  frames: Uint8Array[] = [];
  closedWith: number | null = null;
  constructor(
    readonly userId: string,
    public readOnly = false
  ) {}
  get userName(): string {
    return `Name of ${this.userId}`;
  }
  send(frame: Uint8Array): void {
    this.frames.push(frame);
  }
  close(code: number): void {
    this.closedWith = code;
  }
  /** Frames of one message type received so far. */
  of(type: number): Uint8Array[] {
    return this.frames.filter((f) => decoding.readVarUint(decoding.createDecoder(f)) === type);
  }
}

export async function openRoom(store = new MemoryStore(), limits: Partial<CollabLimits> = {}) {
  const materialized: unknown[] = [];
  const published: string[] = [];
  const room = new Room({
    pipelineId: 'p',
    store,
    publish: (kind) => published.push(kind),
    materialize: async (_id, state) => void materialized.push(state.config),
    log: pino({ level: 'silent' }),
    compactAfter: 3,
    materializeWaitMs: 10,
    materializeMaxWaitMs: 50,
    limits
  });
  await room.load();
  return { room, store, materialized, published };
}

export function edit(change: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  let update: Uint8Array = new Uint8Array();
  doc.on('update', (u: Uint8Array) => (update = u));
  change(doc);
  return update;
}

/** An awareness frame as the stock client sends it: `states` by client id, each at `clock`. */
export function awarenessFrame(states: Record<number, unknown>, clock = 1): Uint8Array {
  const inner = encoding.createEncoder();
  const entries = Object.entries(states);
  encoding.writeVarUint(inner, entries.length);
  for (const [id, state] of entries) {
    encoding.writeVarUint(inner, Number(id));
    encoding.writeVarUint(inner, clock);
    encoding.writeVarString(inner, JSON.stringify(state));
  }
  const outer = encoding.createEncoder();
  encoding.writeVarUint(outer, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
  return encoding.toUint8Array(outer);
}

/** The presence a peer would show, from every awareness frame it has received. */
export function presenceSeenBy(peer: FakePeer): Map<number, Record<string, unknown>> {
  const seen = new awarenessProtocol.Awareness(new Y.Doc());
  seen.setLocalState(null);
  for (const frame of peer.of(MESSAGE_AWARENESS)) {
    const decoder = decoding.createDecoder(frame);
    decoding.readVarUint(decoder);
    awarenessProtocol.applyAwarenessUpdate(seen, decoding.readVarUint8Array(decoder), 'server');
  }
  const states = new Map(seen.getStates()) as Map<number, Record<string, unknown>>;
  seen.destroy();
  return states;
}
