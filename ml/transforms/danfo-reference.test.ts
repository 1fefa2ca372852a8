import * as dfd from 'danfojs-node';
import { describe, expect, it } from 'vitest';
import { Frame, categoricalColumn, numericColumn, type NumericColumn } from '../frame';
import { applyTransforms, fitTransforms, type TransformSpec } from './index';

/**
 * danfojs-node, the DataFrame library of the user's stack, as the reference for the transforms it
 * also has (fillNa with a column statistic, StandardScaler, MinMaxScaler, getDummies); the
 * scikit-learn parity tests in transforms.test.ts cover the rest (robust scaling, drop='first').
 */
const n = 240;
const wave = (i: number) => Math.round(Math.sin(i * 1.7) * 1000) / 10;
const frame = (from: number, count: number): Frame =>
  new Frame([
    numericColumn(
      'a',
      Array.from({ length: count }, (_, k) => ((from + k) % 7 === 0 ? null : wave(from + k)) as number | null)
    ),
    // A clear mode (1 appears most), so most_frequent has one answer on both sides.
    numericColumn(
      'b',
      Array.from({ length: count }, (_, k) =>
        (from + k) % 5 === 0 ? null : (from + k) % 4 === 0 ? 1 : ((from + k) % 9) * 3 + 1
      )
    ),
    numericColumn(
      'c',
      Array.from({ length: count }, (_, k) => 1000 + ((from + k) % 13))
    )
  ]);
const train = frame(0, n);
const test = frame(n, 60);

const rows = (f: Frame): number[][] =>
  Array.from({ length: f.nRows }, (_, i) =>
    f.columns.map((c) => (c.missing[i] ? NaN : (c as NumericColumn).values[i]!))
  );
const toDanfo = (f: Frame) => new dfd.DataFrame(rows(f), { columns: f.columns.map((c) => c.name) });
const ours = (specs: TransformSpec[]) =>
  rows(applyTransforms(fitTransforms(specs, train).fitted, test).frame);

/** Equal within `rel` of the expected value's magnitude (at least 1). */
function expectClose(actual: number[][], expected: number[][], rel = 2e-6) {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, i) =>
    row.forEach((v, j) => {
      const w = expected[i]![j]!;
      expect(Math.abs(v - w), `row ${i}, column ${j}: ${v} vs ${w}`).toBeLessThanOrEqual(
        rel * Math.max(1, Math.abs(w))
      );
    })
  );
}

describe('transforms agree with danfojs-node', () => {
  it.each(['mean', 'median', 'most_frequent'] as const)(
    'impute with the %s of the training rows',
    (strategy) => {
      const fit = toDanfo(train);
      const names = fit.columns;
      const stat = (name: string): number => {
        const column = fit[name] as dfd.Series;
        if (strategy === 'mean') return column.mean();
        if (strategy === 'median') return column.median();
        // Series.mode() lists every tied value; scikit-learn (and we) take the smallest.
        return Math.min(...(column.dropNa().mode() as number[]));
      };
      const filled = toDanfo(test).fillNa(names.map(stat), { columns: names }) as dfd.DataFrame;
      expectClose(
        ours([{ kind: 'impute', strategy, fill_value: null, columns: [] }]),
        filled.values as number[][],
        1e-12
      );
    }
  );

  it('impute a constant', () => {
    const filled = toDanfo(test).fillNa([-3.5, -3.5, -3.5], { columns: ['a', 'b', 'c'] }) as dfd.DataFrame;
    expectClose(
      ours([{ kind: 'impute', strategy: 'constant', fill_value: -3.5, columns: [] }]),
      filled.values as number[][],
      1e-12
    );
  });

  it.each([
    ['standard', () => new dfd.StandardScaler()],
    ['minmax', () => new dfd.MinMaxScaler()]
  ] as const)('scale %s, fitted on the training rows', (method, scaler) => {
    // danfo's scalers take complete columns: both sides scale the median-imputed frame.
    const impute: TransformSpec = { kind: 'impute', strategy: 'median', fill_value: null, columns: [] };
    const imputed = (f: Frame) => toDanfo(applyTransforms(fitTransforms([impute], train).fitted, f).frame);
    const s = scaler();
    s.fit(imputed(train));
    const expected = (s.transform(imputed(test)) as dfd.DataFrame).values as number[][];
    // danfo scales in float32 (TensorFlow.js tensors): column c sits near 1,000 with a spread of ~4,
    // so its float32 centring is good to ~2e-5; scikit-learn's float64 parity is exact (transforms.test.ts).
    expectClose(ours([impute, { kind: 'scale', method, columns: [] }]), expected, 5e-5);
  });

  it('one-hot encode like getDummies, columns in sorted category order, an unseen value as all zeros', () => {
    const colours = ['red', 'green', 'blue', 'teal'];
    const make = (k: number, offset: number) =>
      Array.from({ length: k }, (_, i) => colours[(i * 7 + offset) % (offset ? 4 : 3)]!);
    const tr = make(60, 0);
    const te = make(20, 1); // holds "teal", unseen in training
    const fitted = fitTransforms(
      [{ kind: 'one_hot', columns: [], handle_unknown: 'ignore', drop: 'none', max_categories: null }],
      new Frame([categoricalColumn('colour', tr)])
    ).fitted;
    const out = applyTransforms(fitted, new Frame([categoricalColumn('colour', te)])).frame;

    const dummies = dfd.getDummies(new dfd.DataFrame({ colour: te }), {
      columns: ['colour']
    }) as dfd.DataFrame;
    const names = out.columns.map((c) => c.name);
    expect(names).toEqual([...new Set(tr)].sort().map((level) => `colour_${level}`));
    for (const name of names) {
      // getDummies encodes the rows it is given; ours encodes them against the training levels.
      const column = dummies.columns.includes(name) ? ((dummies[name] as dfd.Series).values as number[]) : [];
      expect(Array.from((out.columns.find((c) => c.name === name) as NumericColumn).values)).toEqual(column);
    }
    const teal = te.map((v, i) => (v === 'teal' ? i : -1)).filter((i) => i >= 0);
    expect(teal.length).toBeGreaterThan(0);
    for (const i of teal)
      expect(out.columns.map((c) => (c as NumericColumn).values[i])).toEqual(names.map(() => 0));
  });
});
