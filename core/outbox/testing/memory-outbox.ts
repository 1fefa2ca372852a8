import type { Transaction } from 'sequelize';
import { parseJobPayload, type JobName, type JobPayloads } from '../../../contracts/jobs';
import type { OutboxRepository } from '../../../data/outbox.repository';
import { JobOutbox } from '../job-outbox';

interface Job {
  id: string;
  jobName: JobName;
  subjectId: string;
  payload: unknown;
  finished: boolean;
}

/**
 * The job outbox table in memory: one open job per name and subject, as the real unique index
 * keeps it. Transactions always commit; `afterCommit` callbacks run once the callback resolves.
 */
export class MemoryOutbox implements Pick<OutboxRepository, 'transaction' | 'add'> {
  readonly jobs: Job[] = [];
  /** How often the dispatcher would have been woken. */
  wakes = 0;

  async transaction<T>(fn: (t: Transaction) => Promise<T>): Promise<T> {
    const committed: Array<() => void> = [];
    const t = { afterCommit: (cb: () => void) => committed.push(cb) } as unknown as Transaction;
    const result = await fn(t);
    for (const cb of committed) cb();
    return result;
  }

  async add<N extends JobName>(
    _t: Transaction,
    jobName: N,
    subjectId: string,
    payload: JobPayloads[N]
  ): Promise<string | null> {
    if (this.open(jobName).some((j) => j.subjectId === subjectId)) return null;
    const id = `job-${this.jobs.length + 1}`;
    this.jobs.push({ id, jobName, subjectId, payload: parseJobPayload(jobName, payload), finished: false });
    return id;
  }

  open(jobName?: JobName): Job[] {
    return this.jobs.filter((j) => !j.finished && (jobName === undefined || j.jobName === jobName));
  }

  /** The worker is done with the subject's open job of that name. */
  finish(jobName: JobName, subjectId: string): void {
    for (const j of this.open(jobName)) if (j.subjectId === subjectId) j.finished = true;
  }

  /** The real JobOutbox over this table. */
  jobOutbox(): JobOutbox {
    return new JobOutbox(this as unknown as OutboxRepository, () => (this.wakes += 1));
  }
}
