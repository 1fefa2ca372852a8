import fs from 'node:fs';
import { io } from 'socket.io-client';
import { startChild } from './child';
import { freshDatabase } from './database';

export interface LiveTimings {
  /** complete → dataset validated. */
  validateSeconds: number;
  /** validated → first `eda:chart` (the missingness chart from the Parquet footer). */
  firstChartSeconds: number;
  /** validated → first histogram (sampled). */
  firstHistogramSeconds: number;
  /** validated → `eda:completed`. */
  completedSeconds: number;
  /** The report's own generationTimeSeconds (job start → stored). */
  generationSeconds: number;
}

/**
 * The studio as users run it (web process with inline workers, on the machine's Postgres and Redis):
 * uploads the CSV and times, from the `dataset:status validated` event, the first EDA chart events
 * a viewer of the dataset receives and the report's completion.
 */
export async function measureLive(csv: string, dataDir: string): Promise<LiveTimings> {
  fs.rmSync(dataDir, { recursive: true, force: true });
  const server = await startChild('bench/support/ingest-server.ts', {
    DATABASE_URL: await freshDatabase('pipeweave_bench_eda'),
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: `pw-bench-eda-${Date.now()}`,
    PIPEWEAVE_DATA_DIR: dataDir
  });
  try {
    const reg = await fetch(`${server.url}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: `eda.${Date.now()}@example.test`,
        password: 'benchmark password',
        fullName: 'Bench'
      })
    });
    const cookie = reg.headers.getSetCookie()[0]!.split(';')[0]!;
    const api = (p: string, init: RequestInit = {}) =>
      fetch(`${server.url}${p}`, { ...init, headers: { cookie, 'content-type': 'application/json' } });
    const size = fs.statSync(csv).size;
    const created = (await (
      await api('/api/datasets', {
        method: 'POST',
        body: JSON.stringify({ name: 'bench', fileName: 'bench.csv', fileSize: size })
      })
    ).json()) as { dataset: { id: string }; upload: { url: string; headers: Record<string, string> } };
    const id = created.dataset.id;
    const socket = io(server.url, {
      path: '/socket.io',
      transports: ['websocket'],
      extraHeaders: { cookie }
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const at: Record<string, number> = {};
    socket.on('dataset:status', (p: { status: string }) => {
      if (p.status === 'validated') at.validated ??= performance.now();
    });
    socket.on('eda:chart', (p: { chart: { id: string } }) => {
      at.firstChart ??= performance.now();
      if (p.chart.id.startsWith('histogram:')) at.firstHistogram ??= performance.now();
    });
    const completed = new Promise<void>((resolve) =>
      socket.on('eda:completed', () => {
        at.completed = performance.now();
        resolve();
      })
    );
    await socket.emitWithAck('subscribe', { room: `dataset:${id}` });
    const put = await fetch(new URL(created.upload.url, server.url), {
      method: 'PUT',
      headers: { ...created.upload.headers, 'content-length': String(size) },
      body: fs.createReadStream(csv) as unknown as BodyInit,
      duplex: 'half'
    } as RequestInit);
    if (!put.ok) throw new Error(`upload failed: ${put.status}`);
    const started = performance.now();
    await api(`/api/datasets/${id}/complete`, { method: 'POST' });
    await completed;
    socket.disconnect();
    const { report } = (await (await api(`/api/datasets/${id}/eda`)).json()) as {
      report: { generationTimeSeconds: number };
    };
    const since = (t: number | undefined) => ((t ?? NaN) - at.validated!) / 1000;
    return {
      validateSeconds: (at.validated! - started) / 1000,
      firstChartSeconds: since(at.firstChart),
      firstHistogramSeconds: since(at.firstHistogram),
      completedSeconds: since(at.completed),
      generationSeconds: report.generationTimeSeconds
    };
  } finally {
    await server.stop();
  }
}
