import { describe, expect, it } from 'vitest';
import { applyEvent, initialRoom, mergeRoom, type RoomState } from './room';
import { fakeComment, fakeJob, fakeRun, JOB_ID, point } from './test-support/fakes';

const metric = (runNumber: number, step: number, metrics: Record<string, number>) =>
  ({ type: 'job:metric', payload: { jobId: JOB_ID, runNumber, step, metrics } }) as const;

describe('training room state', () => {
  it('grows a run curve point by point, one point per step, in step order', () => {
    let s = initialRoom(fakeJob(), [fakeRun(1, { history: [point(0, { loss: 0.9 })] })], []);
    s = applyEvent(s, metric(1, 2, { loss: 0.5 }));
    s = applyEvent(s, metric(1, 1, { loss: 0.7 }));
    s = applyEvent(s, metric(1, 1, { val_loss: 0.8 }));
    expect(s.curves[1]).toEqual([
      point(0, { loss: 0.9 }),
      point(1, { loss: 0.7, val_loss: 0.8 }),
      point(2, { loss: 0.5 })
    ]);
  });

  it('keeps points of a run it has not heard of yet, and its history when the run arrives', () => {
    let s = initialRoom(fakeJob(), [], []);
    s = applyEvent(s, metric(2, 5, { loss: 0.4 }));
    s = applyEvent(s, {
      type: 'job:run',
      payload: { jobId: JOB_ID, run: fakeRun(2, { history: [point(4, { loss: 0.45 })] }) }
    });
    expect(s.curves[2]!.map((p) => p.step)).toEqual([4, 5]);
    expect(s.runs.map((r) => r.runNumber)).toEqual([2]);
  });

  it('ignores events of other jobs', () => {
    const s = initialRoom(fakeJob(), [], []);
    const other = applyEvent(s, {
      type: 'job:progress',
      payload: { jobId: 'another', progressPercentage: 90, currentStep: 'x' }
    });
    expect(other).toBe(s);
  });

  it('moves progress forward only, and not after the job ended', () => {
    let s = initialRoom(fakeJob({ progressPercentage: 40 }), [], []);
    const progress = (n: number) =>
      ({
        type: 'job:progress',
        payload: { jobId: JOB_ID, progressPercentage: n, currentStep: `at ${n}` }
      }) as const;
    s = applyEvent(s, progress(30));
    expect(s.job.progressPercentage).toBe(40);
    s = applyEvent(s, progress(55));
    expect(s.job).toMatchObject({ progressPercentage: 55, currentStep: 'at 55' });
    s = applyEvent(s, {
      type: 'job:status',
      payload: {
        jobId: JOB_ID,
        status: 'completed',
        job: fakeJob({ status: 'completed', progressPercentage: 100 })
      }
    });
    s = applyEvent(s, progress(60));
    expect(s.job).toMatchObject({ status: 'completed', progressPercentage: 100 });
  });

  it('turns a queued job into a running one on its first progress report', () => {
    let s = initialRoom(fakeJob({ status: 'queued', queuePosition: 2, progressPercentage: 0 }), [], []);
    s = applyEvent(s, {
      type: 'job:progress',
      payload: { jobId: JOB_ID, progressPercentage: 5, currentStep: 'Preparing' }
    });
    expect(s.job).toMatchObject({ status: 'running', queuePosition: null, progressPercentage: 5 });
  });

  it('does not take an ended run back to running on a late start event', () => {
    let s = initialRoom(fakeJob(), [fakeRun(1, { status: 'completed', metrics: { accuracy: 0.9 } })], []);
    s = applyEvent(s, { type: 'job:run', payload: { jobId: JOB_ID, run: fakeRun(1) } });
    expect(s.runs[0]).toMatchObject({ status: 'completed', metrics: { accuracy: 0.9 } });
  });

  it('adds a comment once, however often it arrives, oldest first', () => {
    let s = initialRoom(fakeJob(), [], [fakeComment('b', { createdAt: '2026-12-04T20:02:00.000Z' })]);
    const a = fakeComment('a', { anchor: { runNumber: 1, metric: 'loss', step: 3, value: 0.5 } });
    s = applyEvent(s, { type: 'job:comment', payload: { jobId: JOB_ID, comment: a } });
    s = applyEvent(s, { type: 'job:comment', payload: { jobId: JOB_ID, comment: a } });
    expect(s.comments.map((c) => c.id)).toEqual(['a', 'b']);
  });

  it('merges a refetch without losing what events brought meanwhile', () => {
    let live: RoomState = initialRoom(fakeJob({ progressPercentage: 60 }), [], []);
    live = applyEvent(live, metric(1, 9, { loss: 0.2 }));
    const fresh = initialRoom(
      fakeJob({ progressPercentage: 50 }),
      [fakeRun(1, { history: [point(8, { loss: 0.25 })] })],
      [fakeComment('c')]
    );
    const merged = mergeRoom(live, fresh);
    expect(merged.job.progressPercentage).toBe(60);
    expect(merged.curves[1]!.map((p) => p.step)).toEqual([8, 9]);
    expect(merged.comments).toHaveLength(1);
    // An ended job read back is never replaced by an older running read.
    const ended = mergeRoom(initialRoom(fakeJob({ status: 'cancelled' }), [], []), fresh);
    expect(ended.job.status).toBe('cancelled');
  });
});
