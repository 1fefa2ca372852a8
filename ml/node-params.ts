import type { ColumnType } from '../contracts/api';
import { nodeType } from '../contracts/node-types';
import { checkParams, withDefaults } from '../contracts/param-schema';
import { MlError, invalidParam } from './errors';
import type { ClassificationReport, RegressionReport } from './metrics';
import type { ModelSpec, TrainSpec } from './train';
import type { TransformSpec } from './transforms/index';

/**
 * Maps the studio's node params (contracts/node-types.ts, scikit-learn names) onto the engine's
 * specs. Defaults are filled from the registry; a value the schema allows but the engine does not
 * implement is refused here with the param named, never silently ignored.
 */
export interface NodeInput {
  type: string;
  params: Record<string, unknown>;
}

type Params = Record<string, unknown>;

function paramsOf(node: NodeInput): Params {
  const spec = nodeType(node.type);
  if (!spec) throw new MlError('unsupported', `There is no node type "${node.type}".`, 'Remove the node.');
  const issues = checkParams(spec.params, node.params);
  if (issues.length) {
    const first = issues[0]!;
    throw invalidParam(
      first.path,
      `${spec.label}: ${first.path}: ${first.message}`,
      'Fix the parameter in the node’s properties.'
    );
  }
  return withDefaults(spec.params, node.params);
}

const str = (p: Params, k: string) => p[k] as string;
const num = (p: Params, k: string) => p[k] as number;
const intOrNull = (p: Params, k: string) => (p[k] as number | null) ?? null;
const bool = (p: Params, k: string) => p[k] as boolean;
const list = (p: Params, k: string) => (p[k] as string[] | undefined) ?? [];

/** The engine transform of a preprocessing node. */
export function transformFromNode(node: NodeInput): TransformSpec {
  const p = paramsOf(node);
  switch (node.type) {
    case 'select_columns':
      return {
        kind: 'select_columns',
        columns: list(p, 'columns'),
        mode: str(p, 'mode') as 'include' | 'exclude'
      };
    case 'drop_missing':
      return { kind: 'drop_missing', how: str(p, 'how') as 'any' | 'all', columns: list(p, 'columns') };
    case 'impute': {
      const strategy = str(p, 'strategy') as 'mean' | 'median' | 'most_frequent' | 'constant';
      const fill = (p.fill_value as number | string | null) ?? null;
      if (fill !== null && strategy !== 'constant') {
        throw invalidParam(
          'fill_value',
          `fill_value is used only by the constant strategy, not ${strategy}.`,
          'Clear fill_value, or set strategy to constant.'
        );
      }
      return { kind: 'impute', strategy, fill_value: fill, columns: list(p, 'columns') };
    }
    case 'scale':
      return {
        kind: 'scale',
        method: str(p, 'method') as 'standard' | 'minmax' | 'robust',
        columns: list(p, 'columns')
      };
    case 'one_hot':
      return {
        kind: 'one_hot',
        columns: list(p, 'columns'),
        handle_unknown: str(p, 'handle_unknown') as 'ignore' | 'error',
        drop: str(p, 'drop') as 'none' | 'first' | 'if_binary',
        max_categories: intOrNull(p, 'max_categories')
      };
    default:
      throw new MlError(
        'unsupported',
        `"${node.type}" is not a preprocessing step.`,
        'Connect preprocessing nodes between the dataset and the split.'
      );
  }
}

const TASK_OF: Partial<Record<ColumnType, 'classification' | 'regression'>> = {
  float: 'regression',
  categorical: 'classification',
  boolean: 'classification',
  text: 'classification'
};

/** The task a model node learns: its task param, its only task, or the target column's type. */
export function taskFor(
  node: NodeInput,
  target: { name: string; type: ColumnType }
): 'classification' | 'regression' {
  const spec = nodeType(node.type);
  const asked = spec?.params.properties.task ? str(paramsOf(node), 'task') : 'auto';
  if (asked === 'classification' || asked === 'regression') return asked;
  if (spec?.tasks?.length === 1) return spec.tasks[0]!;
  const task = TASK_OF[target.type];
  if (!task) {
    throw invalidParam(
      'task',
      `The target "${target.name}" is a ${target.type} column, which could be classes or amounts.`,
      'Set the model’s task to classification or regression.'
    );
  }
  return task;
}

