import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ChatOpenAI } from '@langchain/openai';
import { agentAnswerSchema, parseAgentAnswer } from './agent-answer';
import { DISCARDED, mergeAgentAnswer, type AgentFallback } from './agent-merge';
import { buildAgentMessages } from './agent-prompt';
import { HEURISTIC_VERSION, type ColumnProfile, type DeducedSchema } from './types';

export type { AgentFallback };

/** Options for {@link deduceWithAgent}. */
export interface AgentOptions {
  /** Give up on the model after this long and keep the heuristic schema. Default 20 s. */
  timeoutMs?: number;
  /** Model name for agent_version; defaults to the model's own `model` field, else its LLM type. */
  modelName?: string;
}

/** The outcome of an agent review: never an exception for model problems. */
export interface AgentResult {
  schema: DeducedSchema;
  /** `langchain-openai-<model>-1` when the agent's reading was kept for any column, else `heuristic-1`. */
  agentVersion: string;
  /** Columns (or unknown names the agent used) where its suggestion was not used, and why. */
  fallbacks: AgentFallback[];
}

class AgentTimeout extends Error {
  constructor(ms: number) {
    super(`the agent did not answer within ${ms} ms`);
  }
}

/**
 * Asks an LLM to review the heuristic schema and merges what survives our checks. The model is a
 * second opinion, not an authority: its answer is validated with zod (fakes and some providers skip
 * schema enforcement), matched to real column names, and each suggestion is checked against the
 * stored types and samples. Timeouts, errors and malformed answers leave the heuristic schema in
 * place with the reason recorded per column.
 */
export async function deduceWithAgent(
  model: BaseChatModel,
  profiles: readonly ColumnProfile[],
  heuristic: DeducedSchema,
  options: AgentOptions = {}
): Promise<AgentResult> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  let raw: unknown;
  try {
    raw = await invokeWithTimeout(model, profiles, heuristic, timeoutMs);
  } catch (error) {
    return fallBackEntirely(heuristic, describeFailure(error));
  }
  const parsed = parseAgentAnswer(raw);
  if (!parsed)
    return fallBackEntirely(heuristic, "the agent's answer did not have the expected {columns: [...]} shape");
  const merged = mergeAgentAnswer(profiles, heuristic, parsed);
  return {
    schema: merged.schema,
    agentVersion:
      merged.accepted > 0 ? `langchain-openai-${modelNameOf(model, options.modelName)}-1` : HEURISTIC_VERSION,
    fallbacks: merged.fallbacks
  };
}

async function invokeWithTimeout(
  model: BaseChatModel,
  profiles: readonly ColumnProfile[],
  heuristic: DeducedSchema,
  timeoutMs: number
): Promise<unknown> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  // The race settles on time even if a model ignores the abort signal (the fakes do).
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new AgentTimeout(timeoutMs));
    }, timeoutMs);
  });
  try {
    const runnable = model.withStructuredOutput(agentAnswerSchema, { name: 'schema_review' });
    const call = runnable.invoke(buildAgentMessages(profiles, heuristic), { signal: controller.signal });
    return await Promise.race([call, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function describeFailure(error: unknown): string {
  if (error instanceof AgentTimeout) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  const short = message.length > 160 ? `${message.slice(0, 157)}…` : message;
  if (
    error instanceof SyntaxError ||
    /json|parse|output/i.test(error instanceof Error ? error.name + message : message)
  ) {
    return `the agent's answer was not valid JSON (${short})`;
  }
  return `the agent call failed (${short})`;
}

function fallBackEntirely(heuristic: DeducedSchema, reason: string): AgentResult {
  const metadata = Object.fromEntries(
    heuristic.columns.map((c) => {
      const meta = heuristic.metadata[c.name] ?? { confidence: 0.5, sampleValues: [], reason: '' };
      return [c.name, { ...meta, reason: `${DISCARDED}: ${reason}. ${meta.reason}` }];
    })
  );
  return {
    schema: { ...heuristic, metadata },
    agentVersion: HEURISTIC_VERSION,
    fallbacks: heuristic.columns.map((c) => ({ column: c.name, reason }))
  };
}

function modelNameOf(model: BaseChatModel, explicit: string | undefined): string {
  if (explicit) return explicit;
  const own = (model as unknown as { model?: unknown }).model;
  return typeof own === 'string' && own.length > 0 ? own : model._llmType();
}

/** Configuration for {@link createChatModel}. */
export interface ChatModelConfig {
  /** OpenAI API key; without one there is no agent and inference stays deterministic. */
  apiKey?: string;
  /** OpenAI model name, e.g. `gpt-4o-mini`. */
  model: string;
}

/**
 * The chat model behind the schema agent: a `ChatOpenAI` when an API key is configured, else null.
 * Constructing it makes no network call.
 */
export function createChatModel(config: ChatModelConfig): BaseChatModel | null {
  if (!config.apiKey) return null;
  // One retry only: the job has its own retries and a user is waiting for the proposal.
  return new ChatOpenAI({ apiKey: config.apiKey, model: config.model, maxRetries: 1 });
}
