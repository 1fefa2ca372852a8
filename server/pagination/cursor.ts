import { z } from 'zod';
import type { Page } from '../../contracts/pagination';
import { InvalidInput } from '../../contracts/errors';

/**
 * Keyset pagination: a cursor is the sort key of the last row a page held, as base64url JSON tagged
 * with the list it came from, so the next page starts strictly after that row — no OFFSET, and rows
 * added meanwhile neither shift nor repeat what follows. Not signed: a forged cursor can only move the
 * starting point inside a list the caller may read anyway.
 */
export function encodeCursor(list: string, key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify({ l: list, ...key })).toString('base64url');
}

/** The key inside `cursor`, undefined without one; 400 `invalid_cursor` when it is not one of `list`'s. */
export function decodeCursor<T extends z.ZodRawShape>(
  list: string,
  cursor: string | undefined,
  shape: T
): z.infer<z.ZodObject<T>> | undefined {
  if (cursor === undefined) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    raw = undefined;
  }
  const parsed = z
    .object({ l: z.literal(list), ...shape })
    .strict()
    .safeParse(raw);
  if (!parsed.success) {
    throw new InvalidInput(
      'This cursor does not belong to this list; pass back a nextCursor unchanged.',
      undefined,
      'invalid_cursor'
    );
  }
  const { l: _list, ...key } = parsed.data as { l: string } & z.infer<z.ZodObject<T>>;
  return key as z.infer<z.ZodObject<T>>;
}

/**
 * Turns `limit + 1` fetched rows into a page: the extra row only says that another page exists, and
 * the cursor is the key of the last row kept.
 */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  item: (row: Row) => Item,
  cursorOf: (row: Row) => string
): Page<Item> {
  const kept = rows.slice(0, limit);
  const last = kept[kept.length - 1];
  return {
    items: kept.map(item),
    nextCursor: rows.length > limit && last !== undefined ? cursorOf(last) : null
  };
}

/** A timestamp as Postgres keeps it (microseconds, UTC), so a cursor compares exactly. */
export const exactTime = z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
