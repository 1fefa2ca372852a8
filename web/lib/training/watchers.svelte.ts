import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { colorFor, type PresenceUser } from '$lib/studio/presence';
import { watchersOf } from './watchers';

/**
 * Who has a job's training room open. The job's pipeline already has a presence channel (the
 * awareness of its collaborative document, which the collab server stamps with each sender's own
 * account), so a room announces itself there as `{user, watching: {jobId}}`; the studio leaves
 * such states out of its own avatars and cursors. The document itself is only synced, never edited.
 */
export class JobWatchers {
  people = $state.raw<PresenceUser[]>([]);

  readonly #doc = new Y.Doc();
  readonly #provider: WebsocketProvider;
  readonly #self: PresenceUser;
  readonly #jobId: string;

  constructor(pipelineId: string, jobId: string, user: { id: string; fullName: string }) {
    this.#self = { id: user.id, name: user.fullName, color: colorFor(user.id) };
    this.#jobId = jobId;
    const url = location.origin.replace(/^http/, 'ws') + '/collab';
    this.#provider = new WebsocketProvider(url, pipelineId, this.#doc, { disableBc: true });
    const awareness = this.#provider.awareness;
    awareness.setLocalState({ user: this.#self, watching: { jobId } });
    awareness.on('change', this.#refresh);
    this.#provider.on('status', this.#onStatus);
    this.#refresh();
  }

  #onStatus = ({ status }: { status: string }) => {
    // Re-announce on every reconnect (see refreshPresence in the studio's collab session).
    if (status !== 'connected') return;
    const awareness = this.#provider.awareness;
    for (const id of [...awareness.meta.keys()]) {
      if (id !== this.#doc.clientID && !awareness.states.has(id)) awareness.meta.delete(id);
    }
    const state = awareness.getLocalState();
    if (state) awareness.setLocalState(state);
  };

  #refresh = () => {
    const states = this.#provider.awareness.getStates() as Map<number, unknown>;
    this.people = watchersOf(states, this.#doc.clientID, this.#self, this.#jobId);
  };

  destroy(): void {
    this.#provider.awareness.off('change', this.#refresh);
    this.#provider.off('status', this.#onStatus);
    this.#provider.awareness.setLocalState(null);
    this.#provider.destroy();
    this.#doc.destroy();
  }
}
