import type { Logger } from 'pino';
import type { PipelineNode } from '../../contracts/pipeline';
import type { CurvePoint } from '../../contracts/training';
import { nodeType } from '../../contracts/node-types';
import type { Publisher } from '../../core/realtime/publisher';
import type { BlobStore } from '../../core/storage/blob-store';
import { buildTrainSpec, NodeError } from '../../core/training/check-trainable';
import { planTraining, type TrainingPlan, type TrainingSnapshot } from '../../core/training/plan';
import { applyHyperparameters } from '../../core/training/sweep';
import {
  publishJobMetric,
  publishJobProgress,
  publishJobRun,
  publishJobStatus
} from '../../core/training/training-events';
import type { ExperimentRunRepository, RunRow } from '../../data/experiment-run.repository';
import type { MlModelRepository } from '../../data/ml-model.repository';
import type { OutboxRepository } from '../../data/outbox.repository';
import type { JobRow, TrainingJobRepository } from '../../data/training-job.repository';
import { metricsFromNode } from '../../ml/node-params';
import type { ClassificationReport, RegressionReport } from '../../ml/metrics';
import { createWorkDir } from '../work-dir';
import { frameworkVersion, modelIdFor, runPrefix, writeArtifacts } from './artifacts';
import { settleJob } from './settle-job';
import { FitError, fitInThread, type FitFailure, type FitResult } from './fit';
import { cachedFrame } from './frame-cache';
import { loadFrame } from './load-frame';

export interface TrainingDeps {
  jobs: TrainingJobRepository;
  runs: ExperimentRunRepository;
  models: MlModelRepository;
  outbox: OutboxRepository;
  store: BlobStore;
  publisher: Publisher;
  log: Logger;
  /** Threads per fit (the engine gives the same model for any count). */
  threads: number;
}

/** How often a running job beats, reports progress and looks for a cancel: well inside 2 s. */
export const TRAINING_BEAT_MS = 500;

/** A run as the pool claimed it: its outbox row (the lease) and its ids. */
export interface ClaimedRun {
  outboxId: string;
  jobId: string;
  runId: string;
}

/** The stored shape of an error, so the studio can point at the node and the param to fix. */
export function traceback(f: FitFailure, nodeId: string | null) {
  return { nodeId, param: f.param, column: f.column, fix: f.fix, code: f.code, stack: f.stack };
}

/** The node an engine refusal is about, from what the refusal names. */
function blame(plan: TrainingPlan, f: FitFailure): string | null {
  if (f.code === 'cancelled') return null;
  if (/training split is empty/i.test(f.message))
    return plan.preprocess.find((n) => n.type === 'drop_missing')?.id ?? plan.split.id;
  if (f.column && f.column === plan.target.name) return plan.split.id;
  const nodes: PipelineNode[] = [
    plan.model,
    plan.split,
    ...(plan.evaluate ? [plan.evaluate] : []),
    ...plan.preprocess
  ];
  if (f.param) {
    const owner = nodes.find((n) => f.param! in (nodeType(n.type)?.params.properties ?? {}));
    if (owner) return owner.id;
  }
  if (f.column) {
    const naming = plan.preprocess.find((n) => JSON.stringify(n.params).includes(JSON.stringify(f.column)));
    if (naming) return naming.id;
  }
  return plan.model.id;
}

/** Curve points from the engine's curves (per iteration or epoch), or one point of the test metrics. */
function historyOf(fit: FitResult, metrics: Record<string, number>): CurvePoint[] {
  const c = fit.curves;
  const length = c ? Math.max(c.trainLoss.length, c.validationLoss.length, c.validationMetric.length) : 0;
  if (!c || length === 0) return [{ step: 1, metrics }];
  return Array.from({ length }, (_, i) => {
    const point: Record<string, number> = {};
    const put = (name: string, values: number[]) => {
      const v = values[i];
      if (typeof v === 'number' && Number.isFinite(v)) point[name] = v;
    };
    put('train_loss', c.trainLoss);
    put('validation_loss', c.validationLoss);
    put('train_metric', c.trainMetric);
    put('validation_metric', c.validationMetric);
    return { step: i + 1, metrics: point };
  });
}

/**
 * Runs one experiment run of a job: loads the data, fits on a thread while the job beats and
 * reports, scores with the evaluate node, stores the run's artifacts, ends the run, and (when it
 * was the job's last open run) settles the job. Every outcome ends the run and its outbox row.
 */
