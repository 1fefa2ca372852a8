import { DatasetRepository } from '../server/datasets/dataset.repository';
import type { Runtime } from '../server/runtime';
import { SchemaRepository } from '../server/schema/schema.repository';
import { failDataset, validateDataset } from './dataset-validate/process';
import { deduceDatasetSchema } from './schema-deduce/process';
import { failEdaReport, runEdaReport } from './eda-report/process';
import { EdaRepository } from '../server/eda/eda.repository';
import { createChatModel } from './schema/agent';
import { purgeDeletedDatasets } from './monitor/purge-datasets';
import { failStaleRuns } from './monitor/stale-runs';
import { createQueue } from './queues';
import { checkStalledPeriodically } from './stalled-jobs';

const MONITOR_EVERY_MS = 15_000;

export interface WorkerPool {
  close(): Promise<void>;
}

/**
 * Starts this process's background work. Any number of processes may run it: Bee-Queue hands each
 * job to one of them, and the stale-run monitor takes a short Redis lock per sweep.
 */
export async function startWorkers(rt: Runtime, options: { concurrency?: number } = {}): Promise<WorkerPool> {
  const queueConfig = { redisUrl: rt.redisHandle.url, prefix: rt.config.redis.prefix };
  const deps = {
    repo: new DatasetRepository(rt.sequelize),
    store: rt.store,
    publisher: rt.publisher,
    log: rt.log,
    queues: rt.queues
  };
  const schemaDeps = {
    datasets: deps.repo,
    schemas: new SchemaRepository(rt.sequelize),
    store: rt.store,
    publisher: rt.publisher,
    model: createChatModel({ apiKey: rt.config.openai.apiKey, model: rt.config.openai.model }),
    modelName: rt.config.openai.model
  };

  const validate = createQueue('dataset-validate', queueConfig, 'worker');
  validate.process(options.concurrency ?? 2, async (job) => validateDataset(deps, job.data.datasetId));
  validate.on('failed', (job, err) => {
    // Emitted only once retries are exhausted ('retrying' comes before that).
    rt.log.error({ err, datasetId: job.data.datasetId }, 'dataset validation failed');
    void failDataset(deps, job.data.datasetId, err).catch((e) =>
      rt.log.error({ err: e }, 'could not mark dataset failed')
    );
  });
  validate.on('error', (err) => rt.log.warn({ err }, 'validation queue error'));
  checkStalledPeriodically(validate, rt.log);

  const deduce = createQueue('schema-deduce', queueConfig, 'worker');
  deduce.process(options.concurrency ?? 2, async (job) =>
    deduceDatasetSchema(schemaDeps, job.data.datasetId, job.data.userId)
  );
  // A failed deduction leaves the dataset usable; the user can ask again from the dataset page.
  deduce.on('failed', (job, err) =>
    rt.log.error({ err, datasetId: job.data.datasetId }, 'schema deduction failed')
  );
  deduce.on('error', (err) => rt.log.warn({ err }, 'schema queue error'));
  checkStalledPeriodically(deduce, rt.log);

  const edaDeps = {
    reports: new EdaRepository(),
    datasets: deps.repo,
    schemas: schemaDeps.schemas,
    store: rt.store,
    publisher: rt.publisher,
    inlineMaxBytes: rt.config.edaInlineMaxBytes
  };
  const eda = createQueue('eda-report', queueConfig, 'worker');
  eda.process(1, async (job) => runEdaReport(edaDeps, job.data.reportId));
  eda.on('failed', (job, err) => {
    rt.log.error({ err, reportId: job.data.reportId }, 'EDA report failed');
    void failEdaReport(edaDeps, job.data.reportId, `The report could not be generated: ${err.message}`).catch(
      () => {}
    );
  });
  eda.on('error', (err) => rt.log.warn({ err }, 'EDA queue error'));
  checkStalledPeriodically(eda, rt.log);

  const lockKey = `${rt.config.redis.prefix}:lock:stale-runs`;
  const sweep = async () => {
    const got = await rt.redis.set(lockKey, String(process.pid), 'PX', MONITOR_EVERY_MS - 1000, 'NX');
    if (!got) return;
    const failed = await failStaleRuns(rt.sequelize);
    if (failed.jobs.length || failed.edaReports.length)
      rt.log.warn(failed, 'failed runs left by crashed workers');
    const cutoff = new Date(Date.now() - rt.config.datasetPurgeAfterHours * 3600_000);
    const purged = await purgeDeletedDatasets(deps.repo, rt.store, cutoff);
    if (purged.length) rt.log.info({ purged }, 'purged deleted datasets');
  };
  const timer = setInterval(
    () => void sweep().catch((err) => rt.log.warn({ err }, 'stale-run sweep failed')),
    MONITOR_EVERY_MS
  );
  timer.unref();
  void sweep().catch((err) => rt.log.warn({ err }, 'stale-run sweep failed'));

  return {
    close: async () => {
      clearInterval(timer);
      await Promise.all([validate.close(10_000), deduce.close(10_000), eda.close(10_000)]);
    }
  };
}
