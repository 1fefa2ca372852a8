import type { PipelineDto } from '../../../contracts/pipeline';

/** Most recently updated first: the pipelines people are working on come to the top. */
function byUpdatedDesc(a: PipelineDto, b: PipelineDto): number {
  return b.updatedAt.localeCompare(a.updatedAt) || b.id.localeCompare(a.id);
}

export function sortPipelines(list: readonly PipelineDto[]): PipelineDto[] {
  return [...list].sort(byUpdatedDesc);
}

/** The list with `pipeline` inserted or replaced, unless what we hold is newer. */
export function upsertPipeline(list: readonly PipelineDto[], pipeline: PipelineDto): PipelineDto[] {
  const current = list.find((p) => p.id === pipeline.id);
  if (current && current.updatedAt > pipeline.updatedAt) return [...list];
  return sortPipelines([...list.filter((p) => p.id !== pipeline.id), pipeline]);
}

export function removePipeline(list: readonly PipelineDto[], id: string): PipelineDto[] {
  return list.filter((p) => p.id !== id);
}
