import connectPgSimple from 'connect-pg-simple';
import session, { type Session, type SessionData } from 'express-session';
import type { Request, RequestHandler } from 'express';
import type pg from 'pg';
import type { SessionCache } from './session-cache';

declare module 'express-session' {
  interface SessionData {
    /** Set by passport when signed in. */
    passport?: { user?: string };
    /** When the stored expiry was last rolled forward (ms since epoch). */
    refreshedAt?: number;
  }
}

const PgStore = connectPgSimple(session);

/** How stale the stored expiry may get before a signed-in request rolls it forward again. */
export const SESSION_REFRESH_MS = 10 * 60_000;

type Callback = (err?: unknown) => void;

const statementNames = new Map<string, string>();

/**
 * The pool as connect-pg-simple sees it: every statement it sends (a handful of fixed texts with
 * parameters) runs as a named prepared statement, so reading the session on each request is not
 * parsed and planned again each time.
 */
function preparingPool(pool: pg.Pool): pg.Pool {
  const query = (text: string, values?: unknown[]) => {
    let name = statementNames.get(text);
    if (name === undefined) {
      name = `session_store_${statementNames.size}`;
      statementNames.set(text, name);
    }
    return pool.query({ name, text, values });
  };
  return Object.assign(Object.create(pool) as pg.Pool, { query });
}

/**
 * connect-pg-simple, with these changes:
 *
 * - No `touch` (connect-pg-simple's writes the expiry on every request). Rolling expiry is done by
 *   {@link createSessionMiddleware} marking a signed-in session modified once its stored expiry is
 *   {@link SESSION_REFRESH_MS} old, so express-session saves it (new expiry in the row) and
 *   re-sends the cookie. Without the method, express-session skips its touch step altogether.
 * - Saving a session that was loaded from the table only updates the row that is still there. A
 *   plain upsert would bring back a session that a logout (on any process) deleted meanwhile.
 *   New sessions (sign-in, regenerate) are inserted as before.
 * - With a {@link SessionCache}, reads may be served from it; every update or delete of an existing
 *   row evicts it in all processes before the caller is told the write is done.
 */
export class PgSessionStore extends PgStore {
  private readonly loaded = new WeakSet<object>();
  private readonly pool: pg.Pool;
  private readonly table: string;
  private readonly cache: SessionCache | undefined;

  constructor(options: {
    pool: pg.Pool;
    tableName: string;
    pruneSessionInterval?: number | false;
    cache?: SessionCache;
  }) {
    const pool = preparingPool(options.pool);
    super({
      pool,
      tableName: options.tableName,
      pruneSessionInterval: options.pruneSessionInterval,
      createTableIfMissing: false,
      disableTouch: true
    });
    this.pool = pool;
    this.table = `"${options.tableName.replaceAll('"', '""')}"`;
    this.cache = options.cache;
    // express-session looks for the (optional) method once, when the middleware is created.
    Object.defineProperty(this, 'touch', { value: undefined });
  }

  /** True for a session read from the table in this request (not one generated or regenerated). */
  isStored(sess: unknown): boolean {
    return typeof sess === 'object' && sess !== null && this.loaded.has(sess);
  }

  override createSession(req: Request, data: SessionData): Session & SessionData {
    const sess = super.createSession(req, data);
    this.loaded.add(sess);
    return sess;
  }

  override get(sid: string, cb: (err: unknown, session?: SessionData | null) => void): void {
    const cache = this.cache;
    if (!cache) return super.get(sid, cb);
    const hit = cache.get(sid);
    if (hit) return cb(null, hit);
    const since = cache.begin();
    super.get(sid, (err, sess) => {
      if (!err && sess) cache.put(sid, sess, since);
      cb(err, sess);
    });
  }

  override set(sid: string, sess: SessionData, cb?: Callback): void {
    // A new id: nobody can have it cached, and the row must be created.
    if (!this.isStored(sess)) return super.set(sid, sess, cb);
    const expires = sess.cookie.expires
      ? new Date(sess.cookie.expires).getTime()
      : Date.now() + (sess.cookie.maxAge ?? 0);
    this.cache?.evict(sid);
    this.pool
      .query(`UPDATE ${this.table} SET sess = $1, expire = to_timestamp($2) WHERE sid = $3`, [
        JSON.stringify(sess),
        Math.ceil(expires / 1000),
        sid
      ])
      .then(() => this.cache?.invalidate(sid))
      .then(
        () => cb?.(),
        (err: unknown) => cb?.(err)
      );
  }

  override destroy(sid: string, cb?: Callback): void {
    this.cache?.evict(sid);
    super.destroy(sid, (err?: unknown) => {
      if (err || !this.cache) return cb?.(err);
      this.cache.invalidate(sid).then(
        () => cb?.(),
        (e: unknown) => cb?.(e)
      );
    });
  }
}

export interface SessionOptions {
  pool: pg.Pool;
  secret: string;
  maxAgeMs: number;
  secureCookies: boolean;
  pruneIntervalSeconds?: number | false;
  /** Defaults to {@link SESSION_REFRESH_MS}. */
  refreshAfterMs?: number;
  cache?: SessionCache;
}

export const SESSION_COOKIE = 'pw.sid';

/**
 * Sessions live in Postgres (connect-pg-simple) and every request sees the row's current state: read
 * from the table, or from a {@link SessionCache} copy that every process drops as soon as the row
 * changes, so a logout anywhere takes effect at once. The row is written only when the session
 * changes or its expiry needs rolling forward, not on every request.
 */
export function createSessionMiddleware(o: SessionOptions): RequestHandler {
  const store = new PgSessionStore({
    pool: o.pool,
    tableName: 'sessions',
    pruneSessionInterval: o.pruneIntervalSeconds ?? 15 * 60,
    cache: o.cache
  });
  const refreshAfterMs = o.refreshAfterMs ?? SESSION_REFRESH_MS;
  const mw = session({
    name: SESSION_COOKIE,
    store,
    secret: o.secret,
    resave: false,
    saveUninitialized: false,
    // Not rolled on every response: see rollExpiry.
    rolling: false,
    cookie: { httpOnly: true, sameSite: 'lax', secure: o.secureCookies, maxAge: o.maxAgeMs }
  });

  /**
   * The loaded cookie carries the expiry stored with the session. Once that is more than
   * refreshAfterMs older than a fresh one would be (now + the session's max age), changing the
   * session makes express-session save it with the fresh expiry and send the cookie again: the
   * same rolling expiry as `rolling: true`, but one write per interval instead of per request.
   */
  const rollExpiry = (req: Request): void => {
    const sess = req.session as (Session & Partial<SessionData>) | undefined;
    if (!sess?.passport?.user || !store.isStored(sess)) return;
    const expires = sess.cookie.expires?.getTime();
    if (expires === undefined) return;
    const now = Date.now();
    const maxAge = sess.cookie.originalMaxAge ?? o.maxAgeMs;
    if (now + maxAge - expires > Math.min(refreshAfterMs, maxAge / 2)) sess.refreshedAt = now;
  };

  return (req, res, next) => {
    mw(req, res, (err?: unknown) => {
      if (!err) rollExpiry(req);
      next(err);
    });
  };
}
