/**
 * Who else is in the pipeline and what they point at, from the awareness states of the
 * collaborative document (docs/API.md › Collaborative documents: `{user:{id, name, color}, cursor?:{x, y}, selection?:[nodeId]}`,
 * cursor in flow coordinates so it lands on the same spot whatever each viewer's pan and zoom).
 */
import { colorFor } from '../../../contracts/presence';

export { colorFor };

export interface PresenceUser {
  id: string;
  name: string;
  color: string;
}

export interface PresenceState {
  user: PresenceUser;
  cursor?: { x: number; y: number };
  selection?: string[];
}

/** One remote tab; the same person in two tabs is two peers with the same user. */
export interface Peer extends PresenceState {
  clientId: number;
  selection: string[];
}

const finite = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);

/** A remote state, or null when it is not one the studio can draw (another client, a bad value). */
export function parsePresence(value: unknown): PresenceState | null {
  const v = value as Partial<PresenceState> | null;
  const user = v?.user;
  if (!user || typeof user.id !== 'string' || typeof user.name !== 'string') return null;
  const state: PresenceState = {
    user: {
      id: user.id,
      name: user.name,
      color: typeof user.color === 'string' ? user.color : colorFor(user.id)
    }
  };
  if (finite(v.cursor?.x) && finite(v.cursor?.y)) state.cursor = { x: v.cursor.x, y: v.cursor.y };
  if (Array.isArray(v.selection)) state.selection = v.selection.filter((s) => typeof s === 'string');
  return state;
}

/** Everyone but this tab, in a stable order. */
export function peersOf(states: Map<number, unknown>, ownClientId: number): Peer[] {
  const peers: Peer[] = [];
  for (const [clientId, raw] of states) {
    if (clientId === ownClientId) continue;
    // A training room of one of this pipeline's jobs announces its watchers here too; they are not in the studio.
    if ((raw as { watching?: unknown } | null)?.watching) continue;
    const state = parsePresence(raw);
    if (state) peers.push({ ...state, clientId, selection: state.selection ?? [] });
  }
  return peers.sort((a, b) => a.user.name.localeCompare(b.user.name) || a.clientId - b.clientId);
}

/** One entry per person for the avatar row: the signed-in user first, then everyone else by name. */
export function peopleInRoom(self: PresenceUser, peers: Peer[]): PresenceUser[] {
  const seen = new Set([self.id]);
  const people = [self];
  for (const p of peers) {
    if (seen.has(p.user.id)) continue;
    seen.add(p.user.id);
    people.push(p.user);
  }
  return people;
}

/** Node id → the people who have it selected, for the coloured outlines. */
export function selectionsByNode(peers: Peer[]): Map<string, PresenceUser[]> {
  const out = new Map<string, PresenceUser[]>();
  for (const peer of peers) {
    for (const id of peer.selection) {
      const list = out.get(id) ?? [];
      if (!list.some((u) => u.id === peer.user.id)) list.push(peer.user);
      out.set(id, list);
    }
  }
  return out;
}

/** Shared with the workers' progress reports (contracts/throttle.ts). */
export { throttle } from '../../../contracts/throttle';
