import { describe, expect, it } from 'vitest';
import { NODE_CATEGORIES, NODE_TYPES, nodeType, PORT_TYPES } from './node-types';
import { checkParams, checkValue, defaultParams, type ParamSchema } from './param-schema';

const KEYWORDS = new Set([
  'type',
  'title',
  'description',
  'default',
  'enum',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'items',
  'minItems',
  'maxItems',
  'uniqueItems',
  'x-columns',
  'x-column-types'
]);
const JSON_TYPES = ['string', 'number', 'integer', 'boolean', 'array', 'object', 'null'];

/** Every way a param schema strays from the JSON Schema subset the studio and validator read. */
function schemaProblems(schema: ParamSchema, path: string): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(schema))
    if (!KEYWORDS.has(key)) problems.push(`${path}: unknown keyword ${key}`);
  const types =
    schema.type === undefined ? [] : typeof schema.type === 'string' ? [schema.type] : schema.type;
  if (!types.length) problems.push(`${path}: no type`);
  for (const t of types) if (!JSON_TYPES.includes(t)) problems.push(`${path}: bad type ${t}`);
  for (const value of schema.enum ?? []) {
    const issues = checkValue({ type: schema.type }, value, path);
    if (issues.length) problems.push(`${path}: enum value ${JSON.stringify(value)} breaks the type`);
  }
  if (schema.minimum !== undefined && schema.maximum !== undefined && schema.minimum > schema.maximum)
    problems.push(`${path}: minimum above maximum`);
  if (types.includes('array') && !schema.items) problems.push(`${path}: array without items`);
  if (schema.items) problems.push(...schemaProblems(schema.items, `${path}[]`));
  if (schema['x-columns'] && !(types.includes('string') || schema.items?.type === 'string'))
    problems.push(`${path}: x-columns on a value that cannot hold column names`);
  if (schema.default !== undefined) {
    for (const issue of checkValue(schema, schema.default, path))
      problems.push(`${path}: default breaks the schema (${issue.message})`);
  }
  return problems;
}

describe('node registry', () => {
  it('has the contract’s node types', () => {
    expect(NODE_TYPES.map((t) => t.type)).toEqual(
      expect.arrayContaining([
        'dataset',
        'select_columns',
        'drop_missing',
        'impute',
        'scale',
        'one_hot',
        'train_test_split',
        'logistic_regression',
        'random_forest',
        'gradient_boosting',
        'mlp',
        'evaluate'
      ])
    );
    expect(new Set(NODE_TYPES.map((t) => t.type)).size).toBe(NODE_TYPES.length);
    expect(nodeType('mlp')?.label).toBe('Neural network (MLP)');
    expect(nodeType('nope')).toBeUndefined();
  });

  it.each(NODE_TYPES.map((t) => [t.type, t] as const))('describes %s completely', (_type, spec) => {
    expect(NODE_CATEGORIES).toContain(spec.category);
    expect(spec.label.length).toBeGreaterThan(2);
    expect(spec.description.length).toBeGreaterThan(10);
    for (const port of [...spec.inputs, ...spec.outputs]) {
      expect(PORT_TYPES).toContain(port.type);
      expect(port).toEqual({
        name: expect.any(String),
        type: expect.any(String),
        label: expect.any(String),
        required: expect.any(Boolean),
        multiple: expect.any(Boolean)
      });
    }
    expect(new Set(spec.inputs.map((p) => p.name)).size).toBe(spec.inputs.length);
    expect(spec.params).toMatchObject({ type: 'object', additionalProperties: false });
    const problems = Object.entries(spec.params.properties).flatMap(([name, schema]) =>
      schemaProblems(schema, name)
    );
    expect(problems).toEqual([]);
    for (const name of spec.params.required ?? []) expect(spec.params.properties).toHaveProperty(name);
    if (spec.category === 'model') expect(spec.tasks?.length).toBeGreaterThan(0);
  });

  it('gives every type default params that pass its own schema, except required ones', () => {
    for (const spec of NODE_TYPES) {
      const issues = checkParams(spec.params, defaultParams(spec.params));
      expect(
        issues.map((i) => i.path),
        spec.type
      ).toEqual([...(spec.params.required ?? [])]);
    }
  });

  it('writes parameter rules over real parameters and values they can hold', () => {
    for (const spec of NODE_TYPES) {
      for (const rule of spec.params.allOf ?? []) {
        for (const [name, { enum: values }] of [
          ...Object.entries(rule.if.properties),
          ...Object.entries(rule.then.properties)
        ]) {
          const param = spec.params.properties[name];
          expect(param, `${spec.type}.${name}`).toBeDefined();
          for (const v of values)
            expect(checkValue(param!, v, name), `${spec.type}.${name}=${v}`).toEqual([]);
        }
      }
    }
  });

  it('is plain JSON, so the API can send it as is', () => {
    expect(JSON.parse(JSON.stringify(NODE_TYPES))).toEqual(JSON.parse(JSON.stringify(NODE_TYPES)));
    expect(JSON.stringify(NODE_TYPES)).not.toContain('undefined');
  });
});

describe('param schema checks', () => {
  it('checks types, enums, bounds, lengths and list items', () => {
    const num: ParamSchema = { type: 'number', exclusiveMinimum: 0, maximum: 1 };
    expect(checkValue(num, 0.5, 'p')).toEqual([]);
    expect(checkValue(num, 0, 'p')[0]!.message).toBe('Must be greater than 0.');
    expect(checkValue(num, 2, 'p')[0]!.message).toBe('Must be at most 1.');
    expect(checkValue(num, '0.5', 'p')[0]!.message).toBe('Must be a number.');
    expect(checkValue(num, Number.NaN, 'p')).toHaveLength(1);
    expect(checkValue({ type: 'integer' }, 1.5, 'p')[0]!.message).toBe('Must be a whole number.');
    expect(checkValue({ type: ['integer', 'null'] }, null, 'p')).toEqual([]);
    expect(checkValue({ type: 'string', enum: ['a', 'b'] }, 'c', 'p')[0]!.message).toBe(
      'Must be one of "a", "b".'
    );
    expect(checkValue({ type: 'string', minLength: 1 }, '', 'p')[0]!.message).toBe('Must not be empty.');
    const list: ParamSchema = {
      type: 'array',
      items: { type: 'integer', minimum: 1 },
      minItems: 1,
      uniqueItems: true
    };
    expect(checkValue(list, [], 'p')[0]!.message).toBe('Must list at least 1 item.');
    expect(checkValue(list, [2, 2], 'p')[0]!.message).toBe('Must not repeat items.');
    expect(checkValue(list, [1, 0], 'p')).toEqual([{ path: 'p[1]', message: 'Must be at least 1.' }]);
  });
});
