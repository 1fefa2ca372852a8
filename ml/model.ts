import { invalidData } from './errors';
import type { Frame } from './frame';
import { logisticProba, type LogisticModel } from './linear/logistic';
import { linearPredict, type LinearModel } from './linear/ridge';
import { denseMatrix } from './matrix';
import { mlpPredict, type MlpModel } from './mlp/forward';
import type { ColumnKind } from './frame';
import type { FittedTransform } from './transforms/index';
import { boostingPredict, type Curves, type GradientBoostingModel } from './tree/gradient-boosting';
import { forestPredict, type RandomForestModel } from './tree/random-forest';

export type FittedModel = LogisticModel | LinearModel | GradientBoostingModel | RandomForestModel | MlpModel;
export type ModelKind = FittedModel['kind'];

/**
 * Everything prediction needs: the raw columns it reads, the fitted transforms, the model and the
 * target's classes. It is what the model file stores; training code is not needed to use it.
 */
export interface TrainedPipeline {
  task: 'classification' | 'regression';
  target: { column: string; classes: string[] | null };
  /** The raw feature columns (before transforms) and their kinds. */
  inputs: { name: string; kind: ColumnKind }[];
  transforms: FittedTransform[];
  /** The model's feature columns, after transforms, in the order it reads them. */
  features: string[];
  model: FittedModel;
  curves: Curves | null;
  importance: { feature: string; importance: number }[];
}

/** Class probabilities (rows × K) or values (rows) of a frame already through the transforms. */
export function predictTransformed(
  p: Pick<TrainedPipeline, 'features' | 'model'>,
  frame: Frame
): Float64Array {
  for (const name of p.features) {
    if (!frame.has(name)) {
      throw invalidData(
        name,
        `The model needs column "${name}", which the rows do not have after preprocessing.`,
        'Send the same columns as the training data.'
      );
    }
  }
  const X = frame.select(p.features);
  const m = p.model;
  switch (m.kind) {
    case 'logistic_regression':
      return logisticProba(m, denseMatrix(X, 'logistic_regression'));
    case 'linear_regression':
      return linearPredict(m, denseMatrix(X, 'linear_regression'));
    case 'gradient_boosting':
      return boostingPredict(m, X);
    case 'random_forest':
      return forestPredict(m, X);
    case 'mlp':
      return mlpPredict(m, denseMatrix(X, 'mlp'));
  }
}

/** The model's own importance: split gain, impurity decrease or |coefficient|, summing to 1. */
export function modelImportance(
  m: FittedModel,
  features: string[]
): { feature: string; importance: number }[] {
  let raw: Float64Array;
  if (m.kind === 'gradient_boosting') raw = Float64Array.from(m.featureGain);
  else if (m.kind === 'random_forest') raw = Float64Array.from(m.featureImportance);
  else if (m.kind === 'mlp') {
    // Summed |weight| of each input in the first layer: a rough but cheap read of what the net uses.
    const first = m.layers[0]!;
    raw = new Float64Array(first.inputs);
    for (let j = 0; j < first.inputs; j++)
      for (let u = 0; u < first.units; u++) raw[j]! += Math.abs(first.weights[j * first.units + u]!);
  } else {
    const d = m.nFeatures;
    const rows = m.coef.length / d;
    raw = new Float64Array(d);
    for (let k = 0; k < rows; k++) for (let j = 0; j < d; j++) raw[j]! += Math.abs(m.coef[k * d + j]!) / rows;
  }
  const total = raw.reduce((a, b) => a + b, 0);
  return features.map((feature, j) => ({ feature, importance: total > 0 ? raw[j]! / total : 0 }));
}
