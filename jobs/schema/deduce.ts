import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { ProposedSchema } from '../../contracts/api';
import { deduceWithAgent } from './agent';
import { inferSchema } from './infer';
import { profileParquet } from './profile';
import { HEURISTIC_VERSION, type ColumnMetadata } from './types';

/** Options for {@link deduceSchema}. */
export interface DeduceOptions {
  /** The LLM reviewer; null or absent → deterministic inference only. */
  model?: BaseChatModel | null;
  /** Recorded in agent_version, e.g. `gpt-4o-mini`. */
  modelName?: string;
  /** Column the user says is the target. */
  targetHint?: string;
  /** Agent timeout; default 20 s. */
  timeoutMs?: number;
}

/** A schema proposal in the shape stored in `schema_deductions`. */
export interface SchemaProposal {
  proposedSchema: ProposedSchema;
  columnMetadata: Record<string, ColumnMetadata>;
  confidenceScore: number;
  agentVersion: string;
}

/**
 * Deduces the schema of a validated dataset: profile the Parquet copy, infer with rules, and when a
 * model is configured let it review the result. Only profiling errors (an unreadable file) throw;
 * model problems fall back to the rules.
 */
export async function deduceSchema(
  parquetPath: string,
  options: DeduceOptions = {}
): Promise<SchemaProposal> {
  const profiles = await profileParquet(parquetPath);
  const heuristic = inferSchema(
    profiles,
    options.targetHint !== undefined ? { targetHint: options.targetHint } : {}
  );
  let schema = heuristic;
  let agentVersion = HEURISTIC_VERSION;
  if (options.model && profiles.length > 0) {
    const result = await deduceWithAgent(options.model, profiles, heuristic, {
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.modelName ? { modelName: options.modelName } : {})
    });
    schema = result.schema;
    agentVersion = result.agentVersion;
  }
  return {
    proposedSchema: { columns: schema.columns },
    columnMetadata: schema.metadata,
    confidenceScore: schema.confidence,
    agentVersion
  };
}
