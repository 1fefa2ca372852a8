import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Frame, NumericColumn } from '../ml/frame';
import { customerTable } from '../ml/test-support/synthetic';
import { applyTransforms, fitTransforms, type TransformSpec } from '../ml/transforms/index';
import { table, writeSection } from './support/report';

/**
 * The preprocessing a pipeline runs before a model (drop the id, median / most-frequent impute,
 * one-hot, standard scale), fitted and applied to a generated customer table: the engine's typed
 * arrays beside danfojs-node (the user's stack's DataFrame library) and scikit-learn 1.2.1 in the
 * same run, each side in its own process so its peak RSS is its own. BENCH_ROWS picks the sizes.
 */
const SIZES = (process.env.BENCH_ROWS ?? '100000,1000000').split(',').map(Number);
const EXTRA = 13; // measures beside id, signup day, region, plan, age, income, visits: 20 inputs
const DIR = '/tmp/pipeweave-bench-transforms';
const seconds = (since: number) => (performance.now() - since) / 1000;

const numeric = [
  'signup_day',
  'age',
  'income',
  'visits',
  ...Array.from({ length: EXTRA }, (_, j) => `m${j + 1}`)
];
const specs: TransformSpec[] = [
  { kind: 'select_columns', columns: ['customer_id', 'churn', 'spend'], mode: 'exclude' },
  { kind: 'impute', strategy: 'median', fill_value: null, columns: ['age', 'income'] },
  { kind: 'impute', strategy: 'most_frequent', fill_value: null, columns: ['region'] },
  {
    kind: 'one_hot',
    columns: ['region', 'plan'],
    handle_unknown: 'ignore',
    drop: 'none',
    max_categories: null
  },
  { kind: 'scale', method: 'standard', columns: numeric }
];

interface Result {
  seconds: number;
  maxRssMb: number;
  outputColumns: number;
}

const maxRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

function runOurs(frame: Frame): Result {
  const start = performance.now();
  const { fitted } = fitTransforms(specs, frame);
  const out = applyTransforms(fitted, frame).frame;
  return { seconds: seconds(start), maxRssMb: maxRssMb(), outputColumns: out.columns.length };
}

async function runDanfo(frame: Frame): Promise<Result> {
  const dfd = await import('danfojs-node');
  // The DataFrame is built from the same columns (not timed): what a caller holding rows would pass.
  const data: Record<string, Array<number | string | null>> = {};
  for (const c of frame.columns) {
    if (['customer_id', 'churn', 'spend'].includes(c.name)) continue;
    data[c.name] =
      c.kind === 'numeric'
        ? Array.from((c as NumericColumn).values, (v, i) => (c.missing[i] ? NaN : v))
        : Array.from(c.codes, (k, i) => (c.missing[i] ? null : c.levels[k]!));
  }
  const start = performance.now();
  let df = new dfd.DataFrame(data);
  const medians = ['age', 'income'].map((name) => (df[name] as InstanceType<typeof dfd.Series>).median());
  df = df.fillNa(medians, { columns: ['age', 'income'] }) as InstanceType<typeof dfd.DataFrame>;
  // Series.mode() refuses strings: the most frequent region from its value counts.
  const counts = (df['region'] as InstanceType<typeof dfd.Series>).dropNa().valueCounts();
  const tally = counts.values as number[];
  const regionMode = counts.index[tally.indexOf(Math.max(...tally))] as string;
  df = df.fillNa([regionMode], { columns: ['region'] }) as InstanceType<typeof dfd.DataFrame>;
  const scaler = new dfd.StandardScaler();
  const numbers = df.loc({ columns: numeric });
  scaler.fit(numbers);
  const scaled = scaler.transform(numbers) as InstanceType<typeof dfd.DataFrame>;
  const dummies = dfd.getDummies(df.loc({ columns: ['region', 'plan'] }), {
    columns: ['region', 'plan']
  }) as InstanceType<typeof dfd.DataFrame>;
  const out = dfd.concat({ dfList: [scaled, dummies], axis: 1 }) as InstanceType<typeof dfd.DataFrame>;
  return { seconds: seconds(start), maxRssMb: maxRssMb(), outputColumns: out.columns.length };
}

