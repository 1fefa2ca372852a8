import { describe, expect, it } from 'vitest';
import type { RunRow } from '../../data/experiment-run.repository';
import { bestRun } from './settle-job';

const run = (runNumber: number, status: RunRow['status'], metrics: Record<string, number> | null) =>
  ({ id: `r${runNumber}`, runNumber, status, metrics }) as RunRow;

describe('the best run of a sweep', () => {
  it('maximises accuracy-like metrics and minimises errors, among completed runs only', () => {
    const runs = [
      run(1, 'completed', { accuracy: 0.8, rmse: 2 }),
      run(2, 'completed', { accuracy: 0.9, rmse: 3 }),
      run(3, 'failed', null),
      run(4, 'cancelled', { accuracy: 0.99, rmse: 0.1 })
    ];
    expect(bestRun(runs, 'accuracy')?.runNumber).toBe(2);
    expect(bestRun(runs, 'rmse')?.runNumber).toBe(1);
  });

  it('keeps the lower run number on a tie, and falls back to any completed run without the metric', () => {
    expect(
      bestRun([run(1, 'completed', { f1: 0.5 }), run(2, 'completed', { f1: 0.5 })], 'f1')?.runNumber
    ).toBe(1);
    expect(bestRun([run(1, 'failed', null), run(2, 'completed', { r2: 0.3 })], 'accuracy')?.runNumber).toBe(
      2
    );
    expect(bestRun([run(1, 'failed', null)], 'accuracy')).toBeNull();
  });
});
