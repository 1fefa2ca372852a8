import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGeneratedFixtures, generateCsvFixtures } from '../../test/fixtures/csv/generate';
import { validateCsv, type CsvValidationResult, type ValidationIssue } from './validate-csv';

interface ExpectedIssue {
  code: string;
  line?: number;
  column?: string | number;
}

interface FixtureExpectation {
  source: 'committed' | 'generated';
  status: 'validated' | 'failed';
  errors?: ExpectedIssue[];
  errorsHead?: ExpectedIssue[];
  errorCount?: number;
  tooManyErrorsTotal?: number;
  warnings?: string[];
  encoding?: string;
  delimiter?: string | null;
  hasHeader?: boolean;
  numRows?: number;
  numColumns?: number;
  columnNames?: string[];
  columnTypes?: Record<string, string>;
  firstRow?: Record<string, string>;
}

const committedDir = fileURLToPath(new URL('../../test/fixtures/csv', import.meta.url));
const answerKey = JSON.parse(await readFile(join(committedDir, 'expected.json'), 'utf8')) as {
  fixtures: Record<string, FixtureExpectation>;
};
const fixtures = Object.entries(answerKey.fixtures);

let root: string;
let generatedDir: string;
let instance: DuckDBInstance;
let duck: DuckDBConnection;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'validate-csv-test-'));
  generatedDir = join(root, 'generated');
  await generateCsvFixtures(generatedDir);
  instance = await DuckDBInstance.create(':memory:');
  duck = await instance.connect();
});

afterAll(async () => {
  duck?.closeSync();
  instance?.closeSync();
  if (root) await rm(root, { recursive: true, force: true });
});

function fixturePath(name: string, expectation: FixtureExpectation): string {
  return join(expectation.source === 'committed' ? committedDir : generatedDir, name);
}

async function freshWorkDir(): Promise<string> {
  const dir = join(root, `work-${Math.random().toString(36).slice(2)}`);
  await mkdir(dir);
  return dir;
}

function essentials(issue: ValidationIssue): ExpectedIssue {
  return {
    code: issue.code,
    ...(issue.line === undefined ? {} : { line: issue.line }),
    ...(issue.column === undefined ? {} : { column: issue.column })
  };
}

async function queryRows(sql: string): Promise<Record<string, unknown>[]> {
  return (await duck.runAndReadAll(sql)).getRowObjectsJson();
}

function parquetSource(path: string): string {
  return `read_parquet('${path.replaceAll("'", "''")}')`;
}

