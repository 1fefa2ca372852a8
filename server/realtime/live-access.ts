import type { RequestHandler } from 'express';
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import type { AccessService } from '../../core/access/access.service';
import { parseRoom } from '../../contracts/realtime';
import type { PassportInstance } from '../../core/auth/passport';
import type { SessionRevocations } from '../../core/auth/session-revocations';
import { sessionUser } from '../../core/auth/session-user';
import { isRefusal } from '../../contracts/errors';
import type { RealtimeServer } from './socket-server';

/** How often live sockets are checked against the database when no test asks otherwise. */
export const LIVE_ACCESS_RECHECK_MS = 30_000;

export interface LiveAccessDeps {
  session: RequestHandler;
  passport: PassportInstance;
  access: AccessService;
  revocations: Pick<SessionRevocations, 'on'>;
  log: Pick<Logger, 'warn'>;
  recheckMs?: number;
}

export interface LiveAccess {
  /** Checks every socket on this process now (also run after the Redis adapter reconnects). */
  recheckAll(): Promise<void>;
  stop(): void;
}

/**
 * Keeps this process's sockets in line with the database, beside the instant paths (member
 * removed, signed out): a socket whose session ended or whose account was deactivated is
 * disconnected; a subscription the user may no longer see is left, with `access:revoked` for
 * workspace rooms. This catches what an instant path missed, such as a Redis message lost while
 * the adapter was reconnecting or an account deactivated straight in the database.
 */
export function watchLiveAccess(io: RealtimeServer, deps: LiveAccessDeps): LiveAccess {
  const offRevocations = deps.revocations.on(({ userId, sessionId }) => {
    for (const socket of io.of('/').sockets.values()) {
      if (socket.data.userId === userId && (!sessionId || socket.data.sessionId === sessionId))
        socket.disconnect(true);
    }
  });

  let running: Promise<void> | null = null;
  const recheckAll = (): Promise<void> => {
    running ??= (async () => {
      for (const socket of [...io.of('/').sockets.values()]) {
        if (socket.connected) await recheck(socket);
      }
    })().finally(() => (running = null));
    return running;
  };

  async function recheck(socket: Socket): Promise<void> {
    const userId = socket.data.userId as string;
    try {
      const request = socket.request as IncomingMessage;
      const user = await sessionUser(deps.session, deps.passport, { headers: request.headers, url: '/' });
      if (user.id !== userId) return void socket.disconnect(true);
    } catch (err) {
      if (isRefusal(err)) return void socket.disconnect(true);
      return deps.log.warn({ err }, 're-checking a live socket failed');
    }
    for (const room of [...socket.rooms]) {
      const ref = parseRoom(room);
      if (!ref) continue;
      try {
        await deps.access.require(userId, ref, 'viewer');
      } catch (err) {
        if (!isRefusal(err)) {
          deps.log.warn({ err }, 're-checking a subscription failed');
          continue;
        }
        await socket.leave(room);
        if (ref.kind === 'workspace') socket.emit('access:revoked', { workspaceId: ref.id });
      }
    }
  }

  const timer = setInterval(() => {
    recheckAll().catch((err: unknown) => deps.log.warn({ err }, 're-checking live sockets failed'));
  }, deps.recheckMs ?? LIVE_ACCESS_RECHECK_MS);
  timer.unref();

  return {
    recheckAll,
    stop: () => {
      clearInterval(timer);
      offRevocations();
    }
  };
}
