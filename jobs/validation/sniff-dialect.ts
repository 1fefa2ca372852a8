import { detectLineBreak, parseSampleRecords, type LineBreak, type SampleRecord } from './sample-records';

/** Delimiters we recognise, in order of preference when the sample cannot tell them apart. */
export const DELIMITER_CANDIDATES = [',', ';', '\t', '|'] as const;

/**
 * Where a trailing delimiter makes an unnamed last column: on every line (`all`), only on the
 * header (`header-only`), or only on data lines (`data-only`, which DuckDB already tolerates).
 */
export type TrailingDelimiter = 'none' | 'all' | 'header-only' | 'data-only';

/** How to read the file, as guessed from its first bytes. */
export interface CsvDialect {
  delimiter: string;
  lineBreak: LineBreak;
  hasHeader: boolean;
  /**
   * Lines before the first record: blank ones, plus those the user chose to skip. DuckDB must skip
   * them or it takes line 1 as the header.
   */
  leadingBlankLines: number;
  /** Fields of the first record as written: the header, or the first data row. */
  firstRecord: string[];
  trailingDelimiter: TrailingDelimiter;
  /** Data records (not header, not blank) in the sample. */
  sampleDataRecords: number;
  /** Numbers are written "1,50" (European exports, which then use `;` or tab as delimiter). */
  decimalComma: boolean;
}

const SAMPLE_RECORDS = 200;

export type ValueClass = 'empty' | 'int' | 'decimal' | 'text';

