import { invalidData } from './errors';
import type { Frame } from './frame';

/** Row-major n×d numbers, the shape linear models and the MLP read. */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float64Array;
  names: string[];
}

/**
 * The frame's columns as a dense matrix. Categorical columns and missing cells are refused here
 * with the step that fixes them, since a linear model has no sensible way to read either.
 */
export function denseMatrix(frame: Frame, model: string): Matrix {
  const n = frame.nRows;
  const d = frame.columns.length;
  if (d === 0)
    throw invalidData(
      undefined,
      `${model} has no feature columns to learn from.`,
      'Keep at least one column besides the target.'
    );
  const data = new Float64Array(n * d);
  frame.columns.forEach((c, j) => {
    if (c.kind !== 'numeric') {
      throw invalidData(
        c.name,
        `Column "${c.name}" is categorical; ${model} needs numbers.`,
        'Add a one_hot step for it before the model.'
      );
    }
    for (let i = 0; i < n; i++) {
      if (c.missing[i]) {
        throw invalidData(
          c.name,
          `Column "${c.name}" has missing values (row ${i + 1}); ${model} cannot use them.`,
          'Add an impute or drop_missing step before the model.'
        );
      }
      data[i * d + j] = c.values[i]!;
    }
  });
  return { rows: n, cols: d, data, names: frame.names };
}
