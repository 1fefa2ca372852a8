/**
 * Runs `task` once changes have been quiet for `waitMs`, and at least every `maxWaitMs` while they
 * keep coming. Runs never overlap; a change made during a run leads to one more run. The task reads
 * the latest state when it starts, so coalescing changes loses nothing. A failed run is tried again
 * on its own, `maxWaitMs` later and doubling up to 30 s, until one succeeds.
 */
const MAX_RETRY_MS = 30_000;

export class Debouncer {
  private timer: NodeJS.Timeout | null = null;
  private dirtySince: number | null = null;
  private running: Promise<void> | null = null;
  private failures = 0;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly waitMs: number,
    private readonly maxWaitMs: number,
    private readonly onError: (err: unknown) => void
  ) {}

  schedule(): void {
    const now = Date.now();
    this.dirtySince ??= now;
    if (this.timer) clearTimeout(this.timer);
    const delay = Math.max(0, Math.min(this.waitMs, this.dirtySince + this.maxWaitMs - now));
    this.timer = setTimeout(() => void this.flush(), delay);
  }

  /** Runs a pending task now (after any run in progress) and resolves when it has finished. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.running) await this.running;
    if (this.dirtySince === null) return;
    this.dirtySince = null;
    this.running = this.task()
      .then(
        () => {
          this.failures = 0;
        },
        (err: unknown) => {
          this.onError(err);
          this.failures++;
          this.dirtySince ??= Date.now();
          this.timer ??= setTimeout(
            () => void this.flush(),
            Math.min(this.maxWaitMs * 2 ** (this.failures - 1), MAX_RETRY_MS)
          );
          // A retry alone must not keep a stopping process alive.
          this.timer.unref?.();
        }
      )
      .finally(() => {
        this.running = null;
      });
    await this.running;
  }

  get pending(): boolean {
    return this.dirtySince !== null;
  }
}
