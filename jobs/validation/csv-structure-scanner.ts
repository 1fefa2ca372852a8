/**
 * A streaming, byte-level CSV checker that reports every structural problem with its real file line.
 *
 * Why not DuckDB's `store_rejects`? It numbers records, not file lines (quoted newlines shift every
 * later line), and in 1.5.6 its memory grows with the number of bad rows regardless of
 * `memory_limit` or `rejects_limit` (1.7 GB for a 130 MB file where every row is ragged). So DuckDB
 * converts, fails fast on the first problem, and this scanner — constant memory, one pass — explains
 * all of them. Its rules mirror DuckDB's strict mode: RFC 4180 quotes, empty lines skipped, strict
 * UTF-8.
 */
import type { LineBreak } from './sample-records';
import { issues, type ValidationIssue } from './validation-issues';
import { utf8Lead } from './utf8-stats';

/** What the scanner needs to know about the file. */
export interface StructureScanOptions {
  delimiter: string;
  lineBreak: LineBreak;
  /** Fields every data line must have. */
  expectedFields: number;
  /** Whether the first non-blank record is a header (whose names are checked elsewhere). */
  hasHeader: boolean;
  /** Column names for issues; positions are used beyond them. */
  columnNames: readonly string[];
  /** Report the first value in the last column, which has no name (the `a,b,` header case). */
  unnamedLastColumn: boolean;
  /**
   * Accept one extra, empty field at the end of data lines (the sample showed data lines ending with
   * a delimiter the header lacks, which DuckDB reads fine). Otherwise such lines count as ragged.
   */
  allowTrailingEmptyField: boolean;
  maxLineBytes: number;
  /** File lines before the first record to read (notes above the table), passed over unchecked. */
  skipLines?: number;
  /** Issues kept in the result; the rest are only counted. */
  maxIssues: number;
}

/** Everything the scan found. */
export interface StructureScanResult {
  /**
   * The first `maxIssues` problems, in file order. Lines with the same problem (a ragged row with the
   * same field count) are one issue with a `count`, so a shifted file reads as one line, not 100.
   */
  issues: ValidationIssue[];
  /** Issues there would be without the cap (a group counts once). */
  totalIssues: number;
  /** Problem lines, each line of a group counted. */
  problemLines: number;
  dataRecords: number;
  /** Record-ending line breaks seen, to warn about files that mix them. */
  lineEndings: { lf: number; crlf: number };
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_IN_QUOTED = 3;

/** Feed chunks with {@link push}, then call {@link finish}. */
export class CsvStructureScanner {
  private readonly delimiter: number;
  private readonly newline: number;
  private readonly found: ValidationIssue[] = [];
  private total = 0;
  private problemLines = 0;
  private readonly groups = new Map<
    string,
    { index: number; count: number; regroup: (count: number) => ValidationIssue }
  >();
  private dataRecords = 0;
  private lf = 0;
  private crlf = 0;
  private reportedUnnamed = false;
  private headerPending: boolean;

  // Position.
  private offset = 0;
  private line = 1;
  private state = FIELD_START;
  private crPending = false;
  // UTF-8 decoder: continuation bytes still expected, and the allowed range of the next one.
  private need = 0;
  private lo = 0x80;
  private hi = 0xbf;
  // Current record.
  private fields = 0;
  private hasContent = false;
  private lastFieldEmpty = true;
  private recordLine = 1;
  private recordOffset = 0;
  private quoteLine = 0;
  private malformedField = -1;
  private malformedLine = 0;
  private invalidLine = 0;
  private invalidField = 0;

  constructor(private readonly options: StructureScanOptions) {
    if (options.delimiter.length !== 1) throw new Error('The delimiter must be a single character');
    this.delimiter = options.delimiter.charCodeAt(0);
    this.newline = options.lineBreak === 'lf' ? LF : CR;
    this.headerPending = options.hasHeader;
  }

  /** Scans the next bytes of the file. */
  push(chunk: Uint8Array): void {
    const delimiter = this.delimiter;
    const newline = this.newline;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (this.crPending) {
        this.crPending = false;
        if (b === LF) {
          this.crlf++;
          this.endRecord(this.offset + i - 1, this.offset + i + 1);
          continue;
        }
        this.content();
      }
      if (this.need > 0) {
        if (b >= this.lo && b <= this.hi) {
          this.need--;
          this.lo = 0x80;
          this.hi = 0xbf;
          continue; // a continuation byte is never structural
        }
        this.need = 0;
        this.invalidByte();
      }
      // Fast path for the bulk of any file: printable ASCII inside an unquoted value changes nothing.
      if (this.state === UNQUOTED && b >= 0x20 && b < 0x80 && b !== delimiter) continue;
      if (b >= 0x80) {
        this.leadByte(b);
        this.content();
        continue;
      }
      const state = this.state;
      if (state === QUOTED) {
        if (b === QUOTE) this.state = QUOTE_IN_QUOTED;
        else if (b === newline) this.line++;
        continue;
      }
      if (b === CR && newline === LF) {
        this.crPending = true;
        continue;
      }
      if (b === newline) {
        if (newline === LF) this.lf++;
        this.endRecord(this.offset + i, this.offset + i + 1);
        continue;
      }
      if (b === delimiter) {
        this.fields++;
        this.hasContent = true;
        this.lastFieldEmpty = true;
        this.state = FIELD_START;
        continue;
      }
      if (b === QUOTE) {
        if (state === FIELD_START) {
          this.state = QUOTED;
          this.quoteLine = this.line;
          this.hasContent = true;
          this.lastFieldEmpty = false;
          continue;
        }
        if (state === QUOTE_IN_QUOTED) {
          this.state = QUOTED; // "" is an escaped quote
          continue;
        }
      }
      this.content(); // any other byte is plain content
    }
    this.offset += chunk.length;
  }

