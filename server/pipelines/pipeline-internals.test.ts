import { describe, expect, it } from 'vitest';
import { PipelineService } from './pipeline.service';
import { PipelineVersionService } from './pipeline-version.service';

describe('the pipeline services routes get', () => {
  it('offer no operation that skips the access check', () => {
    for (const service of [PipelineService, PipelineVersionService]) {
      const methods = Object.getOwnPropertyNames(service.prototype).filter((m) => m !== 'constructor');
      for (const unchecked of ['applyLive', 'validateLive', 'check', 'visible', 'reload', 'materialize'])
        expect(methods).not.toContain(unchecked);
    }
  });
});
