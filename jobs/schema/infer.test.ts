import { describe, expect, it } from 'vitest';
import { makeProfile, series } from '../../test/fixtures/schema/make-profile';
import { inferSchema, overallConfidence } from './infer';
import { HEURISTIC_VERSION } from './types';

const profiles = () => [
  makeProfile(
    'customer_id',
    'BIGINT',
    series(200, (i) => 1 + i)
  ),
  makeProfile(
    'signup',
    'VARCHAR',
    series(
      200,
      (i) => `2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`
    )
  ),
  makeProfile(
    'spend',
    'DOUBLE',
    series(200, (i) => (i % 10 === 0 ? null : i * 1.5 + 0.25))
  ),
  makeProfile(
    'country',
    'VARCHAR',
    series(200, (i) => ['US', 'DE', 'FR', 'GB'][i % 4]!)
  ),
  makeProfile(
    'notes',
    'VARCHAR',
    series(200, (i) => (i % 2 ? null : `Customer ${i} asked about the invoice and the delivery date`))
  ),
  makeProfile(
    'constant',
    'BIGINT',
    series(200, () => 7)
  ),
  makeProfile(
    'species',
    'VARCHAR',
    series(200, (i) => ['setosa', 'versicolor', 'virginica'][i % 3]!)
  )
];

describe('inferSchema', () => {
  it('builds the contract shapes with a type, role and reason per column', () => {
    const schema = inferSchema(profiles());
    expect(schema.columns).toEqual([
      { name: 'customer_id', type: 'id', nullable: false, role: 'id' },
      { name: 'signup', type: 'datetime', nullable: false, format: '%Y-%m-%d', role: 'feature' },
      { name: 'spend', type: 'float', nullable: true, role: 'feature' },
      { name: 'country', type: 'categorical', nullable: false, role: 'feature' },
      { name: 'notes', type: 'text', nullable: true, role: 'feature' },
      { name: 'constant', type: 'integer', nullable: false, role: 'ignore' },
      { name: 'species', type: 'categorical', nullable: false, role: 'target' }
    ]);
    for (const c of schema.columns) {
      const meta = schema.metadata[c.name]!;
      expect(meta.confidence).toBeGreaterThan(0);
      expect(meta.confidence).toBeLessThanOrEqual(1);
      expect(meta.reason.length).toBeGreaterThan(10);
      expect(meta.sampleValues.length).toBeLessThanOrEqual(10);
    }
    expect(schema.metadata.species?.reason).toMatch(/Target/);
    expect(schema.metadata.constant?.reason).toMatch(/Ignored/);
    expect(schema.confidence).toBe(overallConfidence(schema.columns, schema.metadata));
    expect(HEURISTIC_VERSION).toBe('heuristic-1');
  });

  it('is deterministic and does not mutate its input', () => {
    const input = profiles();
    const copy = structuredClone(input);
    expect(inferSchema(input)).toEqual(inferSchema(input));
    expect(input).toEqual(copy);
  });

  it('honours the target hint', () => {
    const schema = inferSchema(profiles(), { targetHint: 'spend' });
    expect(schema.columns.filter((c) => c.role === 'target').map((c) => c.name)).toEqual(['spend']);
  });

  it('treats approximate distinct counts with tolerance (1M ids estimated at 985k)', () => {
    const ids = makeProfile('event_id', 'BIGINT', [1, 1_000_000], {
      rowCount: 1_000_000,
      nullCount: 0,
      distinctCount: 985_000,
      distinctApprox: true
    });
    const schema = inferSchema([ids]);
    expect(schema.columns[0]).toMatchObject({ type: 'id', role: 'id' });
    expect(schema.metadata.event_id?.confidence).toBe(0.95);
  });

  it('handles an empty file and an all-null column', () => {
    expect(inferSchema([])).toEqual({ columns: [], metadata: {}, confidence: 0 });
    const schema = inferSchema([makeProfile('spare', 'VARCHAR', [null, null])]);
    expect(schema.columns[0]).toEqual({ name: 'spare', type: 'text', nullable: true, role: 'ignore' });
  });
});
