import { invalidData, invalidParam } from './errors';
import { Random, range } from './random';

export interface SplitOptions {
  testSize: number;
  shuffle: boolean;
  seed: number;
  /** Class codes per row: keep each class's share equal in both parts. */
  stratify?: Int32Array;
}

export interface Split {
  train: Int32Array;
  test: Int32Array;
}

/** Row indices of a train/test split; the test part has ceil(testSize·n) rows, as in scikit-learn. */
export function trainTestSplit(nRows: number, opts: SplitOptions): Split {
  if (!(opts.testSize > 0 && opts.testSize < 1)) {
    throw invalidParam(
      'test_size',
      `test_size must be between 0 and 1, got ${opts.testSize}.`,
      'Use a share such as 0.2.'
    );
  }
  const nTest = Math.ceil(opts.testSize * nRows);
  if (nTest < 1 || nRows - nTest < 1) {
    throw invalidData(
      undefined,
      `${nRows} rows cannot be split into a training and a test part with test_size ${opts.testSize}.`,
      'Use more rows or another test_size.'
    );
  }
  const rng = new Random(opts.seed);
  if (opts.stratify) {
    if (!opts.shuffle)
      throw invalidParam(
        'shuffle',
        'A stratified split needs shuffle on.',
        'Turn shuffle on, or stratify off.'
      );
    return stratifiedSplit(opts.stratify, nTest, rng);
  }
  const order = range(nRows);
  if (opts.shuffle) rng.shuffle(order);
  return { test: order.slice(0, nTest).sort(), train: order.slice(nTest).sort() };
}

/** Each class gives its share of the test rows, the remainders going to the largest fractions. */
function stratifiedSplit(classes: Int32Array, nTest: number, rng: Random): Split {
  const groups = groupByClass(classes);
  const n = classes.length;
  const exact = groups.map((g) => (g.length * nTest) / n);
  const take = exact.map(Math.floor);
  let left = nTest - take.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((e, k) => ({ k, r: e - Math.floor(e) }))
    .sort((a, b) => b.r - a.r || a.k - b.k);
  for (const { k } of byRemainder) {
    if (left <= 0) break;
    if (take[k]! < groups[k]!.length) {
      take[k]!++;
      left--;
    }
  }
  const test: number[] = [];
  const train: number[] = [];
  groups.forEach((g, k) => {
    rng.shuffle(g);
    for (let i = 0; i < g.length; i++) (i < take[k]! ? test : train).push(g[i]!);
  });
  return { test: Int32Array.from(test).sort(), train: Int32Array.from(train).sort() };
}

function groupByClass(classes: Int32Array): Int32Array[] {
  let k = 0;
  for (let i = 0; i < classes.length; i++) k = Math.max(k, classes[i]! + 1);
  const counts = new Int32Array(k);
  for (let i = 0; i < classes.length; i++) counts[classes[i]!]!++;
  const groups = Array.from(counts, (c) => new Int32Array(c));
  const fill = new Int32Array(k);
  for (let i = 0; i < classes.length; i++) {
    const c = classes[i]!;
    groups[c]![fill[c]!++] = i;
  }
  return groups.filter((g) => g.length > 0);
}

/**
 * k folds of (train, validation) rows; fold sizes differ by at most one. Stratified folds deal each
 * class's (shuffled) rows round-robin so every fold keeps the class shares.
 */
export function kFold(
  nRows: number,
  k: number,
  opts: { shuffle: boolean; seed: number; stratify?: Int32Array }
): Split[] {
  if (!Number.isInteger(k) || k < 2 || k > nRows) {
    throw invalidParam('n_splits', `k-fold needs between 2 and ${nRows} folds, got ${k}.`, 'Use 5 or 10.');
  }
  const rng = new Random(opts.seed);
  const foldOf = new Int32Array(nRows);
  if (opts.stratify) {
    let next = 0;
    for (const g of groupByClass(opts.stratify)) {
      if (opts.shuffle) rng.shuffle(g);
      for (let i = 0; i < g.length; i++) foldOf[g[i]!] = next++ % k;
    }
  } else {
    const order = range(nRows);
    if (opts.shuffle) rng.shuffle(order);
    let start = 0;
    for (let f = 0; f < k; f++) {
      const size = Math.floor(nRows / k) + (f < nRows % k ? 1 : 0);
      for (let i = start; i < start + size; i++) foldOf[order[i]!] = f;
      start += size;
    }
  }
  return Array.from({ length: k }, (_, f) => {
    const test: number[] = [];
    const train: number[] = [];
    for (let i = 0; i < nRows; i++) (foldOf[i] === f ? test : train).push(i);
    return { train: Int32Array.from(train), test: Int32Array.from(test) };
  });
}
