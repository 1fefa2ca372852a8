import { describe, expect, it } from 'vitest';
import { capIssues, delimiterName, issues } from './validation-issues';

describe('issue messages', () => {
  it('describes a ragged row against the header', () => {
    expect(issues.raggedRow(3, 3, 2, true)).toEqual({
      code: 'ragged_row',
      message: 'Line 3 has 3 fields but the header has 2.',
      line: 3
    });
  });

  it('uses the singular for one field and names the first line when there is no header', () => {
    expect(issues.raggedRow(7, 1, 4, false).message).toBe('Line 7 has 1 field but the first line has 4.');
  });

  it('names columns by name, or by position when they have none', () => {
    expect(issues.invalidEncoding(12, 'city').message).toContain('(in column "city")');
    expect(issues.malformedQuote(4, 2).message).toContain('in column 2 ');
    expect(issues.emptyColumnName(3, 1)).toMatchObject({ code: 'empty_column_name', column: 3, line: 1 });
  });

  it('lists where a duplicate name occurs', () => {
    expect(issues.duplicateColumnName('price', [2, 5], 1).message).toBe(
      'The column name "price" is used 2 times (columns 2, 5); column names must be unique, ignoring upper/lower case.'
    );
  });

  it('states sizes in units people use', () => {
    expect(issues.lineTooLong(3, 12 * 1024 * 1024, 10 * 1024 * 1024).message).toMatch(
      /^Line 3 is 12 MB long; lines longer than 10 MB/
    );
  });

  it('names delimiters in words', () => {
    expect([',', ';', '\t', '|'].map(delimiterName)).toEqual(['comma', 'semicolon', 'tab', 'pipe (|)']);
  });

  it('only ever produces full sentences', () => {
    const samples = [
      issues.emptyFile(),
      issues.whitespaceOnly(),
      issues.binaryContent('a PNG image'),
      issues.binaryContent(null),
      issues.unsupportedEncoding('The file is encoded as UTF-32.'),
      issues.invalidTranscoding('UTF-16 LE'),
      issues.noDataRows(),
      issues.valueInUnnamedColumn(3, 40),
      issues.unterminatedQuote(9),
      issues.parseError('something odd.'),
      issues.transcoded('Windows-1252 (Latin-1)'),
      issues.trailingDelimiter(4, 'comma'),
      issues.noHeader(['column0', 'column1']),
      issues.typesNotInferred(),
      issues.mixedLineEndings()
    ];
    for (const issue of samples) expect(issue.message).toMatch(/^[A-Z].*\.$/s);
  });
});

describe('capIssues', () => {
  const errors = Array.from({ length: 5 }, (_, i) => issues.raggedRow(i + 2, 3, 2, true));

  it('returns the list unchanged when within the cap', () => {
    expect(capIssues(errors, 5, 5)).toEqual(errors);
  });

  it('keeps the first issues and adds one too_many_errors with the total', () => {
    const capped = capIssues(errors, 1234, 3);
    expect(capped.slice(0, 3)).toEqual(errors.slice(0, 3));
    expect(capped[3]).toEqual({
      code: 'too_many_errors',
      message: 'Found 1,234 problems in total; only the first 3 are listed.'
    });
    expect(capped).toHaveLength(4);
  });
});
