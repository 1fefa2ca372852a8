import type { PipelineConfig, PipelineDto, PipelineVersionDto } from '../../contracts/pipeline';
import type { Pipeline, PipelineVersion } from '../../models';
import { storedConfig } from '../../data/pipeline.repository';

/** `config` is the live document's when the caller has it, else the row's materialized copy. */
export function toPipelineDto(p: Pipeline, config: PipelineConfig = storedConfig(p)): PipelineDto {
  return {
    id: p.id,
    workspaceId: p.workspaceId,
    datasetId: p.datasetId,
    name: p.name,
    description: p.description,
    status: p.status,
    version: p.version,
    validatedAt: p.validatedAt?.toISOString() ?? null,
    createdBy: p.userId,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    config
  };
}

export function toVersionDto(v: PipelineVersion, withConfig: boolean): PipelineVersionDto {
  return {
    id: v.id,
    pipelineId: v.pipelineId,
    version: v.version,
    name: v.name,
    message: v.message,
    status: v.status,
    validation: v.validation,
    createdBy: v.createdBy,
    createdByName: v.author?.fullName ?? null,
    createdAt: v.createdAt.toISOString(),
    ...(withConfig ? { config: v.config as PipelineConfig } : {})
  };
}
