import { describe, expect, it } from 'vitest';
import { parseRoom, rooms } from './realtime';

const ID = '0b7e9c2a-4f1d-4e8a-9c3b-2d5f6a7b8c9d';

describe('room names', () => {
  it('parses every room the helper builds back into its kind and id', () => {
    for (const kind of ['workspace', 'dataset', 'pipeline', 'job'] as const) {
      expect(parseRoom(rooms[kind](ID))).toEqual({ kind, id: ID, name: `${kind}:${ID}` });
    }
  });

  it('lower-cases the id so one resource has one room', () => {
    expect(parseRoom(`dataset:${ID.toUpperCase()}`)?.name).toBe(rooms.dataset(ID));
  });

  it('refuses user rooms, unknown kinds, non-uuid ids and non-strings', () => {
    for (const room of [
      rooms.user(ID),
      `model:${ID}`,
      'dataset:',
      'dataset:abc',
      'everything',
      `:${ID}`,
      42,
      null
    ]) {
      expect(parseRoom(room)).toBeNull();
    }
  });
});
