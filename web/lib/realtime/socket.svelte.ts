import { io, type Socket } from 'socket.io-client';
import { untrack } from 'svelte';
import { SvelteMap } from 'svelte/reactivity';
import { ApiError, auth } from '$lib/api/client';
import type { ClientToServerEvents, RoomName, ServerToClientEvents } from '$lib/contracts';
import { session } from '$lib/session.svelte';

type TypedSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** `idle` until a page first subscribes (the socket connects lazily), then one of the others. */
export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'offline';
/** Per room: waiting for the server's ack, in it, or refused (no access, unknown room …). */
export type RoomState = 'pending' | 'joined' | 'refused';

export type ServerEvent = keyof ServerToClientEvents;
export type EventPayload<E extends ServerEvent> = Parameters<ServerToClientEvents[E]>[0];
/**
 * Handlers by event name. Events carry no room, so a handler receives every event of its name that
 * reaches this tab (from any room it is in): filter on the payload (`datasetId`, `dataset.workspaceId`).
 * The same event may also arrive twice when the tab is in two rooms it was sent to; keep handlers idempotent.
 */
export type EventHandlers = { [E in ServerEvent]?: (payload: EventPayload<E>) => void };

export interface RealtimeError {
  code: string;
  message: string;
}

export interface SubscribeOptions {
  /**
   * The room was joined: after subscribing and again after every reconnect (`rejoin: true`). Events
   * sent while the tab was away are lost, so refetch here to catch up.
   */
  onJoined?: (info: { rejoin: boolean }) => void;
  /** The server refused the room, e.g. because access was revoked while the tab was away. */
  onRefused?: (error: RealtimeError) => void;
}

interface Listener {
  on: EventHandlers;
  opts: SubscribeOptions;
}

interface Room {
  listeners: Set<Listener>;
  joinedOnce: boolean;
  error: RealtimeError | null;
  /** Bumped on every join attempt so a late ack of an earlier attempt is ignored. */
  attempt: number;
  leaveTimer: ReturnType<typeof setTimeout> | null;
  retryTimer: ReturnType<typeof setTimeout> | null;
}

const ACK_TIMEOUT_MS = 10_000;
const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 30_000;

/**
 * The tab's one Socket.IO connection (docs/API.md › Realtime). Pages call `subscribe(room, handlers)`
 * from an `$effect` and return its result as the cleanup; rooms are reference-counted, joined once,
 * re-joined after every reconnect, and left shortly after their last subscriber goes (a re-run effect
 * that subscribes to the same room again costs no round trip).
 */
class RealtimeClient {
  /** Connection state for the indicator. */
  state = $state<ConnectionState>('idle');
  /** True once the server refused the connection and a check found the session gone. */
  signedOut = $state(false);
  /** Reactive state of every active room. */
  readonly rooms = new SvelteMap<string, RoomState>();

  #socket: TypedSocket | null = null;
  #rooms = new Map<string, Room>();
  #bound = new Set<ServerEvent>();
  #everConnected = false;
  #retryDelay = RETRY_MIN_MS;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;

