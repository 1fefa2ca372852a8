import { describe, expect, it } from 'vitest';
import { freeSpot, STEP_HEIGHT, STEP_WIDTH } from './placement';

describe('freeSpot', () => {
  it('uses the spot asked for when it is free', () => {
    expect(freeSpot([{ x: 1000, y: 1000 }], { x: 10.4, y: 20.6 })).toEqual({ x: 10, y: 21 });
  });

  it('goes to the right of a step already there, then to the next row', () => {
    const first = freeSpot([{ x: 0, y: 0 }], { x: 10, y: 5 });
    expect(first.y).toBe(5);
    expect(first.x).toBeGreaterThanOrEqual(STEP_WIDTH);
    const row = [0, 1, 2, 3].map((i) => ({ x: i * (STEP_WIDTH + 56), y: 0 }));
    const next = freeSpot(row, { x: 0, y: 0 });
    expect(next).toEqual({ x: 0, y: STEP_HEIGHT + 40 });
  });
});
