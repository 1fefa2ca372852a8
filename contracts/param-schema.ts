import type { ColumnType } from './api';

/**
 * The subset of JSON Schema (draft 2020-12 keywords) that node parameters use, plus two PipeWeave
 * keywords the studio's form and the DAG validator read:
 *   `x-columns`: the value (a string, or each string of an array) names a column of the dataset;
 *   `x-column-types`: those columns must have one of these schema types.
 * Pure: shared by the server and the browser.
 */
export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object' | 'null';

export interface ParamSchema {
  type?: JsonType | readonly JsonType[];
  title?: string;
  description?: string;
  default?: unknown;
  enum?: readonly unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  items?: ParamSchema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  'x-columns'?: boolean;
  'x-column-types'?: readonly ColumnType[];
}

/**
 * JSON Schema `if`/`then` between parameters: when every `if` parameter holds one of its values,
 * every `then` parameter must hold one of its own. The validator fills in defaults first; the
 * `required` lists give a standard JSON Schema validator, which knows no defaults, the same answer
 * wherever a default would not pass.
 */
export interface ParamRule {
  if: { properties: Record<string, { enum: readonly unknown[] }>; required: readonly string[] };
  then: { properties: Record<string, { enum: readonly unknown[] }>; required: readonly string[] };
}

/** A node's whole parameter object: every parameter is named, unknown ones are refused. */
export interface ParamsSchema {
  type: 'object';
  properties: Record<string, ParamSchema>;
  required?: readonly string[];
  additionalProperties: false;
  /** Combinations that cannot work together, e.g. a penalty its solver does not support. */
  allOf?: readonly ParamRule[];
}

export interface ParamIssue {
  /** The parameter and where inside it, e.g. `hidden_layer_sizes[1]`. */
  path: string;
  message: string;
}

function typeOf(value: unknown): JsonType | 'undefined' | 'other' {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'number':
      return Number.isFinite(value) ? 'number' : 'other';
    case 'object':
      return 'object';
    case 'undefined':
      return 'undefined';
    default:
      return 'other';
  }
}

function matchesType(value: unknown, type: JsonType): boolean {
  const actual = typeOf(value);
  if (type === 'integer') return actual === 'number' && Number.isInteger(value);
  return actual === type;
}

const TYPE_WORDS: Record<JsonType, string> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  null: 'empty (null)'
};

const show = (v: unknown) => JSON.stringify(v);

/** Every way `value` breaks `schema`; empty when it satisfies it. */
export function checkValue(schema: ParamSchema, value: unknown, path: string): ParamIssue[] {
  const types =
    schema.type === undefined ? [] : typeof schema.type === 'string' ? [schema.type] : schema.type;
  if (types.length && !types.some((t) => matchesType(value, t))) {
    return [{ path, message: `Must be ${types.map((t) => TYPE_WORDS[t]).join(' or ')}.` }];
  }
  if (schema.enum && !schema.enum.some((allowed) => show(allowed) === show(value))) {
    return [{ path, message: `Must be one of ${schema.enum.map(show).join(', ')}.` }];
  }
  const issues: ParamIssue[] = [];
  const add = (message: string) => issues.push({ path, message });
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) add(`Must be at least ${schema.minimum}.`);
    if (schema.maximum !== undefined && value > schema.maximum) add(`Must be at most ${schema.maximum}.`);
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum)
      add(`Must be greater than ${schema.exclusiveMinimum}.`);
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum)
      add(`Must be less than ${schema.exclusiveMaximum}.`);
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength)
      add(schema.minLength === 1 ? 'Must not be empty.' : `Must be at least ${schema.minLength} characters.`);
    if (schema.maxLength !== undefined && value.length > schema.maxLength)
      add(`Must be at most ${schema.maxLength} characters.`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems)
      add(`Must list at least ${schema.minItems} item${schema.minItems === 1 ? '' : 's'}.`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems)
      add(`Must list at most ${schema.maxItems} items.`);
    if (schema.uniqueItems && new Set(value.map(show)).size !== value.length) add('Must not repeat items.');
    if (schema.items)
      value.forEach((item, i) => issues.push(...checkValue(schema.items!, item, `${path}[${i}]`)));
  }
  return issues;
}

/** Checks a node's params object: unknown names, missing required ones, then each value. */
export function checkParams(schema: ParamsSchema, params: Record<string, unknown>): ParamIssue[] {
  const issues: ParamIssue[] = [];
  for (const name of Object.keys(params)) {
    if (!(name in schema.properties)) issues.push({ path: name, message: 'Not a parameter of this node.' });
  }
  for (const name of schema.required ?? []) {
    if (params[name] === undefined) issues.push({ path: name, message: 'Required.' });
  }
  for (const [name, sub] of Object.entries(schema.properties)) {
    if (params[name] !== undefined) issues.push(...checkValue(sub, params[name], name));
  }
  // Combinations only once every value is valid on its own, so each problem is reported once.
  if (issues.length === 0) issues.push(...checkRules(schema, withDefaults(schema, params)));
  return issues;
}

function checkRules(schema: ParamsSchema, values: Record<string, unknown>): ParamIssue[] {
  const issues: ParamIssue[] = [];
  for (const rule of schema.allOf ?? []) {
    const when = Object.entries(rule.if.properties);
    if (!when.every(([name, { enum: allowed }]) => allowed.includes(values[name]))) continue;
    const context = when.map(([name]) => `${name} ${JSON.stringify(values[name])}`).join(' and ');
    for (const [name, { enum: allowed }] of Object.entries(rule.then.properties)) {
      if (allowed.includes(values[name])) continue;
      issues.push({
        path: name,
        message: `With ${context}, must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}.`
      });
    }
  }
  return issues;
}

/** The params a node gets when a user adds it: every default, nothing else. */
export function defaultParams(schema: ParamsSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, sub] of Object.entries(schema.properties)) {
    if (sub.default !== undefined) out[name] = structuredClone(sub.default);
  }
  return out;
}

/** The params a trainer runs with: what the user set, defaults for the rest. */
export function withDefaults(schema: ParamsSchema, params: Record<string, unknown>): Record<string, unknown> {
  return { ...defaultParams(schema), ...params };
}

/** The column names a column parameter's value holds (a single name or a list). */
export function columnNamesIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}
