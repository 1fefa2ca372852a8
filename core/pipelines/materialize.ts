import type { MaterializeConfig } from './live-documents';
import { pipelineConfig } from '../../contracts/pipeline';
import type { Publisher } from '../realtime/publisher';
import { publishPipelineStatus } from './pipeline-events';
import type { PipelineRepository } from '../../data/pipeline.repository';

/**
 * The pipelines feature's `MaterializeConfig` for the document server: stores the live config,
 * name and description on the row, drops a validated pipeline back to draft when its graph
 * changed, and tells watchers about that status change. The config must pass the same rules as a
 * REST write (rooms refuse changes that break them; a document stored before that may not): one
 * that does not leaves the row's config as it was, and only name and description are stored.
 */
export function pipelineMaterializer(repo: PipelineRepository, publisher: Publisher): MaterializeConfig {
  return async (pipelineId, state) => {
    const valid = pipelineConfig.safeParse(state.config).success;
    const written = await repo.storeLive(pipelineId, {
      meta: state.meta,
      config: valid ? state.config : undefined
    });
    if (written?.statusChanged) publishPipelineStatus(publisher, written.pipeline);
  };
}
