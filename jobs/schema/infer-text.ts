import { fmtDistinct, fmtNumber, fmtShare, quoteValues } from './evidence-text';
import { decideWholeNumbers, type TypeDecision } from './infer-numeric';
import { isIdName } from './name-hints';
import type { ColumnProfile, DatetimeMatch, StringPatterns } from './types';
import { booleanFamily, isInteger, isMissingMarker, isNumber } from './value-patterns';

/** Long or prose-like values are text; short repeated ones are categories. */
const LONG_TEXT = 30;

/**
 * Decides what a VARCHAR column holds. Validation leaves a column as text when DuckDB could not give
 * it a type, which is exactly where "yes/no", dates in a second format, codes with leading zeros and
 * numbers mixed with "N/A" end up; the sampled patterns tell them apart.
 */
export function decideText(p: ColumnProfile, s: StringPatterns): TypeDecision {
  const distinct = fmtDistinct(p.distinctCount, p.distinctApprox);
  const nonNull = p.rowCount - p.nullCount;
  const ratio = nonNull === 0 ? 0 : p.distinctCount / nonNull;
  const examples = quoteValues(p.sampleValues);

  // Case variants ("Yes", "yes") are one word; at most two words per family.
  const lower = [...new Set(p.sampleValues.map((v) => v.trim().toLowerCase()))];
  const family = p.sampleDistinct <= 20 && p.distinctCount <= 6 ? booleanFamily(lower) : null;
  if (family && s.booleanShare >= 0.99) {
    return {
      type: 'boolean',
      confidence: 0.9,
      reason: `Only the words '${family[0]}'/'${family[1]}' (${quoteValues(p.sampleValues, 4)}): a yes/no flag stored as text.`
    };
  }
  if (s.uuidShare >= 0.95) {
    return {
      type: 'id',
      confidence: ratio >= 0.95 ? 0.95 : 0.85,
      reason: `${fmtShare(s.uuidShare)} of sampled values are UUIDs (e.g. ${quoteValues(p.sampleValues, 1)}), ${distinct}.`
    };
  }
  if (s.hexIdShare >= 0.95 && p.minLength === p.maxLength && ratio >= 0.5) {
    return {
      type: 'id',
      confidence: 0.85,
      reason: `${p.maxLength}-character hex strings (e.g. ${quoteValues(p.sampleValues, 1)}), ${distinct}: hashes or keys.`
    };
  }
  const datetime = s.datetime;
  if (datetime && datetime.share >= 0.95) {
    return {
      type: 'datetime',
      format: datetime.format,
      confidence: datetime.ambiguousWith ? 0.7 : 0.92,
      reason:
        `${fmtShare(datetime.share)} of sampled values parse as '${datetime.format}' (e.g. ${examples})` +
        disambiguation(datetime)
    };
  }
  const numeric = numericText(p, s);
  if (numeric) return numeric;

  if (isIdName(p.name) && ratio >= 0.95 && p.distinctCount > 1) {
    return {
      type: 'id',
      confidence: 0.8,
      reason: `Named like an identifier and every value is distinct (e.g. ${examples}).`
    };
  }
  const meanLength = p.meanLength ?? 0;
  const prose = meanLength >= LONG_TEXT || (s.whitespaceShare >= 0.5 && meanLength >= 15);
  const lengths = `mean length ${fmtNumber(Math.round(meanLength))} characters`;
  if (p.distinctCount <= 1) {
    return { type: 'categorical', confidence: 0.8, reason: `A single value ${examples} in every row.` };
  }
  if (p.distinctCount <= 50 || (ratio <= 0.05 && !prose)) {
    return {
      type: 'categorical',
      confidence: p.distinctCount <= 20 ? 0.9 : 0.75,
      reason: `${distinct} in ${fmtNumber(nonNull)} rows (${quoteValues(p.sampleValues, 4)}): a fixed set of labels.`
    };
  }
  if (prose) {
    return {
      type: 'text',
      confidence: ratio >= 0.5 ? 0.85 : 0.65,
      reason: `Free text: ${lengths}, ${fmtShare(s.whitespaceShare)} with spaces, ${distinct} in ${fmtNumber(nonNull)} rows.`
    };
  }
  if (ratio >= 0.95 && s.whitespaceShare < 0.1) {
    return {
      type: 'id',
      confidence: 0.6,
      reason: `Short values without spaces and every one distinct (e.g. ${examples}): looks like a key.`
    };
  }
  if (ratio >= 0.5) {
    return {
      type: 'text',
      confidence: 0.55,
      reason: `Mostly unique short strings (${distinct} in ${fmtNumber(nonNull)} rows, ${lengths}), e.g. ${examples}.`
    };
  }
  return {
    type: 'categorical',
    confidence: 0.6,
    reason: `Many categories: ${distinct} in ${fmtNumber(nonNull)} rows (e.g. ${examples}), ${lengths}.`
  };
}

/** Why day-first or month-first was chosen, or that it could not be told. */
function disambiguation(match: DatetimeMatch): string {
  if (match.ambiguousWith)
    return `; no day above 12 in the sample, so it could also be '${match.ambiguousWith}'.`;
  if (match.evidence === undefined) return '.';
  return `; '${match.evidence}' only reads ${match.format.indexOf('%d') < match.format.indexOf('%m') ? 'day' : 'month'}-first.`;
}

/**
 * Numbers kept as text: leading zeros (codes that would lose them as numbers) or a few placeholder
 * words such as "N/A" that stopped DuckDB from typing the column.
 */
function numericText(p: ColumnProfile, s: StringPatterns): TypeDecision | null {
  if (s.numberShare < 0.9 || p.sampleCount === 0) return null;
  // A few "N/A"s are missing values; a real word ("large") means the column is not numeric.
  const others = s.nonNumeric;
  if (!others.every(isMissingMarker)) return null;
  const markers = others.length > 0 ? ` ${quoteValues(others)} would become missing values.` : '';
  if (s.leadingZeroShare > 0 && s.integerShare >= s.numberShare) {
    const zero = p.sampleValues.find((v) => /^0\d/.test(v.trim())) ?? '';
    const unique = p.distinctCount >= 0.95 * (p.rowCount - p.nullCount);
    return {
      type: unique && isIdName(p.name) ? 'id' : 'categorical',
      confidence: 0.85,
      reason: `Digit strings with leading zeros (e.g. '${zero}'): codes whose zeros a number would drop.${markers}`
    };
  }
  if (s.integerShare >= s.numberShare) {
    const numbers = p.sampleValues.filter(isInteger).map(Number);
    const decision = decideWholeNumbers({
      name: p.name,
      nonNull: p.rowCount - p.nullCount,
      distinct: p.distinctCount - others.length,
      distinctApprox: p.distinctApprox,
      min: Math.min(...numbers),
      max: Math.max(...numbers),
      shown: p.sampleValues.filter(isInteger)
    });
    return {
      ...decision,
      confidence: Math.min(decision.confidence, 0.8),
      reason: `Stored as text, but ${fmtShare(s.integerShare)} of sampled values are whole numbers. ${decision.reason}${markers}`
    };
  }
  return {
    type: 'float',
    confidence: 0.8,
    reason: `Stored as text, but ${fmtShare(s.numberShare)} of sampled values are decimal numbers (e.g. ${quoteValues(p.sampleValues.filter(isNumber))}).${markers}`
  };
}
