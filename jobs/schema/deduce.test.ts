import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proposedSchema } from '../../contracts/api';
import { sqlString } from '../validation/read-csv-sql';
import { deduceSchema } from './deduce';

let dir: string;
let file: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pw-deduce-'));
  file = path.join(dir, 'data.parquet');
  const csv = path.join(dir, 'data.csv');
  const lines = ['id,signup,plan_code,active,spend,label'];
  for (let i = 0; i < 200; i++) {
    lines.push(
      [
        i + 1,
        `${String(1 + (i % 28)).padStart(2, '0')}/${String(1 + (i % 12)).padStart(2, '0')}/2023`,
        [101, 205, 310][i % 3],
        i % 4 ? 'yes' : 'no',
        i % 9 ? (i * 1.37).toFixed(2) : '',
        ['a', 'b'][i % 2]
      ].join(',')
    );
  }
  await fs.writeFile(csv, lines.join('\n'));
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(
    `COPY (SELECT * FROM read_csv(${sqlString(csv)}, header=true, comment='')) TO ${sqlString(file)} (FORMAT parquet)`
  );
  connection.closeSync();
  instance.closeSync();
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('deduceSchema', () => {
  it('proposes a contract-valid schema from rules alone when no model is configured', async () => {
    const result = await deduceSchema(file, { model: null });
    expect(result.agentVersion).toBe('heuristic-1');
    expect(proposedSchema.safeParse(result.proposedSchema).success).toBe(true);
    expect(result.proposedSchema.columns.map((c) => [c.name, c.type, c.role])).toEqual([
      ['id', 'id', 'id'],
      ['signup', 'datetime', 'feature'],
      ['plan_code', 'categorical', 'feature'],
      ['active', 'boolean', 'feature'],
      ['spend', 'float', 'feature'],
      ['label', 'categorical', 'target']
    ]);
    // DuckDB typed the day-first dates as DATE during conversion, so no format is needed.
    expect(result.proposedSchema.columns[1]?.format).toBeUndefined();
    expect(result.columnMetadata.signup?.reason).toMatch(/parsed every value as DATE/);
    expect(Object.keys(result.columnMetadata)).toHaveLength(6);
    expect(result.confidenceScore).toBeGreaterThan(0.5);
    expect(result.confidenceScore).toBeLessThanOrEqual(1);
  });

  it('lets a configured model refine the proposal and records its version', async () => {
    const answer = {
      columns: [
        {
          name: 'spend',
          type: 'float',
          format: null,
          role: 'target',
          confidence: 0.9,
          reason: 'Spend is what we predict.'
        }
      ]
    };
    const model = new FakeListChatModel({ responses: [JSON.stringify(answer)] });
    const result = await deduceSchema(file, { model, modelName: 'gpt-4o-mini' });
    expect(result.agentVersion).toBe('langchain-openai-gpt-4o-mini-1');
    expect(result.proposedSchema.columns.find((c) => c.name === 'spend')?.role).toBe('target');
    expect(result.columnMetadata.id?.reason).toMatch(/^Agent suggestion discarded: the agent gave no answer/);
  });

  it('passes the target hint to the rules', async () => {
    const result = await deduceSchema(file, { targetHint: 'spend' });
    expect(result.proposedSchema.columns.filter((c) => c.role === 'target').map((c) => c.name)).toEqual([
      'spend'
    ]);
  });
});
