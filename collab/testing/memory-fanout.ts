import type { Fanout, FanoutEvents, FanoutKind } from '../redis-fanout';

/**
 * Redis pub/sub between hubs in one process, for tests: connect each hub (a "process") to the same
 * bus. Delivery is asynchronous like pub/sub; document messages skip the sender and go only to
 * hubs subscribed to the document, announcements go to every hub, the sender included.
 */
export class MemoryFanoutBus {
  private readonly members = new Set<MemoryFanout>();
  /** Every document message published, in order (what crossed "Redis"). */
  readonly published: { pipelineId: string; kind: FanoutKind }[] = [];

  connect(events: FanoutEvents): MemoryFanout {
    const member = new MemoryFanout(this, events);
    this.members.add(member);
    return member;
  }

  /** @internal */
  deliver(from: MemoryFanout | null, deliver: (member: MemoryFanout) => void): void {
    for (const member of this.members) if (member !== from) queueMicrotask(() => deliver(member));
  }

  /** @internal */
  leave(member: MemoryFanout): void {
    this.members.delete(member);
  }
}

export class MemoryFanout implements Fanout {
  readonly subscribed = new Set<string>();
  closed = false;

  constructor(
    private readonly bus: MemoryFanoutBus,
    readonly events: FanoutEvents
  ) {}

  async subscribe(pipelineId: string): Promise<void> {
    this.subscribed.add(pipelineId);
  }

  async unsubscribe(pipelineId: string): Promise<void> {
    this.subscribed.delete(pipelineId);
  }

  publish(pipelineId: string, kind: FanoutKind, payload: Uint8Array): void {
    this.bus.published.push({ pipelineId, kind });
    const copy = payload.slice();
    this.bus.deliver(this, (m) => {
      if (m.subscribed.has(pipelineId)) m.events.message(pipelineId, kind, copy);
    });
  }

  async publishAccessRevoked(userId: string, workspaceId: string): Promise<void> {
    this.bus.deliver(null, (m) => m.events.accessRevoked(userId, workspaceId));
  }

  async publishUserClosed(userId: string): Promise<void> {
    this.bus.deliver(null, (m) => m.events.userClosed(userId));
  }

  async publishDeleted(pipelineId: string): Promise<void> {
    this.bus.deliver(null, (m) => m.events.deleted(pipelineId));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.bus.leave(this);
  }
}
