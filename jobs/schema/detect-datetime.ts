import { compileFormat, parsesWith } from './strftime';
import type { DatetimeMatch } from './types';

const ISO_TIMES = ['%H:%M', '%H:%M:%S', '%H:%M:%S.%f'];
const CLOCK_TIMES = ['%H:%M', '%H:%M:%S', '%H:%M:%S.%f', '%I:%M %p', '%I:%M:%S %p'];

/**
 * Candidate formats in order of preference: earlier wins a tie. ISO forms come first because they
 * are unambiguous; among day-first/month-first pairs month-first comes first (pandas' default), and
 * a tie between them is reported as ambiguous rather than silently decided.
 */
export const CANDIDATE_FORMATS: readonly string[] = (() => {
  const out: string[] = ['%Y-%m-%d'];
  for (const sep of ['T', ' ']) {
    for (const t of ISO_TIMES) out.push(`%Y-%m-%d${sep}${t}`, `%Y-%m-%d${sep}${t}%z`);
  }
  const dates = [
    '%Y/%m/%d',
    '%m/%d/%Y',
    '%d/%m/%Y',
    '%d.%m.%Y',
    '%m-%d-%Y',
    '%d-%m-%Y',
    '%m/%d/%y',
    '%d/%m/%y'
  ];
  for (const d of dates) {
    out.push(d);
    for (const t of CLOCK_TIMES) out.push(`${d} ${t}`);
  }
  return out;
})();

/** The same format with day and month swapped, the ambiguity values ≤ 12 cannot resolve. */
function swapDayMonth(format: string): string {
  return format.replace(/%d|%m/g, (f) => (f === '%d' ? '%m' : '%d'));
}

/**
 * Finds the common datetime format that parses the most of `values` (non-null strings). Calendar
 * checks do the day/month disambiguation: '25/01/2024' only parses day-first, '01/25/2024' only
 * month-first. Returns null when no candidate parses any value.
 */
export function detectDatetimeFormat(values: readonly string[]): DatetimeMatch | null {
  if (values.length === 0) return null;
  // Cheap pre-filter: a datetime needs at least 6 characters and two digit groups.
  const candidates = values.filter((v) => v.length >= 6 && /\d+\D+\d+/.test(v));
  if (candidates.length === 0) return null;
  let best: { format: string; hits: number } | null = null;
  const hitsByFormat = new Map<string, number>();
  for (const format of CANDIDATE_FORMATS) {
    const compiled = compileFormat(format);
    if (!compiled) continue;
    let hits = 0;
    for (const v of candidates) if (parsesWith(v, compiled)) hits++;
    hitsByFormat.set(format, hits);
    if (hits > 0 && (!best || hits > best.hits)) best = { format, hits };
  }
  if (!best) return null;
  const swapped = swapDayMonth(best.format);
  const hasSwap = swapped !== best.format && hitsByFormat.has(swapped);
  const ambiguous = hasSwap && hitsByFormat.get(swapped) === best.hits;
  const format = best.format;
  const evidence =
    hasSwap && !ambiguous
      ? candidates.find((v) => parsesWith(v, format) && !parsesWith(v, swapped))
      : undefined;
  return {
    format,
    share: best.hits / values.length,
    ...(ambiguous ? { ambiguousWith: swapped } : {}),
    ...(evidence !== undefined ? { evidence } : {})
  };
}
