import type { Logger } from 'pino';
import type { JobName, JobPayloads } from '../../contracts/jobs';
import type { OutboxRepository, OutboxRow } from '../../data/outbox.repository';

/** The queue side the dispatcher needs (JobQueues). */
export interface JobSender {
  enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options: { jobId: string }): Promise<unknown>;
}

export interface DispatcherOptions {
  /** How often to look for rows nobody woke us for (other processes' commits, sweeps). */
  pollMs: number;
  /** A send that takes longer counts as failed; the row is sent again later. */
  sendTimeoutMs: number;
  /** Longest wait between passes while Redis or Postgres is away. */
  maxBackoffMs: number;
}

const BATCH = 50;
const DEFAULTS: DispatcherOptions = { pollMs: 1_000, sendTimeoutMs: 5_000, maxBackoffMs: 15_000 };

/**
 * Sends committed outbox rows to Bee-Queue with the row id as the job id, so sending a row twice
 * (a retry after a timeout whose command still went through, or two processes) queues it once.
 * Runs in every process that serves requests or runs workers.
 */
export class OutboxDispatcher {
  private readonly o: DispatcherOptions;
  private timer: NodeJS.Timeout | null = null;
  private pass: Promise<void> | null = null;
  private again = false;
  private failures = 0;
  private stopped = true;

  constructor(
    private readonly repo: OutboxRepository,
    private readonly sender: JobSender,
    private readonly log: Logger,
    options: Partial<DispatcherOptions> = {}
  ) {
    this.o = { ...DEFAULTS, ...options };
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Dispatches now (after a commit that added jobs) instead of at the next poll. */
  kick(): void {
    if (this.stopped) return;
    if (this.pass) this.again = true;
    else if (this.failures === 0) this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.pass;
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.pass = this.run().finally(() => {
        this.pass = null;
        const soon = this.again && this.failures === 0;
        this.again = false;
        if (!this.stopped) this.schedule(soon ? 0 : this.delay());
      });
    }, ms);
    this.timer.unref();
  }

  private delay(): number {
    if (this.failures === 0) return this.o.pollMs;
    return Math.min(this.o.pollMs * 2 ** Math.min(this.failures, 10), this.o.maxBackoffMs);
  }

  private async run(): Promise<void> {
    try {
      for (;;) {
        const { sent, error } = await this.repo.dispatchBatch(BATCH, (row) => this.send(row));
        if (error) throw error;
        if (this.failures) this.log.info('job dispatch resumed');
        this.failures = 0;
        if (sent < BATCH || this.stopped) return;
      }
    } catch (err) {
      if (this.failures === 0) this.log.warn({ err }, 'job dispatch failed; retrying');
      this.failures++;
    }
  }

  private send(row: OutboxRow): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('the queue did not answer in time')), this.o.sendTimeoutMs);
    });
    return Promise.race([this.sender.enqueue(row.jobName, row.payload, { jobId: row.id }), timeout])
      .then(() => undefined)
      .finally(() => clearTimeout(timer));
  }
}
