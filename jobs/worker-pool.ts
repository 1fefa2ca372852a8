import type BeeQueue from 'bee-queue';
import { publishDatasetStatus } from '../core/datasets/dataset-events';
import type { Runtime } from '../core/runtime';
import { createJobHandlers, type TrackedJobName } from './job-handlers';
import type { JobName } from '../core/queue/job-types';
import { purgeDeletedDatasets } from './monitor/purge-datasets';
import { sweepStuckJobs, type QueueInspector } from './monitor/stuck-jobs';
import { createQueue } from '../core/queue/queues';
import { checkStalledPeriodically } from '../core/queue/stalled-jobs';
import { processTracked } from './tracked-job';
import { startTrainingPool } from './training/training-pool';
import { trainerWakeupChannel } from '../core/training/trainer-wakeups';

const MONITOR_EVERY_MS = 15_000;

export interface WorkerPool {
  close(): Promise<void>;
}

/**
 * Starts this process's background work. Any number of processes may run it: Bee-Queue hands each
 * job to one of them, and the monitor (stuck jobs, stale training runs, purges) takes a short Redis
 * lock per sweep.
 */
export async function startWorkers(rt: Runtime, options: { concurrency?: number } = {}): Promise<WorkerPool> {
  const queueConfig = { redisUrl: rt.redisHandle.url, prefix: rt.config.redis.prefix };
  const handlers = createJobHandlers(rt);
  const { outbox, datasets, orphans } = rt.repos;
  const tracking = { outbox, log: rt.log };
  const queues = new Map<JobName, BeeQueue>();
  const consume = <N extends TrackedJobName>(name: N, concurrency: number) => {
    const queue = createQueue(name, queueConfig, 'worker', (err) =>
      rt.log.warn({ err, queue: name }, 'queue error')
    );
    processTracked(queue, concurrency, handlers[name], tracking);
    checkStalledPeriodically(queue, rt.log);
    queues.set(name, queue as BeeQueue);
  };
  consume('dataset-validate', options.concurrency ?? 2);
  // A failed deduction leaves the dataset usable; the user can ask again from the dataset page.
  consume('schema-deduce', options.concurrency ?? 2);
  consume('eda-report', 1);
  const training =
    rt.config.training.concurrency > 0
      ? startTrainingPool(
          {
            jobs: rt.repos.trainingJobs,
            runs: rt.repos.experimentRuns,
            models: rt.repos.models,
            outbox,
            store: rt.store,
            publisher: rt.publisher,
            log: rt.log,
            threads: rt.config.training.threads
          },
          queueConfig,
          {
            concurrency: rt.config.training.concurrency,
            retries: rt.config.training.retries,
            lostAfterMs: rt.config.training.lostAfterMs,
            pollMs: 1_000
          }
        )
      : null;
  // Nudges from the web processes as they commit runs; the queue and the poll remain the backstop.
  const nudges = training ? rt.redis.duplicate() : null;
  if (nudges && training) {
    nudges.on('error', (err) => rt.log.warn({ err }, 'training wake-up channel error'));
    nudges.on('message', () => training.pool.wake());
    void nudges.subscribe(trainerWakeupChannel(rt.config.redis.prefix)).catch(() => {});
  }

  const inspector: QueueInspector = {
    state: async (name, id) => {
      const job = await queues.get(name)!.getJob(id);
      if (!job) return null;
      return job.status === 'failed' || job.status === 'succeeded' ? job.status : 'queued';
    },
    remove: async (name, id) => {
      await queues.get(name)!.removeJob(id);
    }
  };
  const stuck = {
    outbox,
    jobs: rt.outbox,
    orphans,
    handlers,
    queues: inspector,
    onVerifyingReleased: async (id: string) => {
      const dataset = await datasets.findLive(id);
      if (dataset) publishDatasetStatus(rt.publisher, dataset);
    },
    log: rt.log
  };

  const lockKey = `${rt.config.redis.prefix}:lock:stale-runs`;
  const sweep = async () => {
    const got = await rt.redis.set(lockKey, String(process.pid), 'PX', MONITOR_EVERY_MS - 1000, 'NX');
    if (!got) return;
    const settled = await sweepStuckJobs(stuck);
    if (Object.values(settled).some((ids) => ids.length))
      rt.log.warn(settled, 'settled jobs left by stopped workers');
    const cutoff = new Date(Date.now() - rt.config.datasetPurgeAfterHours * 3600_000);
    const purged = await purgeDeletedDatasets(datasets, rt.store, cutoff);
    if (purged.length) rt.log.info({ purged }, 'purged deleted datasets');
  };
  let sweeping: Promise<void> = Promise.resolve();
  const runSweep = () => {
    sweeping = sweep().catch((err) => rt.log.warn({ err }, 'monitor sweep failed'));
  };
  const timer = setInterval(runSweep, MONITOR_EVERY_MS);
  timer.unref();
  runSweep();

  return {
    close: async () => {
      clearInterval(timer);
      await sweeping;
      nudges?.disconnect();
      await training?.pool.close();
      await Promise.all(
        [...queues.values(), ...(training ? [training.queue] : [])].map((q) => q.close(10_000))
      );
    }
  };
}
