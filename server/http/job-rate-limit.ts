import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Redis } from 'ioredis';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import { currentUser } from './auth-guard';
import { RateLimited } from '../../contracts/errors';

/** The requests that start expensive background work, each with its own per-user budget. */
export type ExpensiveRequest = 'complete' | 'deduce' | 'eda';

const WHAT: Record<ExpensiveRequest, string> = {
  complete: 'upload confirmations',
  deduce: 'schema deductions',
  eda: 'EDA reports'
};

/**
 * Per-user limits for requests that hash whole files, call the language model or scan a dataset,
 * counted in Redis so every server process shares them; mount after `requireUser`. While Redis is
 * unreachable the requests pass uncounted: the work they ask for waits in the job outbox anyway,
 * one job per dataset at most, and confirming an upload must not depend on Redis.
 */
export function jobRateLimiters(
  redis: Redis,
  perMinute: number,
  prefix: string
): Record<ExpensiveRequest, RequestHandler> {
  let lost = false;
  redis.on('close', () => (lost = true));
  redis.on('ready', () => (lost = false));
  const limiter = (kind: ExpensiveRequest): RequestHandler => {
    const limit = rateLimit({
      windowMs: 60_000,
      limit: perMinute,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      keyGenerator: (req) => currentUser(req).id,
      passOnStoreError: true,
      store: new RedisStore({
        prefix: `${prefix}:rl:jobs:${kind}:`,
        sendCommand: (command: string, ...args: string[]) =>
          redis.call(command, ...args) as Promise<RedisReply>
      }),
      handler: (_req, _res, next) =>
        next(new RateLimited(`Too many ${WHAT[kind]} in a minute; wait a moment and try again.`))
    });
    return (req, res, next) => (lost ? next() : limit(req, res, next));
  };
  return { complete: limiter('complete'), deduce: limiter('deduce'), eda: limiter('eda') };
}
