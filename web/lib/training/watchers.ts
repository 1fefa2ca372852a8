import { parsePresence, type PresenceUser } from '../studio/presence';

/** The signed-in user first, then everyone else watching this job, once each, by name. */
export function watchersOf(
  states: Map<number, unknown>,
  ownClientId: number,
  self: PresenceUser,
  jobId: string
): PresenceUser[] {
  const others = new Map<string, PresenceUser>();
  for (const [clientId, raw] of states) {
    if (clientId === ownClientId) continue;
    const watching = (raw as { watching?: { jobId?: unknown } } | null)?.watching;
    if (watching?.jobId !== jobId) continue;
    const state = parsePresence(raw);
    if (state && state.user.id !== self.id) others.set(state.user.id, state.user);
  }
  return [self, ...[...others.values()].sort((a, b) => a.name.localeCompare(b.name))];
}
