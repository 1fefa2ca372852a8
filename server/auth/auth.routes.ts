import type { PassportInstance } from '../../core/auth/passport';
import { Router, type RequestHandler } from 'express';

import { API_ROUTES as R } from '../../contracts/api-routes';
import type { User } from '../../models';
import { currentUser, requireUser } from '../http/auth-guard';
import { SESSION_COOKIE } from '../../core/auth/session';
import { parse } from '../../contracts/parse';
import { send } from '../http/validate';
import type { AuthService } from '../../core/auth/auth.service';
import type { SessionRevocations } from '../../core/auth/session-revocations';
import { toUserDto } from './user.dto';

export function authRoutes(deps: {
  auth: AuthService;
  passport: PassportInstance;
  rateLimit: RequestHandler;
  revocations: Pick<SessionRevocations, 'revoke'>;
}): Router {
  const r = Router();

  r.post('/register', deps.rateLimit, async (req, res) => {
    const user = await deps.auth.register(parse(R.register.body, req.body));
    await new Promise<void>((resolve, reject) => req.login(user, (err) => (err ? reject(err) : resolve())));
    send(res, 'register', { user: toUserDto(user) });
  });

  r.post('/login', deps.rateLimit, (req, res, next) => {
    parse(R.login.body, req.body);
    deps.passport.authenticate('local', { session: false }, (err: unknown, user: User | false) => {
      if (err || !user) return next(err);
      // req.login regenerates the session id, so a pre-login cookie cannot be fixated.
      req.login(user, (loginErr) =>
        loginErr ? next(loginErr) : send(res, 'login', { user: toUserDto(user) })
      );
    })(req, res, next);
  });

  r.post('/logout', (req, res, next) => {
    const userId = req.user?.id;
    const sessionId = req.sessionID;
    req.logout((err) => {
      if (err) return next(err);
      req.session.destroy(() => {
        // This session's live connections close too, on every process, before the answer.
        const revoked = userId ? deps.revocations.revoke({ userId, sessionId }) : Promise.resolve();
        revoked.then(() => {
          res.clearCookie(SESSION_COOKIE);
          send(res, 'logout');
        }, next);
      });
    });
  });

  r.get('/me', requireUser, (req, res) => {
    send(res, 'me', { user: toUserDto(currentUser(req)) });
  });

  return r;
}
