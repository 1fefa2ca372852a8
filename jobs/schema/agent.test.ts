import { fakeModel } from '@langchain/core/testing';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import { ChatOpenAI } from '@langchain/openai';
import { describe, expect, it } from 'vitest';
import { makeProfile, series } from '../../test/fixtures/schema/make-profile';
import { createChatModel, deduceWithAgent } from './agent';
import { inferSchema } from './infer';

// Tests never reach OpenAI: LangChain's fakes, or ChatOpenAI with a stubbed fetch.
const profiles = [
  makeProfile(
    'plan',
    'BIGINT',
    series(300, (i) => [1, 2, 3][i % 3]!)
  ),
  makeProfile(
    'joined',
    'VARCHAR',
    series(300, (i) => `${String(1 + (i % 28)).padStart(2, '0')}/0${1 + (i % 9)}/2023`)
  ),
  makeProfile(
    'city',
    'VARCHAR',
    series(300, (i) => ['Paris', 'Lyon', 'Nice'][i % 3]!)
  ),
  makeProfile(
    'spend',
    'DOUBLE',
    series(300, (i) => (i % 7 === 0 ? null : i * 1.25 + 0.1))
  )
];
const heuristic = inferSchema(profiles);

const good = {
  columns: [
    {
      name: 'plan',
      type: 'categorical',
      format: null,
      role: 'feature',
      confidence: 0.8,
      reason: 'Plan numbers 1-3 are tiers, not amounts.'
    },
    {
      name: 'joined',
      type: 'datetime',
      format: '%d/%m/%Y',
      role: 'feature',
      confidence: 0.95,
      reason: 'Day-first dates.'
    },
    {
      name: 'city',
      type: 'categorical',
      format: null,
      role: 'target',
      confidence: 0.7,
      reason: 'Three cities; predicted.'
    },
    {
      name: 'spend',
      type: 'float',
      format: null,
      role: 'feature',
      confidence: 0.99,
      reason: 'Amounts with cents.'
    }
  ]
};

const listModel = (answer: unknown, sleep?: number) =>
  new FakeListChatModel({
    responses: [typeof answer === 'string' ? answer : JSON.stringify(answer)],
    ...(sleep ? { sleep } : {})
  });

const withColumn = (name: string, patch: Record<string, unknown>) => ({
  columns: good.columns.map((c) => (c.name === name ? { ...c, ...patch } : c))
});

