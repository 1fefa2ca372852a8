import type { Redis } from 'ioredis';

/** The Redis channel that tells training workers a run was just committed. */
export const trainerWakeupChannel = (prefix: string) => `${prefix}:training:wake`;

/**
 * A nudge to every training worker, sent right after a run's commit. The outbox still hands the
 * run's wake-up to the queue (durable, and the workers poll Postgres anyway); this only saves
 * the dispatcher's pass and the queue's round trip, so an idle worker starts within milliseconds.
 * Lost nudges cost nothing but that time.
 */
export function trainerWakeups(redis: Redis, prefix: string): () => void {
  const channel = trainerWakeupChannel(prefix);
  return () => void redis.publish(channel, '1').catch(() => {});
}
