import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ProposedSchema } from '../../contracts/api';
import { Conflict, Forbidden, InvalidInput, NotFound } from '../../contracts/errors';
import { rooms } from '../../contracts/realtime';
import type { DatasetRepository } from '../../data/dataset.repository';
import type { EdaRepository } from '../../data/eda.repository';
import type { SchemaRepository } from '../../data/schema.repository';
import { MemoryAccess } from '../../core/access/testing/memory-access';
import { MemoryOutbox } from '../../core/outbox/testing/memory-outbox';
import { RecordingPublisher } from '../../core/realtime/testing/recording-publisher';
import { MemoryDatasets } from '../datasets/testing/memory-datasets';
import { MemorySchemas } from './testing/memory-schemas';
import { SchemaService } from './schema.service';

const proposal: ProposedSchema = {
  columns: [
    { name: 'age', type: 'integer', nullable: false, role: 'feature' },
    { name: 'income', type: 'float', nullable: true, role: 'feature' },
    { name: 'churned', type: 'boolean', nullable: false, role: 'target' }
  ]
};

/** The reports table as accepting sees it: one running report per dataset at most. */
class MemoryReports {
  readonly started: Array<{ id: string; datasetId: string; userId: string; status: string }> = [];
  async running(datasetId: string) {
    return this.started.find((r) => r.datasetId === datasetId && r.status === 'running') ?? null;
  }
  async start(datasetId: string, userId: string) {
    const row = { id: crypto.randomUUID(), datasetId, userId, status: 'running' };
    this.started.push(row);
    return row;
  }
}

/** A validated dataset with an open proposal, in a workspace of an editor and a viewer. */
function studio(datasetStatus: 'validated' | 'validating' = 'validated') {
  const access = new MemoryAccess();
  const datasets = new MemoryDatasets(access);
  const schemas = new MemorySchemas();
  const outbox = new MemoryOutbox();
  const publisher = new RecordingPublisher();
  const reports = new MemoryReports();
  const workspaceId = crypto.randomUUID();
  const [editor, viewer, outsider] = ['ed', 'vic', 'otto'];
  access.join(workspaceId, editor, 'editor');
  access.join(workspaceId, viewer, 'viewer');
  access.join(crypto.randomUUID(), outsider, 'owner');
  const dataset = datasets.add(workspaceId, {
    status: datasetStatus,
    columnNames: ['age', 'income', 'churned']
  });
  const deduction = schemas.propose(dataset.id, proposal, {
    income: { confidence: 0.6, sampleValues: [1.5], reason: 'decimals' }
  });
  const service = new SchemaService({
    repo: schemas as unknown as SchemaRepository,
    datasets: datasets as unknown as DatasetRepository,
    access: access.service(),
    outbox: outbox.jobOutbox(),
    publisher: publisher.asPublisher(),
    eda: reports as unknown as EdaRepository
  });
  return { service, schemas, outbox, publisher, reports, dataset, deduction, editor, viewer, outsider };
}

describe('who may see and decide schema deductions', () => {
  it('hides the dataset and its deductions from outsiders (404), a foreign deduction like an unknown one', async () => {
    const { service, dataset, deduction, outsider, outbox, schemas } = studio();
    await expect(service.latest(outsider, dataset.id)).rejects.toBeInstanceOf(NotFound);
    await expect(service.requestDeduction(outsider, dataset.id)).rejects.toBeInstanceOf(NotFound);
    const foreign = await service.accept(outsider, deduction.id).catch((e) => e);
    const unknown = await service.accept(outsider, crypto.randomUUID()).catch((e) => e);
    expect(foreign).toBeInstanceOf(NotFound);
    expect(foreign).toMatchObject({ code: unknown.code, message: unknown.message });
    await expect(service.reject(outsider, deduction.id, 'no')).rejects.toBeInstanceOf(NotFound);
    expect(outbox.jobs).toEqual([]);
    expect(schemas.rows[0]!.status).toBe('proposed');
  });

  it('lets a viewer read the proposal but not accept, reject or ask for one (403)', async () => {
    const { service, dataset, deduction, viewer, outbox, publisher, schemas } = studio();
    await expect(service.latest(viewer, dataset.id)).resolves.toMatchObject({ id: deduction.id });
    await expect(service.accept(viewer, deduction.id)).rejects.toBeInstanceOf(Forbidden);
    await expect(service.reject(viewer, deduction.id, 'no')).rejects.toBeInstanceOf(Forbidden);
    await expect(service.requestDeduction(viewer, dataset.id)).rejects.toBeInstanceOf(Forbidden);
    expect(schemas.rows[0]!.status).toBe('proposed');
    expect(outbox.jobs).toEqual([]);
    expect(publisher.emitted).toEqual([]);
  });
});

describe('asking for a deduction', () => {
  it('waits for the dataset to be validated (409 dataset_not_ready) and queues nothing', async () => {
    const { service, dataset, editor, outbox } = studio('validating');
    await expect(service.requestDeduction(editor, dataset.id)).rejects.toMatchObject({
      code: 'dataset_not_ready',
      details: { status: 'validating' }
    });
    expect(outbox.jobs).toEqual([]);
  });

  it('queues one job per dataset while one is open, and a new one once it finished', async () => {
    const { service, dataset, editor, outbox } = studio();
    await expect(service.requestDeduction(editor, dataset.id)).resolves.toBe(true);
    await expect(service.requestDeduction(editor, dataset.id)).resolves.toBe(false);
    expect(outbox.open('schema-deduce')).toMatchObject([
      { subjectId: dataset.id, payload: { datasetId: dataset.id, userId: editor } }
    ]);
    expect(outbox.wakes).toBe(1);
    outbox.finish('schema-deduce', dataset.id);
    await expect(service.requestDeduction(editor, dataset.id)).resolves.toBe(true);
    expect(outbox.wakes).toBe(2);
  });
});

