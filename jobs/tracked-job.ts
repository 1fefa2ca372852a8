import type BeeQueue from 'bee-queue';
import type { Logger } from 'pino';
import type { Transaction } from 'sequelize';
import { isUuid } from '../contracts/resources';
import { isRetryable } from '../core/job-errors';
import type { OutboxRepository } from '../data/outbox.repository';

/** How often a running job tells its outbox row it is alive. */
export const HEARTBEAT_MS = 3_000;
/**
 * A run whose row has not heartbeaten for this long lost its worker. Five beats, so a slow
 * moment (a busy Postgres, a long synchronous step) is not mistaken for a death.
 */
export const HEARTBEAT_STALE_MS = 15_000;
/** A job whose worker was lost this many times runs once more; one more loss fails it. */
export const MAX_STALLS = 1;

export const LOST_TWICE = 'the worker running it stopped twice before it finished';

/** Given to a run, for jobs whose result must end the job atomically. */
export interface RunContext {
  /**
   * Ends the job inside the transaction that stores its result, so the moment the result is
   * visible a new job for the same subject may be queued (otherwise the job ends after `run`).
   */
  finishWith(t: Transaction): Promise<void>;
}

/** What a job does, and the one way it fails for good (after retries, or when its worker is lost). */
export interface JobHandler<P> {
  run(payload: P, ctx: RunContext): Promise<void>;
  /** Puts the subject in its failed state with `reason` and tells its watchers. Idempotent. */
  fail(payload: P, reason: string): Promise<void>;
}

export interface TrackingDeps {
  outbox: OutboxRepository;
  log: Logger;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Consumes a queue under the outbox's lease: each run marks its row started, heartbeats it and
 * finishes it, a second delivery of a job that a live worker runs is dropped, and a job whose
 * worker keeps dying is failed rather than run forever.
 */
export function processTracked<P>(
  queue: BeeQueue<P>,
  concurrency: number,
  handler: JobHandler<P>,
  deps: TrackingDeps
): void {
  queue.process(concurrency, (job) => runTracked(job.id, job.data, handler, deps));
  // Emitted once retries are exhausted or a run timed out ('retrying' comes before that).
  queue.on('failed', (job, err) => {
    deps.log.error({ err, queue: queue.name, jobId: job.id, payload: job.data }, 'job failed');
    void failForGood(job.id, job.data, err.message, handler, deps);
  });
}

export async function failForGood<P>(
  jobId: string,
  payload: P,
  reason: string,
  handler: JobHandler<P>,
  deps: TrackingDeps
): Promise<void> {
  try {
    await handler.fail(payload, reason);
    if (isUuid(jobId)) await deps.outbox.finish(jobId, reason);
  } catch (err) {
    deps.log.error({ err, jobId }, 'could not record a failed job');
  }
}

export async function runTracked<P>(
  jobId: string,
  payload: P,
  handler: JobHandler<P>,
  deps: TrackingDeps
): Promise<void> {
  // Queued before jobs went through the outbox: nothing to track.
  if (!isUuid(jobId)) return handler.run(payload, { finishWith: async () => {} });
  const lease = await waitForLease(deps.outbox, jobId);
  if (!lease) return;
  if (lease.stalls > MAX_STALLS) {
    deps.log.error({ jobId, payload }, 'job failed: its worker was lost twice');
    return failForGood(jobId, payload, LOST_TWICE, handler, deps);
  }
  const beat = setInterval(
    () => void deps.outbox.heartbeat(jobId).catch((err) => deps.log.warn({ err, jobId }, 'heartbeat failed')),
    HEARTBEAT_MS
  );
  try {
    await handler.run(payload, { finishWith: (t) => deps.outbox.finish(jobId, null, t) });
  } catch (err) {
    clearInterval(beat);
    const reason = err instanceof Error ? err.message : String(err);
    if (!isRetryable(err)) {
      // Running it again cannot help (a malformed file, a subject that is gone): fail it now, and
      // return normally so the queue does not spend its retries on it.
      deps.log.error({ err, jobId, payload }, 'job failed for good: the error is permanent');
      return failForGood(jobId, payload, reason, handler, deps);
    }
    await deps.outbox.endRun(jobId, reason).catch(() => {});
    throw err;
  } finally {
    clearInterval(beat);
  }
  await deps.outbox.finish(jobId);
}

/**
 * The lease, waiting out a previous run that may be dead: its heartbeat either moves (it is alive:
 * this delivery is a duplicate and is dropped) or goes stale (it died: this run takes over).
 */
async function waitForLease(outbox: OutboxRepository, jobId: string) {
  let seen: number | undefined;
  for (;;) {
    const claim = await outbox.claimRun(jobId, HEARTBEAT_STALE_MS);
    if (claim.kind === 'run') return claim;
    if (claim.kind === 'done') return null;
    const beat = claim.heartbeatAt.getTime();
    if (seen !== undefined && beat !== seen) return null;
    seen = beat;
    await sleep(HEARTBEAT_MS);
  }
}
