/** Which bytes end a line: LF (also accepting CRLF), or a lone CR as in old Mac exports. */
export type LineBreak = 'lf' | 'cr';

/** One CSV record from the sample, parsed RFC 4180 style (`"` quotes, `""` inside quotes). */
export interface SampleRecord {
  fields: string[];
  /** 1-based file line where the record starts. */
  line: number;
  /** An empty line (no characters at all); DuckDB skips these. */
  blank: boolean;
  /** Whether the last field was quoted, so `""` is not mistaken for a trailing delimiter. */
  lastFieldQuoted: boolean;
}

/** LF if the sample contains one (CRLF files too), else CR if it has one, else LF. */
export function detectLineBreak(text: string): LineBreak {
  return !text.includes('\n') && text.includes('\r') ? 'cr' : 'lf';
}

/**
 * Parses the records of a text sample. Lenient on purpose (a quote inside an unquoted value is kept,
 * text after a closing quote is appended): this only feeds the sniffers, the strict checks happen in
 * the full scan.
 *
 * @param isComplete whether `text` is the whole file; if not, the last, possibly cut, record is dropped.
 */
export function parseSampleRecords(
  text: string,
  delimiter: string,
  options: { isComplete: boolean; lineBreak: LineBreak; maxRecords?: number }
): SampleRecord[] {
  const { isComplete, lineBreak, maxRecords = Infinity } = options;
  const newline = lineBreak === 'lf' ? '\n' : '\r';
  const records: SampleRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let inQuotes = false;
  let line = 1;
  let startLine = 1;
  let hasContent = false;
  const endRecord = (): void => {
    fields.push(field);
    const blank = !hasContent && fields.length === 1 && field === '';
    records.push({ fields, line: startLine, blank, lastFieldQuoted: quoted });
    fields = [];
    field = '';
    quoted = false;
    hasContent = false;
  };
  for (let i = 0; i < text.length && records.length < maxRecords; i++) {
    const ch = text[i]!;
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (ch === newline) line++;
        field += ch;
      }
      continue;
    }
    if (ch === newline) {
      line++;
      endRecord();
      startLine = line;
      continue;
    }
    if (ch === '\r' && lineBreak === 'lf' && text[i + 1] === '\n') continue;
    hasContent = true;
    if (ch === delimiter) {
      fields.push(field);
      field = '';
      quoted = false;
    } else if (ch === '"' && field === '' && !quoted) {
      inQuotes = true;
      quoted = true;
    } else field += ch;
  }
  if (isComplete && records.length < maxRecords && (hasContent || fields.length > 0 || inQuotes)) endRecord();
  return records;
}
