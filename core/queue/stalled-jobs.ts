import type BeeQueue from 'bee-queue';
import type { Logger } from 'pino';

/**
 * How long a worker may go without renewing a job's lock before another worker takes the job
 * over. Workers renew every half of this; our jobs never block the event loop for more than a
 * fraction of a second (DuckDB runs off the main thread), so 10 s is safe and a killed worker's
 * job runs again 10–20 s after the kill.
 */
export const STALL_INTERVAL_MS = 10_000;

/**
 * Bee-Queue looks for stalled jobs only when process() starts; without a periodic check, a job
 * whose worker was killed stays `active` until some worker happens to start much later. The check
 * is cheap (one Lua script, and Redis lets it run once per interval across all workers).
 */
export function checkStalledPeriodically(queue: BeeQueue, log: Logger): void {
  queue.on('stalled', (jobId) =>
    log.warn({ queue: queue.name, jobId }, 'job of a stopped worker runs again')
  );
  // The first call's promise rejects when Redis is away; later checks report through 'error'.
  queue
    .checkStalledJobs(STALL_INTERVAL_MS / 2)
    .catch((err: unknown) => log.warn({ err, queue: queue.name }, 'stalled-job check failed'));
}
