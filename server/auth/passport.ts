import { Passport } from 'passport';

export type PassportInstance = InstanceType<typeof Passport>;
import { Strategy as LocalStrategy } from 'passport-local';
import { loginBody } from '../../contracts/api';
import type { User } from '../../models';
import { parse } from '../http/validate';
import type { AuthService } from './auth.service';
import type { UserRepository } from './user.repository';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // The signed-in user as the session layer loads it.
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends Pick<import('../../models').User, 'id' | 'email' | 'fullName' | 'isSuperuser' | 'createdAt'> {}
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
    new LocalStrategy({ usernameField: 'email', passwordField: 'password', passReqToCallback: true }, (req, _e, _p, done) => {
      auth
        .login(parse(loginBody, req.body))
        .then((user) => done(null, user))
        .catch((err) => done(err));
    })
  );
  passport.serializeUser((user, done) => done(null, user.id));

  // Every authenticated request loads its user; a tiny cache absorbs bursts from one client
  // without letting a deactivated account live on for more than a moment.
  const cache = new Map<string, { user: User | null; at: number }>();
  passport.deserializeUser((id: string, done) => {
    const hit = cache.get(id);
    if (hit && Date.now() - hit.at < USER_CACHE_MS) return done(null, hit.user ?? false);
    users
      .findActiveById(id)
      .then((user) => {
        if (cache.size > 10_000) cache.clear();
        cache.set(id, { user, at: Date.now() });
        done(null, user ?? false);
      })
      .catch(done);
  });
  return passport;
}
