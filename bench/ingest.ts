import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { generateMixedCsv } from './support/generate-csv';
import { table, writeSection } from './support/report';
import { createAndUpload, registerUser, startStudio, type Api } from './support/studio-client';

/**
 * Dataset ingest: our complete → validated → Parquet path (streamed SHA-256, Bee-Queue job, download
 * from the blob store, validation + conversion, Parquet and preview upload, row update) against raw
 * DuckDB read_csv + COPY TO parquet and a typed PapaParse parse, on the same generated file.
 * Target: ours ≤ 1.5× raw DuckDB and peak RSS < 1 GB.
 */
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const DIR = '/tmp/pipeweave-bench-ingest';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function reference(
  mode: 'duckdb' | 'papaparse',
  csv: string
): { seconds: number; rows: number; peakRssMb: number } {
  const out = path.join(DIR, 'reference.parquet');
  fs.rmSync(out, { force: true });
  const stdout = execFileSync(
    process.execPath,
    ['--import', 'tsx', 'bench/support/reference-ingest.ts', mode, csv, out],
    { encoding: 'utf8' }
  );
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

async function edaSettled(api: Api, datasetId: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const res = await api(`/api/datasets/${datasetId}/eda`);
    const report = res.ok ? ((await res.json()) as { report: { status: string } }).report : null;
    if (report && report.status !== 'running') return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the EDA report did not finish');
}

function peakRssMb(pid: number): number {
  return Number(fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+)/)![1]) / 1024;
}

async function main(): Promise<void> {
  fs.mkdirSync(DIR, { recursive: true });
  const csv = path.join(DIR, `mixed-${ROWS}x20.csv`);
  if (!fs.existsSync(csv)) generateMixedCsv(csv, ROWS);
  const size = fs.statSync(csv).size;

  const server = await startStudio('ingest', path.join(DIR, 'studio'));
  const ours: number[] = [];
  let oursRss = 0;
  try {
    const { api } = await registerUser(server.url, 'ingest');
    for (let run = 0; run < RUNS; run++) {
      const id = await createAndUpload(api, server.url, csv);
      const started = performance.now();
      const complete = await api(`/api/datasets/${id}/complete`, { method: 'POST' });
      if (complete.status !== 202)
        throw new Error(`complete failed: ${complete.status} ${await complete.text()}`);
      for (;;) {
        const { dataset } = (await (await api(`/api/datasets/${id}`)).json()) as {
          dataset: { status: string; numRows: number };
        };
        if (dataset.status === 'failed') throw new Error('validation failed');
        if (dataset.status === 'validated') {
          if (dataset.numRows !== ROWS) throw new Error(`expected ${ROWS} rows, got ${dataset.numRows}`);
          break;
        }
        await new Promise((r) => setTimeout(r, 25));
      }
      ours.push((performance.now() - started) / 1000);
      // The EDA report queued after validation finishes before the next run, which would share
      // the CPU with it otherwise.
      await edaSettled(api, id);
      // Frees the hash for the next run (only live rows must be unique).
      await api(`/api/datasets/${id}`, { method: 'DELETE' });
    }
  } finally {
    oursRss = peakRssMb(server.proc.pid!);
    await server.stop();
  }

  const duck = Array.from({ length: RUNS }, () => reference('duckdb', csv));
  const papa = Array.from({ length: RUNS }, () => reference('papaparse', csv));
  const duckSeconds = median(duck.map((r) => r.seconds));
  const oursSeconds = median(ours);
  const rows = [
    [
      'raw DuckDB read_csv + COPY TO parquet (reference)',
      duckSeconds.toFixed(2),
      '1.00×',
      Math.round(Math.max(...duck.map((r) => r.peakRssMb)))
    ],
    [
      'PapaParse streamed typed parse (no output)',
      median(papa.map((r) => r.seconds)).toFixed(2),
      `${(median(papa.map((r) => r.seconds)) / duckSeconds).toFixed(2)}×`,
      Math.round(Math.max(...papa.map((r) => r.peakRssMb)))
    ],
    [
      'PipeWeave complete → validated (SHA-256, queue, validate, Parquet + preview upload)',
      oursSeconds.toFixed(2),
      `${(oursSeconds / duckSeconds).toFixed(2)}×`,
      `${Math.round(oursRss)} (whole studio process)`
    ]
  ];
  const met = oursSeconds <= 1.5 * duckSeconds && oursRss < 1024;
  const body = `${ROWS.toLocaleString('en')} × 20 generated CSV (${(size / 1e6).toFixed(0)} MB; integers, floats, two categorical kinds, 5 % missing), local-disk blob store, median of ${RUNS} runs; each reference in its own process.

${table(['path', 'seconds (median)', 'vs DuckDB', 'peak RSS MB'], rows)}

Target ≤ 1.5× raw DuckDB and peak RSS < 1 GB: **${met ? 'met' : 'not met'}**.`;
  console.log(body);
  writeSection('ingest', 'Dataset ingest (bench/ingest.ts)', 'npm run bench:ingest', body);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
