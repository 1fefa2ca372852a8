import { DatasetRepository } from '../server/datasets/dataset.repository';
import { EdaRepository } from '../server/eda/eda.repository';
import type { Runtime } from '../server/runtime';
import { SchemaRepository } from '../server/schema/schema.repository';
import { failDataset, validateDataset } from './dataset-validate/process';
import { failEdaReport, runEdaReport } from './eda-report/process';
import type { JobName, JobPayloads } from './job-types';
import { createChatModel } from './schema/agent';
import { deduceDatasetSchema, failDeduction } from './schema-deduce/process';
import type { JobHandler } from './tracked-job';

/**
 * Every job's work and its one failure path, by job name. The worker pool runs them and the
 * stuck-job sweep fails through them, so watchers hear of a lost job exactly as of a failed one.
 * A new job kind (training) adds its entry here and is tracked and swept like the others.
 */
export type JobHandlers = { [N in JobName]: JobHandler<JobPayloads[N]> };

export function createJobHandlers(rt: Runtime): JobHandlers {
  const datasets = new DatasetRepository(rt.sequelize);
  const schemas = new SchemaRepository(rt.sequelize);
  const validateDeps = {
    repo: datasets,
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
    reports: new EdaRepository(),
    datasets,
    schemas,
    store: rt.store,
    publisher: rt.publisher,
    inlineMaxBytes: rt.config.edaInlineMaxBytes
  };
  return {
    'dataset-validate': {
      run: (p) => validateDataset(validateDeps, p.datasetId),
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
