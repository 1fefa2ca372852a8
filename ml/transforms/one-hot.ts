import { MlError, invalidParam } from '../errors';
import type { Column, Frame, NumericColumn } from '../frame';
import { checkColumnsExist } from './rows';

export interface OneHotSpec {
  kind: 'one_hot';
  /** Empty encodes every categorical column. */
  columns: string[];
  handle_unknown: 'ignore' | 'error';
  drop: 'none' | 'first' | 'if_binary';
  max_categories: number | null;
}

/** Beyond this many levels without max_categories the column is almost surely an id or free text. */
export const ONE_HOT_LEVEL_LIMIT = 1000;

interface EncodedFeature {
  column: string;
  /** Categories with their own output column, in output order (labels as text). */
  categories: string[];
  /** Whether the rarest categories share a last "infrequent" column. */
  infrequent: boolean;
  /** Whether the first output column is dropped (drop=first, or if_binary on a two-valued feature). */
  dropFirst: boolean;
}

export interface FittedOneHot {
  kind: 'one_hot';
  handleUnknown: 'ignore' | 'error';
  features: EncodedFeature[];
}

export function fitOneHot(spec: OneHotSpec, frame: Frame): FittedOneHot {
  checkColumnsExist(frame, spec.columns);
  const names = spec.columns.length
    ? spec.columns
    : frame.columns.filter((c) => c.kind === 'categorical').map((c) => c.name);
  return {
    kind: 'one_hot',
    handleUnknown: spec.handle_unknown,
    features: names.map((n) => fitFeature(spec, frame.column(n)))
  };
}

function fitFeature(spec: OneHotSpec, c: Column): EncodedFeature {
  const counts = new Map<string, number>();
  const numeric = new Map<string, number>();
  for (let i = 0; i < c.missing.length; i++) {
    if (c.missing[i]) continue;
    const label = labelAt(c, i);
    counts.set(label, (counts.get(label) ?? 0) + 1);
    if (c.kind === 'numeric') numeric.set(label, c.values[i]!);
  }
  // Sorted like scikit-learn: numbers by value, text by code point.
  let categories = [...counts.keys()];
  categories.sort(
    c.kind === 'numeric'
      ? (a, b) => numeric.get(a)! - numeric.get(b)!
      : (a, b) => (a < b ? -1 : a > b ? 1 : 0)
  );
  if (spec.max_categories === null && categories.length > ONE_HOT_LEVEL_LIMIT) {
    throw new MlError(
      'invalid_data',
      `Column "${c.name}" has ${categories.length} distinct values; one-hot encoding would make ${categories.length} columns.`,
      `Set max_categories (at most ${ONE_HOT_LEVEL_LIMIT}) to group rare values, or drop the column if it is an identifier.`,
      { column: c.name, param: 'max_categories' }
    );
  }
  let infrequent = false;
  if (spec.max_categories !== null && categories.length > spec.max_categories) {
    // The rarest go first in a stable sort by count, as in scikit-learn, so ties keep sorted order.
    const byCount = categories.map((label, i) => ({ label, i, n: counts.get(label)! }));
    byCount.sort((a, b) => a.n - b.n || a.i - b.i);
    const rare = new Set(byCount.slice(0, categories.length - (spec.max_categories - 1)).map((e) => e.label));
    categories = categories.filter((label) => !rare.has(label));
    infrequent = true;
  }
  const outputs = categories.length + (infrequent ? 1 : 0);
  const dropFirst = spec.drop === 'first' || (spec.drop === 'if_binary' && outputs === 2);
  return { column: c.name, categories, infrequent, dropFirst };
}

function labelAt(c: Column, i: number): string {
  return c.kind === 'numeric' ? String(c.values[i]) : c.levels[c.codes[i]!]!;
}

/** The output column names of one encoded feature. */
export function encodedNames(f: EncodedFeature): string[] {
  const names = f.categories.map((cat) => `${f.column}_${cat}`);
  if (f.infrequent) names.push(`${f.column}_infrequent`);
  return f.dropFirst ? names.slice(1) : names;
}

/**
 * Replaces each encoded column by its 0/1 columns, in place. A missing cell encodes as all zeros;
 * a category unseen in training does too (handle_unknown=ignore) or is refused (error). With
 * max_categories, any value outside the kept categories — rare in training or unseen — is "infrequent".
 */
export function applyOneHot(fitted: FittedOneHot, frame: Frame): Frame {
  const byName = new Map(fitted.features.map((f) => [f.column, f]));
  const out: Column[] = [];
  for (const c of frame.columns) {
    const f = byName.get(c.name);
    if (!f) {
      out.push(c);
      continue;
    }
    const index = new Map(f.categories.map((cat, k) => [cat, k]));
    const width = f.categories.length + (f.infrequent ? 1 : 0);
    const n = frame.nRows;
    const cols = Array.from({ length: width }, () => new Float64Array(n));
    // Codes of the apply-time dictionary map to output slots once, not per row.
    const slotOfCode = c.kind === 'categorical' ? c.levels.map((l) => index.get(l) ?? -1) : null;
    for (let i = 0; i < n; i++) {
      if (c.missing[i]) continue;
      let slot =
        c.kind === 'categorical' ? slotOfCode![c.codes[i]!]! : (index.get(String(c.values[i])) ?? -1);
      if (slot < 0) {
        if (f.infrequent) slot = width - 1;
        else if (fitted.handleUnknown === 'error') {
          throw invalidParam(
            'handle_unknown',
            `Column "${c.name}" has the value "${labelAt(c, i)}" at row ${i + 1}, unseen in training.`,
            'Set handle_unknown to ignore to encode unseen values as all zeros.'
          );
        } else continue;
      }
      cols[slot]![i] = 1;
    }
    const names = encodedNames(f);
    const kept = f.dropFirst ? cols.slice(1) : cols;
    kept.forEach((values, k) =>
      out.push({
        kind: 'numeric',
        name: names[k]!,
        values,
        missing: new Uint8Array(n)
      } satisfies NumericColumn)
    );
  }
  return frame.withColumns(out);
}
