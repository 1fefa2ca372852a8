import type { RequestHandler } from 'express';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AccessService } from '../server/access/access.service';
import { AppError } from '../server/http/errors';
import { sessionUserId } from './upgrade-auth';

export const COLLAB_PREFIX = '/collab/';

/**
 * Handles `GET /collab/<pipelineId>` upgrades: the session cookie must belong to a member of the
 * pipeline's workspace. The collaborative document server plugs in behind this check; until then
 * authorised clients are told the service is not available (501) rather than left hanging.
 */
export function collabUpgradeHandler(deps: { session: RequestHandler; access: AccessService }) {
  return async (req: IncomingMessage, socket: Duplex, _head: Buffer): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const pipelineId = decodeURIComponent(url.pathname.slice(COLLAB_PREFIX.length));
    try {
      const userId = await sessionUserId(deps.session, req);
      await deps.access.require(userId, { kind: 'pipeline', id: pipelineId }, 'viewer');
      refuse(socket, 501, 'collab_unavailable', 'Live collaboration is not available on this server yet.');
    } catch (err) {
      const e = err instanceof AppError ? err : new AppError(500, 'internal_error', 'Upgrade failed.');
      refuse(socket, e.status, e.code, e.message);
    }
  };
}

const REASONS: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
  501: 'Not Implemented'
};

/** Answers an upgrade with a plain HTTP error carrying the contract's JSON body. */
export function refuse(socket: Duplex, status: number, code: string, message: string): void {
  if (socket.destroyed) return;
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${REASONS[status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}
