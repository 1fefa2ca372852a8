import { describe, expect, it } from 'vitest';
import {
  anchorLabel,
  anchorOf,
  curveRows,
  curveSpec,
  kindOf,
  latestPoints,
  metricNames,
  pinRows
} from './curves';
import { fakeComment, point } from './test-support/fakes';

const curves = {
  1: [
    point(0, { loss: 0.9, val_loss: 1, accuracy: 0.5 }),
    point(1, { loss: 0.6, val_loss: 0.8, accuracy: 0.7 })
  ],
  2: [point(0, { loss: 0.8 })]
};

describe('training curves', () => {
  it('puts losses and errors on one chart and the other metrics on the other', () => {
    expect(['loss', 'val_loss', 'rmse', 'mae', 'accuracy', 'f1', 'r2'].map(kindOf)).toEqual([
      'loss',
      'loss',
      'loss',
      'loss',
      'metric',
      'metric',
      'metric'
    ]);
    expect(metricNames(curves)).toEqual(['loss', 'val_loss', 'accuracy']);
  });

  it('names each line by run and metric when several runs train', () => {
    const rows = curveRows(curves, 'loss');
    expect(rows).toHaveLength(5);
    expect(new Set(rows.map((r) => r.series))).toEqual(
      new Set(['Run 1 · loss', 'Run 1 · val_loss', 'Run 2 · loss'])
    );
    expect(curveRows({ 1: curves[1] }, 'metric').map((r) => r.series)).toEqual(['accuracy', 'accuracy']);
  });

  it('draws at most a hundred and twenty clickable points per line, its first and last always', () => {
    const long = { 1: Array.from({ length: 700 }, (_, i) => point(i + 1, { train_loss: 1 / (i + 1) })) };
    const rows = curveRows(long, 'loss');
    expect(rows).toHaveLength(700);
    const picked = rows.filter((r) => r.pick);
    expect(picked.length).toBeLessThanOrEqual(121);
    expect(picked[0]!.step).toBe(1);
    expect(picked.at(-1)!.step).toBe(700);
    expect(curveRows(curves, 'loss').every((r) => r.pick)).toBe(true);
  });

  it('reads the anchor of a clicked point and refuses anything else', () => {
    const [row] = curveRows(curves, 'loss');
    expect(anchorOf(row)).toEqual({ runNumber: 1, metric: 'loss', step: 0, value: 0.9 });
    expect(anchorOf({ ...row, commentId: 'x' })).toBeNull();
    expect(anchorOf({ step: 1 })).toBeNull();
    expect(anchorOf(null)).toBeNull();
    expect(anchorLabel({ runNumber: 2, metric: 'val_loss', step: 40, value: 0.312 })).toBe(
      'Run 2 · val_loss at step 40 = 0.3120'
    );
  });

  it('draws pinned comments on the chart of their metric only', () => {
    const pinned = fakeComment('c1', { anchor: { runNumber: 1, metric: 'val_loss', step: 1, value: 0.8 } });
    const loose = fakeComment('c2');
    expect(pinRows([pinned, loose], curves, 'loss')).toEqual([
      expect.objectContaining({ commentId: 'c1', step: 1, value: 0.8, series: 'Run 1 · val_loss' })
    ]);
    expect(pinRows([pinned], curves, 'metric')).toEqual([]);
  });

  it('keeps the data in named sets, so the chart can grow without being rebuilt', () => {
    const spec = curveSpec('loss', curveRows(curves, 'loss'), []);
    expect(Object.keys(spec.datasets as object)).toEqual(['points', 'pins']);
    expect((spec.layer as { data: { name: string } }[]).map((l) => l.data.name)).toEqual([
      'points',
      'points',
      'pins'
    ]);
  });

  it('offers the last point of each run and metric to pin to without a pointer', () => {
    expect(latestPoints(curves)).toEqual([
      { runNumber: 1, metric: 'loss', step: 1, value: 0.6 },
      { runNumber: 1, metric: 'val_loss', step: 1, value: 0.8 },
      { runNumber: 1, metric: 'accuracy', step: 1, value: 0.7 },
      { runNumber: 2, metric: 'loss', step: 0, value: 0.8 }
    ]);
  });
});
