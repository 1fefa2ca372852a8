import { describe, expect, it } from 'vitest';
import {
  CsvStructureScanner,
  type StructureScanOptions,
  type StructureScanResult
} from './csv-structure-scanner';

const defaults: StructureScanOptions = {
  delimiter: ',',
  lineBreak: 'lf',
  expectedFields: 2,
  hasHeader: true,
  columnNames: ['a', 'b'],
  unnamedLastColumn: false,
  allowTrailingEmptyField: false,
  maxLineBytes: 1000,
  maxIssues: 100
};

function scan(
  input: string | Buffer,
  options: Partial<StructureScanOptions> = {},
  chunkSize = Infinity
): StructureScanResult {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const scanner = new CsvStructureScanner({ ...defaults, ...options });
  for (let i = 0; i < bytes.length; i += Math.min(chunkSize, bytes.length))
    scanner.push(bytes.subarray(i, i + chunkSize));
  return scanner.finish();
}

const problems = (result: StructureScanResult) => result.issues.map((i) => [i.code, i.line]);

describe('CsvStructureScanner', () => {
  it('finds nothing wrong in a clean file and counts its data records', () => {
    expect(scan('a,b\n1,2\n3,4\n')).toMatchObject({ issues: [], totalIssues: 0, dataRecords: 2 });
  });

  it('reports ragged lines with real line numbers after quoted newlines', () => {
    const text = 'a,b\n"x\ny\nz",1\n1,2,3\n4\n5,6\n';
    expect(problems(scan(text))).toEqual([
      ['ragged_row', 5],
      ['ragged_row', 6]
    ]);
  });

  it('gives the same answer however the bytes are chunked', () => {
    const text = Buffer.concat([
      Buffer.from('a,b\r\n"q ""x""\r\nz",1\r\nbad\r\n"open"tail,2\r\n', 'utf8'),
      Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2c, 0x31, 0x0d, 0x0a]),
      Buffer.from('été,€\r\n"never closed,3\r\n', 'utf8')
    ]);
    const whole = scan(text);
    expect(problems(whole)).toEqual([
      ['ragged_row', 4],
      ['malformed_quote', 5],
      ['invalid_encoding', 6],
      ['unterminated_quote', 8]
    ]);
    for (const size of [1, 2, 3, 5, 7, 64]) expect(scan(text, {}, size)).toEqual(whole);
  });

  it('skips blank lines, including CRLF ones, but not lines of spaces', () => {
    expect(problems(scan('a,b\n\n1,2\r\n\r\n3,4\n  \n'))).toEqual([['ragged_row', 6]]);
  });

  it('tolerates an empty field after the last column only where the sample showed trailing delimiters', () => {
    expect(scan('a,b\n1,2,\n3,4,\n', { allowTrailingEmptyField: true }).totalIssues).toBe(0);
    expect(problems(scan('a,b\n1,2,x\n', { allowTrailingEmptyField: true }))).toEqual([['ragged_row', 2]]);
    expect(problems(scan('a,b\n1,2,\n3,4\n'))).toEqual([['ragged_row', 2]]);
  });

  it('accepts a quote inside an unquoted value', () => {
    expect(scan('a,b\n5" pipe,2\n').totalIssues).toBe(0);
  });

  it('reports where an unclosed quote opened', () => {
    expect(problems(scan('a,b\n1,2\n3,"four\n5,6\n'))).toEqual([['unterminated_quote', 3]]);
  });

  it('names the column of bad bytes and of malformed quotes', () => {
    const bytes = Buffer.concat([Buffer.from('a,b\n1,caf'), Buffer.from([0xe9]), Buffer.from('\n"x"y,2\n')]);
    expect(scan(bytes).issues.map((i) => [i.code, i.line, i.column])).toEqual([
      ['invalid_encoding', 2, 'b'],
      ['malformed_quote', 3, 'a']
    ]);
  });

  it('flags a UTF-8 sequence cut short by a delimiter', () => {
    expect(problems(scan(Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0xe2, 0x82, 0x2c, 0x31, 0x0a])))).toEqual([
      ['invalid_encoding', 2]
    ]);
  });

  it('reports lines longer than the limit', () => {
    const result = scan(`a,b\n1,${'x'.repeat(2000)}\n3,4\n`);
    expect(problems(result)).toEqual([['line_too_long', 2]]);
    expect(result.issues[0]?.message).toContain('1.96 KB');
  });

  it('checks every line against the first one when there is no header', () => {
    expect(problems(scan('1,2\n3\n', { hasHeader: false }))).toEqual([['ragged_row', 2]]);
  });

  it('reports the first value found in an unnamed trailing column, once', () => {
    const result = scan('a,b,\n1,2,\n3,4,x\n5,6,y\n', { expectedFields: 3, unnamedLastColumn: true });
    expect(result.issues.map((i) => [i.code, i.line, i.column])).toEqual([['empty_column_name', 3, 3]]);
  });

  it('keeps the first maxIssues issues and counts all of them', () => {
    const text = 'a,b\n' + Array.from({ length: 50 }, (_, i) => 'x,'.repeat(i + 2) + 'x\n').join('');
    const result = scan(text, { maxIssues: 5 });
    expect(result.issues).toHaveLength(5);
    expect(result.totalIssues).toBe(50);
    expect(result.problemLines).toBe(50);
  });

  it('groups lines with the same ragged shape into one issue naming the first line', () => {
    const text = 'a,b\n' + '1\n'.repeat(177) + '1,2,3\n';
    const result = scan(text, { maxIssues: 100 });
    expect(result.issues.map((i) => [i.code, i.line, i.count])).toEqual([
      ['ragged_row', 2, 177],
      ['ragged_row', 179, undefined]
    ]);
    expect(result.issues[0]!.message).toBe(
      '177 lines have 1 field but the header has 2; the first of them is line 2.'
    );
    expect(result.totalIssues).toBe(2);
    expect(result.problemLines).toBe(178);
  });

  it('passes over the lines it is told to skip, header and all checks starting after them', () => {
    const text = '569,30,x\nid,v\n1,2\n3\n';
    expect(problems(scan(text, { skipLines: 1 }))).toEqual([['ragged_row', 4]]);
    expect(scan(text, { skipLines: 1 }).dataRecords).toBe(2);
  });

  it('reads old Mac line breaks when told to', () => {
    expect(problems(scan('a,b\r1,2\r3\r', { lineBreak: 'cr' }))).toEqual([['ragged_row', 3]]);
  });

  it('counts LF and CRLF line endings separately', () => {
    expect(scan('a,b\r\n1,2\n3,4\r\n').lineEndings).toEqual({ lf: 1, crlf: 2 });
  });

  it('handles a missing final newline', () => {
    expect(scan('a,b\n1,2\n3').issues.map((i) => i.line)).toEqual([3]);
    expect(scan('a,b\n1,2').dataRecords).toBe(1);
  });
});
