import type { NodeTypeSpec } from '../../../contracts/node-types';
import { checkValue, type ParamSchema } from '../../../contracts/param-schema';
import type { PipelineNode } from '../../../contracts/pipeline';
import type { TrainBody } from './types';

/**
 * The sweep dialog's model: which hyperparameters of the pipeline's model steps can be swept (from
 * their param schemas), what the user typed for each, and the `sweep` of the train request that
 * gives. A grid lists values; a random sweep draws from a range (numbers) or a list.
 */

export type SweepMode = 'grid' | 'random';

export interface SweepParam {
  /** `"<nodeId>.<param>"`, the key the server takes. */
  key: string;
  nodeId: string;
  param: string;
  /** "Random forest · Trees" */
  label: string;
  schema: ParamSchema;
  /** A number the random sweep can draw from a range; otherwise only listed values. */
  numeric: boolean;
  integer: boolean;
  /** The value the pipeline has now, to start the list with. */
  current: unknown;
}

export interface SweepEntry {
  key: string;
  /** Comma-separated values, e.g. "50, 100, 200". */
  list: string;
  /** Random sweeps of numbers: draw from min…max instead of the list. */
  useRange: boolean;
  min: string;
  max: string;
  log: boolean;
}

export interface SweepForm {
  mode: SweepMode;
  samples: number;
  seed: string;
  entries: SweepEntry[];
}

export const MAX_RUNS = 64;

const typesOf = (s: ParamSchema) =>
  s.type === undefined ? [] : typeof s.type === 'string' ? [s.type] : [...s.type];

/** Scalar params of every model step, in pipeline order; column pickers, lists and objects are left out. */
export function sweepableParams(
  nodes: readonly PipelineNode[],
  types: ReadonlyMap<string, NodeTypeSpec>
): SweepParam[] {
  const out: SweepParam[] = [];
  for (const node of nodes) {
    const spec = types.get(node.type);
    if (!spec || spec.category !== 'model') continue;
    for (const [param, schema] of Object.entries(spec.params.properties)) {
      const t = typesOf(schema);
      if (schema['x-columns'] || t.includes('array') || t.includes('object')) continue;
      if (!schema.enum && !t.some((x) => x === 'number' || x === 'integer' || x === 'boolean')) continue;
      const numeric = !schema.enum && (t.includes('number') || t.includes('integer'));
      out.push({
        key: `${node.id}.${param}`,
        nodeId: node.id,
        param,
        label: `${node.label || spec.label} · ${schema.title ?? param}`,
        schema,
        numeric,
        integer: numeric && t.includes('integer') && !t.includes('number'),
        current: node.params[param] !== undefined ? node.params[param] : schema.default
      });
    }
  }
  return out;
}

/** A new entry for `param`: its current value listed, its schema bounds as the range. */
export function newEntry(param: SweepParam): SweepEntry {
  const current = param.current === undefined ? '' : String(param.current);
  const min = param.schema.minimum ?? param.schema.exclusiveMinimum;
  const max = param.schema.maximum ?? param.schema.exclusiveMaximum;
  let list = current;
  if (param.schema.enum) list = param.schema.enum.map(String).join(', ');
  else if (typesOf(param.schema).includes('boolean')) list = 'true, false';
  return {
    key: param.key,
    list,
    useRange: false,
    min: typeof param.current === 'number' ? String(param.current) : min !== undefined ? String(min) : '',
    max:
      max !== undefined && max <= 1e4
        ? String(max)
        : typeof param.current === 'number'
          ? String(param.current * 10)
          : '',
    log: false
  };
}

/** One typed value of a list, as the schema reads it: "null", "true", a number or the text itself. */
function token(text: string, schema: ParamSchema): unknown {
  const t = typesOf(schema);
  if (text === 'null' && t.includes('null')) return null;
  if ((text === 'true' || text === 'false') && t.includes('boolean')) return text === 'true';
  if ((t.includes('number') || t.includes('integer')) && text !== '' && Number.isFinite(Number(text)))
    return Number(text);
  return text;
}

