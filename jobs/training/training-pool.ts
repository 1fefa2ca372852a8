import type BeeQueue from 'bee-queue';
import { createQueue, type QueueConfig } from '../../core/queue/queues';
import { checkStalledPeriodically } from '../../core/queue/stalled-jobs';
import { runTrainingRun, traceback, type ClaimedRun, type TrainingDeps } from './run-training';
import { settleJob } from './settle-job';

export interface TrainingPoolOptions {
  /** Runs this process trains at once. */
  concurrency: number;
  /** A run whose worker was lost runs again this many times, then fails. */
  retries: number;
  /** A run silent this long (it beats every 0.5 s) lost its worker. */
  lostAfterMs: number;
  /** How often to look in Postgres without a wake-up (lost runs, wake-ups Redis lost). */
  pollMs: number;
  /** What a claimed run does; the training itself unless a benchmark measures the dispatch alone. */
  execute?: (deps: TrainingDeps, claim: ClaimedRun, released: AbortSignal) => Promise<void>;
}

export interface TrainingPool {
  /** Looks for runs to start now. */
  wake(): void;
  /** Stops claiming, hands the runs under way back to the queue and waits until they are. */
  close(): Promise<void>;
  /** Runs this process trains right now. */
  active(): number;
}

export const lostMessage = (stalls: number) =>
  `The worker training this run stopped responding ${stalls === 1 ? 'once' : `${stalls} times`}; ` +
  'it was not tried again. Train again; if it keeps happening, the data or the model may be too large for the workers.';

/**
 * Trains experiment runs in priority order. Bee-Queue has no priorities, so a delivery on the
 * `train-run` queue is only a wake-up: the pool then claims the best waiting run from Postgres
 * (highest priority, then oldest; lost runs too) under the outbox's lease. A run queued later
 * with a higher priority therefore starts before older waiting ones, whichever delivery woke
 * the worker, and the runs of a sweep spread over every worker with a free slot. The poll
 * catches what no delivery announces: a run whose worker died, a wake-up Redis lost.
 */
export function startTrainingPool(
  deps: TrainingDeps,
  queueConfig: QueueConfig,
  o: TrainingPoolOptions
): { pool: TrainingPool; queue: BeeQueue } {
  let running = 0;
  let closing = false;
  let pumping: Promise<void> | null = null;
  let again = false;
  const runs = new Set<Promise<void>>();
  // Aborted on close: runs under way are handed back to the queue rather than left to go stale.
  const release = new AbortController();

  const failLost = async (claim: ClaimedRun, stalls: number) => {
    const message = lostMessage(stalls);
    deps.log.error({ jobId: claim.jobId, runId: claim.runId, stalls }, 'training run lost too often');
    const run = await deps.runs.find(claim.runId);
    await deps.runs.transaction(async (t) => {
      await deps.runs.end(t, claim.runId, {
        status: 'failed',
        trainingTimeSeconds: run?.startedAt ? (Date.now() - new Date(run.startedAt).getTime()) / 1000 : 0,
        errorMessage: message,
        errorTraceback: traceback(
          {
            name: 'WorkerLost',
            message,
            stack: null,
            code: 'worker_lost',
            param: null,
            column: null,
            fix: null
          },
          null
        )
      });
      await deps.outbox.finish(claim.outboxId, message, t);
    });
    await settleJob(deps, claim.jobId);
  };

  const pump = async () => {
    while (!closing && running < o.concurrency) {
      const row = await deps.outbox.claimBest('train-run', o.lostAfterMs);
      if (!row) return;
      const payload = row.payload as { jobId: string; runId: string };
      const claim: ClaimedRun = { outboxId: row.id, jobId: payload.jobId, runId: payload.runId };
      if (row.stalls > o.retries) {
        await failLost(claim, row.stalls);
        continue;
      }
      if (row.stalls > 0)
        deps.log.warn({ ...claim, stalls: row.stalls }, 'training run of a lost worker runs again');
      running++;
      const run = (o.execute ?? runTrainingRun)(deps, claim, release.signal)
        .catch((err: unknown) => deps.log.error({ err, ...claim }, 'training run could not be recorded'))
        .finally(() => {
          running--;
          runs.delete(run);
          wake();
        });
      runs.add(run);
    }
  };

  function wake(): void {
    if (closing) return;
    if (pumping) {
      again = true;
      return;
    }
    pumping = pump()
      .catch((err: unknown) => deps.log.warn({ err }, 'claiming training runs failed'))
      .finally(() => {
        pumping = null;
        if (again) {
          again = false;
          wake();
        }
      });
  }

  const queue = createQueue('train-run', queueConfig, 'worker', (err) =>
    deps.log.warn({ err, queue: 'train-run' }, 'queue error')
  ) as unknown as BeeQueue;
  // The delivery itself carries nothing to do: it ends at once and the pool claims from Postgres.
  queue.process(4, async () => {
    wake();
  });
  checkStalledPeriodically(queue, deps.log);
  const timer = setInterval(wake, o.pollMs);
  timer.unref();
  wake();

  return {
    queue,
    pool: {
      wake,
      active: () => running,
      close: async () => {
        closing = true;
        clearInterval(timer);
        await pumping;
        release.abort();
        await Promise.all(runs);
      }
    }
  };
}
