import { describe, expect, it } from 'vitest';
import { formatIssuePath, importIssues, parseImportFile } from './import-file';

describe('parseImportFile', () => {
  it('reads an export file and its name', () => {
    const result = parseImportFile(JSON.stringify({ format: 'pipeweave.pipeline', name: ' Churn ' }));
    expect(result).toEqual({
      ok: true,
      pipeline: { format: 'pipeweave.pipeline', name: ' Churn ' },
      name: 'Churn'
    });
  });

  it('says plainly when the file is not JSON or not an object', () => {
    expect(parseImportFile('name,value\n1,2')).toMatchObject({ ok: false, message: /not JSON/ });
    expect(parseImportFile('[1, 2]')).toMatchObject({ ok: false, message: /does not hold a pipeline/ });
  });
});

describe('formatIssuePath', () => {
  it('reads like a path inside the file', () => {
    expect(formatIssuePath('pipeline.config.nodes.2.params')).toBe('config.nodes[2].params');
    expect(formatIssuePath('pipeline.formatVersion')).toBe('formatVersion');
    expect(formatIssuePath('pipeline')).toBe('the file');
    expect(formatIssuePath('datasetId')).toBe('datasetId');
  });

  it('maps every issue', () => {
    expect(importIssues([{ path: 'pipeline.config.edges.0.source', message: 'Unknown node.' }])).toEqual([
      { path: 'config.edges[0].source', message: 'Unknown node.' }
    ]);
  });
});
