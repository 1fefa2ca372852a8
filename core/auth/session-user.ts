import type { RequestHandler, Response } from 'express';
import type { IncomingMessage } from 'node:http';
import { Unauthenticated } from '../../contracts/errors';
import type { PassportInstance } from './passport';

/** The signed-in user behind a connection, and the session that signed them in. */
export interface ConnectionUser {
  id: string;
  fullName: string;
  sessionId: string;
}

/**
 * The signed-in user of a request outside Express (a WebSocket upgrade, a Socket.IO handshake,
 * or its headers replayed later to re-check it): the same express-session middleware and passport
 * user lookup as REST, so a signed-out session or a deactivated or deleted account is refused.
 */
export function sessionUser(
  session: RequestHandler,
  passport: PassportInstance,
  req: Pick<IncomingMessage, 'headers' | 'url'>
): Promise<ConnectionUser> {
  return new Promise((resolve, reject) => {
    const res = {
      getHeader: () => undefined,
      setHeader: () => undefined,
      end: () => undefined,
      on: () => undefined
    };
    session(req as never, res as unknown as Response, (err?: unknown) => {
      if (err) return reject(err);
      const { session: sess, sessionID } = req as typeof req & {
        session?: { passport?: { user?: string } };
        sessionID?: string;
      };
      const userId = sess?.passport?.user;
      if (!userId || !sessionID) return reject(new Unauthenticated());
      passport.deserializeUser(userId, req as never, (err: unknown, user?: Express.User | false | null) => {
        if (err) return reject(err);
        if (!user) return reject(new Unauthenticated());
        resolve({ id: user.id, fullName: user.fullName, sessionId: sessionID });
      });
    });
  });
}
