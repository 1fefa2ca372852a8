import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import answerKey from '../../test/fixtures/schema/answer-key.json';
import { buildSchemaFixtures, type SchemaFixture } from '../../test/fixtures/schema/build-fixtures';
import { inferSchema } from './infer';
import { profileParquet } from './profile';

interface KeyEntry {
  target: string | null;
  columns: Record<string, string | string[]>;
}

const key = answerKey as unknown as Record<string, KeyEntry | string>;

interface Score {
  right: number;
  total: number;
  report: string;
  targetMisses: string[];
}

/** Runs the inferencer on every fixture and compares with the answer key. */
async function score(fixtures: readonly SchemaFixture[], label: string): Promise<Score> {
  let total = 0;
  let right = 0;
  const lines: string[] = [];
  const targetMisses: string[] = [];
  for (const f of fixtures) {
    const entry = key[f.name];
    if (!entry || typeof entry === 'string') throw new Error(`answer-key.json has no entry for ${f.name}`);
    const schema = inferSchema(await profileParquet(f.parquetPath));
    const misses: string[] = [];
    let fileRight = 0;
    for (const [name, expected] of Object.entries(entry.columns)) {
      const column = schema.columns.find((c) => c.name === name);
      const accepted = Array.isArray(expected) ? expected : [expected];
      if (column && accepted.includes(column.type)) fileRight++;
      else
        misses.push(
          `    ${name}: expected ${accepted.join('|')}, got ${column?.type ?? 'nothing'} — ${schema.metadata[name]?.reason ?? ''}`
        );
    }
    const count = Object.keys(entry.columns).length;
    total += count;
    right += fileRight;
    const target = schema.columns.find((c) => c.role === 'target')?.name ?? null;
    if (entry.target !== null && target !== entry.target)
      targetMisses.push(`${f.name}: expected ${entry.target}, got ${target}`);
    const targetNote =
      entry.target === null ? `no obvious target, guessed ${target ?? 'none'}` : `target ${target ?? 'none'}`;
    lines.push(
      `  ${f.name}: ${fileRight}/${count} (${((100 * fileRight) / count).toFixed(1)}%), ${targetNote}`,
      ...misses
    );
  }
  const report = `${label}: ${right}/${total} = ${((100 * right) / total).toFixed(1)}% of column types\n${lines.join('\n')}`;
  return { right, total, report, targetMisses };
}

/**
 * Accuracy of the deterministic inferencer against a hand-written answer key (sklearn's datasets
 * plus generated files). The bar is 95% of column types overall; misses are printed so a change in
 * heuristics shows what it fixed and what it broke.
 */
describe('schema inference accuracy', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pw-schema-accuracy-'));
  });

  afterAll(async () => {
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('gets at least 95% of column types right and finds the obvious targets (typed Parquet)', async () => {
    const fixtures = await buildSchemaFixtures(path.join(dir, 'typed'));
    const named = Object.keys(key).filter((k) => !k.startsWith('$'));
    // sklearn's files may be absent elsewhere; the generated ones always exist and all need a key.
    expect(fixtures.length).toBeGreaterThanOrEqual(4);
    expect(fixtures.every((f) => named.includes(f.name))).toBe(true);
    const result = await score(fixtures, 'Typed Parquet (validation default)');
    console.log(result.report);
    expect(result.right / result.total).toBeGreaterThanOrEqual(0.95);
    expect(result.targetMisses).toEqual([]);
  });

  it('gets at least 95% right when validation fell back to all-VARCHAR', async () => {
    const fixtures = await buildSchemaFixtures(path.join(dir, 'varchar'), { allVarchar: true });
    const result = await score(fixtures, 'All-VARCHAR Parquet (validation fallback)');
    console.log(result.report);
    expect(result.right / result.total).toBeGreaterThanOrEqual(0.95);
  });
});
