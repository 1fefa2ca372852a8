import { invalidParam } from '../errors';
import type { Column, Frame } from '../frame';
import { checkColumnsExist } from './rows';
import { meanVar, presentSorted, quantileSorted } from './stats';

export interface ScaleSpec {
  kind: 'scale';
  method: 'standard' | 'minmax' | 'robust';
  /** Empty scales every numeric column. */
  columns: string[];
}

/** x ↦ (x − center) / scale per column; missing cells stay missing. */
export interface FittedScale {
  kind: 'scale';
  columns: { column: string; center: number; scale: number }[];
}

export function fitScale(spec: ScaleSpec, frame: Frame): FittedScale {
  checkColumnsExist(frame, spec.columns);
  const names = spec.columns.length
    ? spec.columns
    : frame.columns.filter((c) => c.kind === 'numeric').map((c) => c.name);
  return {
    kind: 'scale',
    columns: names.map((name) => {
      const c = frame.column(name);
      if (c.kind !== 'numeric') {
        throw invalidParam(
          'columns',
          `Column "${name}" is categorical and cannot be scaled.`,
          'Leave it out of the scale step, or one-hot encode it.'
        );
      }
      const { center, scale } = statistics(spec.method, c.values, c.missing);
      // A constant column keeps scale 1, as in scikit-learn, instead of dividing by zero.
      return {
        column: name,
        center: Number.isFinite(center) ? center : 0,
        scale: scale > 0 && Number.isFinite(scale) ? scale : 1
      };
    })
  };
}

function statistics(
  method: ScaleSpec['method'],
  values: Float64Array,
  missing: Uint8Array
): { center: number; scale: number } {
  if (method === 'standard') {
    const { mean, variance } = meanVar(values, missing);
    return { center: mean, scale: Math.sqrt(variance) };
  }
  const sorted = presentSorted(values, missing);
  if (method === 'minmax') {
    const min = sorted[0] ?? 0;
    return { center: min, scale: (sorted[sorted.length - 1] ?? 0) - min };
  }
  return {
    center: quantileSorted(sorted, 0.5),
    scale: quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25)
  };
}

export function applyScale(fitted: FittedScale, frame: Frame): Frame {
  const byName = new Map(fitted.columns.map((s) => [s.column, s]));
  return frame.withColumns(
    frame.columns.map((c): Column => {
      const s = byName.get(c.name);
      if (!s || c.kind !== 'numeric') return c;
      const values = new Float64Array(c.values.length);
      for (let i = 0; i < values.length; i++)
        values[i] = c.missing[i] ? NaN : (c.values[i]! - s.center) / s.scale;
      return { ...c, values };
    })
  );
}
