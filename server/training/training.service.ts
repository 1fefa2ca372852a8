import { z } from 'zod';
import { proposedSchema } from '../../contracts/api';
import { Conflict, NotFound, Unprocessable } from '../../contracts/errors';
import type { Page, PageQuery } from '../../contracts/pagination';
import type { PipelineConfig } from '../../contracts/pipeline';
import { rooms } from '../../contracts/realtime';
import { isUuid } from '../../contracts/resources';
import type { JobStatus } from '../../contracts/statuses';
import type {
  CurveAnchor,
  ExperimentRunDto,
  JobCommentDto,
  TrainBody,
  TrainingJobDto
} from '../../contracts/training';
import { trainBody } from '../../contracts/training';
import type { AccessService } from '../../core/access/access.service';
import type { JobOutbox } from '../../core/outbox/job-outbox';
import type { LiveDocuments } from '../../core/pipelines/live-documents';
import type { Publisher } from '../../core/realtime/publisher';
import { toCommentDto, toJobDto, toRunDto } from '../../core/training/job-dto';
import { checkTrainable, snapshotSeed } from '../../core/training/check-trainable';
import { planTraining, type TrainingSnapshot } from '../../core/training/plan';
import { checkSweep, expandSweep } from '../../core/training/sweep';
import { publishJobStatus } from '../../core/training/training-events';
import type { DatasetRepository } from '../../data/dataset.repository';
import type { ExperimentRunRepository } from '../../data/experiment-run.repository';
import type { PipelineVersionRepository } from '../../data/pipeline-version.repository';
import type { SchemaRepository } from '../../data/schema.repository';
import type { TrainingJobRepository } from '../../data/training-job.repository';
import type { PipelineInternals } from '../pipelines/pipeline-internals';
import { decodeCursor, encodeCursor, exactTime, toPage } from '../pagination/cursor';

export interface TrainingServiceDeps {
  jobs: TrainingJobRepository;
  runs: ExperimentRunRepository;
  datasets: DatasetRepository;
  schemas: SchemaRepository;
  versions: PipelineVersionRepository;
  access: AccessService;
  live: LiveDocuments;
  outbox: JobOutbox;
  publisher: Publisher;
  /** The unchecked pipeline operations; each public method here checks access before using them. */
  pipelines: PipelineInternals;
  /** Nudges idle training workers once a job's runs are committed. */
  wakeTrainers: () => void;
}

/**
 * Training jobs over REST. Training is refused before anything is queued whenever the graph, the
 * schema, the sweep or a node's params make it impossible; what only the data can tell (one class,
 * an empty split) fails the job with the node and the fix.
 */
export class TrainingService {
  constructor(private readonly deps: TrainingServiceDeps) {}

  async train(userId: string, pipelineId: string, input: TrainBody): Promise<TrainingJobDto> {
    const pipeline = await this.deps.pipelines.visible(userId, pipelineId, 'editor');
    const body = trainBody.parse(input);
    const config = await this.configOf(pipelineId, body.version);
    const validation = await this.deps.pipelines.check(pipeline.datasetId, config);
    if (!validation.valid) {
      throw new Unprocessable(
        'The pipeline does not validate; fix the listed nodes first.',
        {
          errors: validation.errors,
          nodeIds: [...new Set(validation.errors.map((e) => e.nodeId).filter(Boolean))]
        },
        'pipeline_invalid'
      );
    }
    const snapshot = await this.snapshotOf(pipeline.datasetId, config);
    const plan = planTraining(snapshot);
    const runs = expandSweep(body.sweep);
    checkSweep(config, runs);
    const seed = snapshotSeed(snapshot);
    checkTrainable(snapshot, runs, seed);

    const created = await this.deps.outbox.transaction(async (t) => {
      const made = await this.deps.jobs.create(t, {
        pipelineId,
        workspaceId: pipeline.workspaceId,
        datasetId: pipeline.datasetId,
        userId,
        snapshot: { ...snapshot, target: plan.target.name } as unknown as Record<string, unknown>,
        snapshotSource: body.version ? 'version' : 'live',
        pipelineVersion: body.version ?? null,
        priority: body.priority,
        sweep: body.sweep ? { ...body.sweep } : null,
        seed,
        runs: runs.map((hyperparameters, i) => ({ runNumber: i + 1, hyperparameters }))
      });
      for (const runId of made.runIds) {
        await this.deps.outbox.add(
          t,
          'train-run',
          runId,
          { jobId: made.job.id, runId },
          {
            priority: body.priority
          }
        );
      }
      return made.job;
    });
    this.deps.wakeTrainers();
    publishJobStatus(this.deps.publisher, created);
    return toJobDto(created);
  }

