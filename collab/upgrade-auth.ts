import type { RequestHandler, Response } from 'express';
import type { IncomingMessage } from 'node:http';
import { Unauthorized } from '../server/http/errors';

/**
 * Reads the signed-in user id from the session cookie of a WebSocket upgrade request by running
 * the same express-session middleware the REST API uses.
 */
export function sessionUserId(session: RequestHandler, req: IncomingMessage): Promise<string> {
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
      resolve(userId);
    });
  });
}
