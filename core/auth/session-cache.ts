import type { SessionData } from 'express-session';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

export interface SessionCacheOptions {
  /** Used to publish invalidations; a duplicate of it subscribes to them. */
  redis: Redis;
  /** Every process that shares the sessions table must use the same channel. */
  channel: string;
  /** Safety net: an entry is re-read from Postgres at least this often. */
  ttlMs: number;
  maxEntries?: number;
  log?: Pick<Logger, 'warn'>;
}

interface Entry {
  json: string;
  /** The session's own expiry (the row stops matching then), ms since epoch. */
  expiresAt: number;
  cachedAt: number;
}

const PUBLISH_TIMEOUT_MS = 1_000;

/**
 * A short-lived per-process copy of session rows that every process drops as soon as any process
 * changes or deletes the row: writes go through the store, which evicts locally and then publishes
 * the session id on a Redis channel that all processes subscribe to.
 *
 * It is only used while the subscription is live. When the subscriber's connection drops,
 * everything cached is forgotten and reads go to Postgres until it has subscribed again, so a
 * missed invalidation can never leave a revoked session usable. A read that was in flight while an
 * invalidation arrived is not cached (it may have seen the row before the change). Only if the
 * writing process cannot publish (Redis unreachable from it alone) do other processes keep their
 * copy, for ttlMs at most.
 */
export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  private readonly sub: Redis;
  private live = false;
  /** Bumped on every eviction; a read started under an older value must not be cached. */
  private generation = 0;
  private closed = false;

  constructor(private readonly o: SessionCacheOptions) {
    this.sub = o.redis.duplicate({ lazyConnect: true, maxRetriesPerRequest: null });
    this.sub.on('message', (channel: string, sid: string) => {
      if (channel === o.channel) this.evict(sid);
    });
    this.sub.on('ready', () => {
      this.sub.subscribe(o.channel).then(
        () => {
          if (this.sub.status === 'ready' && !this.closed) this.live = true;
        },
        () => this.drop()
      );
    });
    for (const event of ['close', 'end', 'reconnecting']) this.sub.on(event, () => this.drop());
    this.sub.on('error', () => {}); // 'close' follows; reads fall back to Postgres meanwhile
    // The runtime owns the main connection; when it shuts that down, this one goes with it.
    o.redis.once('end', () => this.close());
    this.sub.connect().catch(() => {});
  }

  /** Whether cached copies are being served (the invalidation channel is subscribed). */
  get isLive(): boolean {
    return this.live;
  }

  /** A fresh copy of the cached session, or undefined when it must be read from Postgres. */
  get(sid: string): SessionData | undefined {
    if (!this.live) return undefined;
    const hit = this.entries.get(sid);
    if (!hit) return undefined;
    const now = Date.now();
    if (now - hit.cachedAt >= this.o.ttlMs || now > hit.expiresAt) {
      this.entries.delete(sid);
      return undefined;
    }
    return JSON.parse(hit.json) as SessionData;
  }

  /** Call before reading the row; pass the result to {@link put}. */
  begin(): number {
    return this.generation;
  }

  /** Keeps a row just read from Postgres, unless something was invalidated since {@link begin}. */
  put(sid: string, sess: SessionData, since: number): void {
    if (!this.live || since !== this.generation) return;
    const expires = sess.cookie?.expires;
    const expiresAt = expires ? new Date(expires).getTime() : Number.POSITIVE_INFINITY;
    if (!(expiresAt > Date.now())) return;
    if (this.entries.size >= (this.o.maxEntries ?? 10_000)) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(sid, { json: JSON.stringify(sess), expiresAt, cachedAt: Date.now() });
  }

  /** Forgets the session in this process only. */
  evict(sid: string): void {
    this.generation++;
    this.entries.delete(sid);
  }

  /**
   * Forgets the session here and tells every other process to, once the row has been changed or
   * deleted. Resolves when Redis has passed the message on to the subscribers.
   */
  async invalidate(sid: string): Promise<void> {
    this.evict(sid);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.o.redis.publish(this.o.channel, sid),
        new Promise(
          (_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), PUBLISH_TIMEOUT_MS))
        )
      ]);
    } catch (err) {
      // Other processes drop their copy within ttlMs at the latest.
      this.o.log?.warn({ err }, 'could not publish a session invalidation');
    } finally {
      clearTimeout(timer);
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.drop();
    this.sub.disconnect();
  }

  private drop(): void {
    this.live = false;
    this.generation++;
    this.entries.clear();
  }
}
