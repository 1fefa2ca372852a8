import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Redis } from 'ioredis';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import { TooManyRequests } from './errors';

/** Per-IP limit for sign-in and sign-up, counted in Redis so every server process shares it. */
export function authRateLimiter(redis: Redis, perMinute: number, prefix: string): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    store: new RedisStore({
      prefix: `${prefix}:rl:auth:`,
      sendCommand: (command: string, ...args: string[]) => redis.call(command, ...args) as Promise<RedisReply>
    }),
    handler: (_req, _res, next) =>
      next(new TooManyRequests('Too many sign-in attempts; wait a minute and try again.'))
  });
}
