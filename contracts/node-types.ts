import type { ParamRule, ParamSchema, ParamsSchema } from './param-schema';

/**
 * The node registry (`GET /api/node-types`): what each pipeline step takes, gives and accepts as
 * parameters. Pure data shared by the server (validation), the studio (palette, forms, live errors)
 * and the trainers, which implement each type with these sklearn-style parameter names.
 * Longer than our usual file on purpose: it is one catalogue of data, read top to bottom.
 */

/** What flows along an edge: rows, a train/test pair of rows, a fitted model, or its scores. */
export const PORT_TYPES = ['table', 'split', 'model', 'metrics'] as const;
export type PortType = (typeof PORT_TYPES)[number];

export const NODE_CATEGORIES = ['source', 'preprocess', 'split', 'model', 'evaluate'] as const;
export type NodeCategory = (typeof NODE_CATEGORIES)[number];

export type Task = 'classification' | 'regression';

export interface PortSpec {
  name: string;
  type: PortType;
  label: string;
  required: boolean;
  /** Accepts several edges; every input is single-valued today. */
  multiple: boolean;
}

export interface NodeTypeSpec {
  type: string;
  category: NodeCategory;
  label: string;
  description: string;
  inputs: PortSpec[];
  outputs: PortSpec[];
  params: ParamsSchema;
  /** Model nodes: the tasks they can learn (a `task` param picks one when there are two). */
  tasks?: Task[];
}

/**
 * Bumped when a type or parameter changes meaning, so stored pipelines can be migrated.
 * 2: gradient_boosting follows HistGradientBoosting (no subsample; max_leaf_nodes, l2_regularization,
 * max_bins, early stopping; min_samples_leaf 20 by default); linear_regression added.
 * 3: only what the engine trains is offered: logistic_regression penalty l2 | none and solver lbfgs,
 * mlp optimizer adam; train_test_split refuses stratify without shuffle at validation.
 * 4: random_forest gains oob_score (default false; needs bootstrap), reported in the evaluation.
 */
export const NODE_REGISTRY_VERSION = 4;

const input = (name: string, type: PortType, label: string): PortSpec => ({
  name,
  type,
  label,
  required: true,
  multiple: false
});
const output = (name: string, type: PortType, label: string): PortSpec => ({
  name,
  type,
  label,
  required: false,
  multiple: false
});

const rowsIn = [input('in', 'table', 'Rows')];
const rowsOut = [output('out', 'table', 'Rows')];
const splitIn = [input('data', 'split', 'Train / test')];
const modelOut = [output('model', 'model', 'Fitted model')];

const params = (
  properties: Record<string, ParamSchema>,
  required: string[] = [],
  allOf: ParamRule[] = []
): ParamsSchema => ({
  type: 'object',
  properties,
  ...(required.length ? { required } : {}),
  additionalProperties: false,
  ...(allOf.length ? { allOf } : {})
});

/** `then` must hold when `when` holds: `{ stratify: [true] }` → `{ shuffle: [true] }`. */
const rule = (when: Record<string, unknown[]>, then: Record<string, unknown[]>): ParamRule => {
  const part = (values: Record<string, unknown[]>) => ({
    properties: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { enum: v }])),
    required: Object.keys(values)
  });
  return { if: part(when), then: part(then) };
};

/** A list of column names; empty by default unless `extra` says otherwise (e.g. minItems). */
const columnList = (description: string, extra: Partial<ParamSchema> = {}): ParamSchema => ({
  type: 'array',
  title: 'Columns',
  description,
  items: { type: 'string', minLength: 1 },
  uniqueItems: true,
  ...(extra.minItems ? {} : { default: [] }),
  'x-columns': true,
  ...extra
});

const randomState: ParamSchema = {
  type: ['integer', 'null'],
  title: 'Random seed',
  description: 'Fixes the randomness so runs are reproducible; null draws a new seed each run.',
  minimum: 0,
  maximum: 4294967295,
  default: 42
};

const task: ParamSchema = {
  type: 'string',
  title: 'Task',
  description: 'auto: classification for categorical, boolean or text targets, regression for float ones.',
  enum: ['auto', 'classification', 'regression'],
  default: 'auto'
};

const classWeight: ParamSchema = {
  type: ['string', 'null'],
  title: 'Class weights',
  description: 'balanced: weight classes inversely to their frequency (classification only).',
  enum: ['balanced', null],
  default: null
};

const nEstimators: ParamSchema = {
  type: 'integer',
  title: 'Trees',
  description: 'Number of trees.',
  minimum: 1,
  maximum: 5000,
  default: 100
};

