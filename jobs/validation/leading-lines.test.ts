import { describe, expect, it } from 'vitest';
import { detectLeadingLines } from './leading-lines';
import { parseSampleRecords } from './sample-records';
import { sniffDialect } from './sniff-dialect';

function hint(text: string) {
  const dialect = sniffDialect(text, true);
  const records = parseSampleRecords(text, dialect.delimiter, { isComplete: true, lineBreak: 'lf' }).filter(
    (r) => !r.blank
  );
  return detectLeadingLines(records, dialect.hasHeader, dialect.decimalComma);
}

const rows = (n: number, make: (i: number) => string) =>
  Array.from({ length: n }, (_, i) => make(i)).join('\n');

describe('detectLeadingLines', () => {
  it('sees a count line above header-less data (sklearn breast_cancer, wine)', () => {
    const text = `569,30,malignant,benign\n${rows(20, (i) => `${i}.5,1.25,3,${i % 2},7.1,0.2`)}\n`;
    const found = hint(text);
    expect(found).toMatchObject({ code: 'leading_lines', line: 1, read: { skipLines: 1, header: false } });
    expect(found?.message).toContain('4 fields where the rest of the file has 6');
  });

  it('sees a count line above a real header (sklearn boston: same field count)', () => {
    const text = `506,13,,\n"CRIM","ZN","INDUS","MEDV"\n${rows(20, (i) => `0.0${i},18,2.31,${20 + i}.5`)}\n`;
    expect(hint(text)).toMatchObject({ code: 'leading_lines', read: { skipLines: 1, header: true } });
  });

  it('sees a header line 3 below two lines of notes', () => {
    const text = `exported 2024-01-01\nsource: lab\nid,height,weight\n${rows(20, (i) => `${i},1.${i},7${i}`)}\n`;
    expect(hint(text)).toMatchObject({ code: 'leading_lines', read: { skipLines: 2, header: true } });
  });

  it('warns when the header is made of values (sklearn iris: 150,4,setosa,…)', () => {
    const text = `150,4,setosa,versicolor,virginica\n${rows(20, (i) => `5.${i},3.5,1.4,0.2,${i % 3}`)}\n`;
    const found = hint(text);
    expect(found).toMatchObject({ code: 'header_looks_like_data', read: { skipLines: 1, header: false } });
    expect(found?.message).toContain('"150" and "4" look like values');
  });

  it('says nothing about ordinary files', () => {
    expect(hint(`id,height,weight\n${rows(20, (i) => `${i},1.${i},7${i}`)}\n`)).toBeNull();
    expect(hint(`${rows(20, (i) => `${i},1.${i},7${i}`)}\n`)).toBeNull();
    expect(hint(`name,city\n${rows(20, (i) => `n${i},c${i}`)}\n`)).toBeNull();
  });

  it('leaves a header that merely lacks a column to the ragged-row errors', () => {
    expect(hint(`id,height\n${rows(20, (i) => `${i},1.${i},7${i}`)}\n`)).toBeNull();
  });
});
