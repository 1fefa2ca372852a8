import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { compile, type TopLevelSpec } from 'vega-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EdaChart } from './charts';
import { columnHints } from './column-hints';
import { streamEda } from './progressive';
import { writeParquet } from './test-fixtures';

let dir: string;
let big: string;
let small: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pw-eda-stream-'));
  big = path.join(dir, 'big.parquet');
  small = path.join(dir, 'small.parquet');
  // The first rows differ from the rest, so sampled and exact charts differ visibly.
  const select = (n: number) =>
    `SELECT i AS id, CASE WHEN i % 9 = 0 THEN NULL ELSE (i % 1000) * (CASE WHEN i < 5000 THEN 1 ELSE 3 END) END::DOUBLE AS amount, ` +
    `['north', 'south', 'east'][1 + i % 3] AS region, i % 4 = 0 AS churned, (i % 1000) * 2.5 + 1 AS price ` +
    `FROM range(${n}) t(i)`;
  await writeParquet(big, select(60_000));
  await writeParquet(small, select(2_000));
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

function compiles(chart: EdaChart): void {
  expect(() => compile(chart.spec as TopLevelSpec), chart.id).not.toThrow();
}

describe('streamEda', () => {
  it('sends the exact missingness first, then sampled charts, then exact ones with the same ids', async () => {
    const charts: EdaChart[] = [];
    const progress: number[] = [];
    const { stats } = await streamEda(big, {
      sampleRows: 10_000,
      onChart: (c) => charts.push(c),
      onProgress: (p) => progress.push(p)
    });
    expect(charts[0]).toMatchObject({ id: 'missingness' });
    expect(charts[0]!.sampled).toBeUndefined();
    const sampled = charts.filter((c) => c.sampled);
    expect(sampled.map((c) => c.id)).toEqual(
      expect.arrayContaining(['correlation', 'histogram:amount', 'top:region', 'top:churned'])
    );
    expect(sampled.every((c) => c.sampleRows === 10_000)).toBe(true);
    const lastSampled = charts.lastIndexOf(sampled.at(-1)!);
    const exact = charts.slice(lastSampled + 1);
    expect(exact.every((c) => !c.sampled)).toBe(true);
    for (const s of sampled)
      expect(
        exact.map((c) => c.id),
        s.id
      ).toContain(s.id);
    // Cheap summaries lead the exact pass.
    expect(exact[0]!.id).toBe('correlation');
    for (const c of charts) compiles(c);
    expect(stats.rows).toBe(60_000);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('skips the sampled pass when the file is small enough to be exact at once', async () => {
    const charts: EdaChart[] = [];
    await streamEda(small, { sampleRows: 10_000, onChart: (c) => charts.push(c) });
    expect(charts.some((c) => c.sampled)).toBe(false);
    expect(charts[0]!.id).toBe('missingness');
  });

  it('draws the target against its features when the schema names one', async () => {
    const charts: EdaChart[] = [];
    const { extraCharts } = await streamEda(small, {
      onChart: (c) => charts.push(c),
      roles: { target: 'churned', features: ['amount', 'region', 'price', 'id'] }
    });
    expect(extraCharts.map((c) => c.id)).toEqual([
      'target:churned:amount',
      'target:churned:price',
      'target:churned:id',
      'target:churned:region'
    ]);
    for (const c of extraCharts) compiles(c);
    expect(charts.slice(-4)).toEqual(extraCharts);
  });

  it('reads the columns as the accepted schema says: ignored left out, codes counted, ids not advised on', async () => {
    const hints = columnHints({
      columns: [
        { name: 'id', type: 'id', nullable: false, role: 'id' },
        { name: 'amount', type: 'float', nullable: true },
        { name: 'region', type: 'text', nullable: false, role: 'ignore' },
        { name: 'churned', type: 'boolean', nullable: false, role: 'target' },
        { name: 'price', type: 'categorical', nullable: false }
      ]
    });
    const charts: EdaChart[] = [];
    for (const file of [small, big]) {
      charts.length = 0;
      const { stats, ignored } = await streamEda(file, {
        sampleRows: 10_000,
        hints,
        onChart: (c) => charts.push(c)
      });
      expect(ignored).toEqual(['region']);
      expect(stats.columnStats.map((c) => c.name)).toEqual(['id', 'amount', 'churned', 'price']);
      const price = stats.columnStats.find((c) => c.name === 'price')!;
      expect(price).toMatchObject({ kind: 'categorical', histogram: null, mean: null });
      expect(price.top).toHaveLength(10);
      expect(stats.columnStats.find((c) => c.name === 'id')!.role).toBe('id');
      expect(stats.correlations.columns).toEqual(['amount']);
      expect(stats.warnings.filter((w) => w.column === 'id' || w.columns?.includes('price'))).toEqual([]);
      const ids = new Set(charts.map((c) => c.id));
      expect(ids.has('top:price') && !ids.has('histogram:price')).toBe(true);
      expect([...ids].some((id) => id.includes('region') || id === 'histogram:id')).toBe(false);
      const missing = charts.find((c) => c.id === 'missingness')!;
      expect(JSON.stringify(missing.spec)).not.toContain('region');
    }
  });
});
