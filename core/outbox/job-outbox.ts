import type { Transaction } from 'sequelize';
import type { JobName, JobPayloads } from '../../contracts/jobs';
import type { OutboxRepository } from '../../data/outbox.repository';

/**
 * How services ask for background work: the job row commits with the state change that needs it
 * (or neither does), and the dispatcher is woken once the transaction commits.
 */
export class JobOutbox {
  constructor(
    private readonly repo: OutboxRepository,
    private readonly onCommitted: () => void = () => {}
  ) {}

  transaction<T>(fn: (t: Transaction) => Promise<T>): Promise<T> {
    return this.repo.transaction(fn);
  }

  /**
   * Adds the job in `t`; false when one is already queued or running for the same subject.
   * `priority` orders jobs that workers claim from Postgres (training runs); others ignore it.
   */
  async add<N extends JobName>(
    t: Transaction,
    name: N,
    subjectId: string,
    payload: JobPayloads[N],
    options: { priority?: number } = {}
  ): Promise<boolean> {
    const id = await this.repo.add(t, name, subjectId, payload, options.priority ?? 0);
    if (id) t.afterCommit(() => this.onCommitted());
    return id !== null;
  }
}
