import crypto from 'node:crypto';
import type { ProposedSchema } from '../../../contracts/api';
import type { SchemaDeduction } from '../../../models';
import type { SchemaRepository } from '../../../data/schema.repository';

type Edits = { proposedSchema: Record<string, unknown>; columnMetadata: Record<string, unknown> };

/**
 * Schema deductions in memory with the repository's lifecycle: one open proposal per dataset (a
 * new one supersedes it), accept and reject only an open one, one accepted schema per dataset.
 */
export class MemorySchemas implements Pick<
  SchemaRepository,
  'latest' | 'findById' | 'accepted' | 'accept' | 'reject'
> {
  readonly rows: SchemaDeduction[] = [];
  private clock = 0;

  private tick(): Date {
    this.clock += 1000;
    return new Date(this.clock);
  }

  /** What the schema job stores: a proposal with `columnMetadata` per column. */
  propose(datasetId: string, schema: ProposedSchema, columnMetadata: Record<string, unknown> = {}) {
    for (const r of this.rows)
      if (r.datasetId === datasetId && r.status === 'proposed') r.status = 'superseded';
    const at = this.tick();
    const row = {
      id: crypto.randomUUID(),
      datasetId,
      userId: crypto.randomUUID(),
      proposedSchema: schema as unknown as Record<string, unknown>,
      columnMetadata,
      status: 'proposed',
      confidenceScore: 0.9,
      agentVersion: 'test',
      rejectionReason: null,
      createdAt: at,
      updatedAt: at
    } as SchemaDeduction;
    this.rows.push(row);
    return row;
  }

  async latest(datasetId: string): Promise<SchemaDeduction | null> {
    return this.rows.filter((r) => r.datasetId === datasetId).at(-1) ?? null;
  }

  async findById(id: string): Promise<SchemaDeduction | null> {
    return this.rows.find((r) => r.id === id) ?? null;
  }

  async accepted(datasetId: string): Promise<SchemaDeduction | null> {
    return this.rows.find((r) => r.datasetId === datasetId && r.status === 'accepted') ?? null;
  }

  async accept(id: string, datasetId: string, edits?: Edits): Promise<SchemaDeduction | null> {
    const row = this.rows.find((r) => r.id === id && r.status === 'proposed');
    if (!row) return null;
    for (const r of this.rows)
      if (r.datasetId === datasetId && r.status === 'accepted') r.status = 'superseded';
    Object.assign(row, { status: 'accepted', updatedAt: this.tick(), ...(edits ?? {}) });
    return row;
  }

  async reject(id: string, reason: string): Promise<SchemaDeduction | null> {
    const row = this.rows.find((r) => r.id === id && r.status === 'proposed');
    if (!row) return null;
    Object.assign(row, { status: 'rejected', rejectionReason: reason, updatedAt: this.tick() });
    return row;
  }
}
