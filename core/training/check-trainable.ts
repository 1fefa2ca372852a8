import crypto from 'node:crypto';
import { Unprocessable } from '../../contracts/errors';
import { MlError } from '../../ml/errors';
import { modelFromNode, taskFor, trainSpecFromNodes, transformFromNode } from '../../ml/node-params';
import type { TrainSpec } from '../../ml/train';
import { planTraining, type TrainingPlan, type TrainingSnapshot } from './plan';
import { applyHyperparameters, type Hyperparameters } from './sweep';

/** An engine refusal with the node it came from, so the studio can point at it. */
export class NodeError extends Error {
  constructor(
    readonly nodeId: string | null,
    readonly mlError: MlError
  ) {
    super(mlError.message);
    this.name = 'NodeError';
  }
}

/** The seed used wherever a random_state is null: the same snapshot always draws the same. */
export function snapshotSeed(snapshot: TrainingSnapshot): number {
  const digest = crypto.createHash('sha256').update(JSON.stringify(snapshot)).digest();
  return digest.readUInt32BE(0);
}

const attributed = <T>(nodeId: string, fn: () => T): T => {
  try {
    return fn();
  } catch (err) {
    throw err instanceof MlError ? new NodeError(nodeId, err) : err;
  }
};

/** The engine's spec of one run, each refusal naming the node whose params caused it. */
export function buildTrainSpec(plan: TrainingPlan, seed: number): TrainSpec {
  for (const node of plan.preprocess) attributed(node.id, () => transformFromNode(node));
  const task = attributed(plan.model.id, () => taskFor(plan.model, plan.target));
  attributed(plan.model.id, () => modelFromNode(plan.model, task, seed));
  return attributed(plan.split.id, () =>
    trainSpecFromNodes({
      preprocess: plan.preprocess,
      split: plan.split,
      model: plan.model,
      target: plan.target,
      freshSeed: seed
    })
  );
}

/**
 * Follows column kinds through the transforms: a category still standing when a model that
 * reads numbers only reads its features would be refused mid-training, so it is refused here.
 */
function categoricalLeft(plan: TrainingPlan, spec: TrainSpec): string[] {
  let kinds = new Map(Object.entries(plan.kinds).filter(([name]) => name !== plan.target.name));
  for (const t of spec.transforms) {
    if (t.kind === 'select_columns') {
      const listed = new Set(t.columns);
      kinds = new Map(
        [...kinds].filter(([name]) => (t.mode === 'include' ? listed.has(name) : !listed.has(name)))
      );
    } else if (t.kind === 'one_hot') {
      const names = t.columns.length
        ? t.columns
        : [...kinds].filter(([, k]) => k === 'categorical').map(([n]) => n);
      for (const n of names) kinds.delete(n);
    }
  }
  return [...kinds].filter(([, k]) => k === 'categorical').map(([n]) => n);
}

const NUMBERS_ONLY = new Set(['logistic_regression', 'linear_regression', 'mlp']);

/**
 * Plans every run of the job the way its worker will, and refuses (422 `training_invalid`, with
 * the node, param and fix) what cannot train whatever the data holds.
 */
export function checkTrainable(snapshot: TrainingSnapshot, runs: Hyperparameters[], seed: number): void {
  for (const [i, run] of runs.entries()) {
    const plan = planTraining({ ...snapshot, config: applyHyperparameters(snapshot.config, run) });
    const where = runs.length > 1 ? `Run ${i + 1}: ` : '';
    let spec: TrainSpec;
    try {
      spec = buildTrainSpec(plan, seed);
    } catch (err) {
      if (!(err instanceof NodeError)) throw err;
      throw new Unprocessable(
        `${where}${err.mlError.message}`,
        {
          nodeId: err.nodeId,
          param: err.mlError.param ?? null,
          column: err.mlError.column ?? null,
          fix: err.mlError.fix
        },
        'training_invalid'
      );
    }
    const categorical = categoricalLeft(plan, spec);
    // The tree models split categories natively; the others read numbers only.
    if (categorical.length && NUMBERS_ONLY.has(spec.model.kind)) {
      throw new Unprocessable(
        `${where}${plan.model.type} reads numbers, but ${categorical.map((c) => `"${c}"`).join(', ')} ` +
          `reach it as categories.`,
        {
          nodeId: plan.model.id,
          param: null,
          column: categorical[0],
          fix: `Add a one_hot step for ${categorical.join(', ')} before the split, or drop them with select_columns.`
        },
        'training_invalid'
      );
    }
  }
}
