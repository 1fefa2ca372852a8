import type { Logger } from 'pino';

let stopping = false;

/**
 * Marks this process as shutting down. A terminal's Ctrl-C reaches the whole process group, so
 * the embedded Postgres and a private redis-server stop at the same moment as we do: their
 * supervisors must not start them again while we are on our way out.
 */
export function markStopping(): void {
  stopping = true;
}

export function processStopping(): boolean {
  return stopping;
}

/**
 * Waits for a shutdown step at most `ms`: a step stuck on a dependency that no longer answers
 * (a hung database host) must not hold the whole shutdown until the force-exit timer.
 */
export async function within(step: string, ms: number, work: Promise<unknown>, log: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ms);
    timer.unref();
  });
  try {
    if ((await Promise.race([work, late])) === 'late') log.warn({ step, ms }, 'shutdown step abandoned');
  } catch (err) {
    log.warn({ err, step }, 'shutdown step failed');
  } finally {
    clearTimeout(timer);
  }
}

/** Whether the database answers a trivial query within `ms` (probed once, before shutting down). */
export async function answersWithin(query: () => Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      query().then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), ms);
        timer.unref();
      })
    ]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
