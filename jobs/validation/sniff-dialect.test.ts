import { describe, expect, it } from 'vitest';
import { detectDecimalComma, detectDelimiter, detectHeader, sniffDialect } from './sniff-dialect';

describe('detectDelimiter', () => {
  it.each([
    ['comma', 'a,b,c\n1,2,3\n', ','],
    ['semicolon with decimal commas', 'a;b\n1,5;2,25\n3,5;4,75\n', ';'],
    ['tab with commas in text', 'name\tnote\nx\thello, world\ny\tplain\n', '\t'],
    ['pipe', 'a|b\n1|2\n', '|'],
    ['comma inside quotes only', 'a;b\n"1,2";3\n"4,5";6\n', ';']
  ])('finds the %s delimiter', (_, text, delimiter) => {
    expect(detectDelimiter(text, true, 'lf')).toBe(delimiter);
  });

  it('falls back to comma for a single column', () => {
    expect(detectDelimiter('name\nalice\nbob\n', true, 'lf')).toBe(',');
  });

  it('prefers the delimiter that splits most lines the same way, even with ragged lines', () => {
    expect(detectDelimiter('a,b,c\n1,2,3\n4,5\n6,7,8\n', true, 'lf')).toBe(',');
  });
});

describe('detectHeader', () => {
  it('sees a header when text sits on top of numbers', () => {
    expect(
      detectHeader([
        ['id', 'score'],
        ['1', '2.5']
      ])
    ).toBe(true);
  });

  it('sees data when the first row is all numbers', () => {
    expect(
      detectHeader([
        ['1', '2.5'],
        ['3', '4.5']
      ])
    ).toBe(false);
  });

  it('assumes a header for an all-text table', () => {
    expect(
      detectHeader([
        ['name', 'city'],
        ['alice', 'paris']
      ])
    ).toBe(true);
  });

  it('sees data when the first row fits the column types', () => {
    expect(
      detectHeader([
        ['alice', '30'],
        ['bob', '25']
      ])
    ).toBe(false);
  });

  it('recognises year-like headers over columns of fractions', () => {
    expect(
      detectHeader([
        ['region', '2019', '2020'],
        ['north', '1.25', '3.5'],
        ['south', '2.5', '0.75']
      ])
    ).toBe(true);
  });

  it('judges a lone line by whether it is all numbers', () => {
    expect(detectHeader([['a', 'b']])).toBe(true);
    expect(detectHeader([['1', '2']])).toBe(false);
  });

  it('reads decimal commas as numbers when told to', () => {
    const rows = [
      ['1,5', '2,5'],
      ['3,5', '4,5']
    ];
    expect(detectHeader(rows, true)).toBe(false);
  });
});

describe('detectDecimalComma', () => {
  it('spots European decimals in a non-comma file', () => {
    expect(detectDecimalComma([['Apfel', '1,50']], ';')).toBe(true);
    expect(
      detectDecimalComma(
        [
          ['Apfel', '1.50'],
          ['Birne', '1,50']
        ],
        ';'
      )
    ).toBe(false);
    expect(detectDecimalComma([['1,50']], ',')).toBe(false);
  });
});

describe('sniffDialect', () => {
  it('describes a plain file', () => {
    expect(sniffDialect('id,name\n1,alice\n2,bob\n', true)).toEqual({
      delimiter: ',',
      lineBreak: 'lf',
      hasHeader: true,
      leadingBlankLines: 0,
      firstRecord: ['id', 'name'],
      trailingDelimiter: 'none',
      sampleDataRecords: 2,
      decimalComma: false
    });
  });

  it('counts blank lines before the header', () => {
    expect(sniffDialect('\n\nid,name\n1,a\n', true)).toMatchObject({
      leadingBlankLines: 2,
      firstRecord: ['id', 'name']
    });
  });

  it.each([
    ['on every line', 'a,b,\n1,2,\n3,4,\n', 'all'],
    ['on the header only', 'a,b,\n1,2\n3,4\n', 'header-only'],
    ['on data lines only', 'a,b\n1,2,\n3,4,\n', 'data-only'],
    ['nowhere', 'a,b\n1,2\n', 'none']
  ])('recognises a trailing delimiter %s', (_, text, shape) => {
    expect(sniffDialect(text, true).trailingDelimiter).toBe(shape);
  });

  it('does not call an unnamed column with values a trailing delimiter', () => {
    expect(sniffDialect('a,b,\n1,2,x\n', true).trailingDelimiter).toBe('none');
  });

  it('reports a header without data rows', () => {
    expect(sniffDialect('a,b,c\n', true)).toMatchObject({ hasHeader: true, sampleDataRecords: 0 });
  });
});
