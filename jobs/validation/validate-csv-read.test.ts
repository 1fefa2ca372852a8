import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateCsv } from './validate-csv';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'pw-read-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function validate(name: string, text: string, read?: { skipLines: number; header: boolean | null }) {
  const path = join(root, name);
  await writeFile(path, text);
  return validateCsv(path, { workDir: root, ...(read ? { read } : {}) });
}

const body = (rows: number, columns: number) =>
  Array.from({ length: rows }, (_, r) =>
    Array.from({ length: columns }, (_, c) => (c === columns - 1 ? r % 2 : `${r}.${c + 1}`)).join(',')
  ).join('\n') + '\n';

// Shaped like sklearn's shipped files: a line of counts and class names above the data.
const cancerLike = `12,5,malignant,benign\n${body(12, 6)}`;
const bostonLike = `12,3,,\n"CRIM","ZN","INDUS","MEDV"\n${body(12, 4)}`;

describe('reading past a note above the table', () => {
  it('fails a counts line with one grouped error and a hint to start at line 2', async () => {
    const result = await validate('cancer.csv', cancerLike);
    expect(result.status).toBe('failed');
    expect(result.errors.map((e) => [e.code, e.line, e.count])).toEqual([['ragged_row', 2, 12]]);
    expect(result.warnings.find((w) => w.code === 'leading_lines')?.read).toEqual({
      skipLines: 1,
      header: false
    });
  });

  it('validates it once line 1 is skipped, without the hint', async () => {
    const result = await validate('cancer.csv', cancerLike, { skipLines: 1, header: false });
    expect(result.status).toBe('validated');
    expect([result.numRows, result.numColumns, result.hasHeader]).toEqual([12, 6, false]);
    expect(result.warnings.map((w) => w.code)).toEqual(['read_options']);
  });

  it('takes line 2 as the header when told, and numbers problems from the top of the file', async () => {
    const guessed = await validate('boston.csv', bostonLike);
    expect(guessed.warnings.find((w) => w.code === 'leading_lines')?.read).toEqual({
      skipLines: 1,
      header: true
    });
    const result = await validate('boston.csv', bostonLike, { skipLines: 1, header: true });
    expect(result.status).toBe('validated');
    expect(result.columnNames).toEqual(['CRIM', 'ZN', 'INDUS', 'MEDV']);
    expect(result.numRows).toBe(12);
    const broken = await validate('boston-bad.csv', `${bostonLike}1,2\n`, { skipLines: 1, header: true });
    expect(broken.errors.map((e) => [e.code, e.line])).toEqual([['ragged_row', 15]]);
  });

  it('warns when the header is made of values, and says how to read it instead', async () => {
    const result = await validate('iris.csv', `12,4,setosa,versicolor,virginica\n${body(12, 5)}`);
    expect(result.status).toBe('validated');
    const hint = result.warnings.find((w) => w.code === 'header_looks_like_data');
    expect(hint?.read).toEqual({ skipLines: 1, header: false });
    expect(hint?.message).toContain('"12" and "4"');
  });

  it('answers no data rows when every line is skipped', async () => {
    const result = await validate('short.csv', 'a,b\n1,2\n', { skipLines: 5, header: null });
    expect(result.errors.map((e) => e.code)).toEqual(['no_data_rows']);
  });
});

describe('a header row the user chose that holds values', () => {
  it('suggests reading that same line as data', async () => {
    const result = await validate('cancer.csv', cancerLike, { skipLines: 1, header: true });
    const hint = result.warnings.find((w) => w.code === 'header_looks_like_data');
    expect(hint).toMatchObject({ line: 2, read: { skipLines: 1, header: false } });
    expect(result.warnings[0]!.message).toBe('Read as you asked: line 1 skipped, the header on line 2.');
  });
});
