import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeEda, type ColumnStats, type EdaStats } from '../../jobs/eda/stats';
import { validateCsv, type CsvValidationResult } from '../../jobs/validation/validate-csv';

/**
 * Agreement with pandas (Debian python3-pandas, /usr/bin/python3) on sklearn's shipped CSVs and a
 * generated file with missing values. Each CSV goes through our validator as an upload would, and
 * pandas reads it the way the validator did (same delimiter, header and column names; only empty
 * fields are missing; correctly rounded floats). Quantiles follow one definition on both sides:
 * linear interpolation between order statistics (pandas' default, DuckDB's quantile_cont).
 */
const PYTHON = '/usr/bin/python3';
const SKLEARN = '/usr/lib/python3/dist-packages/sklearn/datasets/data';

function pandasAvailable(): string | null {
  if (!fs.existsSync(PYTHON)) return `${PYTHON} is missing`;
  try {
    execFileSync(PYTHON, ['-c', 'import pandas'], { stdio: 'ignore' });
  } catch {
    return 'python3-pandas is not installed (apt-get install python3-pandas)';
  }
  if (!fs.existsSync(SKLEARN)) return `${SKLEARN} is missing (apt-get install python3-sklearn)`;
  return null;
}

const skipReason = pandasAvailable();
if (skipReason) console.warn(`Skipping the pandas agreement test: ${skipReason}.`);

const PANDAS_STATS = String.raw`
import json, sys
import numpy as np
import pandas as pd

def plain(v):
    if isinstance(v, (bool, np.bool_)):
        return str(bool(v)).lower()
    if isinstance(v, pd.Timestamp):
        return v.isoformat()
    if isinstance(v, (np.integer,)):
        return str(int(v))
    return str(v)

out = []
for job in json.loads(sys.stdin.read()):
    df = pd.read_csv(job["path"], sep=job["sep"], header=0 if job["header"] else None,
                     names=None if job["header"] else job["names"], keep_default_na=False,
                     na_values=[""], float_precision="round_trip", parse_dates=job["dates"])
    cols = {}
    for name in df.columns:
        s = df[name]
        c = {"count": int(s.count()), "missing": int(s.isna().sum()), "distinct": int(s.nunique())}
        if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
            v = s.astype("float64")
            c.update(min=float(v.min()), max=float(v.max()), mean=float(v.mean()), std=float(v.std()),
                     skew=float(v.skew()),
                     q=[float(x) for x in v.quantile([0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99])])
        elif pd.api.types.is_datetime64_any_dtype(s):
            c.update(min=s.min().isoformat(), max=s.max().isoformat())
        else:
            counts = s.dropna().map(plain).value_counts()
            c.update(counts={k: int(n) for k, n in counts.items()})
        cols[str(name)] = c
    numeric = df.select_dtypes("number")
    out.append({"rows": len(df), "duplicates": int(df.duplicated().sum()), "columns": cols,
                "names": [str(x) for x in df.columns],
                "corr": {"columns": [str(x) for x in numeric.columns],
                         "matrix": [[None if np.isnan(x) else float(x) for x in row] for row in numeric.corr().values]}})
print(json.dumps(out))
`;

interface PandasColumn {
  count: number;
  missing: number;
  distinct: number;
  min?: number | string;
  max?: number | string;
  mean?: number;
  std?: number;
  skew?: number;
  q?: number[];
  counts?: Record<string, number>;
}
interface PandasReport {
  rows: number;
  /** Column order (object keys would put numeric-looking names such as "150" first). */
  names: string[];
  duplicates: number;
  columns: Record<string, PandasColumn>;
  corr: { columns: string[]; matrix: Array<Array<number | null>> };
}

