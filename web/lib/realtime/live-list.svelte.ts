import { errorMessage } from '$lib/api/errors';
import { rooms } from '$lib/contracts';
import { notificationTopic } from './notifications';
import { realtime, type EventHandlers, type RealtimeError } from './socket.svelte';

/**
 * The list pages' shared loading state: the list a page's load fetched, kept current by refreshes.
 * A refresh that fails while rows are shown keeps them (a stale list beats an error screen); only an
 * empty page shows the error, with a retry.
 */
export class ListLoader {
  retrying = $state(false);

  constructor(
    private readonly fetchInto: () => Promise<void>,
    private readonly isEmpty: () => boolean,
    private readonly setError: (message: string | null) => void
  ) {}

  async refresh(): Promise<void> {
    try {
      await this.fetchInto();
      this.setError(null);
    } catch (err) {
      if (this.isEmpty()) this.setError(errorMessage(err));
    }
  }

  async retry(): Promise<void> {
    this.retrying = true;
    await this.refresh();
    this.retrying = false;
  }
}

/**
 * Keeps a workspace's list live: `on` gets the room's events, a notification about the list's topic
 * (a teammate created or deleted one) refreshes it, and so does every re-join after a reconnect, or
 * the first join when the page's data is over 2 s old (events sent meanwhile are lost). Call from an
 * `$effect` and return the result as its cleanup.
 */
export function watchWorkspaceList(options: {
  workspaceId: string;
  topic: ReturnType<typeof notificationTopic>;
  loadedAt: number;
  refresh: () => Promise<void>;
  on?: EventHandlers;
  onJoined?: () => void;
  onRefused?: (error: RealtimeError) => void;
}): () => void {
  const { refresh } = options;
  return realtime.subscribe(
    rooms.workspace(options.workspaceId),
    {
      ...options.on,
      notification: (n) => {
        if (notificationTopic(n) === options.topic) void refresh();
      }
    },
    {
      onJoined: ({ rejoin }) => {
        options.onJoined?.();
        if (rejoin || Date.now() - options.loadedAt > 2_000) void refresh();
      },
      onRefused: options.onRefused
    }
  );
}