describe('accepting and rejecting', () => {
  it('accepts an open proposal once and announces it to the dataset room once', async () => {
    const { service, dataset, deduction, editor, publisher } = studio();
    await expect(service.accept(editor, deduction.id)).resolves.toMatchObject({ status: 'accepted' });
    const again = await service.accept(editor, deduction.id).catch((e) => e);
    expect(again).toBeInstanceOf(Conflict);
    expect(again).toMatchObject({ code: 'deduction_not_open', details: { status: 'accepted' } });
    await expect(service.reject(editor, deduction.id, 'late')).rejects.toMatchObject({
      code: 'deduction_not_open'
    });
    expect(publisher.emitted).toEqual([
      {
        rooms: [rooms.dataset(dataset.id)],
        event: 'schema:status',
        payload: { datasetId: dataset.id, deductionId: deduction.id, status: 'accepted' }
      }
    ]);
  });

  it('re-runs the report on accepting, and only then', async () => {
    const { service, dataset, deduction, editor, outbox, reports } = studio();
    expect(outbox.open('eda-report')).toEqual([]);
    await service.accept(editor, deduction.id);
    expect(reports.started).toMatchObject([{ datasetId: dataset.id, userId: editor }]);
    expect(outbox.open('eda-report')).toMatchObject([
      { subjectId: reports.started[0]!.id, payload: { reportId: reports.started[0]!.id } }
    ]);
    await service.accept(editor, deduction.id).catch(() => {});
    expect(reports.started).toHaveLength(1);
  });

  it('leaves a running report to start the re-run itself', async () => {
    const { service, dataset, deduction, editor, outbox, reports } = studio();
    const running = await reports.start(dataset.id, editor);
    await service.accept(editor, deduction.id);
    expect(reports.started).toEqual([running]);
    expect(outbox.open('eda-report')).toEqual([]);
  });

  it('rejects an open proposal with the reason, once, announced once', async () => {
    const { service, deduction, editor, publisher } = studio();
    await expect(service.reject(editor, deduction.id, 'income is money')).resolves.toMatchObject({
      status: 'rejected',
      rejectionReason: 'income is money'
    });
    await expect(service.reject(editor, deduction.id, 'again')).rejects.toMatchObject({
      code: 'deduction_not_open',
      details: { status: 'rejected' }
    });
    await expect(service.accept(editor, deduction.id)).rejects.toMatchObject({ code: 'deduction_not_open' });
    expect(publisher.of('schema:status').map((e) => e.payload)).toEqual([
      expect.objectContaining({ status: 'rejected' })
    ]);
  });

  it('refuses a proposal a newer one superseded', async () => {
    const { service, schemas, dataset, deduction, editor } = studio();
    const newer = schemas.propose(dataset.id, proposal);
    await expect(service.accept(editor, deduction.id)).rejects.toMatchObject({
      code: 'deduction_not_open',
      details: { status: 'superseded' }
    });
    await expect(service.accept(editor, newer.id)).resolves.toMatchObject({ status: 'accepted' });
  });
});

describe('accepting with edits', () => {
  const edited = (
    change: (cols: ProposedSchema['columns']) => ProposedSchema['columns']
  ): ProposedSchema => ({
    columns: change(structuredClone(proposal.columns))
  });

  it('stores the edited schema and records what each corrected column had been proposed as', async () => {
    const { service, deduction, editor } = studio();
    const schema = edited((cols) => cols.map((c) => (c.name === 'income' ? { ...c, type: 'integer' } : c)));
    const accepted = await service.accept(editor, deduction.id, schema);
    expect(accepted.proposedSchema).toEqual(schema);
    expect(accepted.columnMetadata.income).toEqual({
      confidence: 0.6,
      sampleValues: [1.5],
      reason: 'decimals',
      overridden: { type: 'float', role: 'feature' }
    });
    expect(accepted.columnMetadata.age).toBeUndefined();
    expect(accepted.columnMetadata.churned).toBeUndefined();
  });

  it('refuses a schema that does not list each dataset column once, naming them, and changes nothing', async () => {
    const { service, deduction, editor, publisher, schemas } = studio();
    const cases: Array<[ProposedSchema, { unknown: string[]; missing: string[]; repeated: string[] }]> = [
      [
        edited((cols) => cols.map((c) => (c.name === 'income' ? { ...c, name: 'salary' } : c))),
        { unknown: ['salary'], missing: ['income'], repeated: [] }
      ],
      [edited((cols) => cols.slice(0, 2)), { unknown: [], missing: ['churned'], repeated: [] }],
      [edited((cols) => [...cols, cols[0]!]), { unknown: [], missing: [], repeated: ['age'] }]
    ];
    for (const [schema, details] of cases) {
      const refused = await service.accept(editor, deduction.id, schema).catch((e) => e);
      expect(refused).toBeInstanceOf(InvalidInput);
      expect(refused).toMatchObject({ code: 'schema_columns_mismatch', details });
    }
    expect(schemas.rows[0]).toMatchObject({ status: 'proposed', proposedSchema: proposal });
    expect(publisher.emitted).toEqual([]);
  });
});
