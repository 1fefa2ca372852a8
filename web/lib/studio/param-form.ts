import type { ColumnType } from '../../../contracts/api';
import type { JsonType, ParamSchema, ParamsSchema } from '../../../contracts/param-schema';
import { humanize, plainHint } from './param-labels';

/**
 * The params form as data: one field per JSON Schema property, with the control it needs and the
 * rules that turn what the user typed back into a param value.
 */

export type FieldKind =
  | 'text'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'enum'
  | 'multi'
  | 'list'
  | 'number-list'
  | 'column'
  | 'columns'
  | 'mixed'
  | 'json';

export interface ParamField {
  key: string;
  label: string;
  description?: string;
  kind: FieldKind;
  required: boolean;
  /** Empty means null (e.g. "no limit"), rather than "use the default". */
  nullable: boolean;
  default?: unknown;
  /** Choices of an enum field, or of each item of a multi field, as the schema gives them. */
  options?: readonly unknown[];
  /** Column fields: only columns of these types fit. */
  columnTypes?: readonly ColumnType[];
  min?: number;
  max?: number;
  integer?: boolean;
}

function typesOf(schema: ParamSchema | undefined): JsonType[] {
  const t = schema?.type;
  if (t === undefined) return [];
  return typeof t === 'string' ? [t] : [...t];
}

export function fieldKind(schema: ParamSchema): FieldKind {
  const types = typesOf(schema).filter((t) => t !== 'null');
  const columns = Boolean(schema['x-columns'] || schema.items?.['x-columns']);
  if (schema.enum && schema.enum.length > 0) return 'enum';
  if (types.length === 1 && types[0] === 'array') {
    const items = schema.items;
    const itemTypes = typesOf(items);
    if (columns) return 'columns';
    if (items?.enum && items.enum.length > 0) return 'multi';
    if (itemTypes.length === 0 || (itemTypes.length === 1 && itemTypes[0] === 'string')) return 'list';
    if (itemTypes.every((t) => t === 'number' || t === 'integer')) return 'number-list';
    return 'json';
  }
  if (types.length === 1) {
    const [type] = types;
    if (type === 'string') return columns ? 'column' : 'text';
    if (type === 'number' || type === 'integer' || type === 'boolean') return type;
    return 'json';
  }
  if (types.length > 1 && types.every((t) => t === 'string' || t === 'number' || t === 'integer'))
    return 'mixed';
  return 'json';
}

/** The fields of a params schema, in the order its properties are declared. */
export function fieldsOf(schema: ParamsSchema | undefined): ParamField[] {
  const required = new Set(schema?.required ?? []);
  return Object.entries(schema?.properties ?? {}).map(([key, prop]) => {
    const kind = fieldKind(prop);
    const field: ParamField = {
      key,
      label: prop.title || humanize(key),
      kind,
      required: required.has(key),
      nullable: typesOf(prop).includes('null')
    };
    if (prop.description) field.description = plainHint(prop.description);
    if (prop.default !== undefined) field.default = prop.default;
    if (kind === 'enum') field.options = prop.enum;
    if (kind === 'multi') field.options = prop.items?.enum;
    const columnTypes = prop['x-column-types'] ?? prop.items?.['x-column-types'];
    if (columnTypes) field.columnTypes = columnTypes;
    const bounds = kind === 'number-list' ? prop.items : prop;
    if (kind === 'number' || kind === 'integer' || kind === 'number-list' || kind === 'mixed') {
      const min = bounds?.minimum ?? bounds?.exclusiveMinimum;
      const max = bounds?.maximum ?? bounds?.exclusiveMaximum;
      if (min !== undefined) field.min = min;
      if (max !== undefined) field.max = max;
      const integerTypes = typesOf(bounds).filter((t) => t !== 'null');
      if (integerTypes.length > 0 && integerTypes.every((t) => t === 'integer')) field.integer = true;
    }
    return field;
  });
}

/** What the control shows: the param's value, else the schema default. */
export function displayValue(field: ParamField, params: Record<string, unknown>): unknown {
  return params[field.key] !== undefined ? params[field.key] : field.default;
}

export type Coerced = { ok: true; value: unknown } | { ok: false; error: string };

function number(field: ParamField, text: string): Coerced {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) return { ok: false, error: 'Enter a number.' };
  if (field.integer && !Number.isInteger(n)) return { ok: false, error: 'Enter a whole number.' };
  if (field.min !== undefined && n < field.min) return { ok: false, error: `Must be at least ${field.min}.` };
  if (field.max !== undefined && n > field.max) return { ok: false, error: `Must be at most ${field.max}.` };
  return { ok: true, value: n };
}

/**
 * Turns a control's raw value into the param value to store. An empty field stores null when the
 * param allows it, else clears the param (undefined) so the step uses its default.
 */
export function coerce(field: ParamField, raw: string | boolean | string[]): Coerced {
  const empty = raw === '' || (typeof raw === 'string' && raw.trim() === '');
  if (empty && field.kind !== 'boolean') {
    if (field.nullable) return { ok: true, value: null };
    return field.required
      ? { ok: false, error: `${field.label} is required.` }
      : { ok: true, value: undefined };
  }
  switch (field.kind) {
    case 'boolean':
      return { ok: true, value: raw === true || raw === 'true' };
    case 'number':
    case 'integer':
      return number(field, String(raw));
    case 'enum':
    case 'column': {
      if (field.kind === 'column') return { ok: true, value: String(raw) };
      const match = field.options?.findIndex((o) => String(o) === String(raw)) ?? -1;
      return match < 0
        ? { ok: false, error: 'Pick one of the options.' }
        : { ok: true, value: field.options![match] };
    }
    case 'multi':
    case 'list':
    case 'columns': {
      const items = (Array.isArray(raw) ? raw : String(raw).split(',')).map((s) => s.trim()).filter(Boolean);
      return { ok: true, value: [...new Set(items)] };
    }
    case 'number-list': {
      const values: number[] = [];
      for (const part of String(raw)
        .split(',')
        .filter((s) => s.trim())) {
        const n = number(field, part);
        if (!n.ok) return { ok: false, error: `"${part.trim()}": ${n.error}` };
        values.push(n.value as number);
      }
      return { ok: true, value: values };
    }
    case 'mixed': {
      const n = Number(raw);
      return { ok: true, value: Number.isFinite(n) ? n : String(raw) };
    }
    case 'json': {
      try {
        return { ok: true, value: JSON.parse(String(raw)) };
      } catch {
        return { ok: false, error: 'Enter valid JSON.' };
      }
    }
    default:
      return { ok: true, value: String(raw) };
  }
}

/** The text a text-like control shows for a value. */
export function textOf(field: ParamField, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value) && field.kind !== 'json') return value.join(', ');
  if (field.kind === 'json') return JSON.stringify(value);
  return String(value);
}

export { humanize, optionLabel } from './param-labels';

/** The dataset columns a column field may pick: those of a fitting type, when types are known. */
export function columnChoices(
  field: ParamField,
  columns: Array<{ name: string; type?: ColumnType }>
): string[] {
  const allowed = field.columnTypes;
  return columns.filter((c) => !allowed || !c.type || allowed.includes(c.type)).map((c) => c.name);
}
