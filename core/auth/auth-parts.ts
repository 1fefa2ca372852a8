import type { RequestHandler } from 'express';
import { AccessService } from '../access/access.service';
import type { Runtime } from '../runtime';
import { AuthService } from './auth.service';
import { createPassport, type PassportInstance } from './passport';
import { createSessionMiddleware } from './session';
import { SessionCache } from './session-cache';
import { SessionRevocations } from './session-revocations';

/**
 * Who the caller is and what they may touch, shared by every door into a web process: REST,
 * Socket.IO and the collab WebSocket upgrade all read the same session and ask the same access
 * service.
 */
export interface AuthParts {
  access: AccessService;
  auth: AuthService;
  passport: PassportInstance;
  session: RequestHandler;
  /** Signed-out or deactivated users: their live connections on every process are closed. */
  revocations: SessionRevocations;
}

export function createAuthParts(rt: Runtime): AuthParts {
  const { config } = rt;
  const access = new AccessService(rt.repos.access);
  const auth = new AuthService(rt.repos.users, config.bcryptCost);
  const passport = createPassport(auth, rt.repos.users);
  const session = createSessionMiddleware({
    pool: rt.pgPool,
    secret: rt.secret,
    maxAgeMs: config.session.maxAgeMs,
    secureCookies: config.publicUrl?.startsWith('https:') ?? false,
    cache: new SessionCache({
      redis: rt.redis,
      // Shared by every process on this database, like the rest of the Redis keys.
      channel: `${config.redis.prefix}:sessions:invalidate`,
      ttlMs: 5_000,
      log: rt.log
    })
  });
  const revocations = new SessionRevocations({
    redis: rt.redis,
    channel: `${config.redis.prefix}:sessions:revoked`,
    log: rt.log
  });
  return { access, auth, passport, session, revocations };
}