/** The listed values, or the first reason one of them does not fit the param. */
export function parseList(text: string, param: SweepParam): { values: unknown[] } | { error: string } {
  const parts = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.length === 0) return { error: 'List at least one value.' };
  if (parts.length > MAX_RUNS) return { error: `At most ${MAX_RUNS} values.` };
  const values: unknown[] = [];
  for (const part of parts) {
    const value = token(part, param.schema);
    const issue = checkValue(param.schema, value, param.param)[0];
    if (issue) return { error: `${part}: ${issue.message}` };
    if (!values.some((v) => v === value)) values.push(value);
  }
  return { values };
}

function parseRange(entry: SweepEntry, param: SweepParam) {
  const min = Number(entry.min);
  const max = Number(entry.max);
  if (entry.min.trim() === '' || entry.max.trim() === '' || !Number.isFinite(min) || !Number.isFinite(max))
    return { error: 'Give a minimum and a maximum.' };
  if (max < min) return { error: 'The maximum must not be below the minimum.' };
  if (entry.log && min <= 0) return { error: 'A log range needs a minimum above 0.' };
  for (const [name, v] of [
    ['minimum', min],
    ['maximum', max]
  ] as const) {
    const issue = checkValue({ ...param.schema, type: 'number' }, v, param.param)[0];
    if (issue) return { error: `The ${name} ${v}: ${issue.message}` };
  }
  return {
    range: { min, max, ...(entry.log ? { log: true } : {}), ...(param.integer ? { integer: true } : {}) }
  };
}

export interface BuiltSweep {
  /** Undefined while there is nothing to sweep (a plain training run). */
  sweep: TrainBody['sweep'];
  /** Runs the job will train. */
  runs: number;
  /** By entry key, and `form` for the whole sweep. */
  errors: Record<string, string>;
}

/** The request's `sweep` for the form, how many runs it gives, and what must be fixed first. */
export function buildSweep(form: SweepForm, params: readonly SweepParam[]): BuiltSweep {
  const byKey = new Map(params.map((p) => [p.key, p]));
  const errors: Record<string, string> = {};
  const grid: Record<string, unknown[]> = {};
  const random: Record<string, unknown> = {};
  for (const entry of form.entries) {
    const param = byKey.get(entry.key);
    if (!param) {
      errors[entry.key] = 'This step or parameter is no longer in the pipeline.';
      continue;
    }
    if (form.mode === 'random' && entry.useRange && param.numeric) {
      const r = parseRange(entry, param);
      if ('error' in r) errors[entry.key] = r.error!;
      else random[entry.key] = r.range;
      continue;
    }
    const parsed = parseList(entry.list, param);
    if ('error' in parsed) errors[entry.key] = parsed.error;
    else if (form.mode === 'grid') grid[entry.key] = parsed.values;
    else random[entry.key] = parsed.values;
  }
  if (form.entries.length === 0) return { sweep: undefined, runs: 1, errors };

  if (form.mode === 'grid') {
    const runs = Object.values(grid).reduce((n, values) => n * values.length, 1);
    if (runs > MAX_RUNS) errors.form = `${runs} combinations; a grid trains at most ${MAX_RUNS} runs.`;
    return {
      sweep: { kind: 'grid', params: grid as Record<string, (number | string | boolean | null)[]> },
      runs,
      errors
    };
  }
  const samples = Math.trunc(form.samples);
  if (!Number.isFinite(samples) || samples < 1 || samples > MAX_RUNS)
    errors.samples = `Draw between 1 and ${MAX_RUNS} samples.`;
  const seedText = form.seed.trim();
  const seed = seedText === '' ? undefined : Number(seedText);
  if (seed !== undefined && (!Number.isInteger(seed) || seed < 0))
    errors.seed = 'The seed is a whole number, 0 or more.';
  return {
    sweep: {
      kind: 'random',
      samples,
      ...(seed !== undefined && Number.isInteger(seed) ? { seed } : {}),
      params: random as Extract<NonNullable<TrainBody['sweep']>, { kind: 'random' }>['params']
    },
    runs: samples,
    errors
  };
}
