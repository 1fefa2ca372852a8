import type { ReadOptions } from '../../contracts/api';
import type { SampleRecord } from './sample-records';
import { classifyValue, detectHeader } from './sniff-dialect';
import { issues, type ValidationIssue } from './validation-issues';

/** Share of the body's records that must agree on a field count before line 1 is called odd. */
const CONSISTENT = 0.9;

function isNumber(value: string, decimalComma: boolean): boolean {
  const c = classifyValue(value, decimalComma);
  return c === 'int' || c === 'decimal';
}

/** Names no real header has: numbers (row or column counts) or nothing at all. */
function dataLikeNames(fields: readonly string[], decimalComma: boolean): string[] {
  return fields.filter((f) => isNumber(f, decimalComma));
}

function looksLikeNames(fields: readonly string[], decimalComma: boolean): boolean {
  return fields.every((f) => f.trim() !== '' && !isNumber(f, decimalComma));
}

function modeOf(records: readonly SampleRecord[]): { fields: number; share: number } {
  const counts = new Map<number, number>();
  for (const r of records) counts.set(r.fields.length, (counts.get(r.fields.length) ?? 0) + 1);
  let fields = 0;
  let best = 0;
  for (const [count, freq] of counts) if (freq > best) [fields, best] = [count, freq];
  return { fields, share: records.length > 0 ? best / records.length : 0 };
}

/** How to read the file from `start` on: with its first record as header, or as data. */
function readFrom(records: readonly SampleRecord[], start: number, decimalComma: boolean): ReadOptions {
  const candidate = records[start]!;
  const header =
    looksLikeNames(candidate.fields, decimalComma) &&
    detectHeader(
      records.slice(start).map((r) => r.fields),
      decimalComma
    );
  return { skipLines: candidate.line - 1, header };
}

/**
 * Recognises a file that does not start with its header: a note above the table (sklearn's shipped
 * CSVs start with "569,30,malignant,benign", row and column counts then class names), or a header
 * made of values. Returns the hint to show, carrying the reading it suggests, or null.
 *
 * @param records the sample's non-blank records, with their file lines.
 * @param hasHeader whether the sniffer took the first record as the header.
 */
export function detectLeadingLines(
  records: readonly SampleRecord[],
  hasHeader: boolean,
  decimalComma = false
): ValidationIssue | null {
  const [first, ...body] = records;
  if (!first || body.length < 2) return null;
  // The body is what follows a possible header on line 2, so line 2 does not sway the count.
  const mode = modeOf(body.slice(1).length >= 2 ? body.slice(1) : body);
  if (first.fields.length !== mode.fields && mode.share >= CONSISTENT && mode.fields > 1) {
    const start = records.findIndex((r) => r.fields.length === mode.fields);
    const read = readFrom(records, start, decimalComma);
    const numbersOnTop = records
      .slice(0, start)
      .some((r) => dataLikeNames(r.fields, decimalComma).length > 0);
    // A short first line of plain names is a header missing columns, which the ragged rows explain.
    if (!numbersOnTop && !read.header) return null;
    return issues.leadingLines(read.skipLines, first.fields.length, mode.fields, read);
  }
  const second = readFrom(records, 1, decimalComma);
  if (!hasHeader) {
    // Values on line 1, names on line 2 (sklearn's boston file: "506,13,,,…" above "CRIM","ZN",…).
    return second.header ? issues.leadingLines(1, first.fields.length, mode.fields, second) : null;
  }
  const numeric = dataLikeNames(first.fields, decimalComma);
  if (numeric.length === 0) return null;
  // Only numbers: line 1 is the first data row (the user asked for a header it does not have).
  // Numbers and words, as in "150,4,setosa,…": a note, and the data follows it.
  const allNumbers = first.fields.every((f) => f.trim() === '' || isNumber(f, decimalComma));
  const read = allNumbers ? { skipLines: first.line - 1, header: false } : second;
  return issues.headerLooksLikeData(numeric, first.line, read);
}
