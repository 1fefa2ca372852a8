import connectPgSimple from 'connect-pg-simple';
import session, { type SessionData } from 'express-session';
import type { RequestHandler } from 'express';
import type pg from 'pg';

const PgStore = connectPgSimple(session);
const TOUCH_EVERY_MS = 10 * 60_000;

/**
 * connect-pg-simple writes the expiry on every request an unmodified session makes; that is a
 * database write per API call. Rolling expiry only needs it now and then.
 */
class ThrottledPgStore extends PgStore {
  constructor(
    options: ConstructorParameters<typeof PgStore>[0],
    private readonly maxAgeMs: number
  ) {
    super(options);
  }

  override touch(sid: string, sess: SessionData, cb?: (err?: unknown) => void): void {
    const expires = sess.cookie.expires ? new Date(sess.cookie.expires).getTime() : 0;
    // The cookie was just rolled to now + maxAge; the stored expiry is at most TOUCH_EVERY_MS older.
    if (expires - Date.now() < this.maxAgeMs - TOUCH_EVERY_MS) {
      super.touch(sid, sess, cb);
    } else {
      cb?.();
    }
  }
}

export interface SessionOptions {
  pool: pg.Pool;
  secret: string;
  maxAgeMs: number;
  secureCookies: boolean;
  pruneIntervalSeconds?: number | false;
}

export const SESSION_COOKIE = 'pw.sid';

export function createSessionMiddleware(o: SessionOptions): RequestHandler {
  const store = new ThrottledPgStore(
    {
      pool: o.pool,
      tableName: 'sessions',
      createTableIfMissing: false,
      pruneSessionInterval: o.pruneIntervalSeconds ?? 15 * 60
    },
    o.maxAgeMs
  );
  return session({
    name: SESSION_COOKIE,
    store,
    secret: o.secret,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, sameSite: 'lax', secure: o.secureCookies, maxAge: o.maxAgeMs }
  });
}
