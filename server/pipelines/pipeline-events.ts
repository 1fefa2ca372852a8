import type { Pipeline } from '../../models';
import type { Publisher } from '../realtime/publisher';

/** Status goes to the pipeline's room and its workspace's (lists show it); versions to the pipeline's. */
export function publishPipelineStatus(publisher: Publisher, p: Pipeline): void {
  publisher.emit([`pipeline:${p.id}`, `workspace:${p.workspaceId}`], 'pipeline:status', {
    pipelineId: p.id,
    status: p.status,
    validatedAt: p.validatedAt?.toISOString() ?? null
  });
}

export function publishPipelineVersion(publisher: Publisher, pipelineId: string, version: number): void {
  publisher.emit(`pipeline:${pipelineId}`, 'pipeline:versions', { pipelineId, version });
}
