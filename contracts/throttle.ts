/**
 * Calls `fn` at most once per `ms` with the latest arguments; `flush` sends a pending call now
 * (e.g. the final position on drag stop), `cancel` drops it. A quiet spell's last call is still
 * made at the end of its window, so what is shown never lags behind. Pure: browser and workers use it.
 */
export function throttle<A extends unknown[]>(fn: (...args: A) => void, ms: number) {
  let last = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pending: A | null = null;
  const run = () => {
    timer = null;
    if (!pending) return;
    const args = pending;
    pending = null;
    last = Date.now();
    fn(...args);
  };
  return {
    call(...args: A) {
      pending = args;
      const wait = ms - (Date.now() - last);
      if (wait <= 0) run();
      else timer ??= setTimeout(run, wait);
    },
    flush() {
      if (timer) clearTimeout(timer);
      run();
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = null;
      pending = null;
    }
  };
}
