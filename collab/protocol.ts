import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as authProtocol from 'y-protocols/auth';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

/**
 * The y-websocket wire format, the single home of what travels between a browser and a room.
 * Every frame is `varUint messageType` then a body; sync frames add `varUint syncType`.
 */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

/** What a client may send, decoded. */
export type ClientMessage =
  | { kind: 'sync-step-1'; stateVector: Uint8Array }
  | { kind: 'sync-step-2'; update: Uint8Array }
  | { kind: 'update'; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array }
  | { kind: 'query-awareness' };

/** Close codes: 44xx tell the stock provider that reconnecting cannot help; others retry. */
export const CLOSE = {
  goingAway: 1001,
  internalError: 1011,
  /** Over a rate or queue limit: the client reconnects after its backoff and resends. */
  tryAgainLater: 1013,
  badMessage: 4400,
  signedOut: 4401,
  accessRevoked: 4403,
  /** A change broke the pipeline rules; the client's document holds it, so retrying cannot help. */
  changeRefused: 4422,
  notFound: 4404
} as const;

/** Sent (as the auth message) to viewers: stock clients log it, the studio shows read-only. */
export const READ_ONLY_REASON = 'This pipeline is read-only for you: viewers cannot edit it.';

export class ProtocolError extends Error {}

/** Decodes one client frame; throws ProtocolError on anything the protocol does not define. */
export function decodeClientMessage(frame: Uint8Array): ClientMessage {
  try {
    const decoder = decoding.createDecoder(frame);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MESSAGE_SYNC: {
        const syncType = decoding.readVarUint(decoder);
        const body = decoding.readVarUint8Array(decoder);
        if (syncType === syncProtocol.messageYjsSyncStep1) return { kind: 'sync-step-1', stateVector: body };
        if (syncType === syncProtocol.messageYjsSyncStep2) return { kind: 'sync-step-2', update: body };
        if (syncType === syncProtocol.messageYjsUpdate) return { kind: 'update', update: body };
        break;
      }
      case MESSAGE_AWARENESS:
        return { kind: 'awareness', update: decoding.readVarUint8Array(decoder) };
      case MESSAGE_QUERY_AWARENESS:
        return { kind: 'query-awareness' };
    }
  } catch {
    throw new ProtocolError('Malformed message.');
  }
  throw new ProtocolError('Unknown message type.');
}

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

export const syncStep1Message = (doc: Y.Doc): Uint8Array =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(e, doc);
  });

export const syncStep2Message = (doc: Y.Doc, stateVector: Uint8Array): Uint8Array =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    syncProtocol.writeSyncStep2(e, doc, stateVector);
  });

export const updateMessage = (update: Uint8Array): Uint8Array =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    syncProtocol.writeUpdate(e, update);
  });

export const awarenessMessage = (update: Uint8Array): Uint8Array =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(e, update);
  });

export const permissionDeniedMessage = (reason: string): Uint8Array =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE_AUTH);
    authProtocol.writePermissionDenied(e, reason);
  });

/** The awareness states of `clients` as one awareness frame, or null when there are none. */
export function awarenessStatesMessage(
  awareness: awarenessProtocol.Awareness,
  clients: number[]
): Uint8Array | null {
  if (clients.length === 0) return null;
  return awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
}
