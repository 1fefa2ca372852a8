import type { ColumnMetadataDto, ProposedSchema, SchemaDeductionDto } from '../../contracts/api';
import type { SchemaDeduction } from '../../models';

export function toDeductionDto(d: SchemaDeduction): SchemaDeductionDto {
  return {
    id: d.id,
    datasetId: d.datasetId,
    status: d.status,
    confidenceScore: d.confidenceScore,
    agentVersion: d.agentVersion,
    proposedSchema: d.proposedSchema as unknown as ProposedSchema,
    columnMetadata: d.columnMetadata as unknown as Record<string, ColumnMetadataDto>,
    rejectionReason: d.rejectionReason,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString()
  };
}
