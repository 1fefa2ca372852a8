import type { Runtime } from '../server/runtime';
import { failStaleRuns } from './monitor/stale-runs';

const MONITOR_EVERY_MS = 15_000;

export interface WorkerPool {
  close(): Promise<void>;
}

/**
 * Starts this process's background work. Any number of processes may run it: the stale-run
 * monitor takes a short Redis lock per sweep so only one of them sweeps at a time.
 */
export async function startWorkers(rt: Runtime): Promise<WorkerPool> {
  const lockKey = `${rt.config.redis.prefix}:lock:stale-runs`;
  const sweep = async () => {
    const got = await rt.redis.set(lockKey, String(process.pid), 'PX', MONITOR_EVERY_MS - 1000, 'NX');
    if (!got) return;
    const failed = await failStaleRuns(rt.sequelize);
    if (failed.jobs.length || failed.edaReports.length) rt.log.warn(failed, 'failed runs left by crashed workers');
  };
  const timer = setInterval(() => void sweep().catch((err) => rt.log.warn({ err }, 'stale-run sweep failed')), MONITOR_EVERY_MS);
  timer.unref();
  void sweep().catch((err) => rt.log.warn({ err }, 'stale-run sweep failed'));
  return {
    close: async () => clearInterval(timer)
  };
}
