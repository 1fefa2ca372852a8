import WebSocket from 'ws';
import type { Peer } from './room';

/** Peers whose unsent output grows past this are too slow to keep up; they reconnect and resync. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/** A WebSocket as a room's peer. */
export class WsPeer implements Peer {
  /** Cleared by each keepalive ping, set again by the pong. */
  alive = true;

  constructor(
    readonly ws: WebSocket,
    readonly pipelineId: string,
    readonly userId: string,
    readonly userName: string,
    readonly workspaceId: string,
    public readOnly: boolean
  ) {}

  send(frame: Uint8Array): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) return void this.ws.terminate();
    this.ws.send(frame, (err) => {
      if (err) this.ws.terminate();
    });
  }

  close(code: number, reason: string): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING)
      this.ws.close(code, reason);
  }

  /** Ends sockets that missed the last ping, pings the rest. */
  keepAlive(): void {
    if (!this.alive) return void this.ws.terminate();
    this.alive = false;
    try {
      this.ws.ping();
    } catch {
      this.ws.terminate();
    }
  }
}