describe('deduceWithAgent', () => {
  it('merges a good structured answer (FakeListChatModel)', async () => {
    expect(heuristic.columns.find((c) => c.name === 'plan')?.type).toBe('integer');
    const result = await deduceWithAgent(listModel(good), profiles, heuristic, { modelName: 'gpt-4o-mini' });
    expect(result.agentVersion).toBe('langchain-openai-gpt-4o-mini-1');
    expect(result.fallbacks).toEqual([]);
    expect(result.schema.columns).toEqual([
      { name: 'plan', type: 'categorical', nullable: false, role: 'feature' },
      { name: 'joined', type: 'datetime', nullable: false, format: '%d/%m/%Y', role: 'feature' },
      { name: 'city', type: 'categorical', nullable: false, role: 'target' },
      { name: 'spend', type: 'float', nullable: true, role: 'feature' }
    ]);
    // Overruling the rules keeps their evidence beside the agent's reason.
    expect(result.schema.metadata.plan?.reason).toMatch(
      /^Plan numbers 1-3 are tiers.*\(Rules said integer: /
    );
    expect(result.schema.metadata.plan?.confidence).toBe(0.8);
    expect(result.schema.metadata.spend).toMatchObject({ reason: 'Amounts with cents.', confidence: 0.99 });
    expect(result.schema.metadata.city?.sampleValues).toEqual(heuristic.metadata.city?.sampleValues);
  });

  it('merges a structured response from fakeModel() and names the version after the model type', async () => {
    const result = await deduceWithAgent(fakeModel().structuredResponse(good), profiles, heuristic);
    expect(result.agentVersion).toBe('langchain-openai-fake-model-builder-1');
    expect(result.schema.columns[0]?.type).toBe('categorical');
  });

  it('falls back entirely on malformed JSON', async () => {
    const result = await deduceWithAgent(listModel('{"columns": [ {"name": "plan", '), profiles, heuristic);
    expect(result.agentVersion).toBe('heuristic-1');
    expect(result.schema.columns).toEqual(heuristic.columns);
    expect(result.fallbacks).toHaveLength(4);
    expect(result.fallbacks[0]?.reason).toMatch(/not valid JSON/);
    expect(result.schema.metadata.plan?.reason).toMatch(
      /^Agent suggestion discarded: the agent's answer was not valid JSON/
    );
    expect(result.schema.metadata.plan?.reason).toContain(heuristic.metadata.plan!.reason);
  });

  it('falls back entirely when the answer has the wrong shape', async () => {
    const result = await deduceWithAgent(fakeModel().structuredResponse({ schema: [] }), profiles, heuristic);
    expect(result.agentVersion).toBe('heuristic-1');
    expect(result.fallbacks[0]?.reason).toMatch(/expected \{columns/);
  });

  it('keeps the rules for a column the agent misnamed, and reports the unknown name', async () => {
    const result = await deduceWithAgent(
      listModel(withColumn('city', { name: 'City ' })),
      profiles,
      heuristic,
      { modelName: 'm' }
    );
    expect(result.agentVersion).toBe('langchain-openai-m-1');
    expect(result.fallbacks).toEqual([
      { column: 'City ', reason: "unknown column 'City '" },
      { column: 'city', reason: 'the agent gave no answer for this column' }
    ]);
    expect(result.schema.columns.find((c) => c.name === 'city')).toEqual(
      heuristic.columns.find((c) => c.name === 'city')
    );
    expect(result.schema.metadata.city?.reason).toMatch(
      /^Agent suggestion discarded: the agent gave no answer/
    );
    expect(result.schema.columns[0]?.type).toBe('categorical');
  });

  it('keeps the rules for an unknown type and says so ("unknown type \'number\'")', async () => {
    const result = await deduceWithAgent(
      listModel(withColumn('spend', { type: 'number' })),
      profiles,
      heuristic
    );
    expect(result.fallbacks).toEqual([{ column: 'spend', reason: "unknown type 'number'" }]);
    expect(result.schema.metadata.spend?.reason).toMatch(
      /^Agent suggestion discarded: unknown type 'number'\. Decimal numbers/
    );
    expect(result.schema.columns.find((c) => c.name === 'spend')?.type).toBe('float');
  });

  it('leaves one target when the agent picks another and its answer for the rules target was discarded', async () => {
    const hinted = inferSchema(profiles, { targetHint: 'plan' });
    const answer = { columns: good.columns.map((c) => (c.name === 'plan' ? { ...c, type: 'text' } : c)) };
    const result = await deduceWithAgent(listModel(answer), profiles, hinted);
    expect(result.fallbacks.map((f) => f.column)).toEqual(['plan']);
    expect(result.schema.columns.filter((c) => c.role === 'target').map((c) => c.name)).toEqual(['city']);
    expect(result.schema.metadata.plan?.reason).toMatch(/Feature, not target: the agent chose city\.$/);
  });

  it('keeps the rules for an unknown role', async () => {
    const result = await deduceWithAgent(
      listModel(withColumn('city', { role: 'label' })),
      profiles,
      heuristic
    );
    expect(result.fallbacks).toEqual([{ column: 'city', reason: "unknown role 'label'" }]);
  });

  it('keeps the rules when the agent contradicts the data', async () => {
    const answer = {
      columns: good.columns.map((c) =>
        c.name === 'city' ? { ...c, type: 'integer' } : c.name === 'joined' ? { ...c, format: '%m/%d/%Y' } : c
      )
    };
    const result = await deduceWithAgent(listModel(answer), profiles, heuristic);
    const reasons = Object.fromEntries(result.fallbacks.map((f) => [f.column, f.reason]));
    expect(reasons.city).toMatch(/integer contradicts non-numeric samples such as 'Lyon'/);
    expect(reasons.joined).toMatch(/format '%m\/%d\/%Y' does not parse '\d\d\/0\d\/2023'/);
    expect(result.schema.columns.find((c) => c.name === 'city')?.type).toBe('categorical');
    expect(result.schema.columns.find((c) => c.name === 'joined')?.format).toBe('%d/%m/%Y');
    expect(result.schema.metadata.city?.reason).toMatch(/^Agent suggestion discarded: integer contradicts/);
    expect(result.schema.columns[0]?.type).toBe('categorical');
  });

  it('falls back entirely on a timeout, on time', async () => {
    const started = performance.now();
    const result = await deduceWithAgent(listModel(good, 5_000), profiles, heuristic, { timeoutMs: 50 });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(result.agentVersion).toBe('heuristic-1');
    expect(result.fallbacks.map((f) => f.reason)).toEqual(
      Array(4).fill('the agent did not answer within 50 ms')
    );
    expect(result.schema.metadata.spend?.reason).toMatch(
      /^Agent suggestion discarded: the agent did not answer within 50 ms/
    );
  });

  it('falls back entirely when the model throws', async () => {
    class FailingModel extends FakeListChatModel {
      override async _generate(): Promise<never> {
        throw new Error('429 rate limit exceeded');
      }
    }
    const result = await deduceWithAgent(new FailingModel({ responses: [] }), profiles, heuristic);
    expect(result.agentVersion).toBe('heuristic-1');
    expect(result.fallbacks[0]?.reason).toBe('the agent call failed (429 rate limit exceeded)');
  });

  it('uses ChatOpenAI structured output end to end against a stubbed fetch', async () => {
    let requestBody: {
      response_format?: { json_schema?: { strict?: boolean } };
      messages?: Array<{ content: string }>;
    } = {};
    const fetchStub = async (_url: unknown, init?: { body?: unknown }) => {
      requestBody = JSON.parse(String(init?.body));
      const completion = {
        id: 'chatcmpl-test',
        object: 'chat.completion',
        created: 0,
        model: 'gpt-4o-mini',
        choices: [
          { index: 0, finish_reason: 'stop', message: { role: 'assistant', content: JSON.stringify(good) } }
        ],
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 }
      };
      return new Response(JSON.stringify(completion), {
        status: 200,
        headers: { 'content-type': 'application/json' }
      });
    };
    const model = new ChatOpenAI({
      apiKey: 'sk-test',
      model: 'gpt-4o-mini',
      maxRetries: 0,
      configuration: { fetch: fetchStub }
    });
    const result = await deduceWithAgent(model, profiles, heuristic);
    expect(result.agentVersion).toBe('langchain-openai-gpt-4o-mini-1');
    expect(result.schema.columns[0]?.type).toBe('categorical');
    expect(requestBody.response_format?.json_schema?.strict).toBe(true);
    expect(requestBody.messages?.[1]?.content).toContain('"name":"joined"');
  });
});

describe('createChatModel', () => {
  it('returns null without an API key and a ChatOpenAI with one', () => {
    expect(createChatModel({ model: 'gpt-4o-mini' })).toBeNull();
    expect(createChatModel({ apiKey: '', model: 'gpt-4o-mini' })).toBeNull();
    const model = createChatModel({ apiKey: 'sk-test', model: 'gpt-4o-mini' });
    expect(model).toBeInstanceOf(ChatOpenAI);
    expect((model as ChatOpenAI).model).toBe('gpt-4o-mini');
  });
});