export const NODE_TYPES: readonly NodeTypeSpec[] = [
  {
    type: 'dataset',
    category: 'source',
    label: 'Dataset',
    description: "Reads the pipeline's dataset, typed by its accepted schema.",
    inputs: [],
    outputs: rowsOut,
    params: params({
      max_rows: {
        type: ['integer', 'null'],
        title: 'Row limit',
        description: 'Use only the first N rows, for quick experiments; null reads every row.',
        minimum: 1,
        default: null
      }
    })
  },
  {
    type: 'select_columns',
    category: 'preprocess',
    label: 'Select columns',
    description: 'Keeps (or drops) the listed columns; later steps see only what remains.',
    inputs: rowsIn,
    outputs: rowsOut,
    params: params(
      {
        columns: columnList('The columns to keep, or to drop when mode is exclude.', { minItems: 1 }),
        mode: {
          type: 'string',
          title: 'Mode',
          description: 'include: keep only these columns; exclude: keep every other column.',
          enum: ['include', 'exclude'],
          default: 'include'
        }
      },
      ['columns']
    )
  },
  {
    type: 'drop_missing',
    category: 'preprocess',
    label: 'Drop missing',
    description: 'Removes rows with missing values.',
    inputs: rowsIn,
    outputs: rowsOut,
    params: params({
      how: {
        type: 'string',
        title: 'Drop when',
        description: 'any: a row goes when any checked column is missing; all: only when all are.',
        enum: ['any', 'all'],
        default: 'any'
      },
      columns: columnList('The columns to check; empty checks every column.')
    })
  },
  {
    type: 'impute',
    category: 'preprocess',
    label: 'Impute',
    description: 'Fills missing values from the training rows (SimpleImputer).',
    inputs: rowsIn,
    outputs: rowsOut,
    params: params({
      strategy: {
        type: 'string',
        title: 'Strategy',
        description: 'mean and median apply to numeric columns; most_frequent and constant to any.',
        enum: ['mean', 'median', 'most_frequent', 'constant'],
        default: 'mean'
      },
      fill_value: {
        type: ['number', 'string', 'null'],
        title: 'Fill value',
        description: 'The value used by the constant strategy.',
        default: null
      },
      columns: columnList('The columns to fill; empty fills every feature column the strategy suits.')
    })
  },
  {
    type: 'scale',
    category: 'preprocess',
    label: 'Scale',
    description: 'Rescales numeric columns with statistics of the training rows.',
    inputs: rowsIn,
    outputs: rowsOut,
    params: params({
      method: {
        type: 'string',
        title: 'Method',
        description: 'standard: zero mean, unit variance; minmax: into [0, 1]; robust: median and IQR.',
        enum: ['standard', 'minmax', 'robust'],
        default: 'standard'
      },
      columns: columnList('The numeric columns to scale; empty scales every numeric feature column.', {
        'x-column-types': ['integer', 'float']
      })
    })
  },
  {
    type: 'one_hot',
    category: 'preprocess',
    label: 'One-hot encode',
    description: 'Turns categorical columns into one 0/1 column per category (OneHotEncoder).',
    inputs: rowsIn,
    outputs: rowsOut,
    params: params({
      columns: columnList('The columns to encode; empty encodes every categorical feature column.', {
        'x-column-types': ['categorical', 'boolean', 'text', 'integer']
      }),
      handle_unknown: {
        type: 'string',
        title: 'Unseen categories',
        description: 'ignore: encode a category unseen in training as all zeros; error: fail.',
        enum: ['ignore', 'error'],
        default: 'ignore'
      },
      drop: {
        type: 'string',
        title: 'Drop',
        description: 'Drop one column per feature to avoid collinearity: first, or only for two-valued ones.',
        enum: ['none', 'first', 'if_binary'],
        default: 'none'
      },
      max_categories: {
        type: ['integer', 'null'],
        title: 'Max categories',
        description: 'Groups the rarest categories into one "infrequent" column beyond this many.',
        minimum: 2,
        maximum: 1000,
        default: null
      }
    })
  },
  {
    type: 'train_test_split',
    category: 'split',
    label: 'Train / test split',
    description: 'Separates the target and holds out test rows for evaluation.',
    inputs: rowsIn,
    outputs: [output('out', 'split', 'Train / test')],
    params: params(
      {
        target: {
          type: ['string', 'null'],
          title: 'Target',
          description: 'The column to predict; null uses the column the accepted schema marks as target.',
          minLength: 1,
          default: null,
          'x-columns': true
        },
        test_size: {
          type: 'number',
          title: 'Test share',
          description: 'Share of rows held out for testing.',
          exclusiveMinimum: 0,
          exclusiveMaximum: 1,
          default: 0.2
        },
        shuffle: {
          type: 'boolean',
          title: 'Shuffle',
          description: 'Shuffle rows before splitting.',
          default: true
        },
        stratify: {
          type: 'boolean',
          title: 'Stratify',
          description: 'Keep class proportions equal in both parts (classification only).',
          default: false
        },
        random_state: randomState
      },
      [],
      // A stratified split draws each class's test rows at random: there is no unshuffled one.
      [rule({ stratify: [true] }, { shuffle: [true] })]
    )
  },
  {
    type: 'logistic_regression',
    category: 'model',
    label: 'Logistic regression',
    description: 'A linear classifier; fast and a good baseline.',
    inputs: splitIn,
    outputs: modelOut,
    tasks: ['classification'],
    params: params({
      C: {
        type: 'number',
        title: 'C',
        description: 'Inverse regularization strength; smaller values regularize more.',
        exclusiveMinimum: 0,
        maximum: 1e6,
        default: 1
      },
      penalty: {
        type: 'string',
        title: 'Penalty',
        description: 'Regularization: l2 (strength set by C) or none.',
        enum: ['l2', 'none'],
        default: 'l2'
      },
      solver: {
        type: 'string',
        title: 'Solver',
        description: 'L-BFGS, as in scikit-learn; it reaches the same optimum as the other solvers would.',
        enum: ['lbfgs'],
        default: 'lbfgs'
      },
      max_iter: {
        type: 'integer',
        title: 'Max iterations',
        minimum: 1,
        maximum: 100000,
        default: 100
      },
      tol: {
        type: 'number',
        title: 'Tolerance',
        description: 'Stops when an iteration improves less than this.',
        exclusiveMinimum: 0,
        maximum: 1,
        default: 0.0001
      },
      fit_intercept: { type: 'boolean', title: 'Fit intercept', default: true },
      class_weight: classWeight
    })
  },
  {
    type: 'linear_regression',
    category: 'model',
    label: 'Linear regression',
    description:
      'Least squares on the features, optionally with a ridge penalty; a fast regression baseline.',
    inputs: splitIn,
    outputs: modelOut,
    tasks: ['regression'],
    params: params({
      alpha: {
        type: 'number',
        title: 'Ridge penalty',
        description: 'L2 strength on the coefficients; 0 is ordinary least squares.',
        minimum: 0,
        maximum: 1000000,
        default: 0
      },
      fit_intercept: { type: 'boolean', title: 'Fit intercept', default: true }
    })
  },
  {
    type: 'random_forest',
    category: 'model',
    label: 'Random forest',
    description: 'An ensemble of decision trees on bootstrap samples; robust with little tuning.',
    inputs: splitIn,
    outputs: modelOut,
    tasks: ['classification', 'regression'],
    params: params(
      {
        task,
        n_estimators: nEstimators,
        max_depth: {
          type: ['integer', 'null'],
          title: 'Max depth',
          description: 'Deepest a tree may grow; null grows until leaves are pure.',
          minimum: 1,
          maximum: 100,
          default: null
        },
        min_samples_split: {
          type: 'integer',
          title: 'Min samples to split',
          minimum: 2,
          maximum: 100000,
          default: 2
        },
        min_samples_leaf: {
          type: 'integer',
          title: 'Min samples per leaf',
          minimum: 1,
          maximum: 100000,
          default: 1
        },
        max_features: {
          type: 'string',
          title: 'Features per split',
          description: 'How many features each split considers: sqrt or log2 of the total, or all.',
          enum: ['sqrt', 'log2', 'all'],
          default: 'sqrt'
        },
        bootstrap: { type: 'boolean', title: 'Bootstrap', default: true },
        oob_score: {
          type: 'boolean',
          title: 'Out-of-bag score',
          description:
            'Also score each training row on the trees whose bootstrap left it out: a second estimate without a test split.',
          default: false
        },
        class_weight: classWeight,
        random_state: randomState
      },
      [],
      // Without bootstrap every tree sees every row, so no row is out of bag.
      [rule({ oob_score: [true] }, { bootstrap: [true] })]
    )
  },
  {
    type: 'gradient_boosting',
    category: 'model',
    label: 'Gradient boosting',
    description:
      'Trees on binned features added one after another, each correcting the last (histogram gradient boosting); often the most accurate.',
    inputs: splitIn,
    outputs: modelOut,
    tasks: ['classification', 'regression'],
    params: params({
      task,
      n_estimators: nEstimators,
      learning_rate: {
        type: 'number',
        title: 'Learning rate',
        description: 'Shrinks each tree’s contribution; lower needs more trees.',
        exclusiveMinimum: 0,
        maximum: 1,
        default: 0.1
      },
      max_depth: {
        type: ['integer', 'null'],
        title: 'Max depth',
        description: 'Deepest a tree may grow; null leaves only the leaf limit.',
        minimum: 1,
        maximum: 32,
        default: 3
      },
      max_leaf_nodes: {
        type: ['integer', 'null'],
        title: 'Max leaves',
        description: 'Most leaves per tree, grown best first; null leaves only the depth limit.',
        minimum: 2,
        maximum: 4096,
        default: 31
      },
      min_samples_leaf: {
        type: 'integer',
        title: 'Min samples per leaf',
        minimum: 1,
        maximum: 100000,
        default: 20
      },
      l2_regularization: {
        type: 'number',
        title: 'L2 regularization',
        description: 'Shrinks leaf values; 0 turns it off.',
        minimum: 0,
        maximum: 1000000,
        default: 0
      },
      max_bins: {
        type: 'integer',
        title: 'Bins per feature',
        description: 'Numeric features are bucketed into at most this many bins before training.',
        minimum: 2,
        maximum: 255,
        default: 255
      },
      early_stopping: {
        type: 'boolean',
        title: 'Early stopping',
        description:
          'Hold out part of the training rows and stop adding trees when their loss stops improving.',
        default: false
      },
      validation_fraction: {
        type: 'number',
        title: 'Validation share',
        description: 'Share of the training rows held out for early stopping.',
        exclusiveMinimum: 0,
        exclusiveMaximum: 1,
        default: 0.1
      },
      n_iter_no_change: {
        type: 'integer',
        title: 'Patience',
        description: 'Early stopping ends after this many trees without improvement.',
        minimum: 1,
        maximum: 1000,
        default: 10
      },
      random_state: randomState
    })
  },
  {
    type: 'mlp',
    category: 'model',
    label: 'Neural network (MLP)',
    description: 'A multi-layer perceptron; needs scaled numeric inputs.',
    inputs: splitIn,
    outputs: modelOut,
    tasks: ['classification', 'regression'],
    params: params({
      task,
      hidden_layer_sizes: {
        type: 'array',
        title: 'Hidden layers',
        description: 'Units in each hidden layer, input side first.',
        items: { type: 'integer', minimum: 1, maximum: 4096 },
        minItems: 1,
        maxItems: 10,
        default: [100]
      },
      activation: {
        type: 'string',
        title: 'Activation',
        enum: ['relu', 'tanh', 'logistic', 'identity'],
        default: 'relu'
      },
      solver: { type: 'string', title: 'Optimizer', enum: ['adam'], default: 'adam' },
      alpha: {
        type: 'number',
        title: 'L2 penalty',
        minimum: 0,
        maximum: 10,
        default: 0.0001
      },
      learning_rate_init: {
        type: 'number',
        title: 'Learning rate',
        exclusiveMinimum: 0,
        maximum: 1,
        default: 0.001
      },
      batch_size: {
        type: 'integer',
        title: 'Batch size',
        minimum: 1,
        maximum: 65536,
        default: 200
      },
      max_iter: {
        type: 'integer',
        title: 'Epochs',
        description: 'Passes over the training rows at most.',
        minimum: 1,
        maximum: 10000,
        default: 200
      },
      early_stopping: {
        type: 'boolean',
        title: 'Early stopping',
        description: 'Hold out 10% of the training rows and stop when their score stops improving.',
        default: false
      },
      random_state: randomState
    })
  },
  {
    type: 'evaluate',
    category: 'evaluate',
    label: 'Evaluate',
    description: "Scores a fitted model on the split's test rows.",
    inputs: [input('model', 'model', 'Fitted model'), input('data', 'split', 'Test rows')],
    outputs: [output('metrics', 'metrics', 'Metrics')],
    params: params({
      metrics: {
        type: 'array',
        title: 'Metrics',
        description: 'Empty reports the standard set for the task.',
        items: {
          type: 'string',
          enum: ['accuracy', 'precision', 'recall', 'f1', 'roc_auc', 'rmse', 'mae', 'r2']
        },
        uniqueItems: true,
        default: []
      },
      average: {
        type: 'string',
        title: 'Averaging',
        description: 'How precision, recall and F1 combine classes.',
        enum: ['binary', 'micro', 'macro', 'weighted'],
        default: 'weighted'
      }
    })
  }
];

const BY_TYPE = new Map(NODE_TYPES.map((spec) => [spec.type, spec]));

export function nodeType(type: string): NodeTypeSpec | undefined {
  return BY_TYPE.get(type);
}
