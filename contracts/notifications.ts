import { z } from 'zod';

/**
 * What a workspace's members are told about a teammate's action (the `notification` Socket.IO
 * event, sent to `workspace:<id>`). A discriminated union on `type`: a consumer switches on it
 * and the compiler says when a new kind is left unhandled.
 */
export const NotificationSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('pipeline_created'),
    pipelineId: z.string(),
    title: z.string(),
    link: z.string()
  }),
  z.object({ type: z.literal('pipeline_deleted'), pipelineId: z.string(), title: z.string() }),
  z.object({ type: z.literal('dataset_deleted'), datasetId: z.string(), title: z.string() }),
  /** A training job ended: completed (with its model), failed or cancelled. */
  z.object({
    type: z.literal('training_finished'),
    jobId: z.string(),
    pipelineId: z.string(),
    status: z.enum(['completed', 'failed', 'cancelled']),
    modelId: z.string().nullable(),
    title: z.string(),
    link: z.string()
  })
]);

export type Notification = z.infer<typeof NotificationSchema>;
export type NotificationType = Notification['type'];
