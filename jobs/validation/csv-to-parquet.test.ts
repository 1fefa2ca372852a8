import { describe, expect, it } from 'vitest';
import { classifyDuckDbError, shortDuckDbMessage } from './csv-to-parquet';
import { TRAILING_VALUE_ERROR } from './read-csv-sql';

describe('classifyDuckDbError', () => {
  it('sorts content problems by what can be retried', () => {
    expect(
      classifyDuckDbError(
        'Conversion Error: CSV Error on Line: 5\nCould not convert string "x" to \'BIGINT\''
      )
    ).toBe('cast');
    expect(classifyDuckDbError('Invalid Input Error: Error when sniffing file "a.csv".')).toBe('csv');
    expect(classifyDuckDbError(`Invalid Input Error: ${TRAILING_VALUE_ERROR}`)).toBe('unnamed_column');
  });

  it('leaves environment problems to the caller', () => {
    expect(classifyDuckDbError('IO Error: Could not write file "x": No space left on device')).toBeNull();
    expect(classifyDuckDbError('Out of Memory Error: failed to allocate')).toBeNull();
  });
});

describe('shortDuckDbMessage', () => {
  it('keeps the first line and caps it, since DuckDB quotes whole lines', () => {
    expect(shortDuckDbMessage('Invalid Input Error: bad\nOriginal Line: ...')).toBe(
      'Invalid Input Error: bad'
    );
    expect(shortDuckDbMessage('x'.repeat(1000), 10)).toBe(`${'x'.repeat(10)}…`);
  });
});
