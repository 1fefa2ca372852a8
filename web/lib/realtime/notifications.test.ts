import { describe, expect, it } from 'vitest';
import { notificationTopic } from './notifications';

describe('notificationTopic', () => {
  it('sends pipeline news to the pipelines list and dataset news to the datasets list', () => {
    expect(notificationTopic({ type: 'pipeline_created', pipelineId: 'p', title: 't', link: '/x' })).toBe(
      'pipelines'
    );
    expect(notificationTopic({ type: 'pipeline_deleted', pipelineId: 'p', title: 't' })).toBe('pipelines');
    expect(notificationTopic({ type: 'dataset_deleted', datasetId: 'd', title: 't' })).toBe('datasets');
  });

  it('refuses a kind it was not taught rather than guessing', () => {
    expect(() => notificationTopic({ type: 'model_trained', title: 't' } as never)).toThrow(/model_trained/);
  });
});
