import { fmtShare, quoteValues } from './evidence-text';
import { parseShare } from './strftime';
import { typeFamily } from './type-family';
import type { ColumnProfile, ColumnType } from './types';
import { isMissingMarker, isNumber } from './value-patterns';

/** Share of sampled values a proposed reading must explain. */
const MUST_EXPLAIN = 0.95;

/** The verdict on one proposed type: accepted (with the format to keep) or contradicted, and why. */
export type EvidenceVerdict = { ok: true; format?: string } | { ok: false; reason: string };

/**
 * Checks an agent's proposed type against facts an LLM cannot argue with: the storage type
 * validation chose and the sampled values. The agent may reinterpret (numbers as categories, text as
 * dates) but not contradict (integers for words, a date format that does not parse the dates).
 *
 * @param fallbackFormat the heuristic's detected format, used when the agent names datetime without one.
 */
export function checkEvidence(
  p: ColumnProfile,
  type: ColumnType,
  format: string | undefined,
  fallbackFormat: string | undefined
): EvidenceVerdict {
  const family = typeFamily(p.duckdbType);
  const values = p.sampleValues.filter((v) => !isMissingMarker(v));
  const stored = `values are stored as ${p.duckdbType}`;
  if (p.rowCount - p.nullCount === 0)
    return { ok: true, ...(type === 'datetime' && format ? { format } : {}) };

  switch (type) {
    case 'integer':
    case 'float': {
      if (family === 'integer') return { ok: true };
      if (family === 'floating' || family === 'decimal') {
        if (type === 'integer' && p.integralShare !== null && p.integralShare < 1) {
          return {
            ok: false,
            reason: `${type} contradicts fractional values (only ${fmtShare(p.integralShare)} are whole)`
          };
        }
        return { ok: true };
      }
      if (family === 'string') {
        // Shares over the whole sample; the words that are neither numbers nor "N/A" are the proof.
        const words = (p.patterns?.nonNumeric ?? values.filter((v) => !isNumber(v))).filter(
          (v) => !isMissingMarker(v)
        );
        if (words.length > 0)
          return {
            ok: false,
            reason: `${type} contradicts non-numeric samples such as ${quoteValues(words, 2)}`
          };
        const numbers = p.patterns?.numberShare ?? 1;
        const wholes = p.patterns?.integerShare ?? 1;
        if (type === 'integer' && wholes < numbers) {
          return {
            ok: false,
            reason: `integer contradicts decimal samples (${fmtShare(numbers - wholes)} have a fraction)`
          };
        }
        return { ok: true };
      }
      return { ok: false, reason: `${type} contradicts the data: ${stored}` };
    }
    case 'boolean': {
      if (family === 'boolean') return { ok: true };
      const lower = new Set(p.sampleValues.map((v) => v.trim().toLowerCase()));
      if (
        (family === 'integer' || family === 'floating' || family === 'decimal' || family === 'string') &&
        p.distinctCount <= 2
      ) {
        return { ok: true };
      }
      if (family === 'string' && lower.size <= 2 && p.distinctCount <= 4) return { ok: true };
      return {
        ok: false,
        reason: `boolean contradicts ${p.distinctCount} distinct values (${quoteValues(p.sampleValues, 3)})`
      };
    }
    case 'datetime': {
      if (family === 'temporal') return { ok: true };
      if (family === 'boolean' || family === 'uuid')
        return { ok: false, reason: `datetime contradicts the data: ${stored}` };
      const candidate = format ?? fallbackFormat;
      if (!candidate)
        return { ok: false, reason: 'datetime without a format, and no common format parses the samples' };
      // The value that settled day-first vs month-first is part of the evidence, sampled or not.
      const proof = p.patterns?.datetime?.evidence;
      if (proof !== undefined && parseShare([proof], candidate) === 0) {
        return { ok: false, reason: `format '${candidate}' does not parse '${proof}'` };
      }
      const share = parseShare(values, candidate);
      if (share >= MUST_EXPLAIN) return { ok: true, format: candidate };
      const failing = values.filter((v) => parseShare([v], candidate) === 0);
      return {
        ok: false,
        reason: `format '${candidate}' does not parse ${quoteValues(failing, 2)} (${fmtShare(share)} of samples parse)`
      };
    }
    case 'id': {
      if (family === 'boolean') return { ok: false, reason: `id contradicts the data: ${stored}` };
      if (
        (family === 'floating' || family === 'decimal') &&
        p.integralShare !== null &&
        p.integralShare < 1
      ) {
        return {
          ok: false,
          reason: `id contradicts fractional values (only ${fmtShare(p.integralShare)} are whole)`
        };
      }
      if (p.distinctCount <= 2 && p.rowCount - p.nullCount > 2) {
        return { ok: false, reason: `id contradicts only ${p.distinctCount} distinct values` };
      }
      return { ok: true };
    }
    case 'text':
      if (family === 'string' || family === 'other') return { ok: true };
      return { ok: false, reason: `text contradicts the data: ${stored}` };
    case 'categorical':
      return { ok: true };
  }
}
