import type { EdaReportDto } from '../../contracts/api';
import { UniqueConstraintError, type Transaction } from 'sequelize';
import type { AccessService } from '../access/access.service';
import { DatasetGuard } from '../datasets/dataset-guard';
import type { DatasetRepository } from '../datasets/dataset.repository';
import { NotFound } from '../domain/errors';
import type { JobOutbox } from '../outbox/job-outbox';
import type { BlobStore } from '../storage/blob-store';
import { toEdaDto } from './eda.dto';
import type { EdaRepository } from './eda.repository';

/** 2: sampled first pass, warnings with explanations, exact quantiles from value bins. */
export const EDA_REPORT_VERSION = '2';

export interface EdaServiceDeps {
  repo: EdaRepository;
  datasets: DatasetRepository;
  access: AccessService;
  store: BlobStore;
  outbox: JobOutbox;
}

/** EDA reports: queued per dataset, read back with the full report inlined wherever it is stored. */
export class EdaService {
  private readonly datasets: DatasetGuard;

  constructor(private readonly d: EdaServiceDeps) {
    this.datasets = new DatasetGuard(d.access, d.datasets);
  }

  private dataset(userId: string, datasetId: string, role: 'viewer' | 'editor') {
    return this.datasets.validated(userId, datasetId, role, 'An EDA report can be made');
  }

  async request(userId: string, datasetId: string): Promise<EdaReportDto> {
    await this.dataset(userId, datasetId, 'editor');
    return toEdaDto(await startEdaReport(this.d, datasetId, userId), null);
  }

  async latest(userId: string, datasetId: string): Promise<EdaReportDto> {
    await this.dataset(userId, datasetId, 'viewer');
    const report = await this.d.repo.latest(datasetId);
    if (!report) throw new NotFound('EDA report for this dataset', 'eda_not_found');
    let full = report.fullReport;
    if (report.status === 'completed' && report.storageLocation === 's3' && report.s3Key) {
      const chunks: Buffer[] = [];
      for await (const chunk of await this.d.store.read(report.s3Key)) chunks.push(chunk as Buffer);
      full = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    }
    return toEdaDto(report, full);
  }
}

/**
 * Creates the running report and its job in one transaction (the caller's `t` when given), unless
 * a report is already running for the dataset: that one is returned, even to a concurrent caller.
 */
export async function startEdaReport(
  d: Pick<EdaServiceDeps, 'repo' | 'outbox'>,
  datasetId: string,
  userId: string,
  t?: Transaction
) {
  const start = async (t: Transaction) => {
    const running = await d.repo.running(datasetId, t);
    if (running) return running;
    const report = await d.repo.start(datasetId, userId, EDA_REPORT_VERSION, t);
    await d.outbox.add(t, 'eda-report', report.id, { reportId: report.id });
    return report;
  };
  if (t) return start(t);
  try {
    return await d.outbox.transaction(start);
  } catch (err) {
    const running = err instanceof UniqueConstraintError ? await d.repo.running(datasetId) : null;
    if (running) return running;
    throw err;
  }
}
