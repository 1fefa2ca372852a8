import { z } from 'zod';
import { COLUMN_ROLES, COLUMN_TYPES } from '../../contracts/api';
import type { ColumnRole, ColumnType } from './types';

/**
 * The JSON schema the model is asked to fill (via `withStructuredOutput`). Every field is required
 * and optional ones are nullable because OpenAI's strict structured output accepts only that shape.
 */
export const agentAnswerSchema = z.object({
  columns: z.array(
    z.object({
      name: z.string().describe('The column name exactly as given'),
      type: z.enum(COLUMN_TYPES),
      format: z
        .string()
        .nullable()
        .describe("strftime format such as '%d/%m/%Y' for datetime columns stored as text, otherwise null"),
      role: z.enum(COLUMN_ROLES),
      confidence: z.number().describe('0 to 1'),
      reason: z.string().describe('One short sentence naming the evidence in the profile')
    })
  )
});

/** One column of an agent answer after our own validation. */
export interface AgentColumn {
  name: string;
  type: ColumnType;
  format?: string;
  role?: ColumnRole;
  confidence?: number;
  reason?: string;
}

/** A column entry that could not be used, and why (in words for the user). */
export interface RejectedEntry {
  name: string | null;
  reason: string;
}

/** The answer split into usable columns and rejected entries; null when the shape is unusable. */
export interface ParsedAnswer {
  columns: AgentColumn[];
  rejected: RejectedEntry[];
}

// Lenient on purpose: fakes and misbehaving models skip schema enforcement, and one bad column must
// not cost the good ones. Enum membership is checked by hand below to word the rejection.
const envelope = z.object({ columns: z.array(z.unknown()) });
const looseColumn = z.object({
  name: z.string().min(1),
  type: z.string(),
  format: z.string().nullish(),
  role: z.string().nullish(),
  confidence: z.number().nullish(),
  reason: z.string().nullish()
});

/**
 * Validates a raw structured answer. Returns null when it is not `{columns: [...]}` at all; otherwise
 * every entry is either a well-typed column or a rejection naming the problem ("unknown type
 * 'number'").
 */
export function parseAgentAnswer(raw: unknown): ParsedAnswer | null {
  const top = envelope.safeParse(raw);
  if (!top.success) return null;
  const columns: AgentColumn[] = [];
  const rejected: RejectedEntry[] = [];
  for (const entry of top.data.columns) {
    const parsed = looseColumn.safeParse(entry);
    const name =
      typeof (entry as { name?: unknown })?.name === 'string' ? (entry as { name: string }).name : null;
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      rejected.push({
        name,
        reason: `malformed entry (${issue ? `${issue.path.join('.') || 'entry'}: ${issue.message}` : 'invalid'})`
      });
      continue;
    }
    const c = parsed.data;
    if (!(COLUMN_TYPES as readonly string[]).includes(c.type)) {
      rejected.push({ name: c.name, reason: `unknown type '${c.type}'` });
      continue;
    }
    if (c.role != null && !(COLUMN_ROLES as readonly string[]).includes(c.role)) {
      rejected.push({ name: c.name, reason: `unknown role '${c.role}'` });
      continue;
    }
    columns.push({
      name: c.name,
      type: c.type as ColumnType,
      ...(c.format ? { format: c.format } : {}),
      ...(c.role ? { role: c.role as ColumnRole } : {}),
      ...(typeof c.confidence === 'number' && c.confidence >= 0 && c.confidence <= 1
        ? { confidence: c.confidence }
        : {}),
      ...(c.reason?.trim() ? { reason: c.reason.trim() } : {})
    });
  }
  return { columns, rejected };
}