/** Rows with gaps in every column kind, a constant, a skewed column, dates and booleans. */
function generatedCsv(): string {
  const lines = ['id,amount,count,city,signup,active,constant,skewed,note'];
  let seed = 7;
  const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
  for (let i = 0; i < 5000; i++) {
    const gap = (p: number) => random() < p;
    const amount = gap(0.1) ? '' : (random() * 1000 - 200).toFixed(3);
    const count = gap(0.2) ? '' : String(Math.floor(random() * 40));
    const city = gap(0.05) ? '' : ['Lyon', 'Oslo', 'Quito', 'Perth', 'Cork'][Math.floor(random() * 5)];
    const day = new Date(Date.UTC(2023, 0, 1) + Math.floor(random() * 700) * 86_400_000);
    const signup = gap(0.15) ? '' : day.toISOString().slice(0, 10);
    const active = gap(0.05) ? '' : String(random() < 0.3);
    const skewed = (Math.exp(random() * 6) + (i % 97 === 0 ? 5000 : 0)).toFixed(4);
    const note = gap(0.5) ? '' : `note ${Math.floor(random() * 300)}`;
    lines.push(`${i},${amount},${count},${city},${signup},${active},same,${skewed},${note}`);
  }
  // Exact duplicates of earlier rows, gaps included.
  lines.push(lines[10]!, lines[11]!, lines[11]!);
  return lines.join('\n') + '\n';
}

interface Case {
  name: string;
  csv: string;
  validation: CsvValidationResult;
  ours: EdaStats;
  pandas: PandasReport;
}

let dir: string;
const cases: Case[] = [];

