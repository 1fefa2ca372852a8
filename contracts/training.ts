import { z } from 'zod';
import { pageQuery } from './pagination';
import { JOB_STATUSES, RUN_STATUSES } from './statuses';

/**
 * Training jobs, their experiment runs and the comments pinned on their curves (docs/API.md ›
 * Training). One home for these shapes: the routes parse with them, the worker writes rows that
 * read back as them, and the training room types its state with them.
 */

const uuid = z.string().meta({ format: 'uuid' });
const time = z.string().meta({ format: 'date-time' });

/** `"<nodeId>.<param>"`, e.g. `"rf_1.n_estimators"`: one hyperparameter of one node. */
export const sweepKey = z
  .string()
  .regex(/^[A-Za-z0-9_-]+\.[A-Za-z_][A-Za-z0-9_]*$/, 'Use "<nodeId>.<param>", e.g. "rf_1.n_estimators".');

const sweepValue = z.union([z.number(), z.string(), z.boolean(), z.null()]);

/** A numeric range sampled uniformly (on a log scale with `log`), rounded with `integer`. */
export const sweepRange = z
  .object({
    min: z.number(),
    max: z.number(),
    log: z.boolean().optional(),
    integer: z.boolean().optional()
  })
  .strict()
  .refine((r) => r.max >= r.min, { message: 'max must not be below min' })
  .refine((r) => !r.log || r.min > 0, { message: 'a log range needs min > 0' });

/** Every combination of the listed values, one run each (at most 64). */
export const gridSweep = z
  .object({ kind: z.literal('grid'), params: z.record(sweepKey, z.array(sweepValue).min(1).max(64)) })
  .strict();

/** `samples` draws, each param from its range or list, seeded so a re-run draws the same. */
export const randomSweep = z
  .object({
    kind: z.literal('random'),
    samples: z.number().int().min(1).max(64),
    seed: z.number().int().min(0).optional(),
    params: z.record(sweepKey, z.union([sweepRange, z.array(sweepValue).min(1).max(64)]))
  })
  .strict();

/** A sweep; a plain `{"nodeId.param": [values]}` map is a grid. */
export const sweepSpec = z.union([
  gridSweep,
  randomSweep,
  z
    .record(sweepKey, z.array(sweepValue).min(1).max(64))
    .transform((params) => ({ kind: 'grid' as const, params }))
]);
export type SweepSpec = z.output<typeof sweepSpec>;

export const trainBody = z
  .object({
    /** 1 (lowest) … 10; a waiting job of higher priority starts first. */
    priority: z.number().int().min(1).max(10).default(5),
    /** A saved version to train; without it, the live document as it is now. */
    version: z.number().int().min(1).optional(),
    sweep: sweepSpec.optional()
  })
  .strict();
export type TrainBody = z.input<typeof trainBody>;

/** Where a failure came from, so the studio can point at the node and the param to change. */
export const jobErrorDetail = z.object({
  nodeId: z.string().nullable(),
  param: z.string().nullable(),
  column: z.string().nullable(),
  fix: z.string().nullable(),
  code: z.string().nullable(),
  stack: z.string().nullable()
});
export type JobErrorDetail = z.infer<typeof jobErrorDetail>;

export const trainingJobDto = z.object({
  id: uuid,
  pipelineId: uuid,
  workspaceId: uuid,
  datasetId: uuid,
  userId: uuid,
  userName: z.string().nullable(),
  status: z.enum(JOB_STATUSES),
  priority: z.number().int(),
  progressPercentage: z.number().int(),
  currentStep: z.string().nullable(),
  /** Jobs ahead of this one while it waits (0: next); null once it runs or ends. */
  queuePosition: z.number().int().nullable(),
  /** The saved version trained, or null when the live document was snapshotted. */
  pipelineVersion: z.number().int().nullable(),
  snapshotSource: z.enum(['version', 'live']),
  sweep: z.object({ kind: z.enum(['grid', 'random']), runs: z.number().int() }).nullable(),
  /** The model this job produced (its best run's), once it completed. */
  modelId: uuid.nullable(),
  bestRunNumber: z.number().int().nullable(),
  createdAt: time,
  startedAt: time.nullable(),
  completedAt: time.nullable(),
  heartbeatAt: time.nullable(),
  trainingDurationSeconds: z.number().nullable(),
  errorMessage: z.string().nullable(),
  errorTraceback: jobErrorDetail.nullable()
});
export type TrainingJobDto = z.infer<typeof trainingJobDto>;

/** One point of a curve: `step` is the boosting iteration, tree, solver iteration or epoch. */
export const curvePoint = z.object({ step: z.number().int(), metrics: z.record(z.string(), z.number()) });
export type CurvePoint = z.infer<typeof curvePoint>;

export const experimentRunDto = z.object({
  id: uuid,
  jobId: uuid,
  runNumber: z.number().int(),
  status: z.enum(RUN_STATUSES),
  /** The swept values of this run, by `"nodeId.param"` (empty without a sweep). */
  hyperparameters: z.record(z.string(), z.unknown()),
  /** The evaluate node's test metrics (accuracy, f1, rocAuc…, or rmse, mae, r2). */
  metrics: z.record(z.string(), z.number()).nullable(),
  trainingTimeSeconds: z.number().nullable(),
  errorMessage: z.string().nullable(),
  /** Per-step train/validation loss and metric, for the curves. */
  history: z.array(curvePoint),
  createdAt: time,
  completedAt: time.nullable()
});
export type ExperimentRunDto = z.infer<typeof experimentRunDto>;

export const listJobsQuery = pageQuery.extend({
  pipelineId: uuid.optional(),
  status: z.enum(JOB_STATUSES).optional()
});

/** A point on one run's curve that a comment is pinned to. */
export const curveAnchor = z
  .object({
    runNumber: z.number().int().min(1),
    metric: z.string().min(1).max(80),
    step: z.number().int().min(0),
    value: z.number()
  })
  .strict();
export type CurveAnchor = z.infer<typeof curveAnchor>;

export const jobCommentBody = z
  .object({ body: z.string().trim().min(1).max(2000), anchor: curveAnchor.nullable().default(null) })
  .strict();

export const jobCommentDto = z.object({
  id: uuid,
  jobId: uuid,
  authorId: uuid,
  authorName: z.string(),
  body: z.string(),
  anchor: curveAnchor.nullable(),
  createdAt: time
});
export type JobCommentDto = z.infer<typeof jobCommentDto>;
