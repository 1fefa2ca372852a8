import type { PassportInstance } from '../../core/auth/passport';
import { createAdapter } from '@socket.io/redis-adapter';
import type { RequestHandler } from 'express';
import type { Server as HttpServer, IncomingMessage } from 'node:http';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

import { Server, type Socket } from 'socket.io';
import {
  parseRoom,
  rooms,
  type Ack,
  type ClientToServerEvents,
  type ServerToClientEvents
} from '../../contracts/realtime';
import type { AccessService } from '../../core/access/access.service';
import type { SessionRevocations } from '../../core/auth/session-revocations';
import { allowsUpgradeOrigin } from '../../core/http/same-origin';
import { ackError } from './ack-error';
import { watchLiveAccess, type LiveAccess } from './live-access';

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents>;

interface Deps {
  session: RequestHandler;
  passport: PassportInstance;
  access: AccessService;
  redis: Redis;
  log: Logger;
  revocations: Pick<SessionRevocations, 'on'>;
  /** The studio's REDIS_PREFIX, for naming its connections. */
  redisPrefix: string;
  /** Period of the live access re-check (30 s by default). */
  recheckMs?: number;
}

const liveAccess = new WeakMap<RealtimeServer, LiveAccess>();

/**
 * Socket.IO on the shared HTTP server: the session cookie authenticates the handshake, every
 * subscription goes through AccessService, and the Redis adapter fans events out across processes.
 */
export function createSocketServer(http: HttpServer, deps: Deps): RealtimeServer {
  // destroyUpgrade false: other upgrades (/collab) share this server and must not be killed.
  const io: RealtimeServer = new Server(http, {
    path: '/socket.io',
    destroyUpgrade: false,
    serveClient: false,
    // Checked on every handshake request, polling and WebSocket alike.
    allowRequest: (req, callback) => callback(null, allowsUpgradeOrigin(req))
  });
  const pub = deps.redis.duplicate();
  // Named, so CLIENT LIST tells it apart (and tests can drop exactly this connection).
  const sub = deps.redis.duplicate({ connectionName: subscriberName(deps.redisPrefix) });
  // Both reconnect on their own (and resubscribe); meanwhile events from other processes pause.
  for (const client of [pub, sub]) client.on('error', () => {});
  io.adapter(createAdapter(pub, sub));
  const watcher = watchLiveAccess(io, deps);
  liveAccess.set(io, watcher);
  http.once('close', () => {
    watcher.stop();
    // The adapter leaves its clients open when Socket.IO closes, with its unsubscribe commands
    // still in flight (their promises unhandled): quit lets them be answered before closing.
    for (const client of [pub, sub]) void client.quit().catch(() => client.disconnect());
  });
  // Messages sent while the subscriber was away (access revoked elsewhere) are lost: re-check.
  let subscribedBefore = false;
  sub.on('ready', () => {
    if (subscribedBefore)
      watcher.recheckAll().catch((err: unknown) => deps.log.warn({ err }, 're-checking live sockets failed'));
    subscribedBefore = true;
  });

  const onlyHandshake =
    (mw: RequestHandler) =>
    (
      req: IncomingMessage & { _query?: Record<string, string> },
      res: unknown,
      next: (e?: unknown) => void
    ) => (req._query?.sid === undefined ? mw(req as never, res as never, next) : next());
  io.engine.use(onlyHandshake(deps.session));
  io.engine.use(onlyHandshake(deps.passport.session() as RequestHandler));

  io.use((socket, next) => {
    const user = (socket.request as IncomingMessage & { user?: Express.User }).user;
    if (!user) return next(new Error('unauthorized'));
    socket.data.userId = user.id;
    socket.data.sessionId = (socket.request as IncomingMessage & { sessionID?: string }).sessionID;
    next();
  });

  io.on('connection', (socket: Socket<ClientToServerEvents, ServerToClientEvents>) => {
    const userId = socket.data.userId as string;
    settle(socket.join(rooms.user(userId)));
    socket.on('subscribe', (payload, ack) => settle(subscribe(socket, userId, payload, ack)));
    socket.on('unsubscribe', (payload, ack) => {
      const ref = parseRoom(payload?.room);
      if (ref) settle(socket.leave(ref.name));
      ack?.({ ok: true });
    });
  });

  async function subscribe(
    socket: Socket,
    userId: string,
    payload: { room: string },
    ack?: Ack
  ): Promise<void> {
    const ref = parseRoom(payload?.room);
    if (!ref) return ack?.({ ok: false, error: { code: 'invalid_room', message: 'Unknown room name.' } });
    try {
      await deps.access.require(userId, ref, 'viewer');
      await socket.join(ref.name);
      ack?.({ ok: true });
    } catch (err) {
      ack?.(ackError(err, 'Subscription failed.'));
    }
  }

  /** Room changes go through the Redis adapter and may fail with it; the socket carries on. */
  function settle(result: Promise<void> | void): void {
    Promise.resolve(result).catch((err: unknown) => deps.log.warn({ err }, 'socket room change failed'));
  }

  return io;
}

/** The Redis client name of the Socket.IO adapter's subscriber. */
export const subscriberName = (redisPrefix: string) => `${redisPrefix}:realtime:subscriber`;

/** Re-checks every live socket of this process now, as the periodic re-check does (tests). */
export function recheckLiveSockets(io: RealtimeServer): Promise<void> {
  return liveAccess.get(io)?.recheckAll() ?? Promise.resolve();
}

/**
 * After someone loses access to a workspace, their open sockets (on any process) are told and
 * dropped; on reconnect every subscription is checked again.
 */
export function revokeLiveAccess(io: RealtimeServer, userId: string, workspaceId: string): void {
  io.to(rooms.user(userId)).emit('access:revoked', { workspaceId });
  io.in(rooms.user(userId)).disconnectSockets(true);
}
