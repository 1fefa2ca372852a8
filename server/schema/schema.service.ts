import { z } from 'zod';
import type { ColumnMetadataDto, ProposedSchema, SchemaDeductionDto } from '../../contracts/api';
import type { Page, PageQuery } from '../../contracts/pagination';
import type { SchemaDeduction } from '../../models';
import type { AccessService } from '../../core/access/access.service';
import { isUuid } from '../../contracts/resources';
import { DatasetGuard } from '../datasets/dataset-guard';
import type { DatasetRepository } from '../../data/dataset.repository';
import { InvalidInput, Conflict, NotFound } from '../../contracts/errors';
import { decodeCursor, encodeCursor, exactTime, toPage } from '../pagination/cursor';
import type { JobOutbox } from '../../core/outbox/job-outbox';
import type { Publisher } from '../../core/realtime/publisher';
import { toDeductionDto } from './schema.dto';
import type { SchemaRepository } from '../../data/schema.repository';
import { rooms } from '../../contracts/realtime';
import type { EdaRepository } from '../../data/eda.repository';
import { startEdaReport } from '../../core/eda/start-eda-report';

export interface SchemaServiceDeps {
  repo: SchemaRepository;
  datasets: DatasetRepository;
  access: AccessService;
  outbox: JobOutbox;
  publisher: Publisher;
  /** Accepting a schema re-runs the dataset's report, which reads columns as the schema says. */
  eda: Pick<EdaRepository, 'running' | 'start'>;
}

/** Schema deductions: proposed by the schema job, then accepted (possibly edited) or rejected by people. */
export class SchemaService {
  private readonly datasets: DatasetGuard;

  constructor(private readonly deps: SchemaServiceDeps) {
    this.datasets = new DatasetGuard(deps.access, deps.datasets);
  }

  private dataset(userId: string, datasetId: string, role: 'viewer' | 'editor') {
    return this.datasets.visible(userId, datasetId, role);
  }

  async latest(userId: string, datasetId: string): Promise<SchemaDeductionDto> {
    await this.dataset(userId, datasetId, 'viewer');
    const latest = await this.deps.repo.latest(datasetId);
    if (!latest) throw new NotFound('Schema deduction for this dataset', 'schema_not_found');
    return toDeductionDto(latest);
  }

  async history(userId: string, datasetId: string, page: PageQuery): Promise<Page<SchemaDeductionDto>> {
    await this.dataset(userId, datasetId, 'viewer');
    const after = decodeCursor('deductions', page.cursor, { t: exactTime, id: z.uuid() });
    const rows = await this.deps.repo.history(datasetId, { limit: page.limit + 1, after });
    return toPage(rows, page.limit, toDeductionDto, (d) =>
      encodeCursor('deductions', { t: d.get('cursorAt'), id: d.id })
    );
  }

  /**
   * Queues a deduction unless one is already queued or running for the dataset (each may call the
   * language model): false then, and that deduction's proposal answers this request too.
   */
  async requestDeduction(userId: string, datasetId: string): Promise<boolean> {
    await this.datasets.validated(userId, datasetId, 'editor', 'A schema can be deduced');
    return this.deps.outbox.transaction((t) =>
      this.deps.outbox.add(t, 'schema-deduce', datasetId, { datasetId, userId })
    );
  }

  async accept(userId: string, deductionId: string, edited?: ProposedSchema): Promise<SchemaDeductionDto> {
    const deduction = await this.deduction(userId, deductionId);
    const dataset = await this.dataset(userId, deduction.datasetId, 'editor');
    const edits = edited ? withOverrides(deduction, edited, dataset.columnNames ?? []) : undefined;
    const accepted = await this.deps.repo.accept(deductionId, deduction.datasetId, edits);
    if (!accepted) throw notOpen(deduction);
    this.announce(accepted);
    // While a report runs this returns that one; the job then starts the re-run when it ends
    // (jobs/processors/eda-report/process.ts), since one report runs per dataset at a time.
    await startEdaReport({ repo: this.deps.eda, outbox: this.deps.outbox }, deduction.datasetId, userId);
    return toDeductionDto(accepted);
  }

  async reject(userId: string, deductionId: string, reason: string): Promise<SchemaDeductionDto> {
    const deduction = await this.deduction(userId, deductionId);
    await this.dataset(userId, deduction.datasetId, 'editor');
    const rejected = await this.deps.repo.reject(deductionId, reason);
    if (!rejected) throw notOpen(deduction);
    this.announce(rejected);
    return toDeductionDto(rejected);
  }

  private announce(d: SchemaDeduction): void {
    this.deps.publisher.emit(rooms.dataset(d.datasetId), 'schema:status', {
      datasetId: d.datasetId,
      deductionId: d.id,
      status: d.status
    });
  }

  private async deduction(userId: string, id: string): Promise<SchemaDeduction> {
    const deduction = isUuid(id) ? await this.deps.repo.findById(id) : null;
    if (!deduction) throw new NotFound('Schema deduction');
    // Visibility follows the dataset: unknown and foreign deductions look the same, down to the
    // message, so a deduction id never tells an outsider that it exists.
    await this.dataset(userId, deduction.datasetId, 'viewer').catch((err: unknown) => {
      throw err instanceof NotFound ? new NotFound('Schema deduction') : err;
    });
    return deduction;
  }
}

const notOpen = (d: SchemaDeduction) =>
  new Conflict(
    `This deduction is ${d.status}; only an open proposal can be accepted or rejected.`,
    'deduction_not_open',
    { status: d.status }
  );

/**
 * Checks a user's edited schema against the dataset's columns and records, per changed column,
 * what the deduction had proposed — so the history shows which guesses people corrected.
 */
export function withOverrides(
  deduction: Pick<SchemaDeduction, 'proposedSchema' | 'columnMetadata'>,
  edited: ProposedSchema,
  columnNames: string[]
): { proposedSchema: Record<string, unknown>; columnMetadata: Record<string, unknown> } {
  const names = edited.columns.map((c) => c.name);
  const unknown = names.filter((n) => !columnNames.includes(n));
  const missing = columnNames.filter((n) => !names.includes(n));
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  if (unknown.length || missing.length || repeated.length) {
    throw new InvalidInput(
      'The schema must list each column of the dataset exactly once.',
      { unknown, missing, repeated },
      'schema_columns_mismatch'
    );
  }
  const before = new Map(
    ((deduction.proposedSchema as unknown as ProposedSchema).columns ?? []).map((c) => [c.name, c])
  );
  const metadata = { ...(deduction.columnMetadata as Record<string, ColumnMetadataDto>) };
  for (const col of edited.columns) {
    const was = before.get(col.name);
    if (was && (was.type !== col.type || was.role !== col.role || was.format !== col.format)) {
      metadata[col.name] = {
        ...(metadata[col.name] ?? { confidence: 1, sampleValues: [], reason: '' }),
        overridden: {
          type: was.type,
          ...(was.role ? { role: was.role } : {}),
          ...(was.format ? { format: was.format } : {})
        }
      };
    }
  }
  return { proposedSchema: edited as unknown as Record<string, unknown>, columnMetadata: metadata };
}
