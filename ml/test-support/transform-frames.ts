import { Frame, numericColumn, type NumericColumn } from '../frame';

const n = 200;
const wave = (i: number) => Math.round(Math.sin(i * 1.7) * 1000) / 10;

/** Three numeric columns with gaps in two of them, one sitting near 1,000: the transform tests' data. */
export const numbers = (): Frame =>
  new Frame([
    numericColumn(
      'a',
      Array.from({ length: n }, (_, i) => (i % 7 === 0 ? null : wave(i)))
    ),
    numericColumn(
      'b',
      Array.from({ length: n }, (_, i) => (i % 5 === 0 ? null : (i % 9) * 3 + 1))
    ),
    numericColumn(
      'c',
      Array.from({ length: n }, (_, i) => 1000 + (i % 13))
    )
  ]);

/** A numeric frame's cells by row, missing ones as null. */
export const values = (f: Frame): (number | null)[][] =>
  Array.from({ length: f.nRows }, (_, i) =>
    f.columns.map((c) => (c.missing[i] ? null : (c as NumericColumn).values[i]!))
  );
