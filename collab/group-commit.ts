interface Waiting<T> {
  item: T;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit: a lone item is written at once; items that arrive while a write is in flight wait
 * for it and then go together in the next write. No timer is involved, so an item waits for at
 * most the write in flight plus its own, and a burst of edits costs a few writes instead of one
 * each. Writes never overlap, so batches commit in the order their items were pushed.
 */
export class GroupCommit<T> {
  private queue: Waiting<T>[] = [];
  private running: Promise<void> | null = null;

  constructor(
    private readonly write: (batch: T[]) => Promise<void>,
    private readonly maxBatch = 1000
  ) {}

  /** Resolves once `item` is written; rejects (with its whole batch) when the write fails. */
  push(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.running ??= this.drain();
    });
  }

  /** Resolves once everything pushed so far has been written or has failed. */
  async flush(): Promise<void> {
    while (this.running) await this.running;
  }

  get pending(): number {
    return this.queue.length;
  }

  private async drain(): Promise<void> {
    // Let the caller's synchronous pushes (a burst of frames) join the first batch.
    await Promise.resolve();
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        await this.write(batch.map((w) => w.item));
        for (const w of batch) w.resolve();
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
    this.running = null;
  }
}
