/**
 * What one collaboration peer may cost the server. Each bound keeps one client (a viewer
 * included) from slowing or disconnecting the others; docs/API.md "Limits" lists them.
 */
export interface CollabLimits {
  /** Largest WebSocket frame accepted; bigger ones close the socket (1009). */
  maxFrameBytes: number;
  /** Largest awareness state (its JSON); bigger states are dropped, not relayed. */
  maxAwarenessStateBytes: number;
  /** Awareness client ids one peer may hold (a tab uses one). */
  maxClientIdsPerPeer: number;
  /** Token bucket per peer: sustained messages per second, and the burst it allows. */
  messagesPerSecond: number;
  messageBurst: number;
  /** A peer's presence is relayed at most this often; changes in between are coalesced. */
  awarenessIntervalMs: number;
  /** Frames a peer may send before its document has loaded. */
  maxEarlyFrames: number;
  maxEarlyBytes: number;
  /** Bytes of a peer's changes waiting for storage, and of all peers' in one room. */
  maxPendingWriteBytesPerPeer: number;
  maxPendingWriteBytesPerRoom: number;
  /** Unsent output above which presence to a peer is skipped (it is resent later anyway). */
  presenceSkipBufferedBytes: number;
  /** Unsent output above which a peer is too slow to keep up: it alone is dropped. */
  maxBufferedBytes: number;
}

export const DEFAULT_LIMITS: CollabLimits = {
  maxFrameBytes: 1024 * 1024,
  maxAwarenessStateBytes: 16 * 1024,
  maxClientIdsPerPeer: 4,
  messagesPerSecond: 200,
  messageBurst: 400,
  awarenessIntervalMs: 50,
  maxEarlyFrames: 64,
  maxEarlyBytes: 4 * 1024 * 1024,
  maxPendingWriteBytesPerPeer: 4 * 1024 * 1024,
  maxPendingWriteBytesPerRoom: 16 * 1024 * 1024,
  presenceSkipBufferedBytes: 1024 * 1024,
  maxBufferedBytes: 16 * 1024 * 1024
};
