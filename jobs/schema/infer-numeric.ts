import { fmtDistinct, fmtNumber, quoteValues } from './evidence-text';
import { isClassTargetName, isCodeName, isIdName, isStrongCodeName } from './name-hints';
import type { ColumnType } from './types';

/** A type decision for one column, with the evidence in words. */
export interface TypeDecision {
  type: ColumnType;
  format?: string;
  confidence: number;
  reason: string;
}

/** The facts integer rules need, whether the numbers were stored as numbers or as text. */
export interface WholeNumbers {
  name: string;
  nonNull: number;
  distinct: number;
  distinctApprox: boolean;
  min: number;
  max: number;
  /** Distinct sampled values, as written. */
  shown: readonly string[];
}

/** At most this many distinct values can make numbers a set of codes or classes. */
const FEW_VALUES = 10;

/**
 * Decides what whole numbers are. Numbers are often not quantities (ydata-profiling #461, #675, #935):
 * 0/1 flags, class numbers, codes and row ids all arrive as integers, and a model treats them as
 * magnitudes unless told. Each rule names the evidence so a user can overrule it knowingly.
 */
export function decideWholeNumbers(v: WholeNumbers): TypeDecision {
  const range = `${fmtNumber(v.min)} to ${fmtNumber(v.max)}`;
  const distinct = fmtDistinct(v.distinct, v.distinctApprox);
  const uniqueRatio = v.nonNull === 0 ? 0 : v.distinct / v.nonNull;
  // HyperLogLog may count 1,000,000 unique ids as 985,000; within 3% is "all distinct".
  const allDistinct = v.distinctApprox ? uniqueRatio >= 0.97 : v.distinct === v.nonNull;

  if (v.distinct <= 1) {
    return { type: 'integer', confidence: 0.8, reason: `The single value ${fmtNumber(v.min)} in every row.` };
  }
  if (v.distinct === 2 && v.min === 0 && v.max === 1) {
    return {
      type: 'boolean',
      confidence: 0.9,
      reason: 'Only the values 0 and 1: a yes/no flag stored as numbers.'
    };
  }
  if (isIdName(v.name)) {
    if (allDistinct && v.nonNull > 1) {
      return {
        type: 'id',
        confidence: 0.95,
        reason: `Named like an identifier and every value is distinct (${range}); not a quantity to learn from.`
      };
    }
    if (uniqueRatio >= 0.05 || v.distinct > 50) {
      return {
        type: 'id',
        confidence: 0.8,
        reason: `Named like an identifier; ${distinct} in ${fmtNumber(v.nonNull)} rows repeat, so it likely refers to rows of another table.`
      };
    }
    return {
      type: 'categorical',
      confidence: 0.6,
      reason: `Named like an identifier but only ${distinct} in ${fmtNumber(v.nonNull)} rows: a grouping key, treated as categories.`
    };
  }
  if (isStrongCodeName(v.name)) {
    return {
      type: 'categorical',
      confidence: 0.8,
      reason: `The name marks a code (${distinct}, e.g. ${quoteValues(v.shown)}): digits used as labels, not amounts.`
    };
  }
  if (allDistinct && v.nonNull >= 20 && v.max - v.min + 1 <= v.nonNull * 1.02) {
    return {
      type: 'id',
      confidence: 0.7,
      reason: `Every value is distinct and they run consecutively from ${range}, like a row number rather than a measurement.`
    };
  }
  if (v.distinct === 2) {
    return {
      type: 'categorical',
      confidence: 0.7,
      reason: `Only two values (${fmtNumber(v.min)} and ${fmtNumber(v.max)}): a binary code such as a group or sex, not a quantity.`
    };
  }
  const few = v.distinct <= FEW_VALUES || (v.distinct <= 20 && uniqueRatio <= 0.05);
  if (few && isClassTargetName(v.name)) {
    return {
      type: 'categorical',
      confidence: 0.85,
      reason: `Named like a class label with ${distinct} (${quoteValues(v.shown, 5)}): class numbers, not amounts.`
    };
  }
  if (v.distinct <= FEW_VALUES * 5 && isCodeName(v.name)) {
    return {
      type: 'categorical',
      confidence: 0.75,
      reason: `The name suggests a code and there are only ${distinct} (${quoteValues(v.shown, 5)}).`
    };
  }
  if (v.distinct <= FEW_VALUES && v.nonNull >= 5 * v.distinct && looksLikeCodes(v)) {
    return {
      type: 'categorical',
      confidence: 0.65,
      reason:
        `Only ${distinct} (${quoteValues(v.shown, 5)}) with equal digit counts and gaps between them: ` +
        'they look like codes, not quantities.'
    };
  }
  if (v.distinct <= FEW_VALUES && v.nonNull >= 5 * v.distinct) {
    return {
      type: 'integer',
      confidence: 0.7,
      reason:
        `Whole numbers ${range} with only ${distinct}; they look like counts or a scale, so kept numeric ` +
        '(change to categorical if they are codes).'
    };
  }
  return { type: 'integer', confidence: 0.9, reason: `Whole numbers from ${range}, ${distinct}.` };
}

/**
 * Codes such as 101/205/310 or 10/20/30: at least 10, the same number of digits, and spread far
 * wider than the count of values (a scale 1–5 or a count 0–6 is contiguous).
 */
function looksLikeCodes(v: WholeNumbers): boolean {
  const values = v.shown.map(Number).filter((n) => Number.isFinite(n));
  if (values.length < 2 || v.min < 10) return false;
  const digits = new Set(values.map((n) => String(Math.abs(Math.trunc(n))).length));
  return digits.size === 1 && v.max - v.min + 1 > 3 * v.distinct;
}
