import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startChild } from './support/child';
import { freshDatabase } from './support/database';
import { generateMixedCsv } from './support/generate-csv';
import { table, writeSection } from './support/report';

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

function peakRssMb(pid: number): number {
  return Number(fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+)/)![1]) / 1024;
}

async function main(): Promise<void> {
  fs.mkdirSync(DIR, { recursive: true });
  const csv = path.join(DIR, `mixed-${ROWS}x20.csv`);
  if (!fs.existsSync(csv)) generateMixedCsv(csv, ROWS);
  const size = fs.statSync(csv).size;

  const dataDir = path.join(DIR, 'studio');
  fs.rmSync(dataDir, { recursive: true, force: true });
  const server = await startChild('bench/support/ingest-server.ts', {
    DATABASE_URL: await freshDatabase('pipeweave_bench_ingest'),
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: `pw-bench-ingest-${Date.now()}`,
    PIPEWEAVE_DATA_DIR: dataDir
  });
  const ours: number[] = [];
  let oursRss = 0;
  try {
    const reg = await fetch(`${server.url}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: `ingest.${Date.now()}@example.test`,
        password: 'benchmark password',
        fullName: 'Bench'
      })
    });
    const cookie = reg.headers.getSetCookie()[0]!.split(';')[0]!;
    const api = (p: string, init: RequestInit = {}) =>
      fetch(`${server.url}${p}`, {
        ...init,
        headers: { cookie, 'content-type': 'application/json', ...(init.headers ?? {}) }
      });

    for (let run = 0; run < RUNS; run++) {
      const created = (await (
        await api('/api/datasets', {
          method: 'POST',
          body: JSON.stringify({ name: 'bench', fileName: 'bench.csv', fileSize: size })
        })
      ).json()) as { dataset: { id: string }; upload: { url: string; headers: Record<string, string> } };
      const put = await fetch(new URL(created.upload.url, server.url), {
        method: 'PUT',
        headers: { ...created.upload.headers, 'content-length': String(size) },
        body: fs.createReadStream(csv) as unknown as BodyInit,
        duplex: 'half'
      } as RequestInit);
      if (!put.ok) throw new Error(`upload failed: ${put.status}`);
      const started = performance.now();
      const complete = await api(`/api/datasets/${created.dataset.id}/complete`, { method: 'POST' });
      if (complete.status !== 202)
        throw new Error(`complete failed: ${complete.status} ${await complete.text()}`);
      for (;;) {
        const { dataset } = (await (await api(`/api/datasets/${created.dataset.id}`)).json()) as {
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
      // Frees the hash for the next run (only live rows must be unique).
      await api(`/api/datasets/${created.dataset.id}`, { method: 'DELETE' });
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
