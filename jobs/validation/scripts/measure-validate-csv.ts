/**
 * Measures validateCsv against the raw DuckDB conversion it must stay close to (≤ 1.3×), on a
 * generated 1,000,000 × 20 CSV of numbers and categories with missing values (~150 MB).
 * Each side runs in its own child process so peak RSS is measured separately; runs alternate to
 * spread machine noise evenly.
 *
 * Usage: tsx jobs/validation/scripts/measure-validate-csv.ts [runs=5] [dir=/tmp/pipeweave-measure]
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateCsv } from '../validate-csv';

const ROWS = 1_000_000;

function generate(path: string): void {
  let seed = 12345;
  const random = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
  const colours = ['red', 'green', 'blue', 'yellow', 'purple'];
  const cities = ['Paris', 'Berlin', 'New York', 'São Paulo', 'Tokyo', 'Lagos'];
  const kinds = Array.from({ length: 20 }, (_, c) => c % 4);
  const names = kinds.map((k, c) => [`int_${c}`, `float_${c}`, `colour_${c}`, `city_${c}`][k]);
  const fd = openSync(path, 'w');
  let buffer = names.join(',') + '\n';
  for (let i = 0; i < ROWS; i++) {
    buffer +=
      kinds
        .map((k) => {
          if (random() < 0.05) return '';
          if (k === 0) return String(Math.floor(random() * 1_000_000));
          if (k === 1) return (random() * 10_000).toFixed(4);
          if (k === 2) return colours[Math.floor(random() * colours.length)];
          return cities[Math.floor(random() * cities.length)];
        })
        .join(',') + '\n';
    if (buffer.length > 1 << 20) {
      writeSync(fd, buffer);
      buffer = '';
    }
  }
  writeSync(fd, buffer);
  closeSync(fd);
}

async function parquetTypes(path: string): Promise<string> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const reader = await connection.runAndReadAll(
    `SELECT column_type FROM (DESCRIBE SELECT * FROM read_parquet('${path}'))`
  );
  const types = reader.getRows().flat().join(',');
  connection.closeSync();
  instance.closeSync();
  return types;
}

async function child(mode: string, csv: string, workDir: string): Promise<void> {
  const started = performance.now();
  let rows = 0;
  let parquet: string;
  if (mode === 'reference') {
    parquet = join(workDir, 'reference.parquet');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const result = await connection.run(
      `COPY (SELECT * FROM read_csv('${csv}')) TO '${parquet}' (FORMAT parquet)`
    );
    rows = Number((await result.getRows())[0]?.[0]);
    connection.closeSync();
    instance.closeSync();
  } else {
    const result = await validateCsv(csv, { workDir });
    if (result.status !== 'validated') throw new Error(JSON.stringify(result.errors));
    rows = result.numRows ?? 0;
    parquet = result.parquetPath!;
  }
  const seconds = (performance.now() - started) / 1000;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ mode, seconds, rows, peakRssMb, types: await parquetTypes(parquet) }));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  const [, , first, ...rest] = process.argv;
  if (first === '--child') return child(rest[0]!, rest[1]!, rest[2]!);
  const runs = Number(first ?? 5);
  const dir = rest[0] ?? '/tmp/pipeweave-measure';
  mkdirSync(dir, { recursive: true });
  const csv = join(dir, 'mixed-1m-x20.csv');
  if (!existsSync(csv)) generate(csv);
  const self = fileURLToPath(import.meta.url);
  const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
  const samples: Record<string, Array<{ seconds: number; peakRssMb: number }>> = {
    reference: [],
    validate: []
  };
  for (let run = 0; run < runs; run++) {
    for (const mode of run % 2 === 0 ? ['reference', 'validate'] : ['validate', 'reference']) {
      const workDir = mkdtempSync(join(dir, 'work-'));
      const output = execFileSync(tsx, [self, '--child', mode, csv, workDir], { encoding: 'utf8' });
      rmSync(workDir, { recursive: true, force: true });
      const sample = JSON.parse(output.trim().split('\n').at(-1)!) as Sample;
      samples[mode]!.push(sample);
      console.log(
        `run ${run + 1} ${mode.padEnd(9)} ${sample.seconds.toFixed(2)} s  peak RSS ${sample.peakRssMb.toFixed(0)} MB`
      );
    }
  }
  const [reference, validated] = [samples.reference![0]!, samples.validate![0]!];
  const same = reference.rows === validated.rows && reference.types === validated.types;
  console.log(
    `same rows and column types as the reference: ${same} (${validated.rows} rows; ${validated.types})`
  );
  const ref = median(samples.reference!.map((s) => s.seconds));
  const val = median(samples.validate!.map((s) => s.seconds));
  console.log(
    `median: reference ${ref.toFixed(2)} s, validateCsv ${val.toFixed(2)} s, ratio ${(val / ref).toFixed(2)}×; ` +
      `peak RSS reference ${Math.max(...samples.reference!.map((s) => s.peakRssMb)).toFixed(0)} MB, ` +
      `validateCsv ${Math.max(...samples.validate!.map((s) => s.peakRssMb)).toFixed(0)} MB`
  );
}

await main();
