import type { IncomingHttpHeaders } from 'node:http';
import type { Duplex } from 'node:stream';
import type { SessionsRevoked } from '../core/auth/session-revocations';
import { CLOSE } from './protocol';

/** Sent to connections of a session that ended: the client sees why before the socket closes. */
const SIGNED_OUT_REASON = 'Your session has ended; sign in again.';

export interface Owner {
  userId: string;
  sessionId: string;
  /** The upgrade request's headers (the session cookie), to check the session again later. */
  headers: IncomingHttpHeaders;
}

/**
 * The collab connections of this process by user and session, so that signing out closes that
 * session's connections (not those of the user's other browsers) and deactivation all of them, at
 * once. Tracked at the socket level because peers do not know their session: the connection is
 * ended with a close frame (4401: the stock client does not retry), and the document server cleans
 * up the peer as for any closed connection.
 */
export class SessionSockets {
  private readonly sockets = new Map<Duplex, Owner>();
  private running: Promise<void> | null = null;

  add(socket: Duplex, owner: Owner): void {
    if (socket.destroyed) return;
    this.sockets.set(socket, owner);
    socket.once('close', () => this.sockets.delete(socket));
  }

  get size(): number {
    return this.sockets.size;
  }

  /**
   * Asks `stillSignedIn` about every connection (with the headers of its upgrade) and ends those
   * whose session ended or whose account was deactivated; a failed check leaves the connection.
   */
  recheck(stillSignedIn: (owner: Owner) => Promise<boolean>): Promise<void> {
    this.running ??= (async () => {
      for (const [socket, owner] of [...this.sockets]) {
        if (!this.sockets.has(socket) || (await stillSignedIn(owner))) continue;
        this.sockets.delete(socket);
        endWithCloseFrame(socket, CLOSE.signedOut, SIGNED_OUT_REASON);
      }
    })().finally(() => (this.running = null));
    return this.running;
  }

  /** Ends the user's connections: those of one session, or all of them. */
  revoke({ userId, sessionId }: SessionsRevoked): void {
    for (const [socket, owner] of this.sockets) {
      if (owner.userId !== userId || (sessionId !== undefined && owner.sessionId !== sessionId)) continue;
      this.sockets.delete(socket);
      endWithCloseFrame(socket, CLOSE.signedOut, SIGNED_OUT_REASON);
    }
  }
}

/**
 * Writes an RFC 6455 close frame (server frames are unmasked; a control frame's payload is under
 * 126 bytes) and ends the TCP connection. The WebSocket library writes whole frames in one go, so
 * this frame never lands inside another.
 */
function endWithCloseFrame(socket: Duplex, code: number, reason: string): void {
  const payload = Buffer.alloc(2 + Buffer.byteLength(reason));
  payload.writeUInt16BE(code, 0);
  payload.write(reason, 2);
  socket.end(Buffer.concat([Buffer.from([0x88, payload.length]), payload]));
  setTimeout(() => socket.destroy(), 1_000).unref();
}
