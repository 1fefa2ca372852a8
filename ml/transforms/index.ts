import type { Frame } from '../frame';
import { applyImpute, fitImpute, type FittedImpute, type ImputeSpec } from './impute';
import { applyOneHot, fitOneHot, type FittedOneHot, type OneHotSpec } from './one-hot';
import { applySelect, keptRows, type DropMissingSpec, type SelectColumnsSpec } from './rows';
import { applyScale, fitScale, type FittedScale, type ScaleSpec } from './scale';

export type TransformSpec = SelectColumnsSpec | DropMissingSpec | ImputeSpec | ScaleSpec | OneHotSpec;

/** A transform's fitted state: plain JSON, stored in the model file and applied at prediction. */
export type FittedTransform = SelectColumnsSpec | DropMissingSpec | FittedImpute | FittedScale | FittedOneHot;

/** Learns a transform's state from (training) rows. */
export function fitTransform(spec: TransformSpec, frame: Frame): FittedTransform {
  switch (spec.kind) {
    case 'select_columns':
    case 'drop_missing':
      return spec;
    case 'impute':
      return fitImpute(spec, frame);
    case 'scale':
      return fitScale(spec, frame);
    case 'one_hot':
      return fitOneHot(spec, frame);
  }
}

/** The transformed rows, and which input rows survived (only drop_missing removes any). */
export interface Applied {
  frame: Frame;
  kept: Int32Array | null;
}

export function applyTransform(fitted: FittedTransform, frame: Frame): Applied {
  switch (fitted.kind) {
    case 'select_columns':
      return { frame: applySelect(fitted, frame), kept: null };
    case 'drop_missing': {
      const kept = keptRows(fitted, frame);
      return {
        frame: kept.length === frame.nRows ? frame : frame.take(kept),
        kept: kept.length === frame.nRows ? null : kept
      };
    }
    case 'impute':
      return { frame: applyImpute(fitted, frame), kept: null };
    case 'scale':
      return { frame: applyScale(fitted, frame), kept: null };
    case 'one_hot':
      return { frame: applyOneHot(fitted, frame), kept: null };
  }
}

/** Fits each transform on the output of the ones before it, as a pipeline does. */
export function fitTransforms(
  specs: readonly TransformSpec[],
  frame: Frame
): { fitted: FittedTransform[]; applied: Applied } {
  const fitted: FittedTransform[] = [];
  let current: Applied = { frame, kept: null };
  for (const spec of specs) {
    const f = fitTransform(spec, current.frame);
    fitted.push(f);
    current = compose(current, applyTransform(f, current.frame));
  }
  return { fitted, applied: current };
}

export function applyTransforms(fitted: readonly FittedTransform[], frame: Frame): Applied {
  let current: Applied = { frame, kept: null };
  for (const f of fitted) current = compose(current, applyTransform(f, current.frame));
  return current;
}

function compose(before: Applied, after: Applied): Applied {
  if (!after.kept) return { frame: after.frame, kept: before.kept };
  if (!before.kept) return after;
  return { frame: after.frame, kept: after.kept.map((i) => before.kept![i]!) };
}

export type { ImputeSpec, OneHotSpec, ScaleSpec, SelectColumnsSpec, DropMissingSpec };
