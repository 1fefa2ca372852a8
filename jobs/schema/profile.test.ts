import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlString } from '../validation/read-csv-sql';
import { profileParquet } from './profile';
import type { ColumnProfile } from './types';

let dir: string;
let file: string;
let empty: string;

async function writeParquet(target: string, select: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(`COPY (${select}) TO ${sqlString(target)} (FORMAT parquet)`);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pw-profile-'));
  file = path.join(dir, 'data.parquet');
  empty = path.join(dir, 'empty.parquet');
  await writeParquet(
    file,
    `SELECT
       i AS id,
       CASE WHEN i % 10 = 0 THEN NULL ELSE i / 4.0 END::DOUBLE AS price,
       (i % 50)::DOUBLE AS whole,
       i % 3 = 0 AS flag,
       ['a', 'bb', 'ccc'][(i % 3) + 1] AS label,
       strftime(DATE '2024-01-01' + (i % 365)::INTEGER, '%d/%m/%Y') AS day_text,
       CASE WHEN i % 2 = 0 THEN 'yes' ELSE 'no' END AS yn,
       CASE WHEN i % 500 = 0 THEN 'note ' || i::VARCHAR END AS sparse,
       NULL::VARCHAR AS empty,
       DATE '2020-01-01' + (i % 10)::INTEGER AS d,
       i % 7 AS "odd ""name"", really"
     FROM range(3000) t(i)`
  );
  await writeParquet(empty, `SELECT 1::BIGINT AS a, 'x' AS b WHERE false`);
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const byName = (profiles: ColumnProfile[], name: string) => {
  const p = profiles.find((x) => x.name === name);
  if (!p) throw new Error(`no profile for ${name}`);
  return p;
};

describe('profileParquet', () => {
  it('reports counts, ranges and means per column with exact distinct counts on small files', async () => {
    const profiles = await profileParquet(file);
    expect(profiles.map((p) => p.name)).toEqual([
      'id',
      'price',
      'whole',
      'flag',
      'label',
      'day_text',
      'yn',
      'sparse',
      'empty',
      'd',
      'odd "name", really'
    ]);
    const id = byName(profiles, 'id');
    expect(id).toMatchObject({
      duckdbType: 'BIGINT',
      rowCount: 3000,
      nullCount: 0,
      distinctCount: 3000,
      distinctApprox: false
    });
    expect(id).toMatchObject({ min: '0', max: '2999', mean: 1499.5, integralShare: null, patterns: null });
    const price = byName(profiles, 'price');
    expect(price).toMatchObject({ nullCount: 300, distinctCount: 2700 });
    expect(price.integralShare).toBeCloseTo(600 / 2700, 6); // multiples of 4 that are not multiples of 10;
    expect(byName(profiles, 'whole').integralShare).toBe(1);
    expect(byName(profiles, 'flag')).toMatchObject({
      duckdbType: 'BOOLEAN',
      distinctCount: 2,
      min: 'false',
      max: 'true'
    });
    expect(byName(profiles, 'd')).toMatchObject({
      duckdbType: 'DATE',
      min: '2020-01-01',
      max: '2020-01-10',
      distinctCount: 10
    });
    expect(byName(profiles, 'odd "name", really').distinctCount).toBe(7);
  });

  it('samples values and measures string patterns for text columns', async () => {
    const profiles = await profileParquet(file, { sampleSize: 500 });
    const label = byName(profiles, 'label');
    expect(label).toMatchObject({
      minLength: 1,
      maxLength: 3,
      meanLength: 2,
      sampleCount: 500,
      sampleDistinct: 3
    });
    expect([...label.sampleValues].sort()).toEqual(['a', 'bb', 'ccc']);
    const day = byName(profiles, 'day_text');
    expect(day.patterns?.datetime).toMatchObject({ format: '%d/%m/%Y', share: 1 });
    expect(day.sampleValues).toHaveLength(20);
    expect(byName(profiles, 'yn').patterns?.booleanShare).toBe(1);
    expect(byName(profiles, 'id').sampleCount).toBe(500);
  });

  it('reads the first values of mostly-empty columns instead of relying on the row sample', async () => {
    const profiles = await profileParquet(file, { sampleSize: 200 });
    const sparse = byName(profiles, 'sparse');
    expect(sparse).toMatchObject({ nullCount: 2994, sampleCount: 6, sampleDistinct: 6 });
    expect(byName(profiles, 'empty')).toMatchObject({
      nullCount: 3000,
      distinctCount: 0,
      sampleCount: 0,
      min: null,
      mean: null
    });
  });

  it('switches to HyperLogLog estimates above the exact threshold and says so', async () => {
    const profiles = await profileParquet(file, { exactDistinctUpTo: 100 });
    const id = byName(profiles, 'id');
    expect(id.distinctApprox).toBe(true);
    expect(id.distinctCount).toBeGreaterThan(2850);
    expect(id.distinctCount).toBeLessThanOrEqual(3000);
    expect(byName(profiles, 'label').distinctCount).toBe(3);
  });

  it('profiles a file without rows', async () => {
    const profiles = await profileParquet(empty);
    expect(profiles).toHaveLength(2);
    expect(profiles[0]).toMatchObject({
      rowCount: 0,
      nullCount: 0,
      distinctCount: 0,
      sampleCount: 0,
      min: null
    });
    expect(profiles[1]?.patterns?.numberShare).toBe(0);
  });

  it('fails clearly for a missing file', async () => {
    await expect(profileParquet(path.join(dir, 'missing.parquet'))).rejects.toThrow();
  });
});
