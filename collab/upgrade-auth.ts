import type { RequestHandler, Response } from 'express';
import type { IncomingMessage } from 'node:http';
import type { PassportInstance } from '../server/auth/passport';
import { Unauthorized } from '../server/http/errors';

/** Who is upgrading, as far as the collaboration server needs to know. */
export interface UpgradeUser {
  id: string;
  fullName: string;
}

/**
 * The signed-in user of a WebSocket upgrade request: the same express-session middleware and
 * passport user lookup as REST, so a deactivated or deleted account is refused here too.
 */
export function sessionUser(
  session: RequestHandler,
  passport: PassportInstance,
  req: IncomingMessage
): Promise<UpgradeUser> {
  return new Promise((resolve, reject) => {
    const res = {
      getHeader: () => undefined,
      setHeader: () => undefined,
      end: () => undefined,
      on: () => undefined
    };
    session(req as never, res as unknown as Response, (err?: unknown) => {
      if (err) return reject(err);
      const userId = (req as IncomingMessage & { session?: { passport?: { user?: string } } }).session
        ?.passport?.user;
      if (!userId) return reject(new Unauthorized());
      passport.deserializeUser(userId, req as never, (err: unknown, user?: Express.User | false | null) => {
        if (err) return reject(err);
        if (!user) return reject(new Unauthorized());
        resolve({ id: user.id, fullName: user.fullName });
      });
    });
  });
}