/** The seed of a random_state param; null asks for a fresh one, which the caller draws and records. */
function seedOf(p: Params, fresh: number): number {
  const s = p.random_state as number | null | undefined;
  return s === null || s === undefined ? fresh >>> 0 : s;
}

/** The engine model of a model node for the given task. */
export function modelFromNode(
  node: NodeInput,
  task: 'classification' | 'regression',
  freshSeed: number
): ModelSpec {
  const p = paramsOf(node);
  switch (node.type) {
    case 'logistic_regression': {
      const penalty = str(p, 'penalty');
      if (penalty === 'l1')
        throw invalidParam('penalty', 'The l1 penalty is not available yet.', 'Use l2, or none.');
      if (str(p, 'solver') !== 'lbfgs') {
        throw invalidParam(
          'solver',
          `The ${str(p, 'solver')} solver is not available; lbfgs solves the same objective.`,
          'Set solver to lbfgs.'
        );
      }
      return {
        kind: 'logistic_regression',
        params: {
          C: num(p, 'C'),
          penalty: penalty as 'l2' | 'none',
          tol: num(p, 'tol'),
          maxIter: num(p, 'max_iter'),
          fitIntercept: bool(p, 'fit_intercept'),
          classWeight: (p.class_weight as 'balanced' | null) ?? null
        }
      };
    }
    case 'linear_regression':
      return {
        kind: 'linear_regression',
        params: { alpha: num(p, 'alpha'), fitIntercept: bool(p, 'fit_intercept') }
      };
    case 'random_forest': {
      const classWeight = (p.class_weight as 'balanced' | null) ?? null;
      if (task === 'regression' && classWeight)
        throw invalidParam(
          'class_weight',
          'class_weight applies to classification only.',
          'Clear class_weight for a regression.'
        );
      return {
        kind: 'random_forest',
        params: {
          nEstimators: num(p, 'n_estimators'),
          criterion: task === 'classification' ? 'gini' : 'squared_error',
          maxDepth: intOrNull(p, 'max_depth'),
          minSamplesSplit: num(p, 'min_samples_split'),
          minSamplesLeaf: num(p, 'min_samples_leaf'),
          maxFeatures: str(p, 'max_features') as 'sqrt' | 'log2' | 'all',
          bootstrap: bool(p, 'bootstrap'),
          classWeight,
          maxBins: 255,
          // Pipelines saved before registry version 4 have no oob_score.
          oobScore: p.oob_score === true,
          seed: seedOf(p, freshSeed)
        }
      };
    }
    case 'gradient_boosting':
      return {
        kind: 'gradient_boosting',
        params: {
          learningRate: num(p, 'learning_rate'),
          maxIter: num(p, 'n_estimators'),
          maxLeafNodes: intOrNull(p, 'max_leaf_nodes'),
          maxDepth: intOrNull(p, 'max_depth'),
          minSamplesLeaf: num(p, 'min_samples_leaf'),
          l2Regularization: num(p, 'l2_regularization'),
          maxBins: num(p, 'max_bins'),
          earlyStopping: bool(p, 'early_stopping'),
          validationFraction: num(p, 'validation_fraction'),
          nIterNoChange: num(p, 'n_iter_no_change'),
          tol: 1e-7,
          seed: seedOf(p, freshSeed)
        }
      };
    case 'mlp': {
      if (str(p, 'solver') !== 'adam') {
        throw invalidParam(
          'solver',
          `The ${str(p, 'solver')} optimizer is not available for the MLP.`,
          'Set solver to adam.'
        );
      }
      return {
        kind: 'mlp',
        params: {
          hiddenLayerSizes: p.hidden_layer_sizes as number[],
          activation: str(p, 'activation') as 'relu' | 'tanh' | 'logistic' | 'identity',
          alpha: num(p, 'alpha'),
          learningRateInit: num(p, 'learning_rate_init'),
          batchSize: num(p, 'batch_size'),
          maxIter: num(p, 'max_iter'),
          earlyStopping: bool(p, 'early_stopping'),
          // scikit-learn's fixed defaults, as the node's early-stopping description says.
          validationFraction: 0.1,
          nIterNoChange: 10,
          tol: 1e-4,
          seed: seedOf(p, freshSeed)
        }
      };
    }
    default:
      throw new MlError(
        'unsupported',
        `"${node.type}" is not a model.`,
        'Connect a model node after the split.'
      );
  }
}

