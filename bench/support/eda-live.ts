import { io } from 'socket.io-client';
import { createAndUpload, registerUser, startStudio } from './studio-client';
import { rooms } from '../../contracts/realtime';

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
  const server = await startStudio('eda', dataDir);
  try {
    const { cookie, api } = await registerUser(server.url, 'eda');
    const id = await createAndUpload(api, server.url, csv);
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
    await socket.emitWithAck('subscribe', { room: rooms.dataset(id) });
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
