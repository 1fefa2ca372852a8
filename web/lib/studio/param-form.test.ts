import { describe, expect, it } from 'vitest';
import type { ParamsSchema } from '../../../contracts/param-schema';
import { BUILT_IN_TYPES } from './node-types';
import { coerce, columnChoices, displayValue, fieldsOf, humanize, optionLabel, textOf } from './param-form';

const schema: ParamsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['target'],
  properties: {
    target: { type: 'string', title: 'Target column', 'x-columns': true },
    features: {
      type: 'array',
      items: { type: 'string' },
      'x-columns': true,
      'x-column-types': ['integer', 'float']
    },
    strategy: { type: 'string', enum: ['mean', 'median', 'most_frequent'], default: 'mean' },
    testSize: { type: 'number', minimum: 0, maximum: 1, default: 0.2, description: 'Share held out.' },
    n_estimators: { type: 'integer', minimum: 1, default: 100 },
    shuffle: { type: 'boolean', default: true },
    tags: { type: 'array', items: { type: 'string' } },
    metrics: { type: 'array', items: { type: 'string', enum: ['accuracy', 'f1'] } },
    layers: { type: 'array', items: { type: 'integer', minimum: 1 } },
    maxRows: { type: ['integer', 'null'], minimum: 1, default: null },
    fill: { type: ['number', 'string', 'null'] },
    weights: { type: ['string', 'null'], enum: ['balanced', null], default: null },
    grid: { type: 'object' }
  }
};

const byKey = Object.fromEntries(fieldsOf(schema).map((f) => [f.key, f]));

describe('params form model', () => {
  it('makes one field per property with the control it needs', () => {
    expect(fieldsOf(schema).map((f) => [f.key, f.kind])).toEqual([
      ['target', 'column'],
      ['features', 'columns'],
      ['strategy', 'enum'],
      ['testSize', 'number'],
      ['n_estimators', 'integer'],
      ['shuffle', 'boolean'],
      ['tags', 'list'],
      ['metrics', 'multi'],
      ['layers', 'number-list'],
      ['maxRows', 'integer'],
      ['fill', 'mixed'],
      ['weights', 'enum'],
      ['grid', 'json']
    ]);
    expect(byKey.target).toMatchObject({ label: 'Target column', required: true, nullable: false });
    expect(byKey.strategy).toMatchObject({ options: ['mean', 'median', 'most_frequent'], default: 'mean' });
    expect(byKey.testSize).toMatchObject({
      label: 'Test size',
      min: 0,
      max: 1,
      description: 'Share held out.'
    });
    expect(byKey.n_estimators).toMatchObject({ label: 'N estimators', min: 1, integer: true });
    expect(byKey.layers).toMatchObject({ min: 1, integer: true });
    expect(byKey.maxRows).toMatchObject({ nullable: true, integer: true });
    expect(byKey.metrics!.options).toEqual(['accuracy', 'f1']);
  });

  it('gives every built-in step a form without raw JSON fields', () => {
    for (const spec of BUILT_IN_TYPES) {
      for (const field of fieldsOf(spec.params))
        expect([spec.type, field.key, field.kind]).not.toContain('json');
    }
  });

  it('reads labels from keys in either case style', () => {
    expect(humanize('max_depth')).toBe('Max depth');
    expect(humanize('learningRate')).toBe('Learning rate');
  });

  it('shows the param, else the default', () => {
    expect(displayValue(byKey.strategy!, {})).toBe('mean');
    expect(displayValue(byKey.strategy!, { strategy: 'median' })).toBe('median');
  });

  it('turns what was typed into typed values and explains what is wrong', () => {
    expect(coerce(byKey.testSize!, '0.25')).toEqual({ ok: true, value: 0.25 });
    expect(coerce(byKey.testSize!, '1.5')).toEqual({ ok: false, error: 'Must be at most 1.' });
    expect(coerce(byKey.testSize!, 'abc')).toEqual({ ok: false, error: 'Enter a number.' });
    expect(coerce(byKey.n_estimators!, '2.5')).toEqual({ ok: false, error: 'Enter a whole number.' });
    expect(coerce(byKey.shuffle!, false)).toEqual({ ok: true, value: false });
    expect(coerce(byKey.strategy!, 'median')).toEqual({ ok: true, value: 'median' });
    expect(coerce(byKey.weights!, 'null')).toEqual({ ok: true, value: null });
    expect(coerce(byKey.tags!, ' a, b ,,c, a')).toEqual({ ok: true, value: ['a', 'b', 'c'] });
    expect(coerce(byKey.features!, ['x', 'y'])).toEqual({ ok: true, value: ['x', 'y'] });
    expect(coerce(byKey.layers!, '64, 32')).toEqual({ ok: true, value: [64, 32] });
    expect(coerce(byKey.layers!, '64, 0')).toEqual({ ok: false, error: '"0": Must be at least 1.' });
    expect(coerce(byKey.fill!, '0')).toEqual({ ok: true, value: 0 });
    expect(coerce(byKey.fill!, 'unknown')).toEqual({ ok: true, value: 'unknown' });
    expect(coerce(byKey.grid!, '{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(coerce(byKey.grid!, '{')).toEqual({ ok: false, error: 'Enter valid JSON.' });
  });

  it('stores null for an empty nullable field, clears an optional one and refuses a required one', () => {
    expect(coerce(byKey.maxRows!, '')).toEqual({ ok: true, value: null });
    expect(coerce(byKey.testSize!, ' ')).toEqual({ ok: true, value: undefined });
    expect(coerce(byKey.target!, '')).toEqual({ ok: false, error: 'Target column is required.' });
  });

  it('writes lists back as comma-separated text and names the null option', () => {
    expect(textOf(byKey.features!, ['a', 'b'])).toBe('a, b');
    expect(textOf(byKey.features!, undefined)).toBe('');
    expect(textOf(byKey.grid!, { a: 1 })).toBe('{"a":1}');
    expect(optionLabel(null)).toBe('None');
  });

  it('offers only columns of a fitting type', () => {
    const columns = [
      { name: 'age', type: 'integer' as const },
      { name: 'city', type: 'categorical' as const },
      { name: 'untyped' }
    ];
    expect(columnChoices(byKey.features!, columns)).toEqual(['age', 'untyped']);
    expect(columnChoices(byKey.target!, columns)).toEqual(['age', 'city', 'untyped']);
  });
});
