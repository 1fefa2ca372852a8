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

/**
 * Where a step added from the palette goes: just right of `anchor` (the selected step, else the
 * one this user added last), the next free spot after it; in the middle of the view without one.
 */
export function nextStepSpot(taken: readonly Point[], anchor: Point | null, viewCentre: Point): Point {
  const start = anchor
    ? { x: anchor.x + STEP_WIDTH + GAP_X, y: anchor.y }
    : { x: viewCentre.x - STEP_WIDTH / 2, y: viewCentre.y - STEP_HEIGHT / 2 };
  return freeSpot(taken, start);
}
