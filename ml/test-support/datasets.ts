import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Frame, numericColumn, type Column } from '../frame';
import { trainTestSplit } from '../split';
import { applyTransforms, fitTransforms } from '../transforms/index';

const DIR = '/usr/lib/python3/dist-packages/sklearn/datasets/data';

export interface Dataset {
  frame: Frame;
  /** Class codes (classification) or values (regression). */
  y: number[];
}

/** scikit-learn's shipped classification CSVs: a header line "n,d,class names…", then rows with the label last. */
export function loadClassification(name: 'breast_cancer' | 'iris' | 'wine_data' | 'digits'): Dataset {
  const file = name === 'digits' ? `${DIR}/digits.csv.gz` : `${DIR}/${name}.csv`;
  const raw = file.endsWith('.gz')
    ? gunzipSync(readFileSync(file)).toString('utf8')
    : readFileSync(file, 'utf8');
  let lines = raw.trim().split('\n');
  if (name !== 'digits') lines = lines.slice(1);
  const rows = lines.map((l) => l.split(',').map(Number));
  const d = rows[0]!.length - 1;
  const columns: Column[] = Array.from({ length: d }, (_, j) =>
    numericColumn(
      `x${j}`,
      rows.map((r) => r[j]!)
    )
  );
  return { frame: new Frame(columns), y: rows.map((r) => r[d]!) };
}

/** The diabetes regression data, unscaled. */
export function loadDiabetes(): Dataset {
  const read = (f: string) =>
    gunzipSync(readFileSync(`${DIR}/${f}`))
      .toString('utf8')
      .trim()
      .split('\n');
  const rows = read('diabetes_data_raw.csv.gz').map((l) => l.trim().split(/\s+/).map(Number));
  const y = read('diabetes_target.csv.gz').map(Number);
  const d = rows[0]!.length;
  return {
    frame: new Frame(
      Array.from({ length: d }, (_, j) =>
        numericColumn(
          `x${j}`,
          rows.map((r) => r[j]!)
        )
      )
    ),
    y
  };
}

/** Rows of a frame's numeric columns, for sending to Python. */
export function toRows(frame: Frame): (number | null)[][] {
  return Array.from({ length: frame.nRows }, (_, i) =>
    frame.columns.map((c) => (c.missing[i] ? null : c.kind === 'numeric' ? c.values[i]! : c.codes[i]!))
  );
}

export interface Prepared {
  train: Frame;
  test: Frame;
  yTrain: number[];
  yTest: number[];
}

/** A stratified (classification) or plain split of a shipped dataset, the same rows sent to both sides. */
export function splitDataset(ds: Dataset, seed: number, stratify: boolean, testSize = 0.25): Prepared {
  const s = trainTestSplit(ds.frame.nRows, {
    testSize,
    shuffle: true,
    seed,
    stratify: stratify ? Int32Array.from(ds.y) : undefined
  });
  return {
    train: ds.frame.take(s.train),
    test: ds.frame.take(s.test),
    yTrain: Array.from(s.train, (i) => ds.y[i]!),
    yTest: Array.from(s.test, (i) => ds.y[i]!)
  };
}

/** The same split with every column standardised on the training rows. */
export function standardised(p: Prepared): Prepared {
  const { fitted, applied } = fitTransforms([{ kind: 'scale', method: 'standard', columns: [] }], p.train);
  return { ...p, train: applied.frame, test: applyTransforms(fitted, p.test).frame };
}

export function accuracy(pred: ArrayLike<number>, y: ArrayLike<number>): number {
  let ok = 0;
  for (let i = 0; i < y.length; i++) if (pred[i] === y[i]) ok++;
  return ok / y.length;
}
