import { frameFromRows, type Frame } from './frame';
import { argmaxRows } from './metrics';
import { predictTransformed, type TrainedPipeline } from './model';
import { applyTransforms } from './transforms/index';

export interface Prediction {
  /** Which input rows were scored (drop_missing may remove some), in order. */
  rows: Int32Array;
  /** Class labels (classification) or values (regression), one per scored row. */
  predictions: (string | number)[];
  /** Rows × classes, in the order of pipeline.target.classes; null for regression. */
  proba: Float64Array | null;
}

/** Applies the fitted transforms, then the model, to raw rows shaped like the training data. */
export function predict(p: TrainedPipeline, frame: Frame): Prediction {
  const applied = applyTransforms(p.transforms, frame);
  const out = predictTransformed(p, applied.frame);
  const rows = applied.kept ?? Int32Array.from({ length: frame.nRows }, (_, i) => i);
  if (p.task === 'regression') return { rows, predictions: Array.from(out), proba: null };
  const classes = p.target.classes!;
  const labels = argmaxRows(out, classes.length);
  return { rows, predictions: Array.from(labels, (k) => classes[k]!), proba: out };
}

/** Class probabilities only, rows × classes. */
export function predictProba(p: TrainedPipeline, frame: Frame): Float64Array {
  const r = predict(p, frame);
  if (!r.proba) throw new RangeError('predict_proba needs a classification model.');
  return r.proba;
}

/** predict on row objects (as an API request sends them), typed by the columns the model was trained on. */
export function predictRows(p: TrainedPipeline, rows: readonly Record<string, unknown>[]): Prediction {
  const kinds = Object.fromEntries(p.inputs.map((c) => [c.name, c.kind]));
  return predict(p, frameFromRows(rows, kinds));
}
