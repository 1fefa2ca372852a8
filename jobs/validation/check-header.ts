import { issues, type ValidationIssue } from './validation-issues';

/**
 * Finds header names that cannot become Parquet columns: empty ones and duplicates. Duplicates are
 * compared ignoring case because DuckDB and most SQL engines treat "Price" and "price" as the same
 * column.
 *
 * @param names the header names (without a dropped trailing column).
 * @param line the file line of the header, for the issues.
 */
export function checkHeader(names: readonly string[], line: number): ValidationIssue[] {
  const found: ValidationIssue[] = [];
  const positions = new Map<string, number[]>();
  names.forEach((name, index) => {
    if (name.trim() === '') {
      found.push(issues.emptyColumnName(index + 1, line));
      return;
    }
    const key = name.toLowerCase();
    positions.set(key, [...(positions.get(key) ?? []), index + 1]);
  });
  for (const where of positions.values()) {
    if (where.length > 1) found.push(issues.duplicateColumnName(names[where[0]! - 1]!, where, line));
  }
  return found;
}
