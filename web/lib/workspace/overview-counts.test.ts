import { describe, expect, it } from 'vitest';
import type { DatasetDto, PipelineDto, TrainingJobDto } from '$lib/contracts';
import { overviewCounts } from './overview-counts';

const dataset = (status: string) => ({ status }) as DatasetDto;
const pipeline = (status: string) => ({ status }) as PipelineDto;
const job = (status: string, modelId: string | null = null) => ({ status, modelId }) as TrainingJobDto;

describe('overviewCounts', () => {
  it('counts what the lists hold', () => {
    const counts = overviewCounts({
      datasets: [dataset('validated'), dataset('failed'), dataset('validating')],
      pipelines: [pipeline('draft'), pipeline('validated')],
      jobs: [job('running'), job('completed', 'm1'), job('completed', 'm1'), job('completed', 'm2')]
    });
    expect(counts.datasets).toEqual({ count: 3, hint: '1 validated · 1 failed' });
    expect(counts.pipelines).toEqual({ count: 2, hint: '1 validated' });
    expect(counts.jobs).toEqual({ count: 4, hint: '1 running · 3 completed' });
    expect(counts.models).toEqual({ count: 2, hint: '2 trained models' });
  });

  it('shows no number for a list that could not be loaded', () => {
    const counts = overviewCounts({ datasets: [], pipelines: null, jobs: null });
    expect(counts).toEqual({
      datasets: { count: 0, hint: 'No datasets yet' },
      pipelines: null,
      jobs: null,
      models: null
    });
  });
});
