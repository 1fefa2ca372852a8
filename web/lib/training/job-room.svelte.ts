import { errorMessage } from '$lib/api/errors';
import { rooms } from '$lib/contracts';
import { realtime, type EventHandlers } from '$lib/realtime/socket.svelte';
import { trainingApi, type TrainingApi } from './api';
import { applyEvent, initialRoom, mergeRoom, type RoomEvent, type RoomState } from './room';

const FLUSH_MS = 150;

/**
 * One open training room: the job, its runs, curves and comments, loaded over REST and kept live
 * by the `job:<id>` room's events. Every (re)join reads everything again, since events sent while
 * the tab was away are lost; the read is merged, so nothing that arrived meanwhile goes back.
 */
export class JobRoom {
  state = $state.raw<RoomState | null>(null);
  loadError = $state<string | null>(null);
  notFound = $state(false);

  readonly jobId: string;
  readonly #api: TrainingApi;

  constructor(jobId: string, api: TrainingApi = trainingApi) {
    this.jobId = jobId;
    this.#api = api;
  }

  async load(): Promise<void> {
    try {
      const [job, runs, comments] = await Promise.all([
        this.#api.job(this.jobId),
        this.#api.runs(this.jobId),
        this.#api.comments(this.jobId).catch(() => [])
      ]);
      const fresh = initialRoom(job, runs, comments);
      this.state = this.state ? mergeRoom(this.state, fresh) : fresh;
      if (this.#queue.length > 0) this.#flush();
      this.loadError = null;
    } catch (err) {
      const status = (err as { status?: number }).status;
      if (status === 404) this.notFound = true;
      else if (!this.state) this.loadError = errorMessage(err);
    }
  }

  #queue: RoomEvent[] = [];
  #flushTimer: ReturnType<typeof setTimeout> | null = null;

  /**
   * A run's whole history can arrive as hundreds of events in a burst: they are folded in together,
   * at most every FLUSH_MS, so the charts redraw once per batch rather than once per point.
   */
  #apply(event: RoomEvent): void {
    this.#queue.push(event);
    this.#flushTimer ??= setTimeout(() => this.#flush(), FLUSH_MS);
  }

  #flush(): void {
    this.#flushTimer = null;
    if (!this.state) return; // kept until the first read lands (load flushes)
    const events = this.#queue.splice(0);
    let state = this.state;
    for (const event of events) state = applyEvent(state, event);
    this.state = state;
  }

  /** Joins the job's room; returns the leave function (call from an `$effect`). */
  connect(): () => void {
    const on: EventHandlers = {
      'job:status': (payload) => this.#apply({ type: 'job:status', payload }),
      'job:progress': (payload) => this.#apply({ type: 'job:progress', payload }),
      'job:metric': (payload) => this.#apply({ type: 'job:metric', payload }),
      'job:run': (payload) => this.#apply({ type: 'job:run', payload }),
      'job:comment': (payload) => this.#apply({ type: 'job:comment', payload })
    };
    const leave = realtime.subscribe(rooms.job(this.jobId), on, { onJoined: () => void this.load() });
    return () => {
      leave();
      if (this.#flushTimer) clearTimeout(this.#flushTimer);
      this.#flushTimer = null;
    };
  }
}
