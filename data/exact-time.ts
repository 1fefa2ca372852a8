/**
 * SQL rendering `column` as a timestamp string exactly as Postgres keeps it (microseconds, UTC), so
 * a pagination cursor built from it compares exactly (see server/pagination/cursor.ts `exactTime`).
 */
export function exactTimeSql(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}
