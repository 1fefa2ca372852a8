import type { ArtifactEntry } from '../../data/ml-model.repository';
import type { RunRow } from '../../data/experiment-run.repository';
import { publishJobStatus } from '../../core/training/training-events';
import { promoteArtifacts, modelIdFor, modelPrefix } from './artifacts';
import type { TrainingDeps } from './run-training';
import type { TrainingSnapshot } from '../../core/training/plan';
import { planTraining } from '../../core/training/plan';

/** Metrics where lower is better; the rest (accuracy, f1, roc_auc, r2…) are maximised. */
const LOWER_IS_BETTER = new Set(['rmse', 'mae', 'log_loss']);

/** The evaluate node's first metric, else the task's usual one. */
export function primaryMetric(snapshot: TrainingSnapshot, run: RunRow): string {
  const evaluate = planTraining(snapshot).evaluate;
  const asked = evaluate?.params.metrics;
  if (Array.isArray(asked) && typeof asked[0] === 'string') return asked[0];
  return run.metrics && 'r2' in run.metrics ? 'r2' : 'accuracy';
}

/** The best completed run by `metric`; ties go to the lower run number. */
export function bestRun(runs: RunRow[], metric: string): RunRow | null {
  const sign = LOWER_IS_BETTER.has(metric) ? -1 : 1;
  let best: RunRow | null = null;
  for (const r of runs) {
    if (r.status !== 'completed') continue;
    const v = r.metrics?.[metric];
    if (typeof v !== 'number') continue;
    const b = best?.metrics?.[metric];
    if (best === null || typeof b !== 'number' || sign * v > sign * b) best = r;
  }
  return best ?? runs.find((r) => r.status === 'completed') ?? null;
}

/**
 * Ends the job once no run is waiting or running: cancelled when a cancel was asked for,
 * completed with the best run's model when any run completed, failed (with the first failed
 * run's error) otherwise. It all happens under the job row's lock, so when runs end at once on
 * several workers exactly one of them settles the job (the others wait, then find it ended).
 */
export async function settleJob(deps: TrainingDeps, jobId: string): Promise<void> {
  let cleanup: string | null = null;
  const ended = await deps.jobs.transaction(async (t) => {
    const tally = await deps.runs.lockJobTally(t, jobId);
    const job = await deps.jobs.find(jobId, t);
    if (!job || (job.status !== 'queued' && job.status !== 'running')) return false;
    if (job.cancelRequestedAt) return deps.jobs.end(t, jobId, { status: 'cancelled' });
    if (tally.queued + tally.running > 0) return false;
    const runs = await deps.runs.list(jobId, t);
    const completed = runs.filter((r) => r.status === 'completed');
    if (!completed.length) {
      const first = runs.find((r) => r.status === 'failed');
      return deps.jobs.end(t, jobId, {
        status: first ? 'failed' : 'cancelled',
        errorMessage:
          first && runs.length > 1
            ? `Every run failed. Run ${first.runNumber}: ${first.errorMessage}`
            : (first?.errorMessage ?? null),
        errorTraceback: first?.errorTraceback ?? null
      });
    }
    const snapshot = job.pipelineSnapshot as unknown as TrainingSnapshot;
    const best = bestRun(completed, primaryMetric(snapshot, completed[0]!))!;
    const summary = (best.summary ?? {}) as {
      modelType?: string;
      frameworkVersion?: string;
      artifacts?: ArtifactEntry[];
    };
    const modelId = modelIdFor(jobId);
    const prefix = modelPrefix(job.userId, modelId);
    // A few small files, copied while the row is locked: no other run can settle meanwhile.
    const artifacts = await promoteArtifacts(
      deps.store,
      summary.artifacts ?? [],
      best.artifactPrefix!,
      prefix
    );
    const model = artifacts.find((a) => a.kind === 'model')!;
    const keyOf = (kind: string) => artifacts.find((a) => a.kind === kind)!.key;
    await deps.jobs.end(t, jobId, { status: 'completed', modelId, bestRunNumber: best.runNumber });
    await deps.models.create(t, {
      id: modelId,
      trainingJobId: jobId,
      pipelineId: job.pipelineId,
      userId: job.userId,
      workspaceId: job.workspaceId,
      modelType: summary.modelType ?? 'unknown',
      frameworkVersion: summary.frameworkVersion ?? 'unknown',
      s3Bucket: deps.store.bucket,
      s3KeyArtifact: model.key,
      s3KeyConfig: keyOf('config'),
      s3KeyMetadata: keyOf('importance'),
      artifactSizeBytes: model.sizeBytes,
      artifactChecksum: model.sha256,
      metrics: best.metrics ?? {},
      pipelineVersion: job.pipelineVersion,
      artifacts
    });
    cleanup = `${prefix}runs/`;
    return true;
  });
  if (!ended) return;
  // The runs' own copies are no longer needed: the winner's files now live in the model's folder.
  if (cleanup)
    await deps.store
      .deletePrefix(cleanup)
      .catch((err: unknown) => deps.log.warn({ err, jobId }, 'could not remove run artifacts'));
  const job = await deps.jobs.find(jobId);
  if (job) publishJobStatus(deps.publisher, job);
}