  /** Ends the scan at end of file and returns what was found. */
  finish(): StructureScanResult {
    if (this.crPending) this.content();
    if (this.need > 0) this.invalidByte();
    if (this.state === QUOTED) {
      this.report(() => issues.unterminatedQuote(this.quoteLine));
    } else if (this.hasContent) {
      this.endRecord(this.offset, null);
    }
    for (const group of this.groups.values()) {
      if (group.count > 1 && group.index >= 0) this.found[group.index] = group.regroup(group.count);
    }
    return {
      issues: this.found,
      totalIssues: this.total,
      problemLines: this.problemLines,
      dataRecords: this.dataRecords,
      lineEndings: { lf: this.lf, crlf: this.crlf }
    };
  }

  private content(): void {
    this.hasContent = true;
    if (this.state === FIELD_START) {
      this.state = UNQUOTED;
      this.lastFieldEmpty = false;
    } else if (this.state === QUOTE_IN_QUOTED) {
      this.state = UNQUOTED;
      if (this.malformedField < 0) {
        this.malformedField = this.fields;
        this.malformedLine = this.line;
      }
    }
  }

  private leadByte(b: number): void {
    const lead = utf8Lead(b);
    if (!lead) this.invalidByte();
    this.need = lead?.need ?? 0;
    this.lo = lead?.lo ?? 0x80;
    this.hi = lead?.hi ?? 0xbf;
  }

  private invalidByte(): void {
    if (this.invalidLine === 0) {
      this.invalidLine = this.line;
      this.invalidField = this.fields;
    }
  }

  private columnAt(index: number): string | number {
    const name = this.options.columnNames[index];
    return name === undefined || name.trim() === '' ? index + 1 : name;
  }

  private report(make: () => ValidationIssue): void {
    this.problemLines++;
    this.total++;
    if (this.found.length < this.options.maxIssues) this.found.push(make());
  }

  /** Like {@link report}, but the lines sharing `key` become one issue, rebuilt by `regroup`. */
  private reportGrouped(
    key: string,
    make: () => ValidationIssue,
    regroup: (count: number) => ValidationIssue
  ): void {
    const group = this.groups.get(key);
    if (group) {
      group.count++;
      this.problemLines++;
      return;
    }
    const listed = this.found.length < this.options.maxIssues;
    // Unlisted groups are still remembered (one small entry each) so their lines are not counted again.
    this.groups.set(key, { index: listed ? this.found.length : -1, count: 1, regroup });
    this.report(make);
  }

  /**
   * Closes the current record.
   *
   * @param end offset of its line break (or of end of file).
   * @param next offset where the next record starts, or null at end of file.
   */
  private endRecord(end: number, next: number | null): void {
    const { expectedFields, maxLineBytes, unnamedLastColumn, allowTrailingEmptyField } = this.options;
    const line = this.recordLine;
    const found = this.fields + 1;
    const length = end - this.recordOffset;
    if (this.hasContent && this.recordLine <= (this.options.skipLines ?? 0)) {
      // A note above the table: neither header nor data.
    } else if (this.hasContent) {
      const isHeader = this.headerPending;
      this.headerPending = false;
      if (!isHeader) this.dataRecords++;
      if (length > maxLineBytes) {
        this.report(() => issues.lineTooLong(line, length, maxLineBytes));
      } else if (
        !isHeader &&
        found !== expectedFields &&
        !(allowTrailingEmptyField && found === expectedFields + 1 && this.lastFieldEmpty)
      ) {
        const { hasHeader } = this.options;
        this.reportGrouped(
          `ragged:${found}`,
          () => issues.raggedRow(line, found, expectedFields, hasHeader),
          (count) => issues.raggedRows(line, count, found, expectedFields, hasHeader)
        );
      }
      if (this.malformedField >= 0) {
        const [at, column] = [this.malformedLine, this.columnAt(this.malformedField)];
        this.report(() => issues.malformedQuote(at, column));
      }
      if (this.invalidLine > 0) {
        const [at, column] = [this.invalidLine, this.columnAt(this.invalidField)];
        this.report(() => issues.invalidEncoding(at, column));
      }
      if (
        unnamedLastColumn &&
        !isHeader &&
        !this.reportedUnnamed &&
        found === expectedFields &&
        !this.lastFieldEmpty
      ) {
        this.reportedUnnamed = true;
        this.report(() => issues.valueInUnnamedColumn(expectedFields, line));
      }
    }
    if (next !== null) this.line++;
    this.state = FIELD_START;
    this.fields = 0;
    this.hasContent = false;
    this.lastFieldEmpty = true;
    this.recordLine = this.line;
    this.recordOffset = next ?? end;
    this.malformedField = -1;
    this.invalidLine = 0;
  }
}
