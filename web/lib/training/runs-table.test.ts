import { describe, expect, it } from 'vitest';
import { cellText, DEFAULT_SORT, nextSort, runColumns, sortRuns } from './runs-table';
import { fakeRun } from './test-support/fakes';

const runs = [
  fakeRun(1, {
    status: 'completed',
    hyperparameters: { 'rf.n_estimators': 50 },
    metrics: { accuracy: 0.8, log_loss: 0.5 },
    trainingTimeSeconds: 1.234
  }),
  fakeRun(2, {
    status: 'completed',
    hyperparameters: { 'rf.n_estimators': 100 },
    metrics: { accuracy: 0.9, log_loss: 0.3 },
    trainingTimeSeconds: 2
  }),
  fakeRun(3, { hyperparameters: { 'rf.n_estimators': 200 } }),
  fakeRun(4, {
    status: 'completed',
    hyperparameters: { 'rf.n_estimators': 400 },
    metrics: { accuracy: 0.85, log_loss: 0.4 }
  })
];

describe('runs table', () => {
  const columns = runColumns(runs);
  const byId = (id: string) => columns.find((c) => `${c.kind}:${c.key}` === id)!;

  it('has a column per swept hyperparameter and per metric', () => {
    expect(columns.map((c) => c.label)).toEqual(['Run', 'rf.n_estimators', 'accuracy', 'log_loss', 'Time']);
  });

  it('sorts a score best first on the first click, a loss lowest first, runs still training last', () => {
    const acc = nextSort(DEFAULT_SORT, byId('metric:accuracy'));
    expect(acc.descending).toBe(true);
    expect(sortRuns(runs, columns, acc).map((r) => r.runNumber)).toEqual([2, 4, 1, 3]);
    const flipped = nextSort(acc, byId('metric:accuracy'));
    expect(sortRuns(runs, columns, flipped).map((r) => r.runNumber)).toEqual([1, 4, 2, 3]);
    const loss = nextSort(acc, byId('metric:log_loss'));
    expect(sortRuns(runs, columns, loss).map((r) => r.runNumber)).toEqual([2, 4, 1, 3]);
    expect(sortRuns(runs, columns, DEFAULT_SORT).map((r) => r.runNumber)).toEqual([1, 2, 3, 4]);
  });

  it('writes missing values as a dash and times in seconds', () => {
    expect(cellText(runs[2]!, byId('metric:accuracy'))).toBe('—');
    expect(cellText(runs[0]!, byId('time:trainingTimeSeconds'))).toBe('1.23 s');
    expect(cellText(runs[0]!, byId('metric:accuracy'))).toBe('0.8000');
    expect(cellText(runs[0]!, byId('param:rf.n_estimators'))).toBe('50');
  });
});
