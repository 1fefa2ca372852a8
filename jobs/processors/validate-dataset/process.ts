import type { Logger } from 'pino';
import type { DatasetRepository } from '../../../data/dataset.repository';
import { publishDatasetStatus } from '../../../core/datasets/dataset-events';
import { previewKey, processedKey, processedVersion } from '../../../core/datasets/dataset-keys';
import type { Publisher } from '../../../core/realtime/publisher';
import type { JobOutbox } from '../../../core/outbox/job-outbox';
import type { EdaRepository } from '../../../data/eda.repository';
import { startEdaReport } from '../../../core/eda/start-eda-report';
import type { BlobStore } from '../../../core/storage/blob-store';
import { validateCsv } from '../../validation/validate-csv';
import { createWorkDir } from '../../work-dir';
import { UPLOAD_CHANGED } from './download';
import { buildPreview } from './preview';
import { rooms } from '../../../contracts/realtime';
import type { ReadOptions } from '../../../contracts/api';

export interface ValidateDatasetDeps {
  repo: DatasetRepository;
  eda: EdaRepository;
  /** Queues the schema deduction and EDA report that follow a successful validation. */
  outbox: JobOutbox;
  store: BlobStore;
  publisher: Publisher;
  log: Logger;
  tmpRoot?: string;
}

const PROGRESS_EVERY_MS = 250;

/**
 * The validation job: validating → (download, validate + convert in one scan, upload Parquet and
 * its preview) → validated | failed. Temp files are removed whatever happens.
 */
export async function validateDataset(
  deps: ValidateDatasetDeps,
  datasetId: string,
  read?: ReadOptions
): Promise<void> {
  const dataset = await deps.repo.findLive(datasetId);
  if (!dataset || !['uploaded', 'validating'].includes(dataset.status)) return; // deleted, or already done
  await deps.repo.update(datasetId, { status: 'validating' });
  publishDatasetStatus(deps.publisher, (await deps.repo.findLive(datasetId))!);

  let lastProgress = 0;
  const progress = (percent: number, step: string) => {
    const now = Date.now();
    if (now - lastProgress < PROGRESS_EVERY_MS && percent < 100) return;
    lastProgress = now;
    deps.publisher.emit(rooms.dataset(datasetId), 'dataset:progress', {
      datasetId,
      progress: Math.round(percent),
      step
    });
  };

  const work = await createWorkDir('pw-validate-', deps.tmpRoot);
  try {
    // A local store's file is read in place (its upload links cannot replace it); an S3 object is
    // streamed to a temp file first, and hashed on the way in case the store let someone overwrite it.
    const { path: csvPath, sha256 } = await work.localCopy(deps.store, dataset.s3KeyRaw, 'raw.csv', () =>
      progress(0, 'Downloading the upload')
    );
    if (sha256 !== null && dataset.fileHashSha256 && sha256 !== dataset.fileHashSha256) {
      await deps.repo.update(datasetId, { status: 'failed', validationErrors: [UPLOAD_CHANGED] });
      publishDatasetStatus(deps.publisher, (await deps.repo.findLive(datasetId))!);
      return;
    }
    // Validation reports 0–100; it gets the 5–90 band of the whole job.
    const result = await validateCsv(csvPath, {
      workDir: work.path,
      onProgress: (p, step) => progress(5 + p * 0.85, step),
      ...(read ? { read } : {})
    });
    if (result.status === 'failed' || !result.parquetPath) {
      await deps.repo.update(datasetId, {
        status: 'failed',
        validationErrors: [...result.errors, ...result.warnings],
        numRows: result.numRows,
        numColumns: result.numColumns,
        columnNames: result.columnNames
      });
    } else {
      progress(92, 'Saving the Parquet copy');
      const key = processedKey(dataset.userId, datasetId, processedVersion(dataset.s3KeyProcessed) + 1);
      const { createReadStream } = await import('node:fs');
      await deps.store.write(key, createReadStream(result.parquetPath), {
        contentType: 'application/vnd.apache.parquet'
      });
      const preview = await buildPreview(result.parquetPath);
      await deps.store.write(previewKey(key), JSON.stringify(preview), { contentType: 'application/json' });
      // `validated` commits with the jobs that follow it: a crash can lose neither without the other.
      await deps.outbox.transaction(async (t) => {
        await deps.repo.update(
          datasetId,
          {
            status: 'validated',
            numRows: result.numRows,
            numColumns: result.numColumns,
            columnNames: result.columnNames,
            validationErrors: result.warnings.length ? result.warnings : null,
            s3KeyProcessed: key
          },
          t
        );
        await deps.outbox.add(t, 'schema-deduce', datasetId, { datasetId, userId: dataset.userId });
        await startEdaReport({ repo: deps.eda, outbox: deps.outbox }, datasetId, dataset.userId, t);
      });
    }
    progress(100, 'Done');
    publishDatasetStatus(deps.publisher, (await deps.repo.findLive(datasetId))!);
  } finally {
    await work.remove();
  }
}

/**
 * The one way validation fails for good (errors after the last retry, a worker lost twice): the
 * dataset ends failed with the reason, never stuck in `validating`, and watchers are told.
 */
export async function failDataset(
  deps: Pick<ValidateDatasetDeps, 'repo' | 'publisher'>,
  datasetId: string,
  reason: string
): Promise<void> {
  const dataset = await deps.repo.findLive(datasetId);
  if (!dataset || !['uploaded', 'validating'].includes(dataset.status)) return;
  await deps.repo.update(datasetId, {
    status: 'failed',
    validationErrors: [{ code: 'processing_error', message: `Validation could not finish: ${reason}` }]
  });
  publishDatasetStatus(deps.publisher, (await deps.repo.findLive(datasetId))!);
}
