import type { RequestHandler } from 'express';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import type { AccessService } from '../core/access/access.service';
import type { PassportInstance } from '../core/auth/passport';
import { roleAtLeast } from '../core/access/roles';
import { Internal, InvalidInput, isRefusal } from '../contracts/errors';
import { toHttpError } from '../core/http/errors';
import { allowsUpgradeOrigin } from '../core/http/same-origin';
import type { SessionRevocations } from '../core/auth/session-revocations';
import type { DocServer } from './doc-server';
import { SessionSockets } from './session-sockets';
import { sessionUser } from './upgrade-auth';

export const COLLAB_PREFIX = '/collab/';

/**
 * Handles `GET /collab/<pipelineId>` upgrades: a browser's Origin must be this host (403), the session
 * cookie must belong to an active member of the pipeline's workspace (401 without a session, 404
 * otherwise, deleted pipelines included). Members below editor join read-only.
 */
export function collabUpgradeHandler(deps: {
  session: RequestHandler;
  passport: PassportInstance;
  access: AccessService;
  docs: Pick<DocServer, 'handleUpgrade' | 'isClosing'>;
  /** Signing out or deactivation closes the user's collab connections on this process. */
  revocations?: Pick<SessionRevocations, 'on'>;
  /** How often every connection's session is checked again (30 s). */
  sessionRecheckMs?: number;
  log?: Pick<Logger, 'warn'>;
}) {
  const signedIn = new SessionSockets();
  deps.revocations?.on((event) => signedIn.revoke(event));
  // Catches what no event announces: an account deactivated in the database, a lost message.
  const recheckSessions = () =>
    signedIn.recheck(async (owner) => {
      try {
        const user = await sessionUser(deps.session, deps.passport, { headers: owner.headers, url: '/' });
        return user.id === owner.userId;
      } catch (err) {
        if (isRefusal(err)) return false;
        deps.log?.warn({ err }, 're-checking a collab session failed');
        return true;
      }
    });
  const timer = setInterval(() => {
    recheckSessions().catch((err: unknown) => deps.log?.warn({ err }, 're-checking collab sessions failed'));
  }, deps.sessionRecheckMs ?? 30_000);
  timer.unref();

  const handle = async (req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> => {
    try {
      if (!allowsUpgradeOrigin(req))
        return refuse(socket, 403, 'cross_origin', 'Cross-origin WebSocket refused.');
      const user = await sessionUser(deps.session, deps.passport, req);
      const pipelineId = pipelineIdOf(req.url ?? '/');
      const grant = await deps.access.require(user.id, { kind: 'pipeline', id: pipelineId }, 'viewer');
      if (deps.docs.isClosing)
        return refuse(socket, 503, 'shutting_down', 'The server is restarting; try again shortly.');
      deps.docs.handleUpgrade(req, socket, head, {
        pipelineId,
        userId: user.id,
        userName: user.fullName,
        workspaceId: grant.workspaceId,
        readOnly: !roleAtLeast(grant.role, 'editor')
      });
      signedIn.add(socket, { userId: user.id, sessionId: user.sessionId, headers: req.headers });
    } catch (err) {
      // An upgrade is refused with a plain HTTP answer, so it maps like any HTTP error.
      const { status, body, known } = toHttpError(err);
      const { code, message } = known ? body.error : new Internal('Upgrade failed.');
      refuse(socket, status, code, message);
    }
  };
  return Object.assign(handle, { recheckSessions, stop: () => clearInterval(timer) });
}

/**
 * The document id in `/collab/<id>[?query]`: bad %-encoding is the client's mistake (400), never an
 * exception that escapes the upgrade. Ids that are no pipeline's are left to the access check (404).
 */
export function pipelineIdOf(rawUrl: string): string {
  const path = rawUrl.split('?')[0] ?? '';
  if (!path.startsWith(COLLAB_PREFIX)) throw invalidPath();
  try {
    return decodeURIComponent(path.slice(COLLAB_PREFIX.length));
  } catch {
    throw invalidPath();
  }
}

const invalidPath = () => new InvalidInput('The document path is not valid.', undefined, 'invalid_path');

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
  503: 'Service Unavailable'
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
