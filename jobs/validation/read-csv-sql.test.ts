import { describe, expect, it } from 'vitest';
import { columnLayout } from './column-layout';
import { copyToParquetSql, readCsvCall, sqlIdentifier, sqlString, TRAILING_COLUMN } from './read-csv-sql';
import { sniffDialect } from './sniff-dialect';

const strict = { sampleAll: false, strict: true, allVarchar: false };

function call(text: string, mode = strict): string {
  const dialect = sniffDialect(text, true);
  return readCsvCall('/data/in.csv', dialect, columnLayout(dialect), mode);
}

describe('readCsvCall', () => {
  it('pins everything the DuckDB sniffer could get wrong', () => {
    const sql = call('a,b\n1,2\n');
    for (const option of [
      "delim=','",
      `quote='"'`,
      `escape='"'`,
      'header=true',
      'skip=0',
      "comment=''",
      'hive_partitioning=false',
      "compression='none'",
      'max_line_size=10485760'
    ]) {
      expect(sql).toContain(option);
    }
    expect(sql).not.toMatch(/sample_size|strict_mode|all_varchar|names=/);
  });

  it('skips blank lines before the header', () => {
    expect(call('\n\na,b\n1,2\n')).toContain('skip=2');
  });

  it('replaces a header with a trailing delimiter by explicit names', () => {
    const sql = call('a,b,\n1,2,\n');
    expect(sql).toContain('header=false');
    expect(sql).toContain('skip=1');
    expect(sql).toContain(`names=['a', 'b', '${TRAILING_COLUMN}']`);
  });

  it('relaxes what a retry asks for', () => {
    const sql = call('a,b\n1,2\n', { sampleAll: true, strict: false, allVarchar: true });
    expect(sql).toContain('sample_size=-1');
    expect(sql).toContain('strict_mode=false');
    expect(sql).toContain('all_varchar=true');
  });

  it('tells DuckDB about decimal commas', () => {
    expect(call('a;b\nx;1,5\n')).toContain("decimal_separator=','");
  });
});

describe('copyToParquetSql', () => {
  it('excludes the trailing column but still reads it to catch values', () => {
    const dialect = sniffDialect('a,b,\n1,2,\n', true);
    const sql = copyToParquetSql('/in.csv', '/out.parquet', dialect, columnLayout(dialect), strict);
    expect(sql).toMatch(
      /^COPY \(SELECT \* EXCLUDE \("__pipeweave_trailing_delimiter__"\) FROM read_csv\(.*\) WHERE CASE WHEN/
    );
    expect(sql).toMatch(/TO '\/out.parquet' \(FORMAT parquet\)$/);
  });
});

describe('quoting', () => {
  it('escapes quotes in literals and identifiers', () => {
    expect(sqlString("o'brien.csv")).toBe("'o''brien.csv'");
    expect(sqlIdentifier('say "hi"')).toBe('"say ""hi"""');
  });
});
