import { invalidData } from './errors';

/**
 * A columnar table over typed arrays. Numbers live in Float64Array, categories as dictionary codes
 * in Int32Array; missing cells are flagged in an explicit mask (and hold NaN / -1 so a reader that
 * forgets the mask still cannot mistake them for data).
 */
export interface NumericColumn {
  kind: 'numeric';
  name: string;
  values: Float64Array;
  missing: Uint8Array;
}

export interface CategoricalColumn {
  kind: 'categorical';
  name: string;
  codes: Int32Array;
  levels: string[];
  missing: Uint8Array;
}

export type Column = NumericColumn | CategoricalColumn;

export class Frame {
  readonly nRows: number;
  readonly columns: readonly Column[];
  private readonly byName: Map<string, Column>;

  constructor(columns: readonly Column[], nRows?: number) {
    this.nRows = nRows ?? (columns[0] ? lengthOf(columns[0]) : 0);
    for (const c of columns) {
      if (lengthOf(c) !== this.nRows) {
        throw invalidData(c.name, `Column "${c.name}" has ${lengthOf(c)} rows, expected ${this.nRows}.`, '');
      }
    }
    this.columns = columns;
    this.byName = new Map(columns.map((c) => [c.name, c]));
  }

  get names(): string[] {
    return this.columns.map((c) => c.name);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  column(name: string): Column {
    const c = this.byName.get(name);
    if (!c) {
      throw invalidData(name, `There is no column "${name}".`, `Pick one of: ${this.names.join(', ')}.`);
    }
    return c;
  }

  /** A frame of the given rows, in the given order (repeats allowed). */
  take(rows: ArrayLike<number>): Frame {
    return new Frame(
      this.columns.map((c) => takeColumn(c, rows)),
      rows.length
    );
  }

  select(names: readonly string[]): Frame {
    return new Frame(
      names.map((n) => this.column(n)),
      this.nRows
    );
  }

  without(names: readonly string[]): Frame {
    const drop = new Set(names);
    return new Frame(
      this.columns.filter((c) => !drop.has(c.name)),
      this.nRows
    );
  }

  withColumns(columns: readonly Column[]): Frame {
    return new Frame(columns, this.nRows);
  }
}

function lengthOf(c: Column): number {
  return c.kind === 'numeric' ? c.values.length : c.codes.length;
}

export function takeColumn(c: Column, rows: ArrayLike<number>): Column {
  const n = rows.length;
  const missing = new Uint8Array(n);
  for (let i = 0; i < n; i++) missing[i] = c.missing[rows[i]!]!;
  if (c.kind === 'numeric') {
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = c.values[rows[i]!]!;
    return { kind: 'numeric', name: c.name, values, missing };
  }
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) codes[i] = c.codes[rows[i]!]!;
  return { kind: 'categorical', name: c.name, codes, levels: c.levels, missing };
}

/** A numeric column from numbers; null, undefined and NaN become missing. Infinity is refused. */
export function numericColumn(name: string, data: ArrayLike<number | null | undefined>): NumericColumn {
  const n = data.length;
  const values = new Float64Array(n);
  const missing = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = data[i];
    if (v === null || v === undefined || Number.isNaN(v)) {
      values[i] = NaN;
      missing[i] = 1;
    } else if (!Number.isFinite(v)) {
      throw invalidData(
        name,
        `Column "${name}" holds an infinite value at row ${i + 1}.`,
        'Replace infinities in the data, or clip the column, before training.'
      );
    } else values[i] = v;
  }
  return { kind: 'numeric', name, values, missing };
}

/** A categorical column from labels; levels are coded in order of first appearance. */
export function categoricalColumn(
  name: string,
  data: ArrayLike<string | number | boolean | null | undefined>
): CategoricalColumn {
  const n = data.length;
  const codes = new Int32Array(n);
  const missing = new Uint8Array(n);
  const levels: string[] = [];
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const v = data[i];
    if (v === null || v === undefined || v === '' || (typeof v === 'number' && Number.isNaN(v))) {
      codes[i] = -1;
      missing[i] = 1;
      continue;
    }
    const key = String(v);
    let code = index.get(key);
    if (code === undefined) {
      code = levels.length;
      levels.push(key);
      index.set(key, code);
    }
    codes[i] = code;
  }
  return { kind: 'categorical', name, codes, levels, missing };
}

export type ColumnKind = 'numeric' | 'categorical';

/**
 * A frame from row objects (the shape DuckDB and CSV readers give). Kinds come from the accepted
 * schema when given; otherwise a column is numeric when every present value is a number.
 */
export function frameFromRows(
  rows: readonly Record<string, unknown>[],
  kinds?: Record<string, ColumnKind>
): Frame {
  const names = kinds ? Object.keys(kinds) : Object.keys(rows[0] ?? {});
  const columns = names.map((name): Column => {
    const data = rows.map((r) => r[name]);
    const kind =
      kinds?.[name] ??
      (data.every((v) => v === null || v === undefined || typeof v === 'number') ? 'numeric' : 'categorical');
    if (kind === 'numeric') {
      return numericColumn(
        name,
        data.map((v, i) => {
          if (v === null || v === undefined || v === '') return null;
          const x = typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : Number(v);
          if (Number.isNaN(x)) {
            throw invalidData(
              name,
              `Column "${name}" holds "${String(v)}" at row ${i + 1}, which is not a number.`,
              'Type the column as categorical in the schema, or clean the value.'
            );
          }
          return x;
        })
      );
    }
    return categoricalColumn(name, data as (string | number | boolean | null)[]);
  });
  return new Frame(columns, rows.length);
}

/** Counts missing cells of a column. */
export function missingCount(c: Column): number {
  let k = 0;
  for (let i = 0; i < c.missing.length; i++) k += c.missing[i]!;
  return k;
}