export function classifyValue(value: string, decimalComma: boolean): ValueClass {
  const v = decimalComma ? value.trim().replace(/^([+-]?\d+),(\d+)$/, '$1.$2') : value.trim();
  if (v === '') return 'empty';
  if (/^[+-]?\d+$/.test(v)) return 'int';
  if (/^[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?$/.test(v)) return 'decimal';
  return 'text';
}

function nonBlank(records: SampleRecord[]): SampleRecord[] {
  return records.filter((r) => !r.blank);
}

/** Most frequent field count and the share of records having it. */
function fieldCountConsistency(records: SampleRecord[]): { mode: number; share: number } {
  const counts = new Map<number, number>();
  for (const r of records) counts.set(r.fields.length, (counts.get(r.fields.length) ?? 0) + 1);
  let mode = 1;
  let best = 0;
  for (const [count, freq] of counts) {
    if (freq > best || (freq === best && count > mode)) [mode, best] = [count, freq];
  }
  return { mode, share: records.length > 0 ? best / records.length : 0 };
}

/**
 * Picks the delimiter that splits the sample into the most consistent number of fields (more than
 * one). Consistency first: a semicolon file with decimal commas has a stable semicolon count but a
 * varying comma count. Falls back to comma for single-column files.
 */
export function detectDelimiter(text: string, isComplete: boolean, lineBreak: LineBreak): string {
  let best: { delimiter: string; share: number; mode: number } | null = null;
  for (const delimiter of DELIMITER_CANDIDATES) {
    const records = nonBlank(
      parseSampleRecords(text, delimiter, { isComplete, lineBreak, maxRecords: SAMPLE_RECORDS })
    );
    const { mode, share } = fieldCountConsistency(records);
    if (mode < 2) continue;
    if (!best || share > best.share || (share === best.share && mode > best.mode))
      best = { delimiter, share, mode };
  }
  return best?.delimiter ?? ',';
}

/**
 * Decides whether the first record is a header. Strong evidence: a text value on top of a numeric
 * column. A first row that is all numbers is data. When only text columns exist, we assume a header
 * (uploads nearly always have one). Otherwise the first row fits the columns' types and is data —
 * unless an integer sits on top of a column of fractions, as with year headers ("2019") over prices.
 */
export function detectHeader(records: string[][], decimalComma = false): boolean {
  const [first, ...data] = records;
  if (!first) return false;
  const classify = (value: string): ValueClass => classifyValue(value, decimalComma);
  const firstClasses = first.map(classify);
  const allNumeric = firstClasses.every((c) => c !== 'text');
  if (data.length === 0) return !allNumeric;
  const columns = first.map((_, i) => {
    const classes = data.map((row) => classify(row[i] ?? '')).filter((c) => c !== 'empty');
    const numeric = classes.length > 0 && classes.every((c) => c === 'int' || c === 'decimal');
    const fractionsOnly =
      numeric && data.every((row) => /[.,]\d*[1-9]/.test(row[i] ?? '') || !row[i]?.trim());
    return { numeric, fractionsOnly };
  });
  if (columns.some((col, i) => col.numeric && firstClasses[i] === 'text')) return true;
  if (allNumeric) return false;
  if (!columns.some((col) => col.numeric)) return true;
  return columns.some((col, i) => col.fractionsOnly && firstClasses[i] === 'int');
}

/**
 * European spreadsheets write decimals as "1,50" and therefore delimit with `;` or tab. Without
 * telling DuckDB, such columns would silently become text.
 */
export function detectDecimalComma(records: string[][], delimiter: string): boolean {
  if (delimiter === ',') return false;
  let comma = false;
  for (const row of records) {
    for (const value of row) {
      const v = value.trim();
      if (/^[+-]?\d+\.\d+$/.test(v)) return false;
      if (/^[+-]?\d+,\d+$/.test(v)) comma = true;
    }
  }
  return comma;
}

function endsWithEmptyField(record: SampleRecord, fieldCount: number): boolean {
  return (
    record.fields.length === fieldCount && !record.lastFieldQuoted && record.fields.at(-1)!.trim() === ''
  );
}

/** Recognises the `a,b,` / `1,2,` pattern that would otherwise create an unnamed, empty column. */
export function detectTrailingDelimiter(records: SampleRecord[], hasHeader: boolean): TrailingDelimiter {
  const [first, ...rest] = records;
  if (!first || first.fields.length < 2) return 'none';
  const n = first.fields.length;
  if (!hasHeader) return records.every((r) => endsWithEmptyField(r, n)) ? 'all' : 'none';
  if (endsWithEmptyField(first, n)) {
    if (rest.every((r) => endsWithEmptyField(r, n))) return 'all';
    if (rest.every((r) => r.fields.length === n - 1)) return 'header-only';
    return 'none';
  }
  return rest.length > 0 && rest.every((r) => endsWithEmptyField(r, n + 1)) ? 'data-only' : 'none';
}

/**
 * Guesses delimiter, line break, header and trailing-delimiter shape from the start of a file.
 *
 * @param text the decoded sample, without BOM.
 * @param isComplete whether the sample is the whole file.
 * @param header whether the first record is the header, when the user said so; null to guess.
 */
export function sniffDialect(text: string, isComplete: boolean, header: boolean | null = null): CsvDialect {
  const lineBreak = detectLineBreak(text);
  const delimiter = detectDelimiter(text, isComplete, lineBreak);
  const all = parseSampleRecords(text, delimiter, { isComplete, lineBreak, maxRecords: SAMPLE_RECORDS });
  const leadingBlankLines = all.findIndex((r) => !r.blank);
  const records = nonBlank(all);
  // Header names never look like "1,50", so the whole sample can decide the decimal separator.
  const decimalComma = detectDecimalComma(
    records.map((r) => r.fields),
    delimiter
  );
  const hasHeader =
    header ??
    detectHeader(
      records.map((r) => r.fields),
      decimalComma
    );
  return {
    delimiter,
    lineBreak,
    hasHeader,
    leadingBlankLines: leadingBlankLines < 0 ? all.length : leadingBlankLines,
    firstRecord: records[0]?.fields ?? [],
    trailingDelimiter: detectTrailingDelimiter(records, hasHeader),
    sampleDataRecords: Math.max(0, records.length - (hasHeader ? 1 : 0)),
    decimalComma
  };
}