  async get(userId: string, jobId: string): Promise<TrainingJobDto> {
    return toJobDto(await this.visible(userId, jobId, 'viewer'));
  }

  async list(
    userId: string,
    filter: { pipelineId?: string; status?: JobStatus },
    page: PageQuery
  ): Promise<Page<TrainingJobDto>> {
    let workspaceIds: string[];
    if (filter.pipelineId) {
      const grant = await this.deps.access.require(
        userId,
        { kind: 'pipeline', id: filter.pipelineId },
        'viewer'
      );
      workspaceIds = [grant.workspaceId];
    } else {
      workspaceIds = await this.deps.datasets.memberWorkspaceIds(userId);
    }
    const after = decodeCursor('jobs', page.cursor, { t: exactTime, id: z.uuid() });
    const rows = await this.deps.jobs.list(workspaceIds, filter, { limit: page.limit + 1, after });
    return toPage(rows, page.limit, toJobDto, (j) => encodeCursor('jobs', { t: j.cursorAt, id: j.id }));
  }

  async runs(userId: string, jobId: string): Promise<ExperimentRunDto[]> {
    await this.visible(userId, jobId, 'viewer');
    return (await this.deps.runs.list(jobId)).map(toRunDto);
  }

  /** A queued job ends now; a running one is asked to stop (its worker ends it within 2 s). */
  async cancel(userId: string, jobId: string): Promise<TrainingJobDto> {
    await this.visible(userId, jobId, 'editor');
    const result = await this.deps.jobs.requestCancel(jobId);
    if (!result) throw new Conflict('This job has already ended.', 'job_finished');
    if (result.ended) publishJobStatus(this.deps.publisher, result.job);
    return toJobDto(result.job);
  }

  async comments(userId: string, jobId: string, page: PageQuery): Promise<Page<JobCommentDto>> {
    await this.visible(userId, jobId, 'viewer');
    const after = decodeCursor('job-comments', page.cursor, { t: exactTime, id: z.uuid() });
    const rows = await this.deps.runs.comments(jobId, { limit: page.limit + 1, after });
    return toPage(rows, page.limit, toCommentDto, (c) =>
      encodeCursor('job-comments', { t: c.cursorAt, id: c.id })
    );
  }

  /** Editors comment (as on the pipeline's own threads); everyone in the job's room sees it at once. */
  async addComment(
    userId: string,
    jobId: string,
    body: { body: string; anchor: CurveAnchor | null }
  ): Promise<JobCommentDto> {
    await this.visible(userId, jobId, 'editor');
    const comment = toCommentDto(await this.deps.runs.addComment(jobId, userId, body.body, body.anchor));
    this.deps.publisher.emit(rooms.job(jobId), 'job:comment', { jobId, comment });
    return comment;
  }

  private async visible(userId: string, jobId: string, role: 'viewer' | 'editor') {
    if (!isUuid(jobId)) throw new NotFound('Job');
    await this.deps.access.require(userId, { kind: 'job', id: jobId }, role);
    const job = await this.deps.jobs.find(jobId);
    if (!job) throw new NotFound('Job');
    return job;
  }

  private async configOf(pipelineId: string, version: number | undefined): Promise<PipelineConfig> {
    if (version === undefined) return this.deps.live.readConfig(pipelineId);
    const saved = await this.deps.versions.find(pipelineId, version);
    if (!saved) throw new NotFound(`Version ${version} of this pipeline`, 'version_not_found');
    return saved.config as PipelineConfig;
  }

  private async snapshotOf(datasetId: string, config: PipelineConfig): Promise<TrainingSnapshot> {
    const accepted = await this.deps.schemas.accepted(datasetId);
    const schema = accepted ? proposedSchema.safeParse(accepted.proposedSchema) : null;
    if (!schema?.success) {
      throw new Unprocessable(
        'Training reads the dataset typed by its accepted schema, and none is accepted yet.',
        { fix: 'Review and accept the schema on the dataset page.' },
        'schema_not_accepted'
      );
    }
    const dataset = await this.deps.datasets.findLive(datasetId);
    if (!dataset?.s3KeyProcessed || dataset.status !== 'validated') {
      throw new Conflict('The dataset is not validated yet.', 'dataset_not_ready');
    }
    return { config, columns: schema.data.columns, parquetKey: dataset.s3KeyProcessed };
  }
}
