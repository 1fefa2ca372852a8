/**
 * How far the canvas may zoom out. The smallest text on a step is 13 px, so below 11/13 it would
 * drop under 11 px on screen; the minimap gives the overview instead.
 */
export const SMALLEST_STEP_TEXT_PX = 13;
export const LEGIBLE_ZOOM = 11 / SMALLEST_STEP_TEXT_PX;
export const MAX_FIT_ZOOM = 1;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/** The smallest rectangle around the given ones; null for none. */
export function boundsOf(rects: readonly Rect[]): Rect | null {
  if (rects.length === 0) return null;
  const left = Math.min(...rects.map((r) => r.x));
  const top = Math.min(...rects.map((r) => r.y));
  const right = Math.max(...rects.map((r) => r.x + r.width));
  const bottom = Math.max(...rects.map((r) => r.y + r.height));
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/**
 * The viewport that shows `bounds` (flow units) in a view of `width`×`height` pixels: the whole
 * pipeline when it fits at a legible zoom, centred; otherwise its start (left, and top when it is
 * also too tall), since a pipeline is read from its data source on.
 */
export function legibleFit(bounds: Rect, width: number, height: number, padding = 32): Viewport {
  const roomX = Math.max(width - 2 * padding, 1);
  const roomY = Math.max(height - 2 * padding, 1);
  const fits = Math.min(roomX / Math.max(bounds.width, 1), roomY / Math.max(bounds.height, 1));
  const zoom = Math.min(MAX_FIT_ZOOM, Math.max(LEGIBLE_ZOOM, fits));
  // Centred while it fits the view, even if only by eating into the padding; else from its start.
  const place = (start: number, size: number, view: number) =>
    size * zoom <= view ? (view - size * zoom) / 2 - start * zoom : padding - start * zoom;
  return {
    x: place(bounds.x, bounds.width, width),
    y: place(bounds.y, bounds.height, height),
    zoom
  };
}

/** Whether `rect` (flow units) is wholly visible through `viewport` in a view of the given size. */
export function isInView(rect: Rect, viewport: Viewport, width: number, height: number): boolean {
  const left = rect.x * viewport.zoom + viewport.x;
  const top = rect.y * viewport.zoom + viewport.y;
  return (
    left >= 0 &&
    top >= 0 &&
    left + rect.width * viewport.zoom <= width &&
    top + rect.height * viewport.zoom <= height
  );
}

/** Whether any part of `rect` (flow units) shows through `viewport`. */
export function touchesView(rect: Rect, viewport: Viewport, width: number, height: number): boolean {
  const left = rect.x * viewport.zoom + viewport.x;
  const top = rect.y * viewport.zoom + viewport.y;
  return (
    left < width &&
    top < height &&
    left + rect.width * viewport.zoom > 0 &&
    top + rect.height * viewport.zoom > 0
  );
}

/** The smallest pan (zoom unchanged) that brings `rect` into view with `margin` pixels around it. */
export function panToShow(
  rect: Rect,
  viewport: Viewport,
  width: number,
  height: number,
  margin = 24
): Viewport {
  const shift = (start: number, size: number, offset: number, view: number) => {
    const from = start * viewport.zoom + offset;
    const to = from + size * viewport.zoom;
    if (to - from + 2 * margin > view) return offset - (from - margin);
    if (from < margin) return offset + (margin - from);
    if (to > view - margin) return offset - (to - (view - margin));
    return offset;
  };
  return {
    x: shift(rect.x, rect.width, viewport.x, width),
    y: shift(rect.y, rect.height, viewport.y, height),
    zoom: viewport.zoom
  };
}
