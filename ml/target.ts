import { invalidData } from './errors';
import type { Column } from './frame';

export type Target =
  | { task: 'classification'; codes: Int32Array; classes: string[] }
  | { task: 'regression'; values: Float64Array };

/**
 * The target column as class codes (classes sorted as scikit-learn sorts labels: numbers by value,
 * text by code point) or as numbers. Missing targets are refused: the rows cannot be learned from.
 */
export function encodeTarget(c: Column, task: 'classification' | 'regression'): Target {
  for (let i = 0; i < c.missing.length; i++) {
    if (c.missing[i]) {
      throw invalidData(
        c.name,
        `The target "${c.name}" is missing at row ${i + 1}.`,
        'Add a drop_missing step on the target column before the split.'
      );
    }
  }
  if (task === 'regression') {
    if (c.kind !== 'numeric') {
      throw invalidData(
        c.name,
        `The target "${c.name}" is categorical; regression needs a numeric target.`,
        'Set task to classification.'
      );
    }
    return { task, values: c.values };
  }
  const n = c.missing.length;
  const labels: string[] = new Array(n);
  const numericValue = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    if (c.kind === 'numeric') {
      const label = String(c.values[i]);
      labels[i] = label;
      numericValue.set(label, c.values[i]!);
    } else labels[i] = c.levels[c.codes[i]!]!;
  }
  const classes = [...new Set(labels)];
  classes.sort(
    c.kind === 'numeric'
      ? (a, b) => numericValue.get(a)! - numericValue.get(b)!
      : (a, b) => (a < b ? -1 : a > b ? 1 : 0)
  );
  const index = new Map(classes.map((l, k) => [l, k]));
  return { task, codes: Int32Array.from(labels, (l) => index.get(l)!), classes };
}

/** Refuses a target that cannot be learned: one class, or a constant value. */
export function checkLearnable(t: Target, column: string): void {
  if (t.task === 'classification') {
    const seen = new Set(t.codes);
    if (seen.size < 2) {
      throw invalidData(
        column,
        `The training rows of "${column}" hold a single class${t.classes.length ? ` ("${t.classes[t.codes[0]!]}")` : ''}.`,
        'A classifier needs at least two classes: check the target column and the filters before the split.'
      );
    }
    return;
  }
  if (t.values.length === 0)
    throw invalidData(column, 'The training split is empty.', 'Use more rows or a smaller test_size.');
  const first = t.values[0]!;
  if (t.values.every((v) => v === first)) {
    throw invalidData(
      column,
      `The target "${column}" is constant (${first}) in the training rows.`,
      'Pick a target that varies; there is nothing to learn from a constant.'
    );
  }
}
