import { invalidParam } from '../errors';
import type { Frame } from '../frame';
import { checkCancelled, report, yieldToEvents, type TrainHooks } from '../progress';
import { checkLearnable, type Target } from '../target';
import { threadCount } from '../threads/pool';
import { applyBins, categoricalFlags, fitBins, type BinMapper } from './binning';
import type { Criterion } from './forest-grower';
import { oobScore } from './forest-oob';
import { growInParallel } from './forest-threads';
import { TreeMaker, type ForestData } from './forest-trees';
import { addTreeOutput, type Tree } from './tree';

export interface RandomForestParams {
  nEstimators: number;
  criterion: Criterion;
  maxDepth: number | null;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  /** sqrt, log2, all features, or a share of them (0–1]. */
  maxFeatures: 'sqrt' | 'log2' | 'all' | number;
  bootstrap: boolean;
  classWeight: 'balanced' | null;
  maxBins: number;
  seed: number;
  /** Score each training row on the trees that did not draw it (needs bootstrap); off when absent. */
  oobScore?: boolean;
}

export interface RandomForestModel {
  kind: 'random_forest';
  task: 'classification' | 'regression';
  nClasses: number;
  mapper: BinMapper;
  /** Leaves hold class shares (classification) or the mean (regression); predictions average them. */
  trees: Tree[];
  featureImportance: Float64Array;
  /** Out-of-bag accuracy (classification) or R² (regression), when asked for with oobScore. */
  oobScore?: number;
}

/** The number of features drawn per split, as scikit-learn computes it. */
export function featuresPerSplit(maxFeatures: RandomForestParams['maxFeatures'], d: number): number {
  if (maxFeatures === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(d)));
  if (maxFeatures === 'log2') return Math.max(1, Math.floor(Math.log2(d)));
  if (maxFeatures === 'all') return d;
  if (!(maxFeatures > 0 && maxFeatures <= 1)) {
    throw invalidParam(
      'max_features',
      `max_features must be sqrt, log2, all or a share in (0, 1], got ${maxFeatures}.`,
      'Use sqrt for classification, or 1.0.'
    );
  }
  return Math.max(1, Math.floor(maxFeatures * d));
}

function checkParams(p: RandomForestParams, task: Target['task']): void {
  if (!(Number.isInteger(p.nEstimators) && p.nEstimators >= 1))
    throw invalidParam(
      'n_estimators',
      `n_estimators must be a positive integer, got ${p.nEstimators}.`,
      'Use e.g. 100.'
    );
  if (p.maxDepth !== null && !(Number.isInteger(p.maxDepth) && p.maxDepth >= 1))
    throw invalidParam(
      'max_depth',
      `max_depth must be at least 1, got ${p.maxDepth}.`,
      'Use null to grow until leaves are pure.'
    );
  if (!(Number.isInteger(p.minSamplesSplit) && p.minSamplesSplit >= 2))
    throw invalidParam(
      'min_samples_split',
      `min_samples_split must be at least 2, got ${p.minSamplesSplit}.`,
      'Use 2.'
    );
  if (!(Number.isInteger(p.minSamplesLeaf) && p.minSamplesLeaf >= 1))
    throw invalidParam(
      'min_samples_leaf',
      `min_samples_leaf must be a positive integer, got ${p.minSamplesLeaf}.`,
      'Use 1.'
    );
  if ((task === 'regression') !== (p.criterion === 'squared_error')) {
    throw invalidParam(
      'criterion',
      `criterion ${p.criterion} does not fit a ${task} task.`,
      task === 'regression' ? 'Use squared_error.' : 'Use gini or entropy.'
    );
  }
  if (p.oobScore && !p.bootstrap)
    throw invalidParam(
      'oob_score',
      'oob_score needs bootstrap: without it no tree leaves a row out.',
      'Turn bootstrap on, or oob_score off.'
    );
  if (task === 'regression' && p.classWeight)
    throw invalidParam(
      'class_weight',
      'class_weight applies to classification only.',
      'Set class_weight to null.'
    );
}

/**
 * Fits a random forest: bootstrap rows per tree, features drawn per split, trees grown until pure by
 * default. With threads, whole trees grow on worker threads; the forest is the same for any count.
 */
export async function fitRandomForest(
  frame: Frame,
  target: Target,
  p: RandomForestParams,
  hooks?: TrainHooks
): Promise<RandomForestModel> {
  checkParams(p, target.task);
  checkLearnable(target, 'target');
  const threads = threadCount(hooks);
  const mapper = fitBins(frame, p.maxBins, p.seed);
  const X = applyBins(mapper, frame);
  const n = X.rows;
  const classification = target.task === 'classification';
  const nClasses = classification ? target.classes.length : 0;
  const y = classification ? Float64Array.from(target.codes) : target.values;
  const classWeight = new Float64Array(Math.max(nClasses, 1)).fill(1);
  if (classification && p.classWeight === 'balanced') {
    const counts = new Float64Array(nClasses);
    for (let i = 0; i < n; i++) counts[y[i]!]!++;
    for (let k = 0; k < nClasses; k++) classWeight[k] = counts[k]! > 0 ? n / (nClasses * counts[k]!) : 0;
  }
  const data: ForestData = {
    X,
    y,
    nClasses,
    edges: mapper.edges,
    categorical: categoricalFlags(mapper),
    tree: {
      criterion: p.criterion,
      maxDepth: p.maxDepth,
      minSamplesSplit: p.minSamplesSplit,
      minSamplesLeaf: p.minSamplesLeaf,
      maxFeatures: featuresPerSplit(p.maxFeatures, X.cols)
    },
    classWeight,
    bootstrap: p.bootstrap,
    seed: p.seed
  };
  const trees: Tree[] = new Array(p.nEstimators);
  const perTree: Float64Array[] = new Array(p.nEstimators);
  if (threads > 1 && p.nEstimators > 1) {
    await growInParallel(
      data,
      p.nEstimators,
      Math.min(threads, p.nEstimators),
      hooks,
      (t, tree, imp, done) => {
        trees[t] = tree;
        perTree[t] = imp;
        report(hooks, 'random_forest', 'tree', done, p.nEstimators);
      }
    );
  } else {
    const maker = new TreeMaker(data);
    for (let t = 0; t < p.nEstimators; t++) {
      await yieldToEvents();
      checkCancelled(hooks);
      const { tree, importance } = maker.make(t);
      trees[t] = tree;
      perTree[t] = importance;
      report(hooks, 'random_forest', 'tree', t + 1, p.nEstimators);
    }
  }
  // Summed in tree order, so the float result does not depend on which tree finished first.
  const importance = new Float64Array(X.cols);
  for (const imp of perTree) for (let j = 0; j < X.cols; j++) importance[j]! += imp[j]!;
  let total = 0;
  for (let j = 0; j < X.cols; j++) total += importance[j]!;
  if (total > 0) for (let j = 0; j < X.cols; j++) importance[j]! /= total;
  const model: RandomForestModel = {
    kind: 'random_forest',
    task: target.task,
    nClasses,
    mapper,
    trees,
    featureImportance: importance
  };
  if (p.oobScore) model.oobScore = oobScore(trees, X, y, nClasses, p.seed);
  return model;
}

/** Class probabilities (rows × K) or regression values (rows): the mean over trees. */
export function forestPredict(m: RandomForestModel, frame: Frame): Float64Array {
  const X = applyBins(m.mapper, frame);
  const width = m.task === 'classification' ? m.nClasses : 1;
  const out = new Float64Array(X.rows * width);
  for (const tree of m.trees) addTreeOutput(tree, X, out, 1 / m.trees.length);
  return out;
}
