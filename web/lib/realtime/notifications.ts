import type { Notification } from '$lib/contracts';

/** Which list a notification changes; the switch is exhaustive, so a new kind must be placed here. */
export function notificationTopic(n: Notification): 'pipelines' | 'datasets' | 'jobs' {
  switch (n.type) {
    case 'pipeline_created':
    case 'pipeline_deleted':
      return 'pipelines';
    case 'dataset_deleted':
      return 'datasets';
    case 'training_finished':
      return 'jobs';
    default:
      return unhandled(n);
  }
}

function unhandled(n: never): never {
  throw new Error(`Unknown notification ${(n as { type?: string }).type}`);
}
