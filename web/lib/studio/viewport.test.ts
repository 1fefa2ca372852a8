import { describe, expect, it } from 'vitest';
import {
  boundsOf,
  isInView,
  LEGIBLE_ZOOM,
  legibleFit,
  panToShow,
  SMALLEST_STEP_TEXT_PX,
  touchesView
} from './viewport';

describe('legibleFit', () => {
  it('centres a pipeline that fits, never zooming in past 1', () => {
    const v = legibleFit({ x: 0, y: 0, width: 200, height: 100 }, 800, 600, 0);
    expect(v.zoom).toBe(1);
    expect(v).toMatchObject({ x: 300, y: 250 });
  });

  it('stops at the legible zoom and shows the start of a pipeline too wide for the view', () => {
    const v = legibleFit({ x: 100, y: 0, width: 3000, height: 100 }, 800, 600, 20);
    expect(v.zoom).toBeCloseTo(LEGIBLE_ZOOM);
    expect(SMALLEST_STEP_TEXT_PX * v.zoom).toBeGreaterThanOrEqual(11);
    // The left edge of the pipeline sits at the padding.
    expect(100 * v.zoom + v.x).toBeCloseTo(20);
    // Still centred in the direction that fits.
    expect(v.y).toBeCloseTo((600 - 100 * v.zoom) / 2);
  });
});

describe('legibleFit, a pipeline just wider than the room inside the padding', () => {
  it('is centred rather than cut on one side', () => {
    const v = legibleFit({ x: 0, y: 0, width: 900, height: 100 }, 800, 600, 40);
    expect(v.zoom).toBeCloseTo(LEGIBLE_ZOOM);
    expect(v.x).toBeCloseTo((800 - 900 * v.zoom) / 2);
  });
});

describe('view checks', () => {
  const viewport = { x: -100, y: 0, zoom: 1 };
  it('tells wholly, partly and not visible apart', () => {
    expect(isInView({ x: 150, y: 10, width: 100, height: 50 }, viewport, 400, 300)).toBe(true);
    expect(isInView({ x: 450, y: 10, width: 100, height: 50 }, viewport, 400, 300)).toBe(false);
    expect(touchesView({ x: 450, y: 10, width: 100, height: 50 }, viewport, 400, 300)).toBe(true);
    expect(touchesView({ x: 600, y: 10, width: 100, height: 50 }, viewport, 400, 300)).toBe(false);
  });

  it('pans, keeping the zoom, just far enough to show a step', () => {
    const next = panToShow({ x: 450, y: 10, width: 100, height: 50 }, viewport, 400, 300, 10);
    expect(next.zoom).toBe(1);
    expect(isInView({ x: 450, y: 10, width: 100, height: 50 }, next, 400, 300)).toBe(true);
    expect(450 + 100 + next.x).toBe(390);
    expect(next.y).toBe(0);
  });

  it('bounds several boxes', () => {
    expect(boundsOf([])).toBeNull();
    expect(
      boundsOf([
        { x: 0, y: 10, width: 10, height: 10 },
        { x: -5, y: 0, width: 10, height: 50 }
      ])
    ).toEqual({ x: -5, y: 0, width: 15, height: 50 });
  });
});
