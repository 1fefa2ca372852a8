import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { pino } from 'pino';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import type { WorkspaceRole } from '../../contracts/statuses';
import { NotFound } from '../../contracts/errors';
import { DocHub, type DocHubOptions, type HubPeer } from '../doc-hub';
import { MESSAGE_SYNC } from '../protocol';
import { MemoryFanoutBus } from './memory-fanout';
import { MemoryDocumentStore } from './memory-store';
import { FakePeer } from './room-fixtures';

export const WORKSPACE = 'w1';

/** A connection as a transport would hand it to the hub; `reason` is the close reason it got. */
export class FakeHubPeer extends FakePeer implements HubPeer {
  reason: string | null = null;
  constructor(
    userId: string,
    readonly pipelineId: string,
    readOnly = false,
    readonly workspaceId = WORKSPACE
  ) {
    super(userId, readOnly);
  }
  override close(code: number, reason?: string): void {
    if (this.closedWith !== null) return;
    super.close(code);
    this.reason = reason ?? null;
  }
}

/** Workspace roles by user, changed by the test; a user without one is not a member (404). */
export class FakeAccess {
  readonly roles = new Map<string, WorkspaceRole>();
  checks = 0;
  async require(userId: string, _ref: unknown, _needed: WorkspaceRole) {
    this.checks += 1;
    const role = this.roles.get(userId);
    if (!role) throw new NotFound('Pipeline');
    return { workspaceId: WORKSPACE, role };
  }
}

/**
 * Hubs as separate "processes" sharing one in-memory store and fan-out bus. Each `hub()` is a new
 * process; all of them are closed by `close()`.
 */
export function hubWorld(options: Partial<DocHubOptions> = {}) {
  const store = new MemoryDocumentStore();
  const bus = new MemoryFanoutBus();
  const access = new FakeAccess();
  const materialized: { pipelineId: string; name: unknown }[] = [];
  const hubs: DocHub[] = [];
  const hub = () => {
    const h = new DocHub({
      store,
      fanout: (events) => bus.connect(events),
      access,
      log: pino({ level: 'silent' }),
      materialize: async (pipelineId, state) => void materialized.push({ pipelineId, name: state.meta.name }),
      unloadGraceMs: 0,
      materializeWaitMs: 5,
      materializeMaxWaitMs: 20,
      ...options
    });
    hubs.push(h);
    return h;
  };
  const close = () => Promise.all(hubs.map((h) => h.close()));
  return { store, bus, access, materialized, hub, close };
}

/** Lets queued microtasks and timers of 0 ms run (fan-out delivery, store writes). */
export const settle = async (rounds = 3) => {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setTimeout(r, 0));
};

/** The document as a peer's client would hold it, from every sync frame it has received. */
export function docSeenBy(peer: FakePeer): Y.Doc {
  const doc = new Y.Doc();
  for (const frame of peer.of(MESSAGE_SYNC)) {
    const decoder = decoding.createDecoder(frame);
    decoding.readVarUint(decoder);
    syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), doc, 'server');
  }
  return doc;
}