beforeAll(async () => {
  if (skipReason) return;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-eda-pandas-'));
  const files: Array<[string, string]> = [['iris.csv', path.join(SKLEARN, 'iris.csv')]];
  // sklearn's own loader skips their first line (sample and feature counts, class names); so do we.
  for (const name of ['boston_house_prices.csv', 'breast_cancer.csv', 'wine_data.csv']) {
    const text = fs.readFileSync(path.join(SKLEARN, name), 'utf8');
    const file = path.join(dir, name);
    fs.writeFileSync(file, text.slice(text.indexOf('\n') + 1));
    files.push([name, file]);
  }
  for (const name of ['linnerud_exercise.csv', 'linnerud_physiological.csv']) {
    files.push([name, path.join(SKLEARN, name)]);
  }
  const generated = path.join(dir, 'generated.csv');
  fs.writeFileSync(generated, generatedCsv());
  files.push(['generated.csv', generated]);

  const jobs = [];
  for (const [name, csv] of files) {
    const workDir = fs.mkdtempSync(path.join(dir, 'work-'));
    const validation = await validateCsv(csv, { workDir });
    expect(validation.status, `${name}: ${JSON.stringify(validation.errors)}`).toBe('validated');
    const ours = await computeEda(validation.parquetPath!);
    cases.push({ name, csv, validation, ours, pandas: null as unknown as PandasReport });
    jobs.push({
      path: csv,
      sep: validation.delimiter,
      header: validation.hasHeader,
      names: validation.columnNames,
      dates: ours.columnStats.filter((c) => c.kind === 'datetime').map((c) => c.name)
    });
  }
  const out = execFileSync(PYTHON, ['-c', PANDAS_STATS], { input: JSON.stringify(jobs), encoding: 'utf8' });
  (JSON.parse(out) as PandasReport[]).forEach((report, i) => (cases[i]!.pandas = report));
}, 120_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function relativeError(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

function expectClose(actual: number | null, expected: number | undefined, tolerance: number, label: string) {
  expect(actual, label).not.toBeNull();
  const error = Math.abs(actual! - expected!) / Math.max(1, Math.abs(expected!));
  expect(error, `${label}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);
}

/** Files and how many numeric columns each has (linnerud's space-separated lines read as one text column). */
const NUMERIC_COLUMNS: Record<string, number> = {
  'iris.csv': 5,
  'boston_house_prices.csv': 14,
  'breast_cancer.csv': 31,
  'wine_data.csv': 14,
  'linnerud_exercise.csv': 0,
  'linnerud_physiological.csv': 0,
  'generated.csv': 4
};
const NAMES = Object.keys(NUMERIC_COLUMNS);

describe.skipIf(skipReason !== null)('statistics agree with pandas', () => {
  it.each(NAMES)('%s: dataset figures, counts and correlations', (name) => {
    const { ours, pandas } = cases.find((c) => c.name === name)!;
    expect(ours.rows).toBe(pandas.rows);
    expect(ours.duplicateRows).toBe(pandas.duplicates);
    expect(ours.columnStats.map((c) => c.name)).toEqual(pandas.names);
    for (const c of ours.columnStats) {
      const p = pandas.columns[c.name]!;
      expect([c.count, c.missing, c.distinct], c.name).toEqual([p.count, p.missing, p.distinct]);
      expect(c.distinctApprox, c.name).toBe(false);
    }
    expect(ours.correlations.columns).toEqual(pandas.corr.columns);
    ours.correlations.matrix.forEach((row, a) =>
      row.forEach((r, b) => {
        const want = pandas.corr.matrix[a]![b]!;
        if (want === null) expect(r).toBeNull();
        else
          expect(Math.abs(r! - want), `${pandas.corr.columns[a]} × ${pandas.corr.columns[b]}`).toBeLessThan(
            1e-9
          );
      })
    );
  });

  it.each(NAMES)('%s: numeric moments to 1e-9 and quantiles to the definition', (name) => {
    const { ours, pandas } = cases.find((c) => c.name === name)!;
    const numeric = ours.columnStats.filter((c) => c.kind === 'numeric');
    expect(numeric).toHaveLength(NUMERIC_COLUMNS[name]!);
    for (const c of numeric) {
      const p = pandas.columns[c.name]!;
      expect([c.min, c.max], c.name).toEqual([p.min, p.max]);
      expect(relativeError(c.mean!, p.mean!), `${c.name} mean`).toBeLessThan(1e-9);
      if (p.std === 0) expect(c.std).toBe(0);
      else expect(relativeError(c.std!, p.std!), `${c.name} std`).toBeLessThan(1e-9);
      const q = c.quantiles!;
      [q.p1, q.p5, q.p25, q.p50, q.p75, q.p95, q.p99].forEach((v, j) =>
        expectClose(v, p.q![j], 1e-12, `${c.name} quantile ${j}`)
      );
      expectClose(c.skewness, p.skew, 1e-8, `${c.name} skewness`);
      expect(c.histogram!.counts.reduce((s, n) => s + n, 0)).toBe(c.count);
    }
  });

  it.each(NAMES)('%s: top values, booleans and dates', (name) => {
    const { ours, pandas } = cases.find((c) => c.name === name)!;
    for (const c of ours.columnStats.filter((x) => x.kind !== 'numeric')) {
      const p = pandas.columns[c.name]!;
      if (c.kind === 'datetime') {
        expect(Date.parse(c.min as string), c.name).toBe(Date.parse(`${p.min}Z`));
        expect(Date.parse(c.max as string), c.name).toBe(Date.parse(`${p.max}Z`));
        continue;
      }
      const counts = p.counts!;
      for (const top of c.top!) expect(top.count, `${c.name}=${top.value}`).toBe(counts[top.value]);
      const expected = Object.values(counts)
        .sort((a, b) => b - a)
        .slice(0, c.top!.length);
      expect(
        c.top!.map((t) => t.count),
        c.name
      ).toEqual(expected);
    }
  });

  it('covers every kind of column and the warnings on the generated file', () => {
    const { ours } = cases.find((c) => c.name === 'generated.csv')!;
    const kinds = Object.fromEntries(ours.columnStats.map((c: ColumnStats) => [c.name, c.kind]));
    expect(kinds).toEqual({
      id: 'numeric',
      amount: 'numeric',
      count: 'numeric',
      city: 'categorical',
      signup: 'datetime',
      active: 'boolean',
      constant: 'categorical',
      skewed: 'numeric',
      note: 'text'
    });
    const codes = ours.warnings.map((w) => `${w.code}:${w.column ?? w.columns?.join('+')}`);
    expect(codes).toEqual(expect.arrayContaining(['constant:constant', 'skewed:skewed']));
    expect(ours.duplicateRows).toBe(3);
  });
});