export async function runTrainingRun(
  deps: TrainingDeps,
  claim: ClaimedRun,
  /** Aborted when this worker stops: a fit under way is stopped and the run handed back, not failed. */
  released?: AbortSignal
): Promise<void> {
  const job = await deps.jobs.find(claim.jobId);
  if (!job || (job.status !== 'queued' && job.status !== 'running')) {
    await deps.outbox.finish(claim.outboxId, 'the job had ended');
    return;
  }
  const run = await deps.runs.start(claim.runId);
  if (!run) {
    await deps.outbox.finish(claim.outboxId, 'the run had ended');
    return;
  }
  const wasQueued = job.status === 'queued';
  await deps.jobs.markRunning(job.id);
  if (wasQueued) {
    const now = await deps.jobs.find(job.id);
    if (now) publishJobStatus(deps.publisher, now);
  }
  publishJobRun(deps.publisher, run);

  const label = job.runCount > 1 ? `Run ${run.runNumber} of ${job.runCount}: ` : '';
  let progress = { percent: 0, step: `${label}Loading data` };
  let lastSent = '';
  let cancelRequested = false;
  let cancelFit: (() => void) | null = null;
  // Watchers hear each step at once (the fit thread sends at most ~10 a second); the row follows
  // at the next beat.
  const publish = () => {
    const sent = `${progress.percent}|${progress.step}`;
    if (sent === lastSent) return;
    lastSent = sent;
    publishJobProgress(deps.publisher, job.id, progress.percent, progress.step);
  };
  const report = (percent: number, step: string) => {
    const overall = Math.min(99, Math.round(((run.runNumber - 1) * 100 + percent) / job.runCount));
    progress = { percent: job.runCount > 1 ? overall : Math.min(99, percent), step: `${label}${step}` };
    publish();
  };
  const beat = async () => {
    const state = await deps.jobs.heartbeat(job.id, progress);
    await deps.outbox.heartbeat(claim.outboxId);
    publish();
    if (state.cancel && !cancelRequested) {
      cancelRequested = true;
      cancelFit?.();
    }
  };
  const timer = setInterval(
    () => void beat().catch((err) => deps.log.warn({ err, jobId: job.id }, 'training heartbeat failed')),
    TRAINING_BEAT_MS
  );
  const onRelease = () => cancelFit?.();
  released?.addEventListener('abort', onRelease);
  const started = Date.now();
  const snapshot = job.pipelineSnapshot as unknown as TrainingSnapshot;
  let plan: TrainingPlan | null = null;
  try {
    await beat();
    plan = planTraining({ ...snapshot, config: applyHyperparameters(snapshot.config, run.hyperparameters) });
    const spec = buildTrainSpec(plan, job.seed);
    const frame = await loadFor(deps, snapshot, plan);
    if (cancelRequested || released?.aborted) throw cancelledFailure();
    const steps = plan.preprocess.map((n) => STEP_NAMES[n.type] ?? n.type);
    report(5, steps.length ? steps.join(', ') : 'Preparing');
    const fit = fitInThread(frame, spec, {
      threads: deps.threads,
      onProgress: (p) => {
        report(5 + Math.round(p.percent * 0.9), p.step);
        // Live points; the whole history is sent again after the fit, and a step's later report wins.
        if (p.curve) publishJobMetric(deps.publisher, job.id, run.runNumber, p.curve.step, p.curve.metrics);
      }
    });
    cancelFit = fit.cancel;
    if (cancelRequested || released?.aborted) fit.cancel();
    const result = await fit.result;
    report(96, 'Evaluating');
    const evaluation = result.evaluation as unknown as ClassificationReport | RegressionReport;
    const metrics = numeric(
      plan.evaluate ? metricsFromNode(plan.evaluate, evaluation) : defaultMetrics(evaluation)
    );
    const history = historyOf(result, metrics);
    for (const point of history)
      publishJobMetric(deps.publisher, job.id, run.runNumber, point.step, point.metrics);
    report(98, 'Saving the model');
    const modelId = modelIdFor(job.id);
    const prefix = runPrefix(job.userId, modelId, run.runNumber);
    const artifacts = await writeArtifacts(
      deps.store,
      prefix,
      filesOf(job, run, plan, result, history, metrics)
    );
    await endRun(deps, claim, run, {
      status: 'completed',
      metrics,
      history,
      trainingTimeSeconds: (Date.now() - started) / 1000,
      artifactPrefix: prefix,
      artifactChecksum: result.checksum,
      summary: {
        modelType: plan.model.type,
        frameworkVersion: frameworkVersion(plan.model.type),
        artifacts,
        trainRows: result.trainRows,
        testRows: result.testRows
      }
    });
  } catch (err) {
    if (released?.aborted && !cancelRequested) {
      await handBack(deps, claim);
      return;
    }
    const failure = failureOf(err, cancelRequested);
    const cancelled = failure.code === 'cancelled';
    const nodeId = err instanceof NodeError ? err.nodeId : plan ? blame(plan, failure) : null;
    if (!cancelled) deps.log.warn({ err, jobId: job.id, runId: run.id }, 'training run failed');
    await endRun(deps, claim, run, {
      status: cancelled ? 'cancelled' : 'failed',
      trainingTimeSeconds: (Date.now() - started) / 1000,
      errorMessage: cancelled ? 'Cancelled.' : failure.message,
      errorTraceback: cancelled ? null : traceback(failure, nodeId)
    });
  } finally {
    clearInterval(timer);
    released?.removeEventListener('abort', onRelease);
  }
}

