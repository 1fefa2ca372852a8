import type { NextFunction, Request, Response } from 'express';
import { Unauthenticated } from '../../contracts/errors';

/** Rejects requests without a signed-in user; afterwards `currentUser(req)` is safe. */
export function requireUser(req: Request, _res: Response, next: NextFunction): void {
  next(req.user ? undefined : new Unauthenticated());
}

export function currentUser(req: Request): Express.User {
  if (!req.user) throw new Unauthenticated();
  return req.user;
}
