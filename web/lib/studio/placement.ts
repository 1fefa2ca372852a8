/** Where a new step goes when the user does not drop it somewhere. */

export const STEP_WIDTH = 216;
export const STEP_HEIGHT = 110;
const GAP_X = 56;
const GAP_Y = 40;

type Point = { x: number; y: number };

const overlaps = (a: Point, b: Point) =>
  Math.abs(a.x - b.x) < STEP_WIDTH + GAP_X / 2 && Math.abs(a.y - b.y) < STEP_HEIGHT + GAP_Y / 2;

/**
 * The first spot at or after `at` that no step covers, scanning to the right first (pipelines
 * read left to right) and then row by row below; `at` itself when everything nearby is taken.
 */
export function freeSpot(taken: readonly Point[], at: Point): Point {
  const origin = { x: Math.round(at.x), y: Math.round(at.y) };
  for (let row = 0; row < 8; row++) {
    for (let col = 0; col < 4; col++) {
      const spot = { x: origin.x + col * (STEP_WIDTH + GAP_X), y: origin.y + row * (STEP_HEIGHT + GAP_Y) };
      if (!taken.some((p) => overlaps(p, spot))) return spot;
    }
  }
  return origin;
}
