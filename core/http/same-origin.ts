import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { Forbidden } from '../../contracts/errors';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether an Origin header names this very host (the one the request was sent to). */
export function isSameOrigin(origin: string, req: Pick<IncomingMessage, 'headers'>): boolean {
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false; // `null` (sandboxed frames, some redirects) and garbage
  }
}

/**
 * A connection upgrade (WebSocket, Socket.IO handshake) from a page of another site is refused.
 * Browsers always send Origin there; clients that send none (Node's y-websocket, scripts) are not
 * browsers, so no cookie of a victim rides along.
 */
export function allowsUpgradeOrigin(req: Pick<IncomingMessage, 'headers'>): boolean {
  const origin = req.headers.origin;
  return origin === undefined || isSameOrigin(origin, req);
}

const refused = () => new Forbidden('Cross-origin request refused.', 'cross_origin');

/**
 * Defence in depth beside SameSite=Lax cookies, for state-changing requests:
 * - with an Origin header, it must be this very host;
 * - without one (older browsers, privacy tools, non-browser clients), the request must say it is
 *   same-origin through Sec-Fetch-Site, which pages cannot forge, or carry a JSON content type,
 *   which a cross-site form cannot send and a cross-site script cannot send without a CORS
 *   preflight that this server never grants. Body-less requests need the header too.
 */
export const sameOrigin: RequestHandler = (req, _res, next) => {
  if (SAFE.has(req.method)) return next();
  const origin = req.headers.origin;
  if (origin !== undefined) return next(isSameOrigin(origin, req) ? undefined : refused());
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined) return next(site === 'same-origin' ? undefined : refused());
  if (isJson(req.headers['content-type'])) return next();
  next(
    new Forbidden(
      'A request that changes something must come from this site: send it with Content-Type: ' +
        'application/json (even without a body) or from a page of this site.',
      'cross_origin'
    )
  );
};

function isJson(contentType: string | undefined): boolean {
  return contentType?.split(';')[0]?.trim().toLowerCase() === 'application/json';
}
