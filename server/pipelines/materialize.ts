import type { MaterializeConfig } from '../../collab/live-documents';
import type { Publisher } from '../realtime/publisher';
import { publishPipelineStatus } from './pipeline-events';
import type { PipelineRepository } from './pipeline.repository';

/**
 * The pipelines feature's `MaterializeConfig` for the document server: stores the live config,
 * name and description on the row, drops a validated pipeline back to draft when its graph
 * changed, and tells watchers about that status change.
 */
export function pipelineMaterializer(repo: PipelineRepository, publisher: Publisher): MaterializeConfig {
  return async (pipelineId, state) => {
    const written = await repo.storeLive(pipelineId, state);
    if (written?.statusChanged) publishPipelineStatus(publisher, written.pipeline);
  };
}
