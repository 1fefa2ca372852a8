/**
 * A strict parser for the strftime subset datasets actually use. It exists so that a format (ours or
 * one an LLM proposes) can be checked against real values: "does '%d/%m/%Y' parse '12/31/2024'?" must
 * be answered with calendar rules, not a regex alone, or day-first and month-first look identical.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december'
];

type Field = 'Y' | 'y' | 'm' | 'd' | 'H' | 'I' | 'M' | 'S' | 'f' | 'z' | 'p' | 'b' | 'B';

const DIRECTIVES: Record<Field, string> = {
  Y: '(\\d{4})',
  y: '(\\d{2})',
  m: '(\\d{1,2})',
  d: '(\\d{1,2})',
  H: '(\\d{1,2})',
  I: '(\\d{1,2})',
  M: '(\\d{2})',
  S: '(\\d{2})',
  f: '(\\d{1,9})',
  z: '(Z|[+-]\\d{2}:?\\d{2})',
  p: '(AM|PM|am|pm)',
  b: `(${MONTHS.join('|')})`,
  B: `(${MONTH_NAMES.join('|')})`
};

/** A compiled format: its anchored regex and which field each capture group holds. */
export interface CompiledFormat {
  regex: RegExp;
  fields: Field[];
}

const cache = new Map<string, CompiledFormat | null>();

/**
 * Compiles a strftime format, or returns null when it uses a directive we cannot check (then no value
 * can be verified against it, which callers treat as "does not parse").
 */
export function compileFormat(format: string): CompiledFormat | null {
  const cached = cache.get(format);
  if (cached !== undefined) return cached;
  const fields: Field[] = [];
  let source = '';
  let ok = format.length > 0;
  for (let i = 0; i < format.length && ok; i++) {
    const ch = format[i] as string;
    if (ch !== '%') {
      source += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      continue;
    }
    const next = format[++i];
    if (next === '%') {
      source += '%';
    } else if (next !== undefined && next in DIRECTIVES) {
      fields.push(next as Field);
      source += DIRECTIVES[next as Field];
    } else {
      ok = false;
    }
  }
  // A format without a date or time field would "parse" plain numbers; that is not a datetime.
  const compiled =
    ok && fields.some((f) => f !== 'z' && f !== 'p')
      ? { regex: new RegExp(`^${source}$`, 'i'), fields }
      : null;
  cache.set(format, compiled);
  return compiled;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** True when `value` (trimmed) is a real calendar date/time written in `format`. */
export function parsesWith(value: string, format: string | CompiledFormat): boolean {
  const compiled = typeof format === 'string' ? compileFormat(format) : format;
  if (!compiled) return false;
  const match = compiled.regex.exec(value.trim());
  if (!match) return false;
  let year = 2000; // a leap year, so 29 February passes when no year is written
  let month: number | null = null;
  let day: number | null = null;
  for (let g = 0; g < compiled.fields.length; g++) {
    const field = compiled.fields[g] as Field;
    const text = match[g + 1] as string;
    const n = Number(text);
    switch (field) {
      case 'Y':
        year = n;
        break;
      case 'y':
        year = 2000 + n;
        break;
      case 'm':
        month = n;
        break;
      case 'b':
        month = MONTHS.indexOf(text.toLowerCase()) + 1;
        break;
      case 'B':
        month = MONTH_NAMES.indexOf(text.toLowerCase()) + 1;
        break;
      case 'd':
        day = n;
        break;
      case 'H':
        if (n > 23) return false;
        break;
      case 'I':
        if (n < 1 || n > 12) return false;
        break;
      case 'M':
      case 'S':
        if (n > 59) return false;
        break;
      default:
        break;
    }
  }
  if (month !== null && (month < 1 || month > 12)) return false;
  if (day !== null && (day < 1 || day > daysInMonth(year, month ?? 1))) return false;
  return true;
}

/** Share of `values` that `format` parses (0 for an empty list or an uncheckable format). */
export function parseShare(values: readonly string[], format: string): number {
  const compiled = compileFormat(format);
  if (!compiled || values.length === 0) return 0;
  let hits = 0;
  for (const v of values) if (parsesWith(v, compiled)) hits++;
  return hits / values.length;
}
