import { describe, expect, it } from 'vitest';
import type { EdaReportDto } from '$lib/contracts';
import { chartsOf, mergeCharts, sortColumns, warningsOf, type EdaChart, type EdaColumn } from './report';

const chart = (id: string, sampled = false, title = id): EdaChart => ({
  id,
  title,
  spec: {},
  ...(sampled ? { sampled: true, sampleRows: 100_000 } : {})
});

function column(name: string, mean: number | null, p50: number | null = null): EdaColumn {
  return {
    name,
    type: 'numeric',
    role: null,
    count: 1,
    missing: 0,
    distinct: 1,
    distinctApprox: false,
    min: null,
    max: null,
    mean,
    std: null,
    quantiles: { p1: null, p5: null, p25: null, p50, p75: null, p95: null, p99: null }
  };
}

describe('mergeCharts', () => {
  it('replaces sampled charts by exact ones in place and appends new ones', () => {
    const merged = mergeCharts([chart('a', true), chart('b', true)], [chart('b'), chart('c', true)]);
    expect(merged.map((c) => [c.id, c.sampled ?? false])).toEqual([
      ['a', true],
      ['b', false],
      ['c', true]
    ]);
  });

  it('keeps an exact chart when an older sampled copy arrives later', () => {
    const merged = mergeCharts([chart('a', false, 'exact')], [chart('a', true, 'old')]);
    expect(merged[0]!.title).toBe('exact');
  });
});

describe('sortColumns', () => {
  const cols = [column('b', 3, 1), column('a', null, 5), column('c', 1, 2)];

  it('sorts by a statistic either way with empty values last', () => {
    expect(sortColumns(cols, 'mean', 'asc').map((c) => c.name)).toEqual(['c', 'b', 'a']);
    expect(sortColumns(cols, 'mean', 'desc').map((c) => c.name)).toEqual(['b', 'c', 'a']);
    expect(sortColumns(cols, 'p50', 'desc').map((c) => c.name)).toEqual(['a', 'c', 'b']);
  });

  it('sorts names naturally', () => {
    const named = [column('x10', 0), column('x2', 0), column('X1', 0)];
    expect(sortColumns(named, 'name', 'asc').map((c) => c.name)).toEqual(['X1', 'x2', 'x10']);
  });
});

describe('report parts', () => {
  const base = {
    id: 'r',
    datasetId: 'd',
    progressPercentage: 40,
    currentStep: 'x',
    summary: {},
    reportVersion: '2',
    generationTimeSeconds: null,
    storageLocation: null,
    errorMessage: null,
    createdAt: ''
  };

  it('takes charts so far from a running report and the full list from a finished one', () => {
    const running = {
      ...base,
      status: 'running',
      fullReport: null,
      charts: [chart('a', true)]
    } as EdaReportDto;
    expect(chartsOf(running).map((c) => c.id)).toEqual(['a']);
    const done = {
      ...base,
      status: 'completed',
      fullReport: {
        charts: [chart('a'), { nope: 1 }],
        warnings: [{ code: 'skewed', message: 'm', severity: 'info' }]
      }
    } as EdaReportDto;
    expect(chartsOf(done)).toHaveLength(1);
    expect(warningsOf(done)).toEqual([
      {
        code: 'skewed',
        severity: 'info',
        message: 'm',
        explanation: '',
        column: undefined,
        columns: undefined
      }
    ]);
  });
});
