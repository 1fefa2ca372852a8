import { DuckDBInstance } from '@duckdb/node-api';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { deduceSchema } from '../jobs/schema/deduce';
import { sqlString } from '../jobs/validation/read-csv-sql';
import { writeBenchParquet } from './support/schema-parquet';
import { table, writeSection } from './support/report';

/**
 * Schema deduction on a validated 1,000,000 × 20 dataset (its Parquet copy: no second CSV parse)
 * beside DuckDB's own SUMMARIZE of the same file. Target: < 2 s after validation.
 */
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const RUNS = 3;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function summarize(file: string): Promise<number> {
  const db = await DuckDBInstance.create(':memory:', { threads: '2' });
  const conn = await db.connect();
  const started = performance.now();
  await conn.runAndReadAll(`SUMMARIZE SELECT * FROM read_parquet(${sqlString(file)})`);
  const seconds = (performance.now() - started) / 1000;
  conn.closeSync();
  db.closeSync();
  return seconds;
}

async function main(): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pw-bench-schema-'));
  try {
    const file = path.join(dir, 'data.parquet');
    await writeBenchParquet(file, ROWS);
    const ours: number[] = [];
    const ref: number[] = [];
    let columns = 0;
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      const result = await deduceSchema(file, { model: null });
      ours.push((performance.now() - started) / 1000);
      columns = result.proposedSchema.columns.length;
      ref.push(await summarize(file));
    }
    const body = `${ROWS.toLocaleString('en')} rows × ${columns} columns (integers, floats, booleans, yes/no, categories, dates as text in two formats, DATE, UUIDs, free text, sparse notes), median of ${RUNS} runs, deterministic path (no LLM).

${table(
  ['path', 'seconds (median)'],
  [
    ['DuckDB SUMMARIZE on the Parquet copy (reference)', median(ref).toFixed(2)],
    ['PipeWeave deduceSchema (profile + infer)', median(ours).toFixed(2)]
  ]
)}

Target < 2 s after validation: **${median(ours) < 2 ? 'met' : 'not met'}**.`;
    console.log(body);
    writeSection('schema', 'Schema deduction (bench/schema.ts)', 'npm run bench:schema', body);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
