import type { Runtime } from '../core/runtime';
import { failDataset, validateDataset } from './processors/validate-dataset/process';
import { failEdaReport, runEdaReport } from './processors/eda-report/process';
import type { JobName, JobPayloads } from '../core/queue/job-types';
import { createChatModel } from './schema/agent';
import { deduceDatasetSchema, failDeduction } from './processors/deduce-schema/process';
import type { JobHandler } from './tracked-job';

/**
 * Every job's work and its one failure path, by job name. The worker pool runs them and the
 * stuck-job sweep fails through them, so watchers hear of a lost job exactly as of a failed one.
 * A new job kind (training) adds its entry here and is tracked and swept like the others.
 */
/** Training runs are claimed by priority rather than tracked one delivery at a time (jobs/training/). */
export type TrackedJobName = Exclude<JobName, 'train-run'>;
export type JobHandlers = { [N in TrackedJobName]: JobHandler<JobPayloads[N]> };

export function createJobHandlers(rt: Runtime): JobHandlers {
  const { datasets, schemas, eda } = rt.repos;
  const validateDeps = {
    repo: datasets,
    eda,
    store: rt.store,
    publisher: rt.publisher,
    log: rt.log,
    outbox: rt.outbox
  };
  const schemaDeps = {
    datasets,
    schemas,
    store: rt.store,
    publisher: rt.publisher,
    model: createChatModel({ apiKey: rt.config.openai.apiKey, model: rt.config.openai.model }),
    modelName: rt.config.openai.model
  };
  const edaDeps = {
    reports: eda,
    datasets,
    schemas,
    store: rt.store,
    publisher: rt.publisher,
    outbox: rt.outbox,
    inlineMaxBytes: rt.config.edaInlineMaxBytes
  };
  return {
    'dataset-validate': {
      run: (p) => validateDataset(validateDeps, p.datasetId, p.read),
      fail: (p, reason) => failDataset(validateDeps, p.datasetId, reason)
    },
    'schema-deduce': {
      run: (p, ctx) => deduceDatasetSchema(schemaDeps, p.datasetId, p.userId, ctx),
      fail: async (p, reason) => failDeduction(schemaDeps, p.datasetId, reason)
    },
    'eda-report': {
      run: (p) => runEdaReport(edaDeps, p.reportId),
      fail: (p, reason) => failEdaReport(edaDeps, p.reportId, `The report could not be generated: ${reason}`)
    }
  };
}
