import * as Y from 'yjs';

/** True when `doc` holds every struct in [clock, clock + len) of `client`, all deleted. */
function alreadyDeleted(doc: Y.Doc, client: number, clock: number, len: number): boolean {
  const structs = doc.store.clients.get(client);
  // A client's structs are contiguous from clock 0, so below its state every clock has one.
  if (!structs || clock + len > Y.getState(doc.store, client)) return false;
  for (let i = Y.findIndexSS(structs, clock), pos = clock; pos < clock + len; i++) {
    const struct = structs[i]!;
    if (!struct.deleted) return false;
    pos = struct.id.clock + struct.length;
  }
  return true;
}

/**
 * The part of `update` that `doc` does not hold yet, or null when it adds nothing. Clients send
 * their whole delete set on every sync, so without this each reconnect would store a redundant row.
 * Decoding also rejects malformed updates before they reach storage, where they would break every
 * later load. Throws on a malformed update.
 */
export function novelPart(update: Uint8Array, doc: Y.Doc): Uint8Array | null {
  const fresh = Y.diffUpdate(update, Y.encodeStateVector(doc));
  const { structs, ds } = Y.decodeUpdate(fresh);
  if (structs.length > 0) return fresh;
  for (const [client, items] of ds.clients)
    for (const { clock, len } of items) if (!alreadyDeleted(doc, client, clock, len)) return fresh;
  return null;
}
