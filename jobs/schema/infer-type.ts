import { fmtDistinct, fmtNumber, fmtShare } from './evidence-text';
import { decideWholeNumbers, type TypeDecision } from './infer-numeric';
import { decideText } from './infer-text';
import { isIdName } from './name-hints';
import { typeFamily } from './type-family';
import type { ColumnProfile } from './types';

export type { TypeDecision };

/**
 * The type of one column from its profile. Validation's DuckDB type is the first piece of evidence
 * (it parsed every row); the value statistics refine it where a storage type says little about
 * meaning (integers that are flags, codes or ids; text that is dates, flags or numbers).
 */
export function decideType(p: ColumnProfile): TypeDecision {
  const nonNull = p.rowCount - p.nullCount;
  const family = typeFamily(p.duckdbType);
  if (nonNull === 0) {
    return {
      type: family === 'boolean' ? 'boolean' : family === 'temporal' ? 'datetime' : 'text',
      confidence: 0.3,
      reason: `Every one of the ${fmtNumber(p.rowCount)} values is empty; nothing to deduce a type from.`
    };
  }
  switch (family) {
    case 'boolean':
      return {
        type: 'boolean',
        confidence: 0.98,
        reason: `Validation read every value as true/false (spellings such as true/false, t/f, yes/no), ${fmtDistinct(p.distinctCount, false)}.`
      };
    case 'temporal':
      return {
        type: 'datetime',
        confidence: 0.97,
        reason: `Validation parsed every value as ${p.duckdbType} (${p.min} to ${p.max}).`
      };
    case 'uuid':
      return { type: 'id', confidence: 0.97, reason: 'Stored as UUID values.' };
    case 'integer':
      return decideWholeNumbers(wholeNumbers(p, nonNull));
    case 'floating':
    case 'decimal':
      return decideDecimals(p, nonNull);
    case 'string':
      return p.patterns
        ? decideText(p, p.patterns)
        : { type: 'text', confidence: 0.4, reason: 'Text column without a sample.' };
    default:
      return {
        type: isIdName(p.name) ? 'id' : 'text',
        confidence: 0.3,
        reason: `Stored as ${p.duckdbType}, which none of the schema types describes; shown as ${isIdName(p.name) ? 'an id' : 'text'}.`
      };
  }
}

function wholeNumbers(p: ColumnProfile, nonNull: number) {
  return {
    name: p.name,
    nonNull,
    distinct: p.distinctCount,
    distinctApprox: p.distinctApprox,
    min: Number(p.min),
    max: Number(p.max),
    shown: p.sampleValues.map((v) => String(Number(v)))
  };
}

/**
 * Floating columns whose every value is whole (pandas writes integers with missing values as 3.0)
 * go through the integer rules; the rest are floats.
 */
function decideDecimals(p: ColumnProfile, nonNull: number): TypeDecision {
  const range = `${fmtNumber(Number(p.min))} to ${fmtNumber(Number(p.max))}`;
  if (p.integralShare === 1) {
    const decision = decideWholeNumbers(wholeNumbers(p, nonNull));
    return {
      ...decision,
      confidence: Math.max(0.5, decision.confidence - 0.1),
      reason: `Stored as ${p.duckdbType} but every value is a whole number (e.g. ${p.sampleValues[0] ?? p.min}). ${decision.reason}`
    };
  }
  const whole =
    p.integralShare !== null && p.integralShare > 0.5 ? `; ${fmtShare(p.integralShare)} are whole` : '';
  const mean = p.mean === null ? '' : `, mean ${fmtNumber(p.mean)}`;
  return {
    type: 'float',
    confidence: 0.95,
    reason: `Decimal numbers from ${range}${mean}, ${fmtDistinct(p.distinctCount, p.distinctApprox)}${whole}.`
  };
}
