import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InvalidInput } from '../../contracts/errors';
import { decodeCursor, encodeCursor, exactTime, toPage } from './cursor';

const shape = { t: exactTime, id: z.uuid() };

describe('list cursors', () => {
  it('give back the key they were made from, for their own list only', () => {
    const key = { t: '2026-01-02T03:04:05.123456Z', id: '0b7c5a52-7d0b-4a43-9a51-5a3c1f0f2a11' };
    const cursor = encodeCursor('datasets', key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor('datasets', cursor, shape)).toEqual(key);
    expect(() => decodeCursor('pipelines', cursor, shape)).toThrow(InvalidInput);
    expect(decodeCursor('datasets', undefined, shape)).toBeUndefined();
  });

  it('refuse anything else with invalid_cursor, never another error', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json().map((j) => Buffer.from(j).toString('base64url'))
        ),
        (text) => {
          try {
            decodeCursor('datasets', text, shape);
          } catch (err) {
            expect(err).toBeInstanceOf(InvalidInput);
            expect((err as InvalidInput).code).toBe('invalid_cursor');
          }
        }
      )
    );
    const extra = Buffer.from(
      JSON.stringify({ l: 'datasets', t: '2026-01-02T03:04:05.123456Z', id: crypto.randomUUID(), x: 1 })
    );
    expect(() => decodeCursor('datasets', extra.toString('base64url'), shape)).toThrow(InvalidInput);
  });

  it('mark a next page only when more rows came back than the limit', () => {
    const rows = [1, 2, 3];
    expect(toPage(rows, 3, String, (r) => `c${r}`)).toEqual({ items: ['1', '2', '3'], nextCursor: null });
    expect(toPage(rows, 2, String, (r) => `c${r}`)).toEqual({ items: ['1', '2'], nextCursor: 'c2' });
    expect(toPage([], 2, String, String)).toEqual({ items: [], nextCursor: null });
  });
});
