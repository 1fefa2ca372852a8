import { invalidData } from './errors';
import type { Frame } from './frame';
import { fitLogistic, type LogisticParams } from './linear/logistic';
import { fitLinear } from './linear/ridge';
import { denseMatrix } from './matrix';
import {
  argmaxRows,
  classificationReport,
  r2Score,
  regressionReport,
  accuracy,
  type ClassificationReport,
  type RegressionReport
} from './metrics';
import { modelImportance, predictTransformed, type FittedModel, type TrainedPipeline } from './model';
import { checkCancelled, type TrainHooks } from './progress';
import { Random } from './random';
import { trainTestSplit } from './split';
import { checkLearnable, encodeTarget, type Target } from './target';
import { applyTransforms, fitTransforms, type TransformSpec } from './transforms/index';
import { fitGradientBoosting, type Curves, type GradientBoostingParams } from './tree/gradient-boosting';
import { fitMlp, type MlpParams } from './mlp/mlp';
import { fitRandomForest, type RandomForestParams } from './tree/random-forest';

export type ModelSpec =
  | { kind: 'logistic_regression'; params: LogisticParams }
  | { kind: 'linear_regression'; params: { alpha: number; fitIntercept: boolean } }
  | { kind: 'gradient_boosting'; params: GradientBoostingParams }
  | { kind: 'random_forest'; params: RandomForestParams }
  | { kind: 'mlp'; params: MlpParams };

export interface TrainSpec {
  target: string;
  task: 'classification' | 'regression';
  split: { testSize: number; shuffle: boolean; stratify: boolean; seed: number };
  /** Fitted on the training rows only, in order, then applied to the test rows. */
  transforms: TransformSpec[];
  model: ModelSpec;
  /** Shuffles of each feature on the test rows for permutation importance; 0 skips it. */
  permutationRepeats?: number;
}

export interface TrainResult {
  pipeline: TrainedPipeline;
  evaluation: ClassificationReport | RegressionReport;
  permutationImportance: { feature: string; importance: number }[] | null;
  trainRows: number;
  testRows: number;
}

/** Splits, fits the transforms and the model on the training rows, and scores the test rows. */
export async function train(frame: Frame, spec: TrainSpec, hooks?: TrainHooks): Promise<TrainResult> {
  const target = encodeTarget(frame.column(spec.target), spec.task);
  const features = frame.without([spec.target]);
  const split = trainTestSplit(frame.nRows, {
    testSize: spec.split.testSize,
    shuffle: spec.split.shuffle,
    seed: spec.split.seed,
    stratify: spec.split.stratify && target.task === 'classification' ? target.codes : undefined
  });
  const { fitted, applied } = fitTransforms(spec.transforms, features.take(split.train));
  const trainY = subset(subset(target, split.train), applied.kept);
  if (applied.frame.nRows === 0) {
    throw invalidData(
      undefined,
      'The training split is empty after preprocessing.',
      'Check drop_missing: it may remove every row. Impute instead, or pick fewer columns.'
    );
  }
  checkLearnable(trainY, spec.target);
  checkCancelled(hooks);
  const model = await fitModel(applied.frame, trainY, spec.model, hooks);
  const test = applyTransforms(fitted, features.take(split.test));
  const testY = subset(subset(target, split.test), test.kept);
  const pipeline: TrainedPipeline = {
    task: spec.task,
    target: { column: spec.target, classes: target.task === 'classification' ? target.classes : null },
    inputs: features.columns.map((c) => ({ name: c.name, kind: c.kind })),
    transforms: fitted,
    features: applied.frame.names,
    model,
    curves: curvesOf(model, applied.frame.nRows),
    importance: modelImportance(model, applied.frame.names)
  };
  const out = predictTransformed(pipeline, test.frame);
  const evaluation =
    testY.task === 'classification'
      ? classificationReport(testY.codes, out, testY.classes.length)
      : regressionReport(testY.values, out);
  if (model.kind === 'random_forest' && model.oobScore !== undefined) evaluation.oob_score = model.oobScore;
  const repeats = spec.permutationRepeats ?? 0;
  return {
    pipeline,
    evaluation,
    permutationImportance:
      repeats > 0 ? permutationImportance(pipeline, test.frame, testY, repeats, spec.split.seed) : null,
    trainRows: applied.frame.nRows,
    testRows: test.frame.nRows
  };
}

async function fitModel(frame: Frame, y: Target, spec: ModelSpec, hooks?: TrainHooks): Promise<FittedModel> {
  const needs = (task: Target['task']) => {
    if (y.task !== task) {
      throw invalidData(
        undefined,
        `${spec.kind} learns ${task} targets, but this one is for ${y.task}.`,
        task === 'classification'
          ? 'Pick a categorical target, or a regression model.'
          : 'Use linear_regression only with numeric targets.'
      );
    }
  };
  switch (spec.kind) {
    case 'logistic_regression': {
      needs('classification');
      const t = y as Extract<Target, { task: 'classification' }>;
      return fitLogistic(denseMatrix(frame, spec.kind), t.codes, t.classes.length, spec.params, hooks);
    }
    case 'linear_regression': {
      needs('regression');
      return fitLinear(
        denseMatrix(frame, spec.kind),
        (y as Extract<Target, { task: 'regression' }>).values,
        spec.params.alpha,
        spec.params.fitIntercept
      );
    }
    case 'gradient_boosting':
      return fitGradientBoosting(frame, y, spec.params, hooks);
    case 'random_forest':
      return fitRandomForest(frame, y, spec.params, hooks);
    case 'mlp': {
      const labels =
        y.task === 'classification' ? { task: y.task, codes: y.codes, nClasses: y.classes.length } : y;
      return fitMlp(denseMatrix(frame, spec.kind), labels, spec.params, hooks);
    }
  }
}

function curvesOf(m: FittedModel, n: number): Curves | null {
  if (m.kind === 'gradient_boosting') return m.curves;
  if (m.kind === 'mlp')
    return {
      trainLoss: m.lossCurve,
      validationLoss: [],
      trainMetric: [],
      validationMetric: m.validationScores
    };
  if (m.kind === 'logistic_regression')
    return {
      trainLoss: m.lossCurve.map((f) => f / n),
      validationLoss: [],
      trainMetric: [],
      validationMetric: []
    };
  return null;
}

function subset(t: Target, rows: Int32Array | null): Target {
  if (!rows) return t;
  return t.task === 'classification'
    ? { ...t, codes: Int32Array.from(rows, (i) => t.codes[i]!) }
    : { ...t, values: Float64Array.from(rows, (i) => t.values[i]!) };
}

/** Drop in test accuracy (or R²) when one model feature is shuffled, averaged over repeats. */
function permutationImportance(p: TrainedPipeline, frame: Frame, y: Target, repeats: number, seed: number) {
  const score = (f: Frame) => {
    const out = predictTransformed(p, f);
    return y.task === 'classification'
      ? accuracy(y.codes, argmaxRows(out, y.classes.length))
      : r2Score(y.values, out);
  };
  const baseline = score(frame);
  const rng = new Random(seed);
  return p.features.map((feature) => {
    let drop = 0;
    for (let r = 0; r < repeats; r++) {
      const order = rng.shuffle(Int32Array.from({ length: frame.nRows }, (_, i) => i));
      const shuffled = frame.withColumns(
        frame.columns.map((c) => (c.name === feature ? frame.take(order).column(feature) : c))
      );
      drop += (baseline - score(shuffled)) / repeats;
    }
    return { feature, importance: drop };
  });
}
