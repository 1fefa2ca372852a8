import { detectDatetimeFormat } from './detect-datetime';
import type { StringPatterns } from './types';

/**
 * Boolean spellings grouped by family: a column is a flag only when all its values come from one
 * family ("yes"/"no"), not when it mixes "yes" with "false".
 */
export const BOOLEAN_FAMILIES: ReadonlyArray<readonly [string, string]> = [
  ['true', 'false'],
  ['yes', 'no'],
  ['y', 'n'],
  ['t', 'f'],
  ['1', '0']
];

const BOOLEAN_WORDS = new Set(BOOLEAN_FAMILIES.flat());

const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const LEADING_ZERO = /^0\d/;
const UUID = /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i;
const HEX_ID = /^[0-9a-f]{16,}$/i;

const MISSING_MARKER = /^(|na|n\/a|nan|null|none|nil|-|--|\?|\.|missing|unknown|#n\/a)$/i;

/** Placeholders people type for "no value" ("N/A", "-", "unknown"): they prove nothing about a type. */
export function isMissingMarker(value: string): boolean {
  return MISSING_MARKER.test(value.trim());
}

/** True for a boolean word (case-insensitive, trimmed). */
export function isBooleanWord(value: string): boolean {
  return BOOLEAN_WORDS.has(value.trim().toLowerCase());
}

/** True for a plain decimal number ("3", "-2.5", "1e3"); thousands separators do not count. */
export function isNumber(value: string): boolean {
  return NUMBER.test(value.trim());
}

/** True for a whole number written without a decimal point. */
export function isInteger(value: string): boolean {
  return INTEGER.test(value.trim());
}

/**
 * The boolean family all `distinctLower` values belong to, e.g. ['yes','no'], or null. One word
 * alone ("yes" everywhere) still counts: a flag that never flips in this file. One digit alone does
 * not: a column of "0" is far more often a quiet number than a flag.
 */
export function booleanFamily(distinctLower: readonly string[]): readonly [string, string] | null {
  if (distinctLower.length === 0 || distinctLower.length > 2) return null;
  if (distinctLower.length === 1 && /^\d$/.test(distinctLower[0] ?? '')) return null;
  return BOOLEAN_FAMILIES.find((pair) => distinctLower.every((v) => pair.includes(v))) ?? null;
}

/** Pattern shares over non-null sampled strings (see `StringPatterns`). */
export function computeStringPatterns(values: readonly string[]): StringPatterns {
  const n = values.length;
  const share = (test: (v: string) => boolean): number => {
    if (n === 0) return 0;
    let hits = 0;
    for (const v of values) if (test(v)) hits++;
    return hits / n;
  };
  return {
    booleanShare: share(isBooleanWord),
    integerShare: share(isInteger),
    numberShare: share(isNumber),
    leadingZeroShare: share((v) => isInteger(v) && LEADING_ZERO.test(v.trim().replace(/^[+-]/, ''))),
    datetime: detectDatetimeFormat(values),
    uuidShare: share((v) => UUID.test(v.trim())),
    hexIdShare: share((v) => HEX_ID.test(v.trim())),
    whitespaceShare: share((v) => /\s/.test(v.trim())),
    nonNumeric: mostFrequent(
      values.filter((v) => !isNumber(v)),
      5
    )
  };
}

function mostFrequent(values: readonly string[], max: number): string[] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, max)
    .map(([v]) => v);
}
