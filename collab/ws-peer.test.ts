import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WsPeer } from './ws-peer';

/** Just what WsPeer reads and calls on its socket. */
function fakeSocket(bufferedAmount: number) {
  const socket = {
    readyState: WebSocket.OPEN,
    bufferedAmount,
    sent: 0,
    terminated: false,
    send() {
      socket.sent++;
    },
    terminate() {
      socket.terminated = true;
    }
  };
  return socket;
}

const limits = { presenceSkipBufferedBytes: 1000, maxBufferedBytes: 5000 };
const peerOn = (socket: ReturnType<typeof fakeSocket>) =>
  new WsPeer(socket as unknown as WebSocket, 'p', 'u', 'U', 'w', false, limits);

describe('WebSocket peer', () => {
  it('skips presence for a peer that is behind, but still sends it changes', () => {
    const socket = fakeSocket(2000);
    const peer = peerOn(socket);
    peer.send(new Uint8Array(1), true);
    expect(socket.sent).toBe(0);
    peer.send(new Uint8Array(1));
    expect(socket.sent).toBe(1);
    expect(socket.terminated).toBe(false);
  });

  it('drops a peer too far behind to keep up, alone', () => {
    const slow = fakeSocket(6000);
    const fast = fakeSocket(0);
    peerOn(slow).send(new Uint8Array(1));
    peerOn(fast).send(new Uint8Array(1));
    expect(slow.terminated).toBe(true);
    expect(fast.sent).toBe(1);
  });
});
