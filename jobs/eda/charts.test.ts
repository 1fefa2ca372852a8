import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chartsFor,
  correlationHeatmap,
  histogramChart,
  missingnessChart,
  targetVsFeature,
  topValuesChart,
  type EdaChart
} from './charts';
import { fullReport } from './report';
import { computeEda, type ColumnStats, type EdaStats } from './stats';
import { SAMPLE_SQL, writeParquet } from './test-fixtures';

let dir: string;
let stats: EdaStats;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pw-eda-charts-'));
  const file = path.join(dir, 'sample.parquet');
  await writeParquet(file, SAMPLE_SQL);
  stats = await computeEda(file);
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** Compiles with a logger that records warnings and errors; both must stay empty. */
function compiles(spec: TopLevelSpec): void {
  const problems: string[] = [];
  let level = 0;
  const logger = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    error: (...a: unknown[]) => (problems.push(`error ${a.join(' ')}`), logger),
    warn: (...a: unknown[]) => (problems.push(`warn ${a.join(' ')}`), logger),
    info: () => logger,
    debug: () => logger
  };
  const out = compile(spec, { logger: logger as never });
  expect(out.spec).toBeTruthy();
  expect(problems).toEqual([]);
}

function values(chart: EdaChart): Array<Record<string, unknown>> {
  const data = (chart.spec as { data?: { values?: unknown } }).data;
  expect(Array.isArray(data?.values)).toBe(true);
  return data!.values as Array<Record<string, unknown>>;
}

function col(name: string): ColumnStats {
  return stats.columnStats.find((c) => c.name === name)!;
}

describe('charts', () => {
  it('histograms carry the bins inline and sum to the non-missing count', () => {
    for (const name of ['id', 'x', 'y', 'skewed', 'day']) {
      const c = col(name);
      const chart = histogramChart(c)!;
      compiles(chart.spec);
      const v = values(chart);
      expect(v.reduce((s, r) => s + (r.count as number), 0)).toBe(c.count);
      expect(v[0]!.binStart).toBe(c.histogram!.edges[0]);
      expect(v.at(-1)!.binEnd).toBe(c.histogram!.edges.at(-1));
    }
    expect(histogramChart(col('cat'))).toBeNull();
  });

  it('draws the time histogram as bars standing on zero, not floating ranges', async () => {
    const chart = histogramChart(col('day'))!;
    const view = new View(parse(compile(chart.spec).spec), { renderer: 'none' });
    const svg = await view.toSVG();
    view.finalize();
    const bars = [...svg.matchAll(/role="graphics-symbol"[^>]*d="M([\d.-]+),([\d.-]+)h([\d.-]+)v([\d.-]+)/g)];
    expect(bars.length).toBeGreaterThan(0);
    // The plot is 200 px high: each bar's bottom edge sits on the x axis.
    for (const [, , y, , height] of bars) expect(Number(y) + Number(height)).toBeCloseTo(200, 6);
  });

  it('top-values bars match the counts', () => {
    const chart = topValuesChart(col('cat'))!;
    compiles(chart.spec);
    expect(values(chart)).toEqual([
      { value: 'a', count: 5 },
      { value: 'b', count: 3 },
      { value: 'c', count: 2 }
    ]);
  });

  it('missingness shows each column share', () => {
    const chart = missingnessChart(stats);
    compiles(chart.spec);
    const v = values(chart);
    expect(v.map((r) => r.column)).toEqual(stats.columnStats.map((c) => c.name));
    expect(v.find((r) => r.column === 'sparse')).toEqual({ column: 'sparse', missing: 7, share: 0.7 });
  });

  it('correlation heatmap holds the full matrix with a fixed -1..1 scale', () => {
    const chart = correlationHeatmap(stats.correlations)!;
    compiles(chart.spec);
    const v = values(chart);
    expect(v).toHaveLength(16);
    expect(v.find((r) => r.a === 'x' && r.b === 'y')!.r).toBeCloseTo(1, 12);
    expect(v.find((r) => r.a === 'x' && r.b === 'skewed')!.r).toBeNull();
    const color = (chart.spec as { encoding: { color: { scale: { domain: number[] } } } }).encoding.color;
    expect(color.scale.domain).toEqual([-1, 1]);
    expect(correlationHeatmap({ columns: ['a'], matrix: [[1]] })).toBeNull();
  });

  it('targetVsFeature picks box plot, grouped bars or scatter by kinds', () => {
    const rows = [
      { cat: 'a', x: 1, flag: true, y: 3 },
      { cat: 'a', x: 2, flag: false, y: 5 },
      { cat: 'b', x: 3, flag: true, y: null },
      { cat: 'b', x: 4n, flag: true, y: 9 }
    ];
    const box = targetVsFeature(col('x'), col('cat'), rows);
    compiles(box.spec);
    expect((box.spec as { mark: { type: string } }).mark.type).toBe('boxplot');
    expect(values(box)).toEqual([
      { target: 1, feature: 'a' },
      { target: 2, feature: 'a' },
      { target: 3, feature: 'b' },
      { target: 4, feature: 'b' }
    ]);
    const bars = targetVsFeature(col('flag'), col('cat'), rows);
    compiles(bars.spec);
    expect((bars.spec as { mark: { type: string } }).mark.type).toBe('bar');
    expect(values(bars)).toHaveLength(4);
    const scatter = targetVsFeature(col('y'), col('x'), rows);
    compiles(scatter.spec);
    expect(values(scatter)).toHaveLength(3);
    expect(scatter.id).toBe('target:y:x');
  });

  it('chartsFor builds every chart of a report and all compile', () => {
    const charts = chartsFor(stats);
    expect(charts.map((c) => c.id)).toEqual([
      'missingness',
      'correlation',
      'histogram:id',
      'histogram:x',
      'histogram:y',
      'top:cat',
      'top:k',
      'top:sparse',
      'top:flag',
      'histogram:day',
      'histogram:skewed'
    ]);
    for (const chart of charts) {
      compiles(chart.spec);
      expect(chart.title).toBeTruthy();
    }
    const report = fullReport(stats);
    expect(report.columns[1]!.type).toBe('numeric');
    expect(JSON.parse(JSON.stringify(report)).charts).toHaveLength(charts.length);
  });
});
