import type { DatasetDto, SchemaDeductionDto } from '../../../contracts/api';
import type { DagContext } from '../../../contracts/validate-dag';

/**
 * What the studio knows of the pipeline dataset's columns, chosen the way the server's validation
 * chooses (server/pipelines/dag-context.ts): the accepted schema (typed, with roles), else the
 * column names validation found, else nothing yet. Live checks then agree with "Validate".
 */
export function dagContextFrom(
  deductions: readonly SchemaDeductionDto[],
  dataset: Pick<DatasetDto, 'status' | 'columnNames'> | null
): DagContext {
  const accepted = deductions.find((d) => d.status === 'accepted');
  if (accepted) {
    return {
      columns: accepted.proposedSchema.columns.map((c) => ({
        name: c.name,
        type: c.type,
        ...(c.role ? { role: c.role } : {})
      })),
      columnSource: 'accepted_schema'
    };
  }
  if (dataset?.status === 'validated' && dataset.columnNames) {
    return { columns: dataset.columnNames.map((name) => ({ name })), columnSource: 'dataset' };
  }
  return { columns: null, columnSource: 'unknown' };
}