  /**
   * Joins `room` (e.g. `workspace:<id>`, `dataset:<id>`) and routes events to `on` until the returned
   * function is called. Safe to call inside `$effect`: nothing here is tracked.
   */
  subscribe(room: RoomName, on: EventHandlers, opts: SubscribeOptions = {}): () => void {
    return untrack(() => {
      const socket = this.#ensureSocket();
      for (const event of Object.keys(on) as ServerEvent[]) this.#bind(event);

      const listener: Listener = { on, opts };
      let entry = this.#rooms.get(room);
      if (entry) {
        if (entry.leaveTimer) clearTimeout(entry.leaveTimer);
        entry.leaveTimer = null;
        entry.listeners.add(listener);
        // A late subscriber learns the room's state like the first one did.
        const state = this.rooms.get(room);
        const error = entry.error;
        if (state === 'joined') queueMicrotask(() => opts.onJoined?.({ rejoin: false }));
        else if (state === 'refused' && error) queueMicrotask(() => opts.onRefused?.(error));
      } else {
        entry = {
          listeners: new Set([listener]),
          joinedOnce: false,
          error: null,
          attempt: 0,
          leaveTimer: null,
          retryTimer: null
        };
        this.#rooms.set(room, entry);
        this.rooms.set(room, 'pending');
        if (socket.connected) this.#join(room, entry);
      }

      let active = true;
      return () => {
        if (!active) return;
        active = false;
        untrack(() => this.#release(room, listener));
      };
    });
  }

  /** State of one room, reactive (undefined when nobody is subscribed to it). */
  roomState(room: string): RoomState | undefined {
    return this.rooms.get(room);
  }

  /** Tries to connect now (the indicator's "Retry"). */
  reconnect(): void {
    const socket = this.#socket;
    if (!socket || socket.connected) return;
    this.#clearRetry();
    this.#retryDelay = RETRY_MIN_MS;
    this.state = 'reconnecting';
    socket.connect();
  }

  /** Drops the connection and every room, e.g. on sign-out; the next subscribe starts afresh. */
  close(): void {
    this.#clearRetry();
    for (const entry of this.#rooms.values()) {
      if (entry.leaveTimer) clearTimeout(entry.leaveTimer);
      if (entry.retryTimer) clearTimeout(entry.retryTimer);
    }
    this.#rooms.clear();
    this.rooms.clear();
    this.#bound.clear();
    this.#socket?.removeAllListeners();
    this.#socket?.io.removeAllListeners();
    this.#socket?.disconnect();
    this.#socket = null;
    this.#everConnected = false;
    this.signedOut = false;
    this.state = 'idle';
  }

  #ensureSocket(): TypedSocket {
    if (this.#socket) return this.#socket;
    // Same origin; the session cookie authenticates the handshake.
    const socket: TypedSocket = io({
      path: '/socket.io',
      withCredentials: true,
      reconnectionDelay: RETRY_MIN_MS,
      reconnectionDelayMax: 10_000
    });
    this.#socket = socket;
    this.state = 'connecting';

    socket.on('connect', () => {
      this.#everConnected = true;
      this.#retryDelay = RETRY_MIN_MS;
      this.#clearRetry();
      this.signedOut = false;
      this.state = 'connected';
      for (const [room, entry] of this.#rooms) {
        this.rooms.set(room, 'pending');
        this.#join(room, entry);
      }
    });

    socket.on('disconnect', (reason) => {
      for (const [room, entry] of this.#rooms) {
        entry.attempt++;
        if (entry.retryTimer) clearTimeout(entry.retryTimer);
        entry.retryTimer = null;
        if (this.rooms.get(room) === 'joined') this.rooms.set(room, 'pending');
      }
      if (reason === 'io client disconnect') {
        this.state = 'idle';
        return;
      }
      this.state = 'reconnecting';
      // The server dropped us on purpose (e.g. after access:revoked); Socket.IO leaves that to us.
      if (reason === 'io server disconnect') this.#scheduleRetry();
    });

    socket.on('connect_error', () => {
      if (socket.active) {
        // A transport problem: the manager keeps retrying with its own backoff.
        this.state = this.#everConnected ? 'reconnecting' : 'connecting';
        return;
      }
      // The server refused the handshake (no valid session?): retry slowly, and find out why.
      this.state = 'offline';
      void this.#checkSignedIn();
      this.#scheduleRetry();
    });

    socket.io.on('reconnect_attempt', () => {
      if (this.state !== 'offline') this.state = 'reconnecting';
    });

    socket.on('access:revoked', (payload) => {
      void this.#onAccessRevoked(payload);
    });
    this.#bound.add('access:revoked');
    // Someone added us to a workspace: the switcher lists it without a reload.
    socket.on('workspace:joined', () => {
      session.refreshWorkspaces().catch(() => {
        // Offline or signed out: the next load or reconnect finds out.
      });
    });
    this.#bound.add('workspace:joined');

    if (typeof window !== 'undefined') {
      window.addEventListener('online', () => {
        if (this.#socket === socket && !socket.connected) this.reconnect();
      });
    }
    return socket;
  }

  /** Listens for `event` on the socket once, whoever asks first; dispatch fans it out. */
  #bind<E extends ServerEvent>(event: E): void {
    if (this.#bound.has(event) || !this.#socket) return;
    this.#bound.add(event);
    const listener = (payload: EventPayload<E>) => this.#dispatch(event, payload);
    // Socket.IO's typed `on` cannot follow a generic event name; the handler type is exact per event.
    (this.#socket.on as (e: E, l: typeof listener) => void)(event, listener);
  }

  #dispatch<E extends ServerEvent>(event: E, payload: EventPayload<E>): void {
    for (const entry of this.#rooms.values()) {
      for (const { on } of entry.listeners) {
        const handler = on[event] as ((p: EventPayload<E>) => void) | undefined;
        if (!handler) continue;
        try {
          handler(payload);
        } catch (err) {
          // One broken page handler must not starve the others.
          console.error(`realtime: handler for ${event} failed`, err);
        }
      }
    }
  }

  #join(room: string, entry: Room): void {
    const socket = this.#socket;
    if (!socket) return;
    const attempt = ++entry.attempt;
    if (entry.retryTimer) clearTimeout(entry.retryTimer);
    entry.retryTimer = null;
    // Our own timer rather than socket.timeout(): the contract's ack is optional, which that typing cannot follow.
    entry.retryTimer = setTimeout(() => {
      if (this.#rooms.get(room) !== entry || entry.attempt !== attempt) return;
      // No ack in time: ask again while still connected (a reconnect re-joins anyway).
      if (socket.connected) this.#join(room, entry);
    }, ACK_TIMEOUT_MS);
    socket.emit('subscribe', { room }, (reply) => {
      if (this.#rooms.get(room) !== entry || entry.attempt !== attempt) return;
      if (entry.retryTimer) clearTimeout(entry.retryTimer);
      entry.retryTimer = null;
      if (reply.ok) {
        const rejoin = entry.joinedOnce;
        entry.joinedOnce = true;
        entry.error = null;
        this.rooms.set(room, 'joined');
        for (const { opts } of [...entry.listeners]) opts.onJoined?.({ rejoin });
      } else {
        const error = reply.error;
        entry.error = error;
        this.rooms.set(room, 'refused');
        for (const { opts } of [...entry.listeners]) opts.onRefused?.(error);
      }
    });
  }

  #release(room: string, listener: Listener): void {
    const entry = this.#rooms.get(room);
    if (!entry || !entry.listeners.delete(listener) || entry.listeners.size > 0) return;
    // Leave a moment later: an effect that re-runs subscribes to the same room again straight away.
    entry.leaveTimer = setTimeout(() => {
      if (this.#rooms.get(room) !== entry || entry.listeners.size > 0) return;
      if (entry.retryTimer) clearTimeout(entry.retryTimer);
      this.#rooms.delete(room);
      this.rooms.delete(room);
      // A refused room was never joined, so there is nothing to leave.
      if (this.#socket?.connected && entry.error === null) this.#socket.emit('unsubscribe', { room });
    }, 250);
  }

  #scheduleRetry(): void {
    if (this.#retryTimer || !this.#socket) return;
    const socket = this.#socket;
    const delay = this.#retryDelay * (0.75 + Math.random() * 0.5);
    this.#retryDelay = Math.min(this.#retryDelay * 2, RETRY_MAX_MS);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      if (this.#socket === socket && !socket.connected) socket.connect();
    }, delay);
  }

  #clearRetry(): void {
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
  }

  async #checkSignedIn(): Promise<void> {
    try {
      await auth.me();
      this.signedOut = false;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) this.signedOut = true;
    }
  }

  /**
   * Our access to a workspace changed (removed, or role changed). The server drops the connection
   * right after this; re-reading the workspace list lets the shell show "not found" or the new role,
   * and rooms that are now refused report it through `onRefused` when re-joined.
   */
  async #onAccessRevoked(payload: EventPayload<'access:revoked'>): Promise<void> {
    this.#dispatch('access:revoked', payload);
    try {
      await session.refreshWorkspaces();
    } catch {
      // Offline or signed out: the next load or reconnect finds out.
    }
  }
}

/** The tab's shared realtime connection. */
export const realtime = new RealtimeClient();
