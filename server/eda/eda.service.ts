import type { EdaReportDto } from '../../contracts/api';
import type { AccessService } from '../../core/access/access.service';
import { DatasetGuard } from '../datasets/dataset-guard';
import type { DatasetRepository } from '../../data/dataset.repository';
import { NotFound } from '../../contracts/errors';
import type { JobOutbox } from '../../core/outbox/job-outbox';
import type { BlobStore } from '../../core/storage/blob-store';
import { toEdaDto } from '../../core/eda/eda.dto';
import { startEdaReport } from '../../core/eda/start-eda-report';
import type { EdaRepository } from '../../data/eda.repository';
import type { SchemaRepository } from '../../data/schema.repository';

export interface EdaServiceDeps {
  repo: EdaRepository;
  datasets: DatasetRepository;
  access: AccessService;
  store: BlobStore;
  outbox: JobOutbox;
  schemas: Pick<SchemaRepository, 'accepted'>;
}

/** EDA reports: queued per dataset, read back with the full report inlined wherever it is stored. */
export class EdaService {
  private readonly datasets: DatasetGuard;

  constructor(private readonly deps: EdaServiceDeps) {
    this.datasets = new DatasetGuard(deps.access, deps.datasets);
  }

  private dataset(userId: string, datasetId: string, role: 'viewer' | 'editor') {
    return this.datasets.validated(userId, datasetId, role, 'An EDA report can be made');
  }

  async request(userId: string, datasetId: string): Promise<EdaReportDto> {
    await this.dataset(userId, datasetId, 'editor');
    return toEdaDto(await startEdaReport(this.deps, datasetId, userId), null);
  }

  async latest(userId: string, datasetId: string): Promise<EdaReportDto> {
    await this.dataset(userId, datasetId, 'viewer');
    const report = await this.deps.repo.latest(datasetId);
    if (!report) throw new NotFound('EDA report for this dataset', 'eda_not_found');
    let full = report.fullReport;
    if (report.status === 'completed' && report.storageLocation === 's3' && report.s3Key) {
      const chunks: Buffer[] = [];
      for await (const chunk of await this.deps.store.read(report.s3Key)) chunks.push(chunk as Buffer);
      full = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    }
    const dto = toEdaDto(report, full);
    if (report.status === 'completed') {
      // The job records the accepted schema it followed (jobs/processors/eda-report/process.ts).
      const followed = (report.summary as { schemaDeductionId?: unknown }).schemaDeductionId ?? null;
      const accepted = (await this.deps.schemas.accepted(datasetId))?.id ?? null;
      dto.stale = followed !== accepted;
    }
    return dto;
  }
}
