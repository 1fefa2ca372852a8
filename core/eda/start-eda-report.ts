import { UniqueConstraintError, type Transaction } from 'sequelize';
import type { EdaRepository } from '../../data/eda.repository';
import type { JobOutbox } from '../outbox/job-outbox';

/** 2: sampled first pass, warnings with explanations, exact quantiles from value bins. */
export const EDA_REPORT_VERSION = '2';

/**
 * Creates the running report and its job in one transaction (the caller's `t` when given), unless
 * a report is already running for the dataset: that one is returned, even to a concurrent caller.
 */
export async function startEdaReport(
  d: { repo: Pick<EdaRepository, 'running' | 'start'>; outbox: JobOutbox },
  datasetId: string,
  userId: string,
  t?: Transaction
) {
  const start = async (t: Transaction) => {
    const running = await d.repo.running(datasetId, t);
    if (running) return running;
    const report = await d.repo.start(datasetId, userId, EDA_REPORT_VERSION, t);
    await d.outbox.add(t, 'eda-report', report.id, { reportId: report.id });
    return report;
  };
  if (t) return start(t);
  try {
    return await d.outbox.transaction(start);
  } catch (err) {
    const running = err instanceof UniqueConstraintError ? await d.repo.running(datasetId) : null;
    if (running) return running;
    throw err;
  }
}
