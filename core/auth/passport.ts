import type { Express, RequestHandler } from 'express';
import { Passport } from 'passport';

export type PassportInstance = InstanceType<typeof Passport>;
import { Strategy as LocalStrategy } from 'passport-local';
import { loginBody } from '../../contracts/api';
import { parse } from '../../contracts/parse';
import type { AuthService } from './auth.service';
import type { SessionUser, UserRepository } from '../../data/user.repository';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // The signed-in user as the session layer loads it.
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends Pick<
      import('../../models').User,
      'id' | 'email' | 'fullName' | 'isSuperuser' | 'createdAt'
    > {}
  }
}

const USER_CACHE_MS = 2_000;

/**
 * A Passport instance (not the global singleton, so tests can run several apps in one process)
 * with the local strategy and a session that stores only the user id.
 */
export function createPassport(auth: AuthService, users: UserRepository): PassportInstance {
  const passport = new Passport();
  passport.use(
    new LocalStrategy(
      { usernameField: 'email', passwordField: 'password', passReqToCallback: true },
      (req, _e, _p, done) => {
        auth
          .login(parse(loginBody, req.body))
          .then((user) => done(null, user))
          .catch((err) => done(err));
      }
    )
  );
  passport.serializeUser((user, done) => done(null, user.id));

  // Every authenticated request loads its user; a tiny cache absorbs bursts from one client
  // without letting a deactivated account live on for more than a moment.
  const cache = new Map<string, { user: SessionUser | null; at: number }>();
  passport.deserializeUser((id: string, done) => {
    const hit = cache.get(id);
    if (hit && Date.now() - hit.at < USER_CACHE_MS) return done(null, hit.user ?? false);
    users
      .findSessionUser(id)
      .then((user) => {
        if (cache.size > 10_000) cache.clear();
        cache.set(id, { user, at: Date.now() });
        done(null, user ?? false);
      })
      .catch(done);
  });
  return passport;
}

/**
 * `passport.session()` for `app`'s requests, without its per-request overhead: that middleware
 * builds a strategy object and attaches passport's six request helpers to every request, which
 * cost as much as the rest of the session handling. Here the helpers (req.login, req.logout,
 * req.isAuthenticated, ...) are put once on the app's request prototype, and the signed-in user is
 * restored as passport.session() does it: through deserializeUser, and an id that no longer
 * deserializes (deactivated or deleted user) is dropped from the session.
 */
export function restoreUser(app: Express, passport: PassportInstance): RequestHandler {
  (passport.initialize({ compat: false }) as RequestHandler)(app.request, {} as never, () => {});
  return (req, _res, next) => {
    const stored = req.session?.passport;
    if (stored?.user === undefined) return next();
    passport.deserializeUser(stored.user, req, (err: unknown, user?: Express.User | false | null) => {
      if (err) return next(err);
      if (user) req.user = user;
      else delete stored.user;
      next();
    });
  };
}
