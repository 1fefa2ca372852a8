import { describe, expect, it } from 'vitest';
import { isJobName, JOB_NAMES, parseJobPayload } from './jobs';

describe('job map', () => {
  it('names every job once', () => {
    expect(JOB_NAMES).toEqual(['dataset-validate', 'schema-deduce', 'eda-report', 'train-run']);
    expect(JOB_NAMES.every(isJobName)).toBe(true);
    expect(isJobName('toString')).toBe(false);
    expect(isJobName('train')).toBe(false);
  });

  it('accepts the payload a job expects', () => {
    expect(parseJobPayload('schema-deduce', { datasetId: 'd', userId: 'u' })).toEqual({
      datasetId: 'd',
      userId: 'u'
    });
  });

  it('refuses a payload missing what the worker needs, naming the field', () => {
    expect(() => parseJobPayload('schema-deduce', { datasetId: 'd' })).toThrow(/userId/);
    expect(() => parseJobPayload('eda-report', { datasetId: 'd' })).toThrow(/reportId/);
    expect(() => parseJobPayload('dataset-validate', null)).toThrow();
  });
});
