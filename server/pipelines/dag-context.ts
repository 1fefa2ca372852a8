import { proposedSchema } from '../../contracts/api';
import type { DagContext } from '../../contracts/validate-dag';
import type { DatasetRepository } from '../../data/dataset.repository';
import type { SchemaRepository } from '../../data/schema.repository';

/**
 * What DAG validation knows of a dataset's columns: the accepted schema (typed, with roles), else
 * the column names validation found, else nothing yet.
 */
export async function loadDagContext(
  deps: { datasets: DatasetRepository; schemas: SchemaRepository },
  datasetId: string
): Promise<DagContext> {
  const accepted = await deps.schemas.accepted(datasetId);
  const schema = accepted ? proposedSchema.safeParse(accepted.proposedSchema) : null;
  if (schema?.success) {
    return {
      columns: schema.data.columns.map((c) => ({
        name: c.name,
        type: c.type,
        ...(c.role ? { role: c.role } : {})
      })),
      columnSource: 'accepted_schema'
    };
  }
  const dataset = await deps.datasets.findLive(datasetId);
  if (dataset?.status === 'validated' && dataset.columnNames) {
    return { columns: dataset.columnNames.map((name) => ({ name })), columnSource: 'dataset' };
  }
  return { columns: null, columnSource: 'unknown' };
}
