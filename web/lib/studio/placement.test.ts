import { describe, expect, it } from 'vitest';
import { freeSpot, nextStepSpot, STEP_HEIGHT, STEP_WIDTH } from './placement';

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

describe('nextStepSpot', () => {
  it('goes right of the anchor step, past any step already there', () => {
    const anchor = { x: 100, y: 40 };
    expect(nextStepSpot([anchor], anchor, { x: 0, y: 0 })).toEqual({ x: 100 + STEP_WIDTH + 56, y: 40 });
    const taken = [anchor, { x: 100 + STEP_WIDTH + 56, y: 40 }];
    expect(nextStepSpot(taken, anchor, { x: 0, y: 0 }).x).toBe(100 + 2 * (STEP_WIDTH + 56));
  });

  it('centres on the view without an anchor', () => {
    expect(nextStepSpot([], null, { x: 500, y: 300 })).toEqual({
      x: 500 - STEP_WIDTH / 2,
      y: 300 - STEP_HEIGHT / 2
    });
  });
});
