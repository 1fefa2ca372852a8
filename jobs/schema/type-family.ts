/** Coarse groups of DuckDB types; profiling and inference treat the members of a group alike. */
export type TypeFamily =
  'integer' | 'floating' | 'decimal' | 'boolean' | 'string' | 'temporal' | 'uuid' | 'other';

const INTEGER_TYPES = new Set([
  'TINYINT',
  'SMALLINT',
  'INTEGER',
  'BIGINT',
  'HUGEINT',
  'UTINYINT',
  'USMALLINT',
  'UINTEGER',
  'UBIGINT',
  'UHUGEINT'
]);

/** Maps a DuckDB type name (as DESCRIBE prints it) to its family. */
export function typeFamily(duckdbType: string): TypeFamily {
  const t = duckdbType.toUpperCase();
  if (INTEGER_TYPES.has(t)) return 'integer';
  if (t === 'DOUBLE' || t === 'FLOAT' || t === 'REAL') return 'floating';
  if (t.startsWith('DECIMAL')) return 'decimal';
  if (t === 'BOOLEAN') return 'boolean';
  if (t === 'VARCHAR') return 'string';
  if (t === 'DATE' || t.startsWith('TIMESTAMP') || t.startsWith('TIME')) return 'temporal';
  if (t === 'UUID') return 'uuid';
  return 'other';
}

/** Families whose values have an order and a meaningful number of distinct values. */
export function isScalarFamily(family: TypeFamily): boolean {
  return family !== 'other';
}

/** Families that hold numbers. */
export function isNumericFamily(family: TypeFamily): boolean {
  return family === 'integer' || family === 'floating' || family === 'decimal';
}
