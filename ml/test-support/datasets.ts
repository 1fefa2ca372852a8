import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Frame, numericColumn, type Column } from '../frame';

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