export interface PipelineNodes {
  /** The preprocessing nodes between the dataset and the split, in pipeline order. */
  preprocess: NodeInput[];
  split: NodeInput;
  model: NodeInput;
  /** The split's target, or the schema's target column when the split leaves it null. */
  target: { name: string; type: ColumnType };
  /** Used wherever a random_state is null; the caller records it so the run can be repeated. */
  freshSeed: number;
}

/** A whole training run's spec from the nodes of one dataset → preprocessing → split → model path. */
export function trainSpecFromNodes(n: PipelineNodes): TrainSpec {
  if (n.split.type !== 'train_test_split')
    throw new MlError(
      'unsupported',
      `"${n.split.type}" is not a split.`,
      'Put a train_test_split before the model.'
    );
  const s = paramsOf(n.split);
  const task = taskFor(n.model, n.target);
  const stratify = bool(s, 'stratify');
  if (stratify && task === 'regression')
    throw invalidParam(
      'stratify',
      'Stratifying needs classes; this target is for regression.',
      'Turn stratify off.'
    );
  return {
    target: n.target.name,
    task,
    split: {
      testSize: num(s, 'test_size'),
      shuffle: bool(s, 'shuffle'),
      stratify,
      seed: seedOf(s, n.freshSeed)
    },
    transforms: n.preprocess.map(transformFromNode),
    model: modelFromNode(n.model, task, n.freshSeed)
  };
}

/** The metrics an evaluate node asks for, from the full report; empty asks for the task's standard set. */
export function metricsFromNode(
  node: NodeInput,
  report: ClassificationReport | RegressionReport
): Record<string, number | null> {
  const p = paramsOf(node);
  const asked = list(p, 'metrics');
  const average = str(p, 'average');
  if ('r2' in report) {
    const names = asked.length ? asked : ['r2', 'mae', 'rmse'];
    return Object.fromEntries(
      names.map((m) => {
        if (!(m in report))
          throw invalidParam(
            'metrics',
            `${m} is a classification metric; this model does regression.`,
            'Pick r2, mae or rmse.'
          );
        return [m, report[m as keyof RegressionReport] ?? null];
      })
    );
  }
  const K = report.per_class.support.length;
  if (average === 'binary' && K !== 2)
    throw invalidParam(
      'average',
      `binary averaging needs two classes; the target has ${K}.`,
      'Use macro or weighted.'
    );
  const averaged = (which: 'precision' | 'recall' | 'f1'): number => {
    if (average === 'macro') return report[`${which}_macro`];
    if (average === 'weighted') return report[`${which}_weighted`];
    if (average === 'micro') return report.accuracy;
    return report.per_class[which][1]!;
  };
  const names = asked.length ? asked : ['accuracy', 'precision', 'recall', 'f1', 'roc_auc'];
  return Object.fromEntries(
    names.map((m) => {
      if (m === 'accuracy') return [m, report.accuracy];
      if (m === 'roc_auc') return [m, report.roc_auc];
      if (m === 'precision' || m === 'recall' || m === 'f1') return [m, averaged(m)];
      throw invalidParam(
        'metrics',
        `${m} is a regression metric; this model does classification.`,
        'Pick accuracy, precision, recall, f1 or roc_auc.'
      );
    })
  );
}

/**
 * How a schema column type is held in a frame: integer, float and datetime (as epoch milliseconds)
 * as numbers; boolean, categorical and text as categories. Id columns are kept as categories so a
 * select_columns step can drop them by name; one_hot refuses them by their level count.
 */
export function frameKindOf(type: ColumnType): 'numeric' | 'categorical' {
  return type === 'integer' || type === 'float' || type === 'datetime' ? 'numeric' : 'categorical';
}
