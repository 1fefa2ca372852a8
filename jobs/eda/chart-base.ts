/** What every report chart shares: the schema, the width it is drawn at, and its sizing rules. */

export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
export const WIDTH = 360;

/**
 * A fixed height for a chart with `bands` rows on its y axis. The page draws charts at the card's
 * width (autosize `fit-x`); a discrete y left to Vega-Lite's per-band step would make it drop the
 * fit and warn ("Dropping fit-y because spec has discrete height") on every such chart.
 */
export function bandHeight(bands: number, step = 22): number {
  return Math.max(1, bands) * step;
}

/**
 * A quantitative axis whose labels never run into each other: at most about one tick per 70 px of
 * the drawn width (per 40 px of height on a y axis), overlapping labels hidden, large numbers
 * written short (12k, 1.5M).
 */
export function numberAxis(
  values: ReadonlyArray<number | null | undefined>,
  along: 'x' | 'y' = 'x'
): Record<string, unknown> {
  const largest = values.reduce<number>((m, v) => (typeof v === 'number' ? Math.max(m, Math.abs(v)) : m), 0);
  return {
    labelOverlap: true,
    labelFlush: true,
    tickCount: { signal: along === 'x' ? 'ceil(width / 70)' : 'ceil(height / 40)' },
    // Each label on its own (0, 5k, 12.5k): the axis `format` picks one prefix for all, so 0 reads "0k".
    ...(largest >= 10_000 ? { labelExpr: "format(datum.value, '~s')" } : {})
  };
}

/** A category axis whose long labels are cut short rather than pushing the plot off the card. */
export const CATEGORY_AXIS = { labelLimit: 120 } as const;
