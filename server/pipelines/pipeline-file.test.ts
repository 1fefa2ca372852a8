import { describe, expect, it } from 'vitest';
import { DomainError } from '../../contracts/errors';
import { toHttpError } from '../../core/http/errors';
import { exportFileName, filePath, parsePipelineFile } from './pipeline-file';

const file = {
  format: 'pipeweave.pipeline',
  formatVersion: 1,
  name: 'Churn',
  description: null,
  config: {
    nodes: [{ id: 'data', type: 'dataset', params: {}, position: { x: 0, y: 0 } }],
    edges: []
  }
};

function issuesOf(input: unknown): Array<{ path: string; message: string }> {
  try {
    parsePipelineFile(input);
  } catch (err) {
    expect(err).toBeInstanceOf(DomainError);
    expect(toHttpError(err).status).toBe(400);
    expect((err as DomainError).code).toBe('invalid_pipeline_file');
    return ((err as DomainError).details as { issues: Array<{ path: string; message: string }> }).issues;
  }
  throw new Error('accepted');
}

describe('pipeline files', () => {
  it('reads a valid export', () => {
    expect(parsePipelineFile(file).name).toBe('Churn');
  });

  it('names each offending path inside the file', () => {
    const bad = structuredClone(file) as Record<string, unknown> & typeof file;
    bad.formatVersion = 2;
    (bad.config.nodes[0] as Record<string, unknown>).position = { x: 'left', y: 0 };
    bad.config.nodes.push({ id: 'data', type: 'scale', params: {}, position: { x: 1, y: 1 } });
    expect(issuesOf(bad).map((i) => i.path)).toEqual(['formatVersion', 'config.nodes[0].position.x']);
    const repeated = structuredClone(file);
    repeated.config.nodes.push({ id: 'data', type: 'scale', params: {}, position: { x: 1, y: 1 } });
    expect(issuesOf(repeated)).toEqual([
      { path: 'config.nodes[1].id', message: 'Duplicate node id "data".' }
    ]);
    expect(issuesOf('hello')).toEqual([{ path: '', message: expect.any(String) }]);
  });

  it('refuses node types this studio does not know, by path', () => {
    const bad = structuredClone(file);
    bad.config.nodes.push({ id: 'x', type: 'xgboost', params: {}, position: { x: 0, y: 0 } });
    expect(issuesOf(bad)).toEqual([
      { path: 'config.nodes[1].type', message: expect.stringContaining('"xgboost"') }
    ]);
  });

  it('lists unknown node types beside structural problems, in one answer', () => {
    const bad = structuredClone(file) as Record<string, unknown> & typeof file;
    bad.formatVersion = 2;
    bad.config.nodes.push({ id: 'x', type: 'xgboost', params: {}, position: { x: 0, y: 0 } });
    expect(issuesOf(bad).map((i) => i.path)).toEqual(['formatVersion', 'config.nodes[1].type']);
  });

  it('writes paths and file names people can read', () => {
    expect(filePath(['config', 'nodes', 2, 'params', 'C'])).toBe('config.nodes[2].params.C');
    expect(exportFileName('Churn / v2: "best"')).toBe('Churn _ v2_ _best_.pipeline.json');
    expect(exportFileName('  ')).toBe('pipeline.pipeline.json');
  });
});
