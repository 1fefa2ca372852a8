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
  topValuesChart,
  type EdaChart
} from './charts';
import { fullReport } from './report';
import { targetVsFeature } from './target-specs';
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

/**
 * Compiles as the page draws it (the card's width, autosize fit-x: web/lib/eda/VegaChart.svelte)
 * with a logger that records warnings and errors; both must stay empty.
 */
function compiles(chartSpec: TopLevelSpec): void {
  const spec = {
    ...chartSpec,
    width: 'container',
    autosize: { type: 'fit-x', contains: 'padding' }
  } as TopLevelSpec;
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

/** Runs the compiled chart as Vega does on the page; it must log no warning or error there either. */
async function rendersQuietly(chartSpec: TopLevelSpec): Promise<void> {
  const spec = {
    ...chartSpec,
    width: 'container',
    autosize: { type: 'fit-x', contains: 'padding' }
  } as TopLevelSpec;
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
  const view = new View(parse(compile(spec).spec), {
    renderer: 'none',
    logger: logger as never,
    logLevel: 2
  } as never);
  await view.runAsync();
  view.finalize();
  // Headless, there is no window to listen to for resizes; the page has one.
  expect(problems.filter((p) => !p.includes('event source: window'))).toEqual([]);
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
    for (const name of ['id', 'x', 'y', 'day']) {
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

  it('draws a two-valued number as two bars, not a histogram running past both ends', () => {
    const c = col('skewed');
    const chart = histogramChart(c)!;
    compiles(chart.spec);
    expect(chart.id).toBe('histogram:skewed');
    expect(values(chart)).toEqual([
      { value: '1', count: 9 },
      { value: '1,000', count: 1 }
    ]);
    const x = (chart.spec as { encoding: { x: { type: string } } }).encoding.x;
    expect(x.type).toBe('nominal');
  });

  it('keeps whole-number ticks on a small integer range and short labels for large numbers', () => {
    const id = histogramChart(col('id'))!.spec as unknown as {
      encoding: { x: { axis: Record<string, unknown> } };
    };
    expect(id.encoding.x.axis).toMatchObject({ tickMinStep: 1, labelOverlap: true });
    const big = histogramChart({
      ...col('x'),
      histogram: { edges: [0, 50_000, 100_000], counts: [4, 5] }
    })!.spec as unknown as { encoding: { x: { axis: Record<string, unknown> } } };
    expect(big.encoding.x.axis).toMatchObject({ labelExpr: "format(datum.value, '~s')", labelOverlap: true });
    expect(big.encoding.x.axis.tickMinStep).toBeUndefined();
  });

  it('says there are no missing values instead of drawing an empty frame', () => {
    const chart = missingnessChart({
      rows: 10,
      columnStats: [
        { name: 'a', missing: 0 },
        { name: 'b', missing: 0 }
      ]
    });
    compiles(chart.spec);
    expect(values(chart)).toEqual([{ text: 'No missing values in any of the 2 columns' }]);
    expect((chart.spec as { mark: { type: string } }).mark.type).toBe('text');
  });

  it('gives every chart with categories down the side a fixed height, so fitting the width drops nothing', () => {
    for (const chart of [missingnessChart(stats), topValuesChart(col('cat'))!]) {
      expect(typeof (chart.spec as { height?: unknown }).height).toBe('number');
    }
  });

  const rows = [
    { cat: 'a', x: 1, flag: true, y: 3, label: 0 },
    { cat: 'a', x: 2, flag: false, y: 5, label: 1 },
    { cat: 'b', x: 3, flag: true, y: null, label: 0 },
    { cat: 'b', x: 4n, flag: true, y: 9, label: 1 }
  ];
  const mark = (c: EdaChart) => (c.spec as { mark: { type: string } }).mark.type;
  const enc = (c: EdaChart) =>
    (c.spec as unknown as { encoding: Record<string, Record<string, unknown>> }).encoding;

  it('draws a numeric feature against a 0/1 or categorical target as box plots per class', async () => {
    const label = { name: 'label', kind: 'numeric' as const, distinct: 2 };
    for (const target of [label, col('cat'), col('flag')]) {
      const chart = targetVsFeature(target, col('x'), rows);
      compiles(chart.spec);
      await rendersQuietly(chart.spec);
      expect(mark(chart), target.name).toBe('boxplot');
      expect(enc(chart).y).toMatchObject({ field: 'target', type: 'nominal' });
      expect(enc(chart).x).toMatchObject({ field: 'feature', type: 'quantitative' });
    }
    const box = targetVsFeature(label, col('x'), rows);
    expect(values(box)).toEqual([
      { target: '0', feature: 1 },
      { target: '1', feature: 2 },
      { target: '0', feature: 3 },
      { target: '1', feature: 4 }
    ]);
  });

  it('draws a categorical feature against a class target as bars normalised to 100 %', () => {
    const label = { name: 'label', kind: 'numeric' as const, distinct: 2 };
    const chart = targetVsFeature(label, col('cat'), rows);
    compiles(chart.spec);
    expect(mark(chart)).toBe('bar');
    expect(enc(chart).x).toMatchObject({ aggregate: 'count', stack: 'normalize' });
    expect(enc(chart).color).toMatchObject({ field: 'target' });
    // A binary numeric feature is a class too.
    const binary = targetVsFeature(col('flag'), { name: 'label', kind: 'numeric', distinct: 2 }, rows);
    expect(mark(binary)).toBe('bar');
  });

  it('draws a numeric target per category of a feature as box plots, and a scatter for two numbers', async () => {
    const box = targetVsFeature(col('y'), col('cat'), rows);
    compiles(box.spec);
    await rendersQuietly(box.spec);
    expect(mark(box)).toBe('boxplot');
    expect(enc(box).y).toMatchObject({ field: 'feature', type: 'nominal' });
    expect(enc(box).x).toMatchObject({ field: 'target', type: 'quantitative' });
    expect(values(box)).toHaveLength(3);
    const scatter = targetVsFeature(col('y'), col('x'), rows);
    compiles(scatter.spec);
    expect(mark(scatter)).toBe('point');
    expect(values(scatter)).toHaveLength(3);
    expect(scatter.id).toBe('target:y:x');
  });

  it('lumps all but the most frequent categories together so the list stays readable', () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ t: i % 2, c: `value ${i % 20}` }));
    const chart = targetVsFeature(
      { name: 't', kind: 'numeric', distinct: 2 },
      { name: 'c', kind: 'categorical' },
      many
    );
    compiles(chart.spec);
    const groups = new Set(values(chart).map((v) => v.feature));
    expect(groups.size).toBe(12);
    expect(groups.has('Other values')).toBe(true);
  });

  it('chartsFor builds every chart of a report and all compile', async () => {
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
    expect(
      chartsFor({ ...stats, columnStats: stats.columnStats.map((c) => ({ ...c, role: 'id' as const })) }).map(
        (c) => c.id
      )
    ).toEqual(['missingness', 'correlation']);
    for (const chart of charts) {
      compiles(chart.spec);
      await rendersQuietly(chart.spec);
      expect(chart.title).toBeTruthy();
    }
    const report = fullReport(stats);
    expect(report.columns[1]!.type).toBe('numeric');
    expect(JSON.parse(JSON.stringify(report)).charts).toHaveLength(charts.length);
  });
});
