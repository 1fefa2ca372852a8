import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Redis } from 'ioredis';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import { DomainError, Unavailable, RateLimited } from '../../contracts/errors';

/**
 * Per-IP limit for sign-in and sign-up, counted in Redis so every server process shares it. While
 * Redis is unreachable the limit cannot be enforced, so these requests answer 503 at once instead
 * of waiting out the client's retries and failing with a 500.
 */
export function authRateLimiter(redis: Redis, perMinute: number, prefix: string): RequestHandler {
  const limiter = rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    store: new RedisStore({
      prefix: `${prefix}:rl:auth:`,
      sendCommand: (command: string, ...args: string[]) => redis.call(command, ...args) as Promise<RedisReply>
    }),
    handler: (_req, _res, next) =>
      next(new RateLimited('Too many sign-in attempts; wait a minute and try again.'))
  });
  const lost = connectionLost(redis);
  return (req, res, next) => {
    if (lost()) return next(unavailable());
    void limiter(req, res, (err?: unknown) => {
      if (err === undefined || err instanceof DomainError) return next(err);
      req.log?.warn({ err }, 'rate limit store failed');
      next(unavailable());
    });
  };
}

/** True from the moment the connection drops until it is ready again (not while first connecting). */
function connectionLost(redis: Redis): () => boolean {
  let lost = false;
  redis.on('close', () => (lost = true));
  redis.on('ready', () => (lost = false));
  return () => lost;
}

const unavailable = () => new Unavailable('Sign-in is briefly unavailable; try again in a moment.');
