import type { Logger } from 'pino';
import { CLOSE } from './protocol';
import type { Room } from './room';

interface Entry {
  room: Room;
  ready: Promise<Room>;
  /** Connections and server operations using the room; it unloads a grace period after zero. */
  holds: number;
  timer?: NodeJS.Timeout;
}

export interface RoomRegistryOptions {
  /** A new, not yet loaded room (it must buffer fan-out messages until loaded). */
  create(pipelineId: string): Room;
  /** Subscribes to fan-out and loads the stored document. */
  open(room: Room): Promise<void>;
  /** Writes what is pending, frees the room and drops its fan-out subscription. */
  close(room: Room): Promise<void>;
  unloadGraceMs: number;
  log: Logger;
}

/**
 * The rooms loaded on this process: one per document, loaded on first use (concurrent joins share
 * the load), unloaded once nobody has used it for the grace period. A document that is unloading
 * finishes writing before it can load again, so a reload always reads everything.
 */
export class RoomRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly unloading = new Map<string, Promise<void>>();
  private closed = false;

  constructor(private readonly options: RoomRegistryOptions) {}

  /** The loaded room, or undefined when it is not loaded (or still loading) here. */
  loaded(pipelineId: string): Room | undefined {
    const entry = this.entries.get(pipelineId);
    return entry && entry.room.isLoaded ? entry.room : undefined;
  }

  /** Any room on this process, loading ones included (they buffer what they are sent). */
  find(pipelineId: string): Room | undefined {
    return this.entries.get(pipelineId)?.room;
  }

  /** Whether the room is loading, loaded or still unloading. */
  has(pipelineId: string): boolean {
    return this.entries.has(pipelineId) || this.unloading.has(pipelineId);
  }

  rooms(): Room[] {
    return [...this.entries.values()].map((e) => e.room).filter((r) => r.isLoaded);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The loaded room, held until `release`. */
  async acquire(pipelineId: string): Promise<Room> {
    for (let pending = this.unloading.get(pipelineId); pending; pending = this.unloading.get(pipelineId))
      await pending;
    if (this.closed) throw new Error('The collaboration server is shutting down.');
    let entry = this.entries.get(pipelineId);
    if (!entry) entry = this.start(pipelineId);
    entry.holds++;
    clearTimeout(entry.timer);
    try {
      return await entry.ready;
    } catch (err) {
      entry.holds--;
      throw err;
    }
  }

  release(room: Room): void {
    const entry = this.entries.get(room.pipelineId);
    if (!entry || entry.room !== room || --entry.holds > 0 || this.closed) return;
    entry.timer = setTimeout(() => this.unload(entry), this.options.unloadGraceMs);
    entry.timer.unref();
  }

  /**
   * Closes the connections of `userId` in every room on this process (4401: the stock client
   * does not retry). For sign-out and deactivation; DocServer.closePeersOfUser covers every process.
   */
  closePeersOfUser(userId: string): number {
    let closed = 0;
    for (const { room } of this.entries.values())
      closed += room.closePeersOf(userId, CLOSE.signedOut, 'You have been signed out.');
    return closed;
  }

  /** Unloads every room now, writing what is pending. */
  async close(): Promise<void> {
    this.closed = true;
    for (const entry of this.entries.values()) {
      clearTimeout(entry.timer);
      entry.holds = 0;
      this.unload(entry);
    }
    await Promise.all(this.unloading.values());
  }

  private start(pipelineId: string): Entry {
    const room = this.options.create(pipelineId);
    const entry: Entry = { room, holds: 0, ready: this.options.open(room).then(() => room) };
    this.entries.set(pipelineId, entry);
    entry.ready.catch(() => this.retire(entry));
    return entry;
  }

  private unload(entry: Entry): void {
    if (entry.holds === 0) this.retire(entry);
  }

  /** Forgets the room at once; loading it again waits until it has finished closing. */
  private retire(entry: Entry): void {
    const id = entry.room.pipelineId;
    if (this.entries.get(id) !== entry) return;
    this.entries.delete(id);
    const done = entry.ready
      .catch(() => undefined)
      .then(() => this.options.close(entry.room))
      .catch((err: unknown) => this.options.log.error({ err, pipelineId: id }, 'unloading a document failed'))
      .finally(() => this.unloading.delete(id));
    this.unloading.set(id, done);
  }
}
