import { describe, expect, it } from 'vitest';
import { columnLayout, defaultColumnNames } from './column-layout';
import { sniffDialect } from './sniff-dialect';

describe('defaultColumnNames', () => {
  it('pads like DuckDB does for header-less files', () => {
    expect(defaultColumnNames(3)).toEqual(['column0', 'column1', 'column2']);
    expect(defaultColumnNames(12).slice(0, 2)).toEqual(['column00', 'column01']);
    expect(defaultColumnNames(12).at(-1)).toBe('column11');
  });
});

describe('columnLayout', () => {
  it('drops the unnamed column of a trailing delimiter but still expects its field', () => {
    expect(columnLayout(sniffDialect('a,b,\n1,2,\n', true))).toEqual({
      names: ['a', 'b'],
      expectedDataFields: 3,
      headerLine: 1
    });
  });

  it('expects one field fewer when only the header ends with a delimiter', () => {
    expect(columnLayout(sniffDialect('a,b,\n1,2\n', true))).toMatchObject({
      names: ['a', 'b'],
      expectedDataFields: 2
    });
  });

  it('names columns itself without a header and places the header after blank lines', () => {
    expect(columnLayout(sniffDialect('1,2\n3,4\n', true))).toMatchObject({
      names: ['column0', 'column1'],
      headerLine: null
    });
    expect(columnLayout(sniffDialect('\nid\n1\n', true)).headerLine).toBe(2);
  });
});
