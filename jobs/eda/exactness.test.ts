import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlString } from '../validation/read-csv-sql';
import { computeEda, type ColumnStats, type EdaStats } from './stats';
import { writeParquet } from './test-fixtures';
import { num } from './values';

let dir: string;
let file: string;
let stats: EdaStats;
/** DuckDB's own quantile_cont / count(DISTINCT) per column: the definitions the report must match. */
const reference = new Map<string, { q: number[] | null; distinct: number; finite: number }>();

const COLUMNS = {
  normal: `CASE WHEN i % 13 = 0 THEN NULL ELSE sqrt(-2 * ln(random())) * cos(2 * pi() * random()) * 50 + 1e6 END`,
  ties: `(i % 5)::INTEGER`,
  outlier: `CASE WHEN i = 7 THEN 1e12 ELSE random() END`,
  negative: `-(i % 7919)::DOUBLE / 3`,
  wide_int: `(hash(i) % 1000000007)::BIGINT`,
  poisoned: `CASE WHEN i % 11 = 0 THEN 'nan'::DOUBLE WHEN i % 17 = 0 THEN 'inf'::DOUBLE ELSE i / 7.0 END`
};

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pw-eda-exact-'));
  file = path.join(dir, 'mixed.parquet');
  const cols = Object.entries(COLUMNS).map(([name, sql]) => `${sql} AS ${name}`);
  await writeParquet(file, `SELECT setseed(0.42) IS NULL AS _s, ${cols.join(', ')} FROM range(250000) t(i)`);
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  for (const name of Object.keys(COLUMNS)) {
    const clean = `CASE WHEN isfinite(${name}::DOUBLE) THEN ${name}::DOUBLE END`;
    const row = (
      await connection.runAndReadAll(
        `SELECT quantile_cont(${clean}, [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99]) AS q, count(DISTINCT ${name}) AS d, count(${clean}) AS f ` +
          `FROM read_parquet(${sqlString(file)})`
      )
    ).getRowObjectsJS()[0]!;
    reference.set(name, {
      q: (row.q as unknown[] | null)?.map(num) ?? null,
      distinct: num(row.d),
      finite: num(row.f)
    });
  }
  connection.closeSync();
  db.closeSync();
  stats = await computeEda(file);
}, 120_000);

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

function col(name: string): ColumnStats {
  return stats.columnStats.find((c) => c.name === name)!;
}

describe('exact statistics on a large file', () => {
  it.each(Object.keys(COLUMNS))('quantiles of %s equal quantile_cont', (name) => {
    const q = col(name).quantiles!;
    const want = reference.get(name)!.q!;
    const got = [q.p1, q.p5, q.p25, q.p50, q.p75, q.p95, q.p99];
    got.forEach((v, j) => {
      const scale = Math.max(1, Math.abs(want[j]!));
      expect(Math.abs(v - want[j]!) / scale, `${name} p${j}`).toBeLessThan(1e-12);
    });
  });

  it('histograms hold every finite value', () => {
    for (const name of Object.keys(COLUMNS)) {
      const counts = col(name).histogram!.counts;
      expect(
        counts.reduce((a, b) => a + b, 0),
        name
      ).toBe(reference.get(name)!.finite);
    }
  });

  it('counts distinct values exactly for narrow integers and within a few percent otherwise', () => {
    expect(col('ties')).toMatchObject({ distinct: 5, distinctApprox: false });
    for (const name of ['normal', 'wide_int', 'negative']) {
      const c = col(name);
      const exact = reference.get(name)!.distinct;
      expect(Math.abs(c.distinct / exact - 1), name).toBeLessThan(0.05);
    }
  });

  it('computes skewness as pandas does, stable far from zero', () => {
    // A symmetric distribution centred at a million: raw power sums would lose every digit.
    expect(Math.abs(col('normal').skewness!)).toBeLessThan(0.05);
    expect(col('outlier').skewness!).toBeGreaterThan(400);
  });
});

describe('identifier detection on large files', () => {
  it('spots a unique integer id at 300,000 rows and spares one with a single repeat', async () => {
    const ids = path.join(dir, 'ids.parquet');
    await writeParquet(
      ids,
      `SELECT (i * 7919 % 300007)::BIGINT AS order_id, ` +
        `CASE WHEN i = 5 THEN 6 ELSE i END::BIGINT AS almost, (i % 10)::INTEGER AS small ` +
        `FROM range(300000) t(i)`
    );
    const s = await computeEda(ids);
    const orderId = s.columnStats.find((c) => c.name === 'order_id')!;
    expect(orderId).toMatchObject({ distinct: 300_000, distinctApprox: false });
    const almost = s.columnStats.find((c) => c.name === 'almost')!;
    expect(almost).toMatchObject({ distinct: 299_999, distinctApprox: false });
    const idLike = s.warnings.filter((w) => w.code === 'id_like').map((w) => w.column);
    expect(idLike).toEqual(['order_id']);
  }, 60_000);
});
