import crypto from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** A user signed out (one session) or was deactivated (every session). */
export interface SessionsRevoked {
  userId: string;
  /** Only this session's connections; absent: all of the user's. */
  sessionId?: string;
}

const PUBLISH_TIMEOUT_MS = 1_000;

export type RevocationListener = (event: SessionsRevoked) => void;

/**
 * Tells every process that a user's sessions ended, so each closes that user's live connections
 * (Socket.IO sockets, collab peers). Listeners in this process hear it at once; other processes
 * through a Redis channel. Delivery is best effort: the periodic re-checks of live connections
 * catch what a lost message misses.
 */
export class SessionRevocations {
  private readonly instanceId = crypto.randomUUID();
  private readonly listeners = new Set<RevocationListener>();
  private readonly sub: Redis;

  constructor(private readonly o: { redis: Redis; channel: string; log: Pick<Logger, 'warn'> }) {
    this.sub = o.redis.duplicate({ maxRetriesPerRequest: null });
    this.sub.on('error', (err) => o.log.warn({ err }, 'session revocation subscriber error'));
    this.sub.on('message', (channel: string, message: string) => {
      if (channel === o.channel) this.receive(message);
    });
    // ioredis subscribes again by itself after a reconnect.
    this.sub
      .subscribe(o.channel)
      .catch((err: unknown) => o.log.warn({ err }, 'session revocations not subscribed'));
  }

  /** Calls `listener` for every revocation, from this process or another; returns an unsubscribe. */
  on(listener: RevocationListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Closes the connections here at once, then tells the other processes. */
  async revoke(event: SessionsRevoked): Promise<void> {
    this.dispatch(event);
    let timer: NodeJS.Timeout | undefined;
    try {
      // Bounded: a sign-out must not wait on an unreachable Redis (the re-checks catch up).
      await Promise.race([
        this.o.redis.publish(this.o.channel, JSON.stringify({ from: this.instanceId, ...event })),
        new Promise(
          (_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), PUBLISH_TIMEOUT_MS))
        )
      ]);
    } catch (err) {
      this.o.log.warn({ err }, 'could not announce ended sessions to other processes');
    } finally {
      clearTimeout(timer);
    }
  }

  close(): void {
    this.listeners.clear();
    this.sub.disconnect();
  }

  private receive(message: string): void {
    try {
      const { from, userId, sessionId } = JSON.parse(message) as Record<string, unknown>;
      if (from === this.instanceId || typeof userId !== 'string') return;
      this.dispatch({ userId, ...(typeof sessionId === 'string' ? { sessionId } : {}) });
    } catch (err) {
      this.o.log.warn({ err }, 'dropped a malformed session revocation');
    }
  }

  private dispatch(event: SessionsRevoked): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        this.o.log.warn({ err }, 'closing connections of ended sessions failed');
      }
    }
  }
}
