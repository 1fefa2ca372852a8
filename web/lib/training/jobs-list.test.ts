import { describe, expect, it } from 'vitest';
import { trainBody } from '../../../contracts/training';
import { formatDuration, queueLabel, rerunBody, sortJobs, upsertJob, withProgress } from './jobs-list';
import { fakeJob, fakeRun } from './test-support/fakes';

const job = (id: string, createdAt: string, over = {}) => fakeJob({ id, createdAt, ...over });

describe('jobs list', () => {
  const a = job('a', '2026-12-04T10:00:00Z', { status: 'queued', queuePosition: 0 });
  const b = job('b', '2026-12-04T11:00:00Z', { status: 'running' });

  it('lists newest first and follows status changes within the filters', () => {
    let list = sortJobs([a, b]);
    expect(list.map((j) => j.id)).toEqual(['b', 'a']);
    const filters = { pipelineId: '', status: 'queued' as const };
    list = upsertJob([a], { ...a, status: 'running' }, filters);
    expect(list).toEqual([]);
    list = upsertJob([], job('c', '2026-12-04T12:00:00Z', { status: 'queued' }), filters);
    expect(list.map((j) => j.id)).toEqual(['c']);
  });

  it('moves a running job forward on progress and leaves ended ones alone', () => {
    const ended = job('d', '2026-12-04T09:00:00Z', { status: 'completed', progressPercentage: 100 });
    const next = withProgress([a, ended], { jobId: 'a', progressPercentage: 20, currentStep: 'Run 1' });
    expect(next[0]).toMatchObject({ status: 'running', queuePosition: null, progressPercentage: 20 });
    expect(withProgress([ended], { jobId: 'd', progressPercentage: 5, currentStep: null })[0]).toBe(ended);
  });

  it('says where a waiting job is in the queue', () => {
    expect(queueLabel(a)).toBe('Next in queue');
    expect(queueLabel({ ...a, queuePosition: 1 })).toBe('2nd in queue');
    expect(queueLabel({ ...a, queuePosition: 10 })).toBe('11th in queue');
    expect(queueLabel({ ...a, queuePosition: 21 })).toBe('22nd in queue');
    expect(queueLabel(b)).toBeNull();
  });

  it('formats durations', () => {
    expect([formatDuration(null), formatDuration(42.4), formatDuration(185), formatDuration(3720)]).toEqual([
      '—',
      '42 s',
      '3 min 5 s',
      '1 h 2 min'
    ]);
  });

  it('repeats a grid job with the values its runs trained, as a valid train request', () => {
    const grid = fakeJob({ priority: 7, pipelineVersion: 3, sweep: { kind: 'grid', runs: 4 } });
    const runs = [
      fakeRun(1, { hyperparameters: { 'rf.n_estimators': 50, 'rf.max_depth': null } }),
      fakeRun(2, { hyperparameters: { 'rf.n_estimators': 100, 'rf.max_depth': null } }),
      fakeRun(3, { hyperparameters: { 'rf.n_estimators': 50, 'rf.max_depth': 5 } })
    ];
    const body = rerunBody(grid, runs);
    expect(trainBody.parse(body)).toEqual({
      priority: 7,
      version: 3,
      sweep: { kind: 'grid', params: { 'rf.n_estimators': [50, 100], 'rf.max_depth': [null, 5] } }
    });
    expect(rerunBody(fakeJob(), [])).toEqual({ priority: 5 });
  });
});
