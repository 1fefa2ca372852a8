import BeeQueue from 'bee-queue';
import { JOB_OPTIONS, type JobName, type JobPayloads } from './job-types';
import { STALL_INTERVAL_MS } from './stalled-jobs';

export interface QueueConfig {
  redisUrl: string;
  prefix: string;
}

/** bee-queue speaks the old `redis` 3 client, which wants discrete options rather than a URL. */
export function beeRedisOptions(redisUrl: string): {
  host: string;
  port: number;
  db: number;
  password?: string;
} {
  const url = new URL(redisUrl);
  const db = Number(url.pathname.replace('/', '') || 0);
  return {
    host: url.hostname || '127.0.0.1',
    port: Number(url.port || 6379),
    db: Number.isFinite(db) ? db : 0,
    ...(url.password ? { password: decodeURIComponent(url.password) } : {})
  };
}

export function createQueue<N extends JobName>(
  name: N,
  config: QueueConfig,
  role: 'producer' | 'worker'
): BeeQueue<JobPayloads[N]> {
  return new BeeQueue<JobPayloads[N]>(name, {
    prefix: `${config.prefix}:bq`,
    redis: beeRedisOptions(config.redisUrl),
    isWorker: role === 'worker',
    getEvents: false,
    sendEvents: role === 'worker',
    activateDelayedJobs: role === 'worker',
    removeOnSuccess: true,
    removeOnFailure: false,
    // A worker that dies mid-job stops renewing its lock; the job runs again elsewhere after this.
    stallInterval: STALL_INTERVAL_MS
  });
}

/** Producers: one queue per job name, created lazily, all closed together. */
export class JobQueues {
  private readonly queues = new Map<JobName, BeeQueue<unknown>>();

  constructor(private readonly config: QueueConfig) {}

  async enqueue<N extends JobName>(
    name: N,
    payload: JobPayloads[N],
    options: { jobId?: string } = {}
  ): Promise<string> {
    let queue = this.queues.get(name) as BeeQueue<JobPayloads[N]> | undefined;
    if (!queue) {
      queue = createQueue(name, this.config, 'producer');
      this.queues.set(name, queue as BeeQueue<unknown>);
    }
    const o = JOB_OPTIONS[name];
    const job = queue
      .createJob(payload)
      .retries(o.retries)
      .backoff('exponential', o.backoffMs)
      .timeout(o.timeoutMs);
    if (options.jobId) job.setId(options.jobId);
    const saved = await job.save();
    return saved.id;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close(5_000)));
    this.queues.clear();
  }
}
