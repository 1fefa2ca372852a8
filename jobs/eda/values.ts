/** Conversions of DuckDB results (numbers, bigints, nulls) and numbers written into SQL. */

export function num(value: unknown): number {
  return typeof value === 'bigint' ? Number(value) : typeof value === 'number' ? value : Number(value ?? 0);
}

export function nullableNum(value: unknown): number | null {
  return value === null || value === undefined ? null : num(value);
}

export function finiteOrNull(value: unknown): number | null {
  const n = nullableNum(value);
  return n === null || !Number.isFinite(n) ? null : n;
}

export function nullableValue(value: unknown): number | string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'bigint') return Number(value);
  return String(value);
}

/**
 * A finite number as a DOUBLE literal. Written plainly, DuckDB reads `0.0125` as a DECIMAL and
 * then does every bin computation in decimal arithmetic, about ten times slower; JavaScript's
 * shortest round-trip text casts back to exactly the same double.
 */
export function double(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  return `(${String(value)})::DOUBLE`;
}
