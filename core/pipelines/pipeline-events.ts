import type { Pipeline } from '../../models';
import type { Publisher } from '../realtime/publisher';
import { rooms } from '../../contracts/realtime';

/** Status goes to the pipeline's room and its workspace's (lists show it); versions to the pipeline's. */
export function publishPipelineStatus(publisher: Publisher, p: Pipeline): void {
  publisher.emit([rooms.pipeline(p.id), rooms.workspace(p.workspaceId)], 'pipeline:status', {
    pipelineId: p.id,
    status: p.status,
    validatedAt: p.validatedAt?.toISOString() ?? null
  });
}

export function publishPipelineVersion(publisher: Publisher, pipelineId: string, version: number): void {
  publisher.emit(rooms.pipeline(pipelineId), 'pipeline:versions', { pipelineId, version });
}

/** Tells everyone in the pipeline's room who replaced the live graph with which version. */
export function publishPipelineRestored(
  publisher: Publisher,
  pipelineId: string,
  version: number,
  by: { id: string; name: string }
): void {
  publisher.emit(rooms.pipeline(pipelineId), 'pipeline:restored', { pipelineId, version, by });
}
