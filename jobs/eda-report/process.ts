import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DatasetRepository } from '../../server/datasets/dataset.repository';
import { datasetPrefix } from '../../server/datasets/dataset-keys';
import type { EdaRepository } from '../../server/eda/eda.repository';
import type { Publisher } from '../../server/realtime/publisher';
import type { BlobStore } from '../../server/storage/blob-store';
import { downloadToFile } from '../dataset-validate/download';
import { chartForColumn, fullReport } from '../eda/charts';
import { computeEda, type EdaStats } from '../eda/stats';

const PROGRESS_EVERY_MS = 500;

export interface EdaJobDeps {
  reports: EdaRepository;
  datasets: DatasetRepository;
  store: BlobStore;
  publisher: Publisher;
  /** Reports below this size live in Postgres; larger ones go to the blob store (seed: 1 MB). */
  inlineMaxBytes: number;
  tmpRoot?: string;
}

/**
 * The EDA job: scans the Parquet copy, streams each column's chart to the dataset room as soon as
 * it is ready, then stores the report (Postgres below 1 MB, else the blob store) and the summary.
 */
export async function runEdaReport(deps: EdaJobDeps, reportId: string): Promise<void> {
  const report = await deps.reports.findById(reportId);
  if (!report || report.status !== 'running') return;
  const dataset = await deps.datasets.findLive(report.datasetId);
  if (!dataset?.s3KeyProcessed) {
    return failEdaReport(deps, reportId, 'The dataset is gone or has no processed copy.');
  }
  const room = `dataset:${dataset.id}`;
  let last = 0;
  const progress = (percent: number, step: string) => {
    if (Date.now() - last < PROGRESS_EVERY_MS && percent < 100) return;
    last = Date.now();
    const p = Math.max(0, Math.min(100, Math.round(percent)));
    deps.publisher.emit(room, 'eda:progress', { reportId, progress: p, step });
    void deps.reports.update(reportId, { progressPercentage: p, currentStep: step }).catch(() => {});
  };

  const started = performance.now();
  const workDir = await fs.mkdtemp(path.join(deps.tmpRoot ?? os.tmpdir(), 'pw-eda-'));
  try {
    let parquet = deps.store.localPath?.(dataset.s3KeyProcessed);
    if (!parquet) {
      parquet = path.join(workDir, 'data.parquet');
      await downloadToFile(deps.store, dataset.s3KeyProcessed, parquet);
    }
    const stats = await computeEda(parquet, {
      onProgress: (p, step) => progress(p * 0.95, step),
      onColumn: (column) => {
        const chart = chartForColumn(column);
        if (chart) deps.publisher.emit(room, 'eda:chart', { reportId, chart });
      }
    });
    const body = JSON.stringify(fullReport(stats));
    const size = Buffer.byteLength(body);
    const where =
      size < deps.inlineMaxBytes
        ? { storageLocation: 'postgres' as const, fullReport: JSON.parse(body) as Record<string, unknown> }
        : await storeInBlob(deps.store, dataset.userId, dataset.id, body);
    await deps.reports.update(reportId, {
      ...where,
      status: 'completed',
      summary: summarize(stats),
      reportSizeBytes: size,
      generationTimeSeconds: (performance.now() - started) / 1000,
      progressPercentage: 100,
      currentStep: 'Done'
    });
    deps.publisher.emit(room, 'eda:progress', { reportId, progress: 100, step: 'Done' });
    deps.publisher.emit(room, 'eda:completed', { reportId, datasetId: dataset.id, status: 'completed' });
  } finally {
    await fs.rm(workDir, { recursive: true, force: true });
  }
}

/** A failed report says why and never stays `running`. */
export async function failEdaReport(deps: EdaJobDeps, reportId: string, message: string): Promise<void> {
  const report = await deps.reports.findById(reportId);
  if (!report || report.status !== 'running') return;
  await deps.reports.update(reportId, { status: 'failed', errorMessage: message, currentStep: 'Failed' });
  deps.publisher.emit(`dataset:${report.datasetId}`, 'eda:completed', {
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

/** Always in Postgres (and GIN-indexed): the figures lists and dashboards need without the body. */
export function summarize(stats: EdaStats): Record<string, unknown> {
  const dtypes: Record<string, number> = {};
  for (const c of stats.columnStats) dtypes[c.kind] = (dtypes[c.kind] ?? 0) + 1;
  return {
    rows: stats.rows,
    columns: stats.columns,
    missingCellsPercent: stats.missingCellsPercent,
    duplicateRows: stats.duplicateRows,
    memoryBytes: stats.memoryBytes,
    dtypes,
    warnings: stats.warnings.length
  };
}
