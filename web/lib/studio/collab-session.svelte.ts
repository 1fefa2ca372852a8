import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
  commentsOf,
  edgesOf,
  metaOf,
  nodesOf,
  readComments,
  readConfig,
  readMeta
} from '../../../contracts/doc-layout';
import type { CommentThread, PipelineConfig } from '../../../contracts/pipeline';
import { peersOf, throttle, type Peer, type PresenceUser } from './presence';

/**
 * `connecting` before the first sync; `live` while synced with the server; `offline` after the
 * link dropped (edits keep going into the local document and merge on reconnect); `closed` when
 * the server ended the session for good (e.g. access was removed).
 */
export type LinkState = 'connecting' | 'live' | 'offline' | 'closed';

const CURSOR_INTERVAL_MS = 50;

/**
 * One open pipeline: the local Y.Doc, its WebSocket link, the user's presence and undo history.
 * Components read the reactive fields and edit through the doc-binding actions with `origin`.
 */
export class CollabSession {
  readonly doc = new Y.Doc();
  /** The transaction origin of this tab's edits: the only one its undo manager tracks. */
  readonly origin = { source: 'studio' };
  readonly undo: Y.UndoManager;
  readonly self: PresenceUser;

  config = $state.raw<PipelineConfig>({ nodes: [], edges: [] });
  meta = $state.raw<{ name?: string; description?: string }>({});
  comments = $state.raw<CommentThread[]>([]);
  peers = $state.raw<Peer[]>([]);
  link = $state<LinkState>('connecting');
  /** The server's state has arrived at least once (before that an empty canvas means nothing). */
  loaded = $state(false);
  canUndo = $state(false);
  canRedo = $state(false);

