import WebSocket from 'ws';
import type { CollabLimits } from './limits';
import type { Peer } from './room';

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
    public readOnly: boolean,
    private readonly limits: Pick<CollabLimits, 'maxBufferedBytes' | 'presenceSkipBufferedBytes'>
  ) {}

  send(frame: Uint8Array, droppable = false): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    const buffered = this.ws.bufferedAmount;
    if (droppable && buffered > this.limits.presenceSkipBufferedBytes) return;
    // Too slow to keep up: this peer alone is dropped; its client reconnects and resyncs.
    if (buffered > this.limits.maxBufferedBytes) return void this.ws.terminate();
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