function csvOf(frame: Frame, file: string): void {
  const cols = frame.columns;
  const lines = [cols.map((c) => c.name).join(',')];
  for (let i = 0; i < frame.nRows; i++) {
    lines.push(
      cols
        .map((c) =>
          c.missing[i]
            ? ''
            : c.kind === 'numeric'
              ? String((c as NumericColumn).values[i])
              : c.levels[c.codes[i]!]
        )
        .join(',')
    );
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

function runSklearn(file: string): Result {
  const script = `
import json, time, resource, pandas as pd, numpy as np
from threadpoolctl import threadpool_limits
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import make_pipeline
from sklearn.impute import SimpleImputer
from sklearn.preprocessing import OneHotEncoder, StandardScaler
df = pd.read_csv(${JSON.stringify(file)}).drop(columns=['customer_id', 'churn', 'spend'])
num = ${JSON.stringify(numeric)}
with threadpool_limits(1):
    t = time.perf_counter()
    ct = ColumnTransformer([
        ('num', make_pipeline(SimpleImputer(strategy='median'), StandardScaler()), num),
        ('cat', make_pipeline(SimpleImputer(strategy='most_frequent'), OneHotEncoder(handle_unknown='ignore', sparse_output=False)), ['region', 'plan']),
    ])
    out = ct.fit(df).transform(df)
    s = time.perf_counter() - t
print(json.dumps({'seconds': s, 'maxRssMb': round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024), 'outputColumns': out.shape[1]}))
`;
  const out = execFileSync('/usr/bin/python3', ['-c', script], {
    env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' },
    maxBuffer: 1 << 20
  });
  return JSON.parse(out.toString()) as Result;
}

/** One side in this process (the child's role): prints its result as JSON. */
async function child(side: string, rows: number): Promise<void> {
  const frame = customerTable(rows, 7, EXTRA);
  const result = side === 'ours' ? runOurs(frame) : await runDanfo(frame);
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

/** Per side and size; a side that runs longer is reported as not finishing (BENCH_TIMEOUT_S). */
const TIMEOUT_S = Number(process.env.BENCH_TIMEOUT_S ?? 300);

function inChild(side: string, rows: number): Result | null {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/transforms.ts', side, String(rows)], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
    timeout: TIMEOUT_S * 1000
  });
  if (run.signal === 'SIGTERM') return null;
  const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`${side} failed: ${run.stderr.slice(-2000)}`);
  return JSON.parse(line.slice('RESULT '.length)) as Result;
}

async function main(): Promise<void> {
  const load = os.loadavg()[0]!.toFixed(2);
  fs.mkdirSync(DIR, { recursive: true });
  const rows: Array<Array<string | number>> = [];
  for (const size of SIZES) {
    const file = path.join(DIR, `customers-${size}.csv`);
    csvOf(customerTable(size, 7, EXTRA), file);
    const ours = inChild('ours', size)!;
    const danfo = inChild('danfo', size);
    const sk = runSklearn(file);
    const label = size.toLocaleString('en-US');
    rows.push([
      `${label} · engine (typed arrays)`,
      ours.seconds.toFixed(2),
      '1.00×',
      ours.maxRssMb,
      ours.outputColumns
    ]);
    rows.push(
      danfo
        ? [
            `${label} · danfojs-node 1.2.0`,
            danfo.seconds.toFixed(2),
            `${(danfo.seconds / ours.seconds).toFixed(1)}×`,
            danfo.maxRssMb,
            danfo.outputColumns
          ]
        : [`${label} · danfojs-node 1.2.0`, `> ${TIMEOUT_S} (stopped)`, '—', '—', '—']
    );
    rows.push([
      `${label} · scikit-learn 1.2.1 ColumnTransformer (1 thread)`,
      sk.seconds.toFixed(2),
      `${(sk.seconds / ours.seconds).toFixed(1)}×`,
      sk.maxRssMb,
      sk.outputColumns
    ]);
  }
  const body = `Fit and apply of the preprocessing a pipeline runs before its model, on generated customer rows (an id, a signup day, region and plan codes with 5 % gaps, age and income with 8–10 % missing, 13 measures, a churn label): drop the id and label, median-impute age and income, most-frequent-impute region, one-hot region and plan, standard-scale the 17 numeric inputs. Each side runs in its own process (peak RSS is that process's, data included); danfojs-node's DataFrame is built from the same columns before its clock starts, scikit-learn's from pandas.read_csv (not timed). 1-minute load average ${load} before, ${os.loadavg()[0]!.toFixed(2)} after (other work shares this 2-core machine).

${table(['run', 'fit + apply s', 'vs engine', 'peak RSS MB', 'output columns'], rows)}

The engine's transforms run on the typed-array path; danfojs-node stays the reference its tests compare against (ml/transforms/danfo-reference.test.ts) rather than the training path, for the time and memory above.`;
  writeSection('transforms', 'ML preprocessing (bench/transforms.ts)', 'npm run bench:transforms', body);
  console.log(body);
}

const [side, rowsArg] = process.argv.slice(2);
if (side) void child(side, Number(rowsArg));
else void main();