  #provider: WebsocketProvider;
  #cleanup: Array<() => void> = [];
  #cursor = throttle((cursor: { x: number; y: number } | null) => {
    this.#provider.awareness.setLocalStateField('cursor', cursor ?? undefined);
  }, CURSOR_INTERVAL_MS);
  #dragTimeout: number | null = null;

  constructor(pipelineId: string, self: PresenceUser, serverUrl = defaultServerUrl()) {
    this.self = self;
    this.undo = new Y.UndoManager([nodesOf(this.doc), edgesOf(this.doc)], {
      // Read by Yjs only and never changed, so it needs no reactivity.
      // eslint-disable-next-line svelte/prefer-svelte-reactivity
      trackedOrigins: new Set([this.origin])
    });
    // Only the server relays: a second tab must not bypass its checks through BroadcastChannel.
    this.#provider = new WebsocketProvider(serverUrl, pipelineId, this.doc, { disableBc: true });
    this.#provider.awareness.setLocalState({ user: self });
    this.#observe();
    this.#read();
  }

  #observe(): void {
    const doc = this.doc;
    const watched = {
      graph: [nodesOf(doc), edgesOf(doc)] as object[],
      meta: metaOf(doc) as object,
      comments: commentsOf(doc) as object
    };
    const afterTransaction = (tr: Y.Transaction) => {
      // Keyed by the types themselves; a nested change lists every ancestor in changedParentTypes.
      const changed = (type: object) =>
        (tr.changedParentTypes as Map<object, unknown>).has(type) ||
        (tr.changed as Map<object, unknown>).has(type);
      if (watched.graph.some(changed)) this.config = readConfig(doc);
      if (changed(watched.meta)) this.meta = readMeta(doc);
      if (changed(watched.comments)) this.comments = readComments(doc);
    };
    doc.on('afterTransaction', afterTransaction);
    this.#cleanup.push(() => doc.off('afterTransaction', afterTransaction));

    const stack = () => {
      this.canUndo = this.undo.canUndo();
      this.canRedo = this.undo.canRedo();
    };
    for (const event of ['stack-item-added', 'stack-item-popped', 'stack-cleared'] as const) {
      this.undo.on(event, stack);
      this.#cleanup.push(() => this.undo.off(event, stack));
    }

    const provider = this.#provider;
    let everSynced = false;
    const onStatus = ({ status }: { status: 'connected' | 'disconnected' | 'connecting' }) => {
      if (status === 'connected') refreshPresence(provider.awareness, doc.clientID);
      if (this.link === 'closed') return;
      if (status === 'disconnected' || (status === 'connecting' && everSynced)) this.link = 'offline';
    };
    const onSync = (synced: boolean) => {
      if (!synced) return;
      everSynced = true;
      this.loaded = true;
      this.link = 'live';
    };
    const onClosed = () => {
      this.link = 'closed';
    };
    provider.on('status', onStatus);
    provider.on('sync', onSync);
    provider.on('closed', onClosed);
    this.#cleanup.push(() => {
      provider.off('status', onStatus);
      provider.off('sync', onSync);
      provider.off('closed', onClosed);
    });

    const awareness = provider.awareness;
    const onAwareness = () => {
      this.peers = peersOf(awareness.getStates() as Map<number, unknown>, doc.clientID);
    };
    awareness.on('change', onAwareness);
    this.#cleanup.push(() => awareness.off('change', onAwareness));

    if (typeof window !== 'undefined') {
      // The socket can take half a minute to notice a dead network; the browser knows at once.
      const offline = () => {
        if (this.link !== 'closed') provider.disconnect();
        this.link = this.link === 'closed' ? 'closed' : 'offline';
      };
      const online = () => {
        if (this.link !== 'closed') provider.connect();
      };
      window.addEventListener('offline', offline);
      window.addEventListener('online', online);
      this.#cleanup.push(() => {
        window.removeEventListener('offline', offline);
        window.removeEventListener('online', online);
      });
    }
  }

  #read(): void {
    this.config = readConfig(this.doc);
    this.meta = readMeta(this.doc);
    this.comments = readComments(this.doc);
  }

  /** Where this user's pointer is on the canvas (flow coordinates), or null when it left. */
  setCursor(cursor: { x: number; y: number } | null): void {
    if (cursor) this.#cursor.call({ x: Math.round(cursor.x), y: Math.round(cursor.y) });
    else {
      this.#cursor.cancel();
      this.#provider.awareness.setLocalStateField('cursor', undefined);
    }
  }

  setSelection(nodeIds: string[]): void {
    const current = (this.#provider.awareness.getLocalState()?.selection as string[] | undefined) ?? [];
    if (current.length === nodeIds.length && current.every((id, i) => id === nodeIds[i])) return;
    this.#provider.awareness.setLocalStateField('selection', nodeIds);
  }

  /**
   * A drag writes many small position updates; holding them in one undo step means Undo puts the
   * node back where the drag started rather than a few pixels back.
   */
  beginDrag(): void {
    this.undo.stopCapturing();
    this.#dragTimeout ??= this.undo.captureTimeout;
    this.undo.captureTimeout = Number.MAX_SAFE_INTEGER;
  }

  endDrag(): void {
    if (this.#dragTimeout !== null) this.undo.captureTimeout = this.#dragTimeout;
    this.#dragTimeout = null;
    this.undo.stopCapturing();
  }

  /** Starts a new undo step, so separate actions are undone one by one. */
  step(): void {
    this.undo.stopCapturing();
  }

  reconnect(): void {
    this.#provider.connect();
  }

  destroy(): void {
    this.#cursor.cancel();
    for (const fn of this.#cleanup.splice(0)) fn();
    this.undo.destroy();
    this.#provider.awareness.setLocalState(null);
    this.#provider.destroy();
    this.doc.destroy();
  }
}

/**
 * Awareness ignores a state whose clock it has seen before, and a reconnect replays the same
 * clocks (yjs/y-websocket#122): without this, people who were already in the room stay invisible
 * to a reconnected tab, and it to them, until somebody moves. Runs before the provider sends
 * anything on the new connection.
 */
function refreshPresence(awareness: WebsocketProvider['awareness'], ownId: number): void {
  for (const id of [...awareness.meta.keys()]) {
    if (id !== ownId && !awareness.states.has(id)) awareness.meta.delete(id);
  }
  const state = awareness.getLocalState();
  if (state) awareness.setLocalState(state);
}

function defaultServerUrl(): string {
  return location.origin.replace(/^http/, 'ws') + '/collab';
}
