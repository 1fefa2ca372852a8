import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Debouncer } from './debouncer';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('debouncer', () => {
  it('runs once after a quiet period, and at least every max wait while changes keep coming', async () => {
    let runs = 0;
    const d = new Debouncer(
      async () => void runs++,
      250,
      1_000,
      () => {}
    );
    for (let t = 0; t < 900; t += 100) {
      d.schedule();
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(runs).toBe(0);
    for (let t = 0; t < 300; t += 100) {
      d.schedule();
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(runs).toBe(1); // the max wait forced a run while changes kept coming
    await vi.advanceTimersByTimeAsync(300);
    expect(runs).toBe(2);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(runs).toBe(2);
  });

  it('flush runs a pending task now, and a change during a run leads to one more run', async () => {
    const started: number[] = [];
    let release = () => {};
    const d = new Debouncer(
      () => {
        started.push(started.length);
        return new Promise<void>((r) => (release = r));
      },
      250,
      1_000,
      () => {}
    );
    d.schedule();
    const first = d.flush();
    expect(started).toEqual([0]);
    d.schedule(); // during the run
    const second = d.flush();
    release();
    await first;
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toEqual([0, 1]);
    release();
    await second;
    expect(d.pending).toBe(false);
  });

  it('tries a failed run again on its own, backing off, until it succeeds', async () => {
    const errors: unknown[] = [];
    let attempts = 0;
    const d = new Debouncer(
      async () => {
        attempts++;
        if (attempts <= 2) throw new Error('database unavailable');
      },
      250,
      1_000,
      (err) => errors.push(err)
    );
    d.schedule();
    await vi.advanceTimersByTimeAsync(250);
    expect(attempts).toBe(1);
    expect(d.pending).toBe(true);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(attempts).toBe(2);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(attempts).toBe(2); // the second retry waits twice as long
    await vi.advanceTimersByTimeAsync(1);
    expect(attempts).toBe(3);
    expect(d.pending).toBe(false);
    expect(errors).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(attempts).toBe(3);
  });
});
