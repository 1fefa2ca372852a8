import crypto from 'node:crypto';
import type { Redis } from 'ioredis';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Logger } from 'pino';

/** What processes holding the same document tell each other. */
export const FANOUT_KINDS = ['update', 'awareness', 'awareness-query'] as const;
export type FanoutKind = (typeof FANOUT_KINDS)[number];

export interface FanoutEvents {
  /** A message from another process about a document this process subscribed to. */
  message(pipelineId: string, kind: FanoutKind, payload: Uint8Array): void;
  /** Someone lost access to a workspace (announced by any process, this one included). */
  accessRevoked(userId: string, workspaceId: string): void;
  /** A user signed out or was deactivated: their connections close on every process. */
  userClosed(userId: string): void;
  /** A pipeline was deleted: its editors are disconnected on every process. */
  deleted(pipelineId: string): void;
  /** The subscriber reconnected: messages may have been missed while it was away. */
  resubscribed(): void;
}

/**
 * How a process tells the others holding the same documents what happened. Document messages
 * reach only the other processes subscribed to that document; the announcements reach every
 * process, the sender included.
 */
export interface Fanout {
  /** Starts delivering a document's messages; resolves once delivery is in place. */
  subscribe(pipelineId: string): Promise<void>;
  unsubscribe(pipelineId: string): Promise<void>;
  /** Best effort: a failure is logged, never thrown. */
  publish(pipelineId: string, kind: FanoutKind, payload: Uint8Array): void;
  publishAccessRevoked(userId: string, workspaceId: string): Promise<void>;
  publishUserClosed(userId: string): Promise<void>;
  publishDeleted(pipelineId: string): Promise<void>;
  close(): Promise<void>;
}

/** Every Redis channel the collaboration server uses, in one place. */
export const collabChannels = (prefix: string) => ({
  document: (pipelineId: string) => `${prefix}:collab:doc:${pipelineId}`,
  accessRevoked: `${prefix}:collab:access-revoked`,
  userClosed: `${prefix}:collab:user-closed`,
  deleted: `${prefix}:collab:deleted`
});

/**
 * Redis pub/sub between processes. Messages carry the sender's instance id so a process skips its
 * own. Delivery is best effort: documents are durable in Postgres before anything is published,
 * and after a reconnect the server reloads open documents from there.
 */
export class RedisFanout implements Fanout {
  readonly instanceId = crypto.randomUUID();
  private readonly channels: ReturnType<typeof collabChannels>;
  private readonly docPrefix: string;
  private sub: Redis | null = null;
  private ready: Promise<void> | null = null;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly events: FanoutEvents,
    private readonly log: Logger
  ) {
    this.channels = collabChannels(prefix);
    this.docPrefix = this.channels.document('');
  }

  /** Starts delivering a document's messages; resolves once Redis confirms the subscription. */
  async subscribe(pipelineId: string): Promise<void> {
    await this.subscriber();
    await this.sub!.subscribe(this.channels.document(pipelineId));
  }

  async unsubscribe(pipelineId: string): Promise<void> {
    await this.sub?.unsubscribe(this.channels.document(pipelineId));
  }

  publish(pipelineId: string, kind: FanoutKind, payload: Uint8Array): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarString(encoder, this.instanceId);
    encoding.writeVarUint(encoder, FANOUT_KINDS.indexOf(kind));
    encoding.writeVarUint8Array(encoder, payload);
    this.redis
      .publish(this.channels.document(pipelineId), Buffer.from(encoding.toUint8Array(encoder)))
      .catch((err: unknown) => this.log.warn({ err, pipelineId }, 'collab fan-out publish failed'));
  }

  async publishAccessRevoked(userId: string, workspaceId: string): Promise<void> {
    await this.redis.publish(this.channels.accessRevoked, JSON.stringify({ userId, workspaceId }));
  }

  async publishUserClosed(userId: string): Promise<void> {
    await this.redis.publish(this.channels.userClosed, userId);
  }

  async publishDeleted(pipelineId: string): Promise<void> {
    await this.redis.publish(this.channels.deleted, pipelineId);
  }

  async close(): Promise<void> {
    const sub = this.sub;
    this.sub = null;
    this.ready = null;
    if (sub) await sub.quit().catch(() => sub.disconnect());
  }

  private subscriber(): Promise<void> {
    this.ready ??= this.connect().catch((err: unknown) => {
      // Not stuck on one failure: the next document load tries again.
      this.ready = null;
      this.sub?.disconnect();
      this.sub = null;
      throw err;
    });
    return this.ready;
  }

  private async connect(): Promise<void> {
    const sub = this.redis.duplicate();
    this.sub = sub;
    let connected = false;
    sub.on('error', (err) => this.log.warn({ err }, 'collab fan-out subscriber error'));
    sub.on('ready', () => {
      if (connected) this.events.resubscribed();
      connected = true;
    });
    sub.on('messageBuffer', (channel: Buffer, message: Buffer) => this.dispatch(channel.toString(), message));
    await sub.subscribe(this.channels.accessRevoked, this.channels.deleted, this.channels.userClosed);
  }

  private dispatch(channel: string, message: Buffer): void {
    try {
      if (channel === this.channels.accessRevoked) {
        const { userId, workspaceId } = JSON.parse(message.toString()) as Record<string, string>;
        if (userId && workspaceId) this.events.accessRevoked(userId, workspaceId);
        return;
      }
      if (channel === this.channels.deleted) return this.events.deleted(message.toString());
      if (channel === this.channels.userClosed) return this.events.userClosed(message.toString());
      if (!channel.startsWith(this.docPrefix)) return;
      const decoder = decoding.createDecoder(new Uint8Array(message));
      if (decoding.readVarString(decoder) === this.instanceId) return;
      const kind = FANOUT_KINDS[decoding.readVarUint(decoder)];
      const payload = decoding.readVarUint8Array(decoder);
      if (kind) this.events.message(channel.slice(this.docPrefix.length), kind, payload);
    } catch (err) {
      this.log.warn({ err, channel }, 'collab fan-out message dropped');
    }
  }
}
