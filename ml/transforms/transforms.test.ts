import { describe, expect, it } from 'vitest';
import { MlError } from '../errors';
import { Frame, categoricalColumn, numericColumn, type NumericColumn } from '../frame';
import { numbers, values } from '../test-support/transform-frames';
import { applyTransforms, fitTransforms, type TransformSpec } from './index';

describe('fitted transforms', () => {
  it('learn from the training rows only', () => {
    const train = new Frame([numericColumn('x', [1, 2, 3, null])]);
    const test = new Frame([numericColumn('x', [null, 100, 200, 300])]);
    const { fitted } = fitTransforms(
      [{ kind: 'impute', strategy: 'mean', fill_value: null, columns: [] }],
      train
    );
    const out = applyTransforms(fitted, test).frame.column('x') as NumericColumn;
    expect(Array.from(out.values)).toEqual([2, 100, 200, 300]);
  });

  it('survive a JSON round trip', () => {
    const f = numbers();
    const specs: TransformSpec[] = [
      { kind: 'impute', strategy: 'median', fill_value: null, columns: [] },
      { kind: 'scale', method: 'standard', columns: ['a', 'b'] }
    ];
    const { fitted, applied } = fitTransforms(specs, f);
    const again = applyTransforms(JSON.parse(JSON.stringify(fitted)), f);
    expect(values(again.frame)).toEqual(values(applied.frame));
  });

  it('drop rows with missing values and say which rows stayed', () => {
    const f = new Frame([numericColumn('x', [1, null, 3]), categoricalColumn('c', ['a', 'b', null])]);
    const { applied } = fitTransforms([{ kind: 'drop_missing', how: 'any', columns: [] }], f);
    expect(Array.from(applied.kept!)).toEqual([0]);
    const all = fitTransforms([{ kind: 'drop_missing', how: 'all', columns: [] }], f).applied;
    expect(all.kept).toBeNull();
  });

  it('select or exclude columns', () => {
    const f = numbers();
    expect(
      fitTransforms([{ kind: 'select_columns', columns: ['b'], mode: 'include' }], f).applied.frame.names
    ).toEqual(['b']);
    expect(
      fitTransforms([{ kind: 'select_columns', columns: ['b'], mode: 'exclude' }], f).applied.frame.names
    ).toEqual(['a', 'c']);
  });

  it('refuse a categorical with 100,000 levels in one_hot, naming the column and max_categories', () => {
    const f = new Frame([
      categoricalColumn(
        'customer_id',
        Array.from({ length: 100_000 }, (_, i) => `c${i}`)
      )
    ]);
    const err = catchError(() =>
      fitTransforms(
        [{ kind: 'one_hot', columns: [], handle_unknown: 'ignore', drop: 'none', max_categories: null }],
        f
      )
    );
    expect(err).toBeInstanceOf(MlError);
    expect(err).toMatchObject({ column: 'customer_id', param: 'max_categories' });
  });

  it('group rare categories with max_categories, unseen values with them', () => {
    const tr = new Frame([categoricalColumn('c', ['a', 'a', 'a', 'b', 'b', 'c', 'd'])]);
    const { fitted } = fitTransforms(
      [{ kind: 'one_hot', columns: [], handle_unknown: 'ignore', drop: 'none', max_categories: 3 }],
      tr
    );
    const out = applyTransforms(fitted, new Frame([categoricalColumn('c', ['a', 'd', 'zzz'])])).frame;
    expect(out.names).toEqual(['c_a', 'c_b', 'c_infrequent']);
    expect(values(out)).toEqual([
      [1, 0, 0],
      [0, 0, 1],
      [0, 0, 1]
    ]);
  });

  it('refuse an unseen category when handle_unknown is error', () => {
    const tr = new Frame([categoricalColumn('c', ['a', 'b'])]);
    const { fitted } = fitTransforms(
      [{ kind: 'one_hot', columns: [], handle_unknown: 'error', drop: 'none', max_categories: null }],
      tr
    );
    expect(() => applyTransforms(fitted, new Frame([categoricalColumn('c', ['z'])]))).toThrow(
      /unseen in training/
    );
  });

  it('refuse infinity in a numeric column, naming it', () => {
    expect(catchError(() => numericColumn('price', [1, Infinity]))).toMatchObject({
      column: 'price',
      code: 'invalid_data'
    });
  });

  it('refuse to scale a categorical column', () => {
    const f = new Frame([categoricalColumn('c', ['a'])]);
    expect(
      catchError(() => fitTransforms([{ kind: 'scale', method: 'standard', columns: ['c'] }], f))
    ).toMatchObject({ param: 'columns' });
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}
