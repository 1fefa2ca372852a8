import type { DatasetRepository } from '../../../data/dataset.repository';
import { datasetPrefix } from '../../../core/datasets/dataset-keys';
import type { EdaRepository } from '../../../data/eda.repository';
import type { SchemaRepository } from '../../../data/schema.repository';
import type { Publisher } from '../../../core/realtime/publisher';
import type { BlobStore } from '../../../core/storage/blob-store';
import { createWorkDir } from '../../work-dir';
import { streamEda } from '../../eda/progressive';
import { fullReport, summarize } from '../../eda/report';
import { targetRoles } from '../../eda/target-charts';
import { columnHints } from '../../eda/column-hints';
import { startEdaReport } from '../../../core/eda/start-eda-report';
import type { JobOutbox } from '../../../core/outbox/job-outbox';
import { ChartStream } from './chart-stream';
import { rooms } from '../../../contracts/realtime';
import { throttle } from '../../../contracts/throttle';

const PROGRESS_EVERY_MS = 500;

export interface EdaJobDeps {
  reports: EdaRepository;
  datasets: DatasetRepository;
  schemas: Pick<SchemaRepository, 'accepted'>;
  /** Queues the follow-up report when a schema was accepted while this one ran. */
  outbox: JobOutbox;
  store: BlobStore;
  publisher: Publisher;
  /** Reports below this size live in Postgres; larger ones go to the blob store (seed: 1 MB). */
  inlineMaxBytes: number;
  tmpRoot?: string;
}

/**
 * Test-only: milliseconds to wait between the sampled and the exact pass, so browser tests can watch
 * a report while it runs. Read from `PIPEWEAVE_TEST_EDA_EXACT_DELAY_MS`; unset (0) everywhere else.
 */
function exactPassDelayMs(): number {
  const value = Number(process.env.PIPEWEAVE_TEST_EDA_EXACT_DELAY_MS ?? 0);
  return Number.isFinite(value) && value > 0 ? value : 0;
}

/**
 * The EDA job: streams charts to the dataset room as they are drawn (sampled first, then exact),
 * keeping the list so far on the report for late joiners, then stores the report (Postgres below
 * `inlineMaxBytes`, else the blob store) and the summary.
 */
export async function runEdaReport(deps: EdaJobDeps, reportId: string): Promise<void> {
  const report = await deps.reports.findById(reportId);
  if (!report || report.status !== 'running') return;
  const dataset = await deps.datasets.findLive(report.datasetId);
  if (!dataset?.s3KeyProcessed) {
    return failEdaReport(deps, reportId, 'The dataset is gone or has no processed copy.');
  }
  const room = rooms.dataset(dataset.id);
  const progress = throttle((percent: number, step: string) => {
    const p = Math.max(0, Math.min(100, Math.round(percent)));
    deps.publisher.emit(room, 'eda:progress', { reportId, progress: p, step });
    void deps.reports.update(reportId, { progressPercentage: p, currentStep: step }).catch(() => {});
  }, PROGRESS_EVERY_MS);
  const charts = new ChartStream(
    (list) => deps.reports.savePartialCharts(reportId, list),
    (chart) => deps.publisher.emit(room, 'eda:chart', { reportId, chart })
  );

  const started = performance.now();
  const work = await createWorkDir('pw-eda-', deps.tmpRoot);
  try {
    const { path: parquet } = await work.localCopy(deps.store, dataset.s3KeyProcessed, 'data.parquet');
    // The schema is read once: a report follows one accepted schema from start to end.
    const schema = await deps.schemas.accepted(dataset.id);
    const { stats, extraCharts, ignored } = await streamEda(parquet, {
      onChart: (chart) => charts.push(chart),
      onProgress: progress.call,
      roles: targetRoles(schema?.proposedSchema),
      hints: columnHints(schema?.proposedSchema),
      tempDirectory: work.path,
      exactPassDelayMs: exactPassDelayMs()
    });
    await charts.flush();
    const body = JSON.stringify(fullReport(stats, extraCharts, ignored));
    const size = Buffer.byteLength(body);
    const where =
      size < deps.inlineMaxBytes
        ? { storageLocation: 'postgres' as const, fullReport: JSON.parse(body) as Record<string, unknown> }
        : await storeInBlob(deps.store, dataset.userId, dataset.id, body);
    await deps.reports.update(reportId, {
      ...where,
      status: 'completed',
      // Which accepted schema the report follows, so a later acceptance shows it as out of date.
      summary: { ...summarize(stats), schemaDeductionId: schema?.id ?? null },
      reportSizeBytes: size,
      generationTimeSeconds: (performance.now() - started) / 1000,
      progressPercentage: 100,
      currentStep: 'Done'
    });
    progress.cancel();
    deps.publisher.emit(room, 'eda:progress', { reportId, progress: 100, step: 'Done' });
    deps.publisher.emit(room, 'eda:completed', { reportId, datasetId: dataset.id, status: 'completed' });
    await followNewerSchema(deps, dataset.id, report.userId, schema?.id ?? null);
  } finally {
    progress.cancel();
    await charts.flush();
    await work.remove();
  }
}

/**
 * A schema accepted while this report ran could not start its own report (one runs per dataset at a
 * time): the report it asked for starts now.
 */
async function followNewerSchema(
  deps: EdaJobDeps,
  datasetId: string,
  userId: string,
  followed: string | null
) {
  const now = await deps.schemas.accepted(datasetId);
  if ((now?.id ?? null) === followed) return;
  await startEdaReport({ repo: deps.reports, outbox: deps.outbox }, datasetId, userId);
}

/** A failed report says why and never stays `running`. */
export async function failEdaReport(deps: EdaJobDeps, reportId: string, message: string): Promise<void> {
  const report = await deps.reports.findById(reportId);
  if (!report || report.status !== 'running') return;
  await deps.reports.update(reportId, {
    status: 'failed',
    errorMessage: message,
    currentStep: 'Failed',
    fullReport: null
  });
  deps.publisher.emit(rooms.dataset(report.datasetId), 'eda:completed', {
    reportId,
    datasetId: report.datasetId,
    status: 'failed',
    errorMessage: message
  });
}

async function storeInBlob(store: BlobStore, userId: string, datasetId: string, body: string) {
  const ts = new Date()
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/:/g, '-');
  const key = `${datasetPrefix(userId, datasetId)}metadata/eda_report_${ts}.json`;
  await store.write(key, body, { contentType: 'application/json' });
  return { storageLocation: 's3' as const, fullReport: null, s3Bucket: store.bucket, s3Key: key };
}
