import { invalidParam } from '../errors';
import type { Frame } from '../frame';

export interface SelectColumnsSpec {
  kind: 'select_columns';
  columns: string[];
  mode: 'include' | 'exclude';
}

export interface DropMissingSpec {
  kind: 'drop_missing';
  how: 'any' | 'all';
  /** Empty checks every column. */
  columns: string[];
}

export function checkColumnsExist(frame: Frame, columns: readonly string[], param = 'columns'): void {
  for (const c of columns) {
    if (!frame.has(c)) {
      throw invalidParam(
        param,
        `Column "${c}" is not in the data at this step.`,
        `Pick from: ${frame.names.join(', ')}.`
      );
    }
  }
}

export function applySelect(spec: SelectColumnsSpec, frame: Frame): Frame {
  checkColumnsExist(frame, spec.columns);
  return spec.mode === 'include' ? frame.select(spec.columns) : frame.without(spec.columns);
}

/** The rows that stay; columns absent at apply time (e.g. dropped later) are not checked. */
export function keptRows(spec: DropMissingSpec, frame: Frame): Int32Array {
  const cols = (spec.columns.length ? spec.columns.filter((c) => frame.has(c)) : frame.names).map((c) =>
    frame.column(c)
  );
  const keep: number[] = [];
  for (let i = 0; i < frame.nRows; i++) {
    let missing = 0;
    for (const c of cols) missing += c.missing[i]!;
    const drop = spec.how === 'any' ? missing > 0 : cols.length > 0 && missing === cols.length;
    if (!drop) keep.push(i);
  }
  return Int32Array.from(keep);
}