function expectReadableIssue(issue: ValidationIssue): void {
  expect(issue.message).toMatch(/^[A-Z].*\.$/s);
  expect(issue.message).not.toMatch(/undefined|NaN|\[object/);
  if (issue.line !== undefined && !issue.code.endsWith('column_name')) {
    expect(issue.message.toLowerCase()).toContain(`line ${issue.line}`);
  }
}

describe('validateCsv against the fixture corpus', () => {
  it('has an answer for every fixture and a fixture for every answer', async () => {
    const committed = (await readdir(committedDir)).filter((f) => f.endsWith('.csv')).sort();
    const generated = Object.keys(buildGeneratedFixtures()).sort();
    const keyed = (source: FixtureExpectation['source']): string[] =>
      fixtures
        .filter(([, e]) => e.source === source)
        .map(([name]) => name)
        .sort();
    expect(keyed('committed')).toEqual(committed);
    expect(keyed('generated')).toEqual(generated);
    expect(fixtures.length).toBeGreaterThanOrEqual(28);
  });

  it.each(fixtures)('%s', async (name, expected) => {
    const workDir = await freshWorkDir();
    const result = await validateCsv(fixturePath(name, expected), { workDir });

    expect(result.status).toBe(expected.status);
    if (expected.errors) expect(result.errors.map(essentials)).toEqual(expected.errors);
    if (expected.errorsHead) {
      expect(result.errors.slice(0, expected.errorsHead.length).map(essentials)).toEqual(expected.errorsHead);
    }
    if (expected.errorCount !== undefined) expect(result.errors).toHaveLength(expected.errorCount);
    if (expected.tooManyErrorsTotal !== undefined) {
      const last = result.errors.at(-1);
      expect(last?.code).toBe('too_many_errors');
      expect(last?.message).toContain(`Found ${expected.tooManyErrorsTotal} problems`);
    }
    if (expected.warnings) expect(result.warnings.map((w) => w.code)).toEqual(expected.warnings);
    for (const key of [
      'encoding',
      'delimiter',
      'hasHeader',
      'numRows',
      'numColumns',
      'columnNames'
    ] as const) {
      if (expected[key] !== undefined) expect(result[key], key).toEqual(expected[key]);
    }
    [...result.errors, ...result.warnings].forEach(expectReadableIssue);

    const left = await readdir(workDir);
    if (expected.status === 'validated') {
      expect(result.errors).toEqual([]);
      expect(result.parquetPath).not.toBeNull();
      expect(left).toEqual([basename(result.parquetPath!)]);
      await expectParquetMatches(result, expected);
    } else {
      expect(result.parquetPath).toBeNull();
      expect(result.columnTypes).toBeNull();
      expect(result.numRows).toBeNull();
      expect(left).toEqual([]);
    }
  });
});

async function expectParquetMatches(
  result: CsvValidationResult,
  expected: FixtureExpectation
): Promise<void> {
  const source = parquetSource(result.parquetPath!);
  const [count] = await queryRows(`SELECT count(*) AS n FROM ${source}`);
  expect(Number(count?.n)).toBe(result.numRows);
  const described = await queryRows(
    `SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM ${source})`
  );
  expect(described.map((c) => ({ name: c.column_name, type: c.column_type }))).toEqual(result.columnTypes);
  expect(result.columnTypes!.map((c) => c.name)).toEqual(result.columnNames);
  for (const [column, type] of Object.entries(expected.columnTypes ?? {})) {
    expect(result.columnTypes!.find((c) => c.name === column)?.type, column).toBe(type);
  }
  if (expected.firstRow) {
    const [first] = await queryRows(`SELECT * FROM ${source} LIMIT 1`);
    const asText = Object.fromEntries(Object.keys(expected.firstRow).map((k) => [k, String(first?.[k])]));
    expect(asText).toEqual(expected.firstRow);
  }
}

describe('validateCsv behaviour', () => {
  async function run(
    name: string,
    options: { maxErrors?: number } = {}
  ): Promise<{ result: CsvValidationResult; events: Array<[number, string]>; workDir: string }> {
    const expectation = answerKey.fixtures[name]!;
    const workDir = await freshWorkDir();
    const events: Array<[number, string]> = [];
    const result = await validateCsv(fixturePath(name, expectation), {
      workDir,
      ...options,
      onProgress: (percent, step) => events.push([percent, step])
    });
    return { result, events, workDir };
  }

  function expectIncreasing(events: Array<[number, string]>): void {
    const percents = events.map(([p]) => p);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(percents[0]).toBe(0);
    expect(percents.at(-1)).toBe(100);
  }

  it('reports progress through the steps of a conversion', async () => {
    const { events } = await run('late-type-change.csv');
    expectIncreasing(events);
    const steps = new Set(events.map(([, s]) => s));
    expect([...steps]).toEqual(
      expect.arrayContaining(['Checking encoding', 'Scanning and converting', 'Done'])
    );
  });

  it('reports collecting problems when the file fails', async () => {
    const { events } = await run('ragged-after-quoted-newlines.csv');
    expectIncreasing(events);
    expect(events.map(([, s]) => s)).toContain('Collecting problems');
  });

  it('reports the transcoding step', async () => {
    const { events } = await run('utf16le-bom.csv');
    expectIncreasing(events);
    expect(events.map(([, s]) => s)).toContain('Converting to UTF-8');
  });

  it('keeps going when the progress listener throws', async () => {
    const workDir = await freshWorkDir();
    const result = await validateCsv(join(committedDir, 'one-column.csv'), {
      workDir,
      onProgress: () => {
        throw new Error('socket closed');
      }
    });
    expect(result.status).toBe('validated');
  });

  it('caps the error list at maxErrors and then counts the rest', async () => {
    const { result } = await run('many-ragged.csv', { maxErrors: 10 });
    expect(result.errors).toHaveLength(11);
    expect(result.errors.at(-1)).toEqual({
      code: 'too_many_errors',
      message: 'Found 150 problems in total; only the first 10 are listed.'
    });
  });

  it('phrases a ragged row the way a person would', async () => {
    const { result } = await run('ragged-too-many.csv');
    expect(result.errors[0]?.message).toBe('Line 3 has 4 fields but the header has 3.');
  });

  it('reads paths containing quotes and glob characters literally', async () => {
    const dir = join(root, "odd [path] o'brien");
    await mkdir(dir, { recursive: true });
    const csv = join(dir, 'data*[1].csv');
    await copyFile(join(committedDir, 'quoted-delimiters.csv'), csv);
    const workDir = await freshWorkDir();
    const result = await validateCsv(csv, { workDir });
    expect(result.status).toBe('validated');
    expect(result.numRows).toBe(2);
    expect(await readdir(workDir)).toEqual([basename(result.parquetPath!)]);
  });

  it('throws for a missing file and leaves the work folder clean', async () => {
    const workDir = await freshWorkDir();
    await expect(validateCsv(join(root, 'does-not-exist.csv'), { workDir })).rejects.toThrow(/ENOENT/);
    expect(await readdir(workDir)).toEqual([]);
  });
});