/**
 * A stopping worker's run goes back to the queue as it was: waiting, its lease ended without
 * counting as a lost worker, so the next worker to claim it starts it afresh at once.
 */
async function handBack(deps: TrainingDeps, claim: ClaimedRun): Promise<void> {
  await deps.runs.requeue(claim.runId);
  await deps.outbox.endRun(claim.outboxId, 'handed back by a stopping worker');
  const run = await deps.runs.find(claim.runId);
  if (run) publishJobRun(deps.publisher, run);
  deps.log.info({ ...claim }, 'training run handed back for another worker');
}

const STEP_NAMES: Record<string, string> = {
  impute: 'Imputing',
  one_hot: 'One-hot encoding',
  scale: 'Scaling',
  drop_missing: 'Dropping missing rows',
  select_columns: 'Selecting columns'
};

function cancelledFailure(): FitError {
  return new FitError({
    name: 'MlCancelled',
    message: 'Training was cancelled.',
    stack: null,
    code: 'cancelled',
    param: null,
    column: null,
    fix: null
  });
}

function failureOf(err: unknown, cancelRequested: boolean): FitFailure {
  if (cancelRequested) return cancelledFailure().failure;
  if (err instanceof FitError) return err.failure;
  if (err instanceof NodeError) {
    const m = err.mlError;
    return {
      name: m.name,
      message: m.message,
      stack: m.stack ?? null,
      code: m.code,
      param: m.param ?? null,
      column: m.column ?? null,
      fix: m.fix
    };
  }
  const e = err instanceof Error ? err : new Error(String(err));
  const ml = e as Error & { code?: string; param?: string; column?: string; fix?: string };
  return {
    name: e.name,
    message: e.message,
    stack: e.stack ?? null,
    code: typeof ml.code === 'string' ? ml.code : null,
    param: ml.param ?? null,
    column: ml.column ?? null,
    fix: ml.fix ?? null
  };
}

async function loadFor(deps: TrainingDeps, snapshot: TrainingSnapshot, plan: TrainingPlan) {
  const datetimeColumns = snapshot.columns.filter((c) => c.type === 'datetime').map((c) => c.name);
  return cachedFrame(
    { parquetKey: snapshot.parquetKey, kinds: plan.kinds, maxRows: plan.maxRows },
    async () => {
      const dir = await createWorkDir('pipeweave-train-');
      try {
        const local = await dir.localCopy(deps.store, snapshot.parquetKey, 'data.parquet');
        return await loadFrame(local.path, plan.kinds, {
          maxRows: plan.maxRows,
          tempDirectory: dir.path,
          datetimeColumns
        });
      } finally {
        await dir.remove();
      }
    }
  );
}

function numeric(metrics: Record<string, number | null>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(metrics).filter(
      (e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1])
    )
  );
}

function defaultMetrics(r: ClassificationReport | RegressionReport): Record<string, number | null> {
  if ('r2' in r) return { r2: r.r2, mae: r.mae, rmse: r.rmse };
  return { accuracy: r.accuracy, f1: r.f1_weighted, roc_auc: r.roc_auc };
}

const json = (v: unknown) => Buffer.from(JSON.stringify(v, null, 2));

function filesOf(
  job: JobRow,
  run: RunRow,
  plan: TrainingPlan,
  fit: FitResult,
  history: CurvePoint[],
  metrics: Record<string, number>
) {
  return {
    model: Buffer.from(fit.bytes.buffer, fit.bytes.byteOffset, fit.bytes.byteLength),
    config: json({
      modelType: plan.model.type,
      nodeId: plan.model.id,
      params: plan.model.params,
      hyperparameters: run.hyperparameters,
      target: plan.target,
      classes: fit.classes,
      features: fit.features,
      seed: job.seed,
      snapshotSource: job.snapshotSource,
      pipelineVersion: job.pipelineVersion,
      trainRows: fit.trainRows,
      testRows: fit.testRows,
      metrics,
      modelChecksum: fit.checksum
    }),
    transforms: json(fit.transforms),
    importance: json(fit.importance),
    history: json({ history, curves: fit.curves })
  };
}

async function endRun(
  deps: TrainingDeps,
  claim: ClaimedRun,
  run: RunRow,
  end: Parameters<ExperimentRunRepository['end']>[2]
): Promise<void> {
  const ended = await deps.runs.transaction(async (t) => {
    const wrote = await deps.runs.end(t, run.id, end);
    await deps.outbox.finish(
      claim.outboxId,
      end.status === 'failed' ? (end.errorMessage ?? 'failed') : null,
      t
    );
    return wrote;
  });
  const now = await deps.runs.find(run.id);
  if (ended && now) publishJobRun(deps.publisher, now);
  await settleJob(deps, claim.jobId);
}
