import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeEda, type ColumnStats, type EdaStats } from './stats';
import { SAMPLE_SQL, writeParquet } from './test-fixtures';

let dir: string;

function col(stats: EdaStats, name: string): ColumnStats {
  const c = stats.columnStats.find((s) => s.name === name);
  if (!c) throw new Error(`no column ${name}`);
  return c;
}

let stats: EdaStats;
const streamed: string[] = [];
const progress: number[] = [];

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pw-eda-'));
  const file = path.join(dir, 'sample.parquet');
  await writeParquet(file, SAMPLE_SQL);
  stats = await computeEda(file, {
    onColumn: (c) => streamed.push(c.name),
    onProgress: (p) => progress.push(p)
  });
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('computeEda', () => {
  it('reports dataset-level figures', () => {
    expect(stats.rows).toBe(10);
    expect(stats.columns).toBe(9);
    // x 1, y 1, sparse 7
    expect(stats.missingCells).toBe(9);
    expect(stats.missingCellsPercent).toBeCloseTo(10, 10);
    expect(stats.duplicateRows).toBe(0);
    expect(stats.memoryBytes).toBeGreaterThan(0);
  });

  it('streams every column in order and reports monotone progress to 100', () => {
    expect(streamed).toEqual(['id', 'x', 'y', 'cat', 'k', 'sparse', 'flag', 'day', 'skewed']);
    expect(progress.at(-1)).toBe(100);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('computes exact numeric statistics', () => {
    const x = col(stats, 'x');
    expect(x.kind).toBe('numeric');
    expect(x.count).toBe(9);
    expect(x.missing).toBe(1);
    expect(x.distinct).toBe(9);
    expect(x.distinctApprox).toBe(false);
    expect(x.min).toBe(1);
    expect(x.max).toBe(9);
    expect(x.mean).toBe(5);
    expect(x.std).toBeCloseTo(Math.sqrt(7.5), 12);
    expect(x.skewness).toBeCloseTo(0, 12);
    // quantile_cont over 1..9: position 8p
    const q = x.quantiles!;
    expect(q.p1).toBeCloseTo(1.08, 12);
    expect(q.p5).toBeCloseTo(1.4, 12);
    expect(q.p25).toBe(3);
    expect(q.p50).toBe(5);
    expect(q.p75).toBe(7);
    expect(q.p95).toBeCloseTo(8.6, 12);
    expect(q.p99).toBeCloseTo(8.92, 12);
    expect(x.histogram!.counts).toHaveLength(20);
    expect(x.histogram!.edges).toHaveLength(21);
    expect(x.histogram!.edges[0]).toBe(1);
    expect(x.histogram!.edges[20]).toBe(9);
    expect(x.histogram!.counts.reduce((a, b) => a + b, 0)).toBe(9);
    expect(x.top).toBeNull();
  });

  it('gives small-range integers one bin per value', () => {
    const id = col(stats, 'id');
    expect(id.histogram).toEqual({
      edges: [0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5],
      counts: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
    });
    expect(id.mean).toBe(5.5);
  });

  it('counts top values of categorical, text and boolean columns', () => {
    const cat = col(stats, 'cat');
    expect(cat.kind).toBe('categorical');
    expect(cat.top).toEqual([
      { value: 'a', count: 5 },
      { value: 'b', count: 3 },
      { value: 'c', count: 2 }
    ]);
    expect(cat.min).toBe('a');
    expect(cat.max).toBe('c');
    const flag = col(stats, 'flag');
    expect(flag.kind).toBe('boolean');
    expect(flag.top).toEqual([
      { value: 'false', count: 5 },
      { value: 'true', count: 5 }
    ]);
    const sparse = col(stats, 'sparse');
    expect(sparse.missing).toBe(7);
    expect(sparse.top?.map((t) => t.count)).toEqual([1, 1, 1]);
  });

  it('handles datetime columns with ISO bounds and a time histogram in epoch ms', () => {
    const day = col(stats, 'day');
    expect(day.kind).toBe('datetime');
    expect(day.min).toBe('2024-01-02T00:00:00.000Z');
    expect(day.max).toBe('2024-01-11T00:00:00.000Z');
    expect(day.histogram!.edges[0]).toBe(Date.UTC(2024, 0, 2));
    expect(day.histogram!.edges.at(-1)).toBe(Date.UTC(2024, 0, 11));
    expect(day.histogram!.counts.reduce((a, b) => a + b, 0)).toBe(10);
    expect(day.mean).toBeNull();
  });

  it('computes the Pearson matrix of numeric columns', () => {
    const { columns, matrix } = stats.correlations;
    expect(columns).toEqual(['id', 'x', 'y', 'skewed']);
    const r = (a: string, b: string) => matrix[columns.indexOf(a)]![columns.indexOf(b)];
    expect(r('x', 'y')).toBeCloseTo(1, 12);
    expect(r('y', 'x')).toBeCloseTo(1, 12);
    expect(r('x', 'x')).toBe(1);
    // skewed is constant where x is present: undefined
    expect(r('x', 'skewed')).toBeNull();
    expect(r('id', 'skewed')).toBeCloseTo(4.5 / Math.sqrt(82.5 * 0.9), 12);
  });

  it('warns about constant, missing, skewed, id-like and correlated columns', () => {
    const w = stats.warnings.map((x) => [x.code, x.column ?? x.columns?.join('+')]);
    expect(w).toEqual(
      expect.arrayContaining([
        ['id_like', 'id'],
        ['constant', 'k'],
        ['high_missing', 'sparse'],
        ['skewed', 'skewed'],
        ['strong_correlation', 'x+y']
      ])
    );
    expect(w).toHaveLength(5);
    expect(col(stats, 'skewed').skewness).toBeCloseTo((Math.sqrt(90) / 8) * (8 / 3), 10);
    for (const warning of stats.warnings) {
      expect(['info', 'warning']).toContain(warning.severity);
      expect(warning.message.length).toBeGreaterThan(10);
      expect(warning.explanation.length).toBeGreaterThan(30);
    }
  });
});

describe('computeEda edge cases', () => {
  it('counts duplicate rows including null-equal rows', async () => {
    const file = path.join(dir, 'dups.parquet');
    await writeParquet(
      file,
      `SELECT * FROM (VALUES (1, 'a'), (1, 'a'), (2, 'b'), (1, 'a'), (3, NULL), (3, NULL)) t(a, b)`
    );
    const s = await computeEda(file);
    expect(s.duplicateRows).toBe(3);
  });

  it('ignores NaN and infinities in moments and bins, and can approximate distincts', async () => {
    const file = path.join(dir, 'nan.parquet');
    await writeParquet(
      file,
      `SELECT * FROM (VALUES (1.0::DOUBLE), (3.0), ('nan'::DOUBLE), ('inf'::DOUBLE), (NULL)) t(v)`
    );
    const s = await computeEda(file, { exactDistinctUpTo: 0 });
    const v = s.columnStats[0]!;
    expect(v.count).toBe(4);
    expect(v.missing).toBe(1);
    expect(v.mean).toBe(2);
    expect(v.min).toBe(1);
    expect(v.max).toBe(3);
    expect(v.histogram!.counts.reduce((a, b) => a + b, 0)).toBe(2);
    expect(v.distinctApprox).toBe(true);
  });

  it('handles an empty file', async () => {
    const file = path.join(dir, 'empty.parquet');
    await writeParquet(file, `SELECT 1::INTEGER AS a, 'x' AS b WHERE false`);
    const s = await computeEda(file);
    expect(s.rows).toBe(0);
    expect(s.missingCellsPercent).toBe(0);
    expect(s.columnStats[0]!.histogram).toBeNull();
    expect(s.columnStats[1]!.top).toEqual([]);
    expect(s.warnings).toEqual([]);
  });

  it('estimates numeric distincts on large files but counts text exactly and still spots ids', async () => {
    const file = path.join(dir, 'big.parquet');
    const cols = [
      ...Array.from({ length: 10 }, (_, j) => `(random() * ${j + 1})::DOUBLE AS d${j}`),
      ...Array.from({ length: 4 }, (_, j) => `(i % ${10 ** (j + 1)})::BIGINT AS n${j}`),
      `i AS id`,
      `'c' || (i % 20)::VARCHAR AS cat`,
      `md5(i::VARCHAR) AS txt`,
      `i % 3 = 0 AS flag`,
      `TIMESTAMP '2020-01-01' + to_seconds(i) AS ts`,
      `CASE WHEN i % 4 = 0 THEN NULL ELSE random() END AS holes`
    ];
    await writeParquet(file, `SELECT ${cols.join(', ')} FROM range(1000000) t(i)`);
    const s = await computeEda(file);
    expect(s.rows).toBe(1_000_000);
    expect(s.columns).toBe(20);
    const byName = (n: string) => s.columnStats.find((c) => c.name === n)!;
    expect(byName('txt')).toMatchObject({ distinct: 1_000_000, distinctApprox: false });
    expect(byName('cat')).toMatchObject({ distinct: 20, distinctApprox: false, kind: 'categorical' });
    // Integers spanning fewer values than there are value bins are counted exactly from the bins.
    expect(byName('n2')).toMatchObject({ distinct: 1000, distinctApprox: false });
    const d0 = byName('d0');
    expect(d0.distinctApprox).toBe(true);
    expect(Math.abs(d0.distinct / 1_000_000 - 1)).toBeLessThan(0.05);
    expect(byName('id')).toMatchObject({ distinct: 1_000_000, distinctApprox: false });
    expect(s.warnings.some((w) => w.code === 'id_like' && w.column === 'id')).toBe(true);
  }, 120_000);
});
