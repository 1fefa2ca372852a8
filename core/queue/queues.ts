import { createRequire } from 'node:module';
import BeeQueue from 'bee-queue';
import { JOB_OPTIONS, type JobName, type JobPayloads } from './job-types';
import { STALL_INTERVAL_MS } from './stalled-jobs';

/** bee-queue's Lua script loader (not part of its typed API; see reloadScriptsOnReconnect). */
const beeLua = createRequire(import.meta.url)('bee-queue/lib/lua/index.js') as {
  buildCache(client: unknown): Promise<unknown>;
};

/** Called with every Redis error a queue reports; the queue itself keeps reconnecting. */
export type QueueErrorHandler = (err: Error, queue: string) => void;

export interface QueueConfig {
  redisUrl: string;
  prefix: string;
}

/** bee-queue speaks the old `redis` 3 client, which wants discrete options rather than a URL. */
export function beeRedisOptions(redisUrl: string): {
  host: string;
  port: number;
  db: number;
  retry_strategy: (o: { attempt: number }) => number;
  password?: string;
} {
  const url = new URL(redisUrl);
  const db = Number(url.pathname.replace('/', '') || 0);
  return {
    host: url.hostname || '127.0.0.1',
    port: Number(url.port || 6379),
    db: Number.isFinite(db) ? db : 0,
    // The client's own backoff grows without bound (a minute-long outage means minutes of waiting
    // afterwards); retry every second at most instead, for as long as it takes.
    retry_strategy: ({ attempt }: { attempt: number }) => Math.min(attempt * 100, 1_000),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {})
  };
}

/**
 * A queue that survives Redis restarts: errors go to `onError` (a Queue without an 'error'
 * listener takes the process down), and its Lua scripts are loaded again after every reconnect.
 */
export function createQueue<N extends JobName>(
  name: N,
  config: QueueConfig,
  role: 'producer' | 'worker',
  onError: QueueErrorHandler = () => {}
): BeeQueue<JobPayloads[N]> {
  const queue = new BeeQueue<JobPayloads[N]>(name, {
    prefix: `${config.prefix}:bq`,
    // A producer fails fast while Redis is away (the request answers 503) rather than queueing the
    // command until Redis returns; a worker's blocking wait for the next job should just wait.
    redis: { ...beeRedisOptions(config.redisUrl), enable_offline_queue: role === 'worker' },
    isWorker: role === 'worker',
    getEvents: false,
    sendEvents: role === 'worker',
    activateDelayedJobs: role === 'worker',
    removeOnSuccess: true,
    removeOnFailure: false,
    // A worker that dies mid-job stops renewing its lock; the job runs again elsewhere after this.
    stallInterval: STALL_INTERVAL_MS
  });
  queue.on('error', (err: Error) => onError(err, name));
  reloadScriptsOnReconnect(queue, (err) => onError(err, name));
  return queue;
}

/**
 * bee-queue loads its Lua scripts once, when it connects, and then calls them by hash. A restarted
 * Redis has forgotten them, so every job save, stall check and delayed-job raise would fail with
 * NOSCRIPT from then on; loading them again on each reconnect keeps the queue usable.
 */
function reloadScriptsOnReconnect(queue: { ready(): Promise<unknown> }, onError: (err: Error) => void): void {
  queue.ready().then(
    () => {
      const client = (queue as unknown as { client: NodeJS.EventEmitter }).client;
      client.on('ready', () => void beeLua.buildCache(client).catch(onError));
    },
    // A queue that never connected reports through 'error' already.
    () => {}
  );
}

/** Redis did not take the job in time; the caller may try again once Redis is back. */
export class QueueUnavailableError extends Error {
  override name = 'QueueUnavailableError';
}

const SAVE_TIMEOUT_MS = 5_000;

function withTimeout<T>(promise: Promise<T>, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new QueueUnavailableError(`Redis did not accept the ${name} job in time`)),
        SAVE_TIMEOUT_MS
      );
    })
  ]).finally(() => clearTimeout(timer));
}

export function isNoScriptError(err: unknown): boolean {
  return /NOSCRIPT/.test(String((err as Error | undefined)?.message ?? err));
}

/** Producers: one queue per job name, created lazily, all closed together. */
export class JobQueues {
  private readonly queues = new Map<JobName, BeeQueue<unknown>>();
  private readonly onError: QueueErrorHandler;

  constructor(
    private readonly config: QueueConfig,
    options: { onError?: QueueErrorHandler } = {}
  ) {
    this.onError = options.onError ?? (() => {});
  }

  async enqueue<N extends JobName>(
    name: N,
    payload: JobPayloads[N],
    options: { jobId?: string } = {}
  ): Promise<string> {
    try {
      return await this.save(name, payload, options);
    } catch (err) {
      // Redis restarted and a save raced the script reload: start over on a fresh queue, once.
      if (!isNoScriptError(err)) throw err;
      const stale = this.queues.get(name);
      this.queues.delete(name);
      void stale?.close(1_000).catch(() => {});
      return this.save(name, payload, options);
    }
  }

  private async save<N extends JobName>(
    name: N,
    payload: JobPayloads[N],
    options: { jobId?: string }
  ): Promise<string> {
    let queue = this.queues.get(name) as BeeQueue<JobPayloads[N]> | undefined;
    if (!queue) {
      queue = createQueue(name, this.config, 'producer', this.onError);
      this.queues.set(name, queue as BeeQueue<unknown>);
    }
    const o = JOB_OPTIONS[name];
    const job = queue
      .createJob(payload)
      .retries(o.retries)
      .backoff('exponential', o.backoffMs)
      .timeout(o.timeoutMs);
    if (options.jobId) job.setId(options.jobId);
    // A queue that has not connected yet waits for Redis indefinitely: give up after a while.
    const saved = await withTimeout(job.save(), name);
    return saved.id;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close(5_000)));
    this.queues.clear();
  }
}
