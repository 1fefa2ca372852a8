import { describe, expect, it } from 'vitest';
import { detectLineBreak, parseSampleRecords } from './sample-records';

const parse = (text: string, isComplete = true) =>
  parseSampleRecords(text, ',', { isComplete, lineBreak: detectLineBreak(text) });

describe('parseSampleRecords', () => {
  it('splits quoted fields with delimiters, escaped quotes and newlines', () => {
    const records = parse('a,b\n"x, y","say ""hi""\nthere"\n3,4\n');
    expect(records.map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"\nthere'],
      ['3', '4']
    ]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 4]);
  });

  it('treats CRLF as one line break', () => {
    expect(parse('a,b\r\n1,2\r\n').map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['1', '2']
    ]);
  });

  it('reads old Mac files that end lines with CR', () => {
    expect(detectLineBreak('a,b\r1,2\r')).toBe('cr');
    expect(parse('a,b\r1,2\r')).toHaveLength(2);
  });

  it('marks blank lines', () => {
    expect(parse('a\n\nb\n').map((r) => r.blank)).toEqual([false, true, false]);
  });

  it('drops a record cut off at the end of an incomplete sample', () => {
    expect(parse('a,b\n1,2\n3,', false)).toHaveLength(2);
    expect(parse('a,b\n1,2\n3,4', true)).toHaveLength(3);
  });

  it('tells a quoted empty last field from a trailing delimiter', () => {
    const [plain, quoted] = parse('a,\na,""\n');
    expect(plain?.lastFieldQuoted).toBe(false);
    expect(quoted?.lastFieldQuoted).toBe(true);
  });
});
