import { describe, expect, it } from 'vitest';
import { checkHeader } from './check-header';

describe('checkHeader', () => {
  it('accepts unique, non-empty names', () => {
    expect(checkHeader(['id', 'name', 'score'], 1)).toEqual([]);
  });

  it('reports empty and blank names by position', () => {
    expect(checkHeader(['id', '', '  '], 3).map((i) => [i.code, i.column, i.line])).toEqual([
      ['empty_column_name', 2, 3],
      ['empty_column_name', 3, 3]
    ]);
  });

  it('reports duplicates once per name, ignoring case', () => {
    const found = checkHeader(['price', 'id', 'Price', 'id', 'PRICE'], 1);
    expect(found.map((i) => [i.code, i.column])).toEqual([
      ['duplicate_column_name', 'price'],
      ['duplicate_column_name', 'id']
    ]);
    expect(found[0]?.message).toContain('columns 1, 3, 5');
  });
});
