import { invalidData, invalidParam } from '../errors';
import type { Column, Frame } from '../frame';
import { checkColumnsExist } from './rows';
import { meanVar, presentSorted, quantileSorted } from './stats';

export type ImputeStrategy = 'mean' | 'median' | 'most_frequent' | 'constant';

export interface ImputeSpec {
  kind: 'impute';
  strategy: ImputeStrategy;
  fill_value: number | string | null;
  /** Empty fills every column the strategy suits (numeric ones for mean and median). */
  columns: string[];
}

/** Per column, the value that fills its missing cells (a number or a category label). */
export interface FittedImpute {
  kind: 'impute';
  fills: { column: string; value: number | string }[];
}

export function fitImpute(spec: ImputeSpec, frame: Frame): FittedImpute {
  checkColumnsExist(frame, spec.columns);
  const numericOnly = spec.strategy === 'mean' || spec.strategy === 'median';
  const names = spec.columns.length
    ? spec.columns
    : frame.columns.filter((c) => !numericOnly || c.kind === 'numeric').map((c) => c.name);
  const fills = names.map((name) => ({ column: name, value: fillFor(spec, frame.column(name)) }));
  return { kind: 'impute', fills };
}

function fillFor(spec: ImputeSpec, c: Column): number | string {
  if (spec.strategy === 'constant') {
    // scikit-learn's defaults when no fill value is given.
    if (spec.fill_value === null) return c.kind === 'numeric' ? 0 : 'missing_value';
    if (c.kind === 'numeric' && typeof spec.fill_value !== 'number') {
      throw invalidParam(
        'fill_value',
        `Column "${c.name}" is numeric but the fill value "${spec.fill_value}" is text.`,
        'Give a number, or leave numeric columns out of this step.'
      );
    }
    return c.kind === 'numeric' ? (spec.fill_value as number) : String(spec.fill_value);
  }
  if (c.kind === 'categorical') {
    if (spec.strategy !== 'most_frequent') {
      throw invalidParam(
        'strategy',
        `Column "${c.name}" is categorical; ${spec.strategy} needs numbers.`,
        'Use most_frequent or constant for it, or leave it out of the columns.'
      );
    }
    const counts = new Int32Array(c.levels.length);
    for (let i = 0; i < c.codes.length; i++) if (!c.missing[i]) counts[c.codes[i]!]!++;
    let best = -1;
    for (let k = 0; k < counts.length; k++) {
      // Ties go to the smallest label, as scikit-learn's SimpleImputer does.
      if (
        best < 0 ||
        counts[k]! > counts[best]! ||
        (counts[k] === counts[best] && c.levels[k]! < c.levels[best]!)
      )
        best = k;
    }
    if (best < 0 || counts[best] === 0) throw allMissing(c.name);
    return c.levels[best]!;
  }
  if (spec.strategy === 'mean') {
    const { mean, count } = meanVar(c.values, c.missing);
    if (!count) throw allMissing(c.name);
    return mean;
  }
  const sorted = presentSorted(c.values, c.missing);
  if (!sorted.length) throw allMissing(c.name);
  if (spec.strategy === 'median') return quantileSorted(sorted, 0.5);
  // most_frequent on numbers: the smallest of the most common values.
  let best = sorted[0]!;
  let bestRun = 0;
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    if (j - i > bestRun) {
      bestRun = j - i;
      best = sorted[i]!;
    }
    i = j;
  }
  return best;
}

const allMissing = (column: string) =>
  invalidData(
    column,
    `Column "${column}" has no values in the training rows to impute from.`,
    'Drop the column, or use the constant strategy.'
  );

export function applyImpute(fitted: FittedImpute, frame: Frame): Frame {
  const byName = new Map(fitted.fills.map((f) => [f.column, f.value]));
  return frame.withColumns(
    frame.columns.map((c): Column => {
      const fill = byName.get(c.name);
      if (fill === undefined) return c;
      const missing = new Uint8Array(c.missing.length);
      if (c.kind === 'numeric') {
        const values = Float64Array.from(c.values);
        const v = Number(fill);
        for (let i = 0; i < values.length; i++) if (c.missing[i]) values[i] = v;
        return { ...c, values, missing };
      }
      const label = String(fill);
      let code = c.levels.indexOf(label);
      const levels = code < 0 ? [...c.levels, label] : c.levels;
      if (code < 0) code = levels.length - 1;
      const codes = Int32Array.from(c.codes);
      for (let i = 0; i < codes.length; i++) if (c.missing[i]) codes[i] = code;
      return { ...c, codes, levels, missing };
    })
  );
}
