import { z } from 'zod';

/** Rows per page when a list request names no `limit`. */
export const PAGE_LIMIT_DEFAULT = 100;
/** The most rows one page holds; a larger `limit` is 400. */
export const PAGE_LIMIT_MAX = 500;

/**
 * `?limit=&cursor=` of every list endpoint. The cursor is opaque: pass back the `nextCursor` of the
 * previous page, unchanged, to the same list with the same filters.
 */
export const pageQuery = z.object({
  limit: z.coerce
    .number()
    .int('limit is a whole number.')
    .min(1, 'limit is at least 1.')
    .max(PAGE_LIMIT_MAX, `limit is at most ${PAGE_LIMIT_MAX}.`)
    .default(PAGE_LIMIT_DEFAULT),
  cursor: z.string().min(1).max(1024).optional()
});
export type PageQuery = z.infer<typeof pageQuery>;

/** One page of a list; `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
