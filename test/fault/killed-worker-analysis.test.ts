import { expect, it } from 'vitest';
import type { DatasetDto } from '../../contracts/api';
import { bigCsv } from '../support/big-csv';
import { eventually } from '../support/collab';
import { uploadDataset } from '../support/datasets';
import { signedInClient } from '../support/http-client';
import { useWorkerDeployment } from '../support/worker-deployment';

const deployment = useWorkerDeployment('killed-worker-analysis');

type JobRow = {
  job_name: string;
  started_at: Date | null;
  finished_at: Date | null;
  last_error: string | null;
};
const jobsOf = async (datasetId: string, reportId?: string) =>
  deployment.web.rt.sequelize.query<JobRow>(
    `SELECT job_name, started_at, finished_at, last_error FROM job_outbox
      WHERE job_name IN ('schema-deduce', 'eda-report') AND subject_id IN (:ids)`,
    { replacements: { ids: [datasetId, reportId ?? datasetId] }, type: 'SELECT' as never }
  );
const reportOf = async (datasetId: string) =>
  (
    await deployment.web.rt.sequelize.query<{ id: string; status: string; error_message: string | null }>(
      'SELECT id, status, error_message FROM eda_reports WHERE dataset_id = :datasetId',
      { replacements: { datasetId }, type: 'SELECT' as never }
    )
  )[0];

it('finishes an EDA report and a schema deduction whose only worker was killed mid-job', async () => {
  const { client } = await signedInClient(deployment.web.url);
  const first = await deployment.worker();
  const { created } = await uploadDataset(client, bigCsv());
  const id = created.body.dataset.id;

  // Validation ends by queueing both; kill the worker once both run and neither has finished.
  await eventually(async () => {
    const report = await reportOf(id);
    const jobs = await jobsOf(id, report?.id);
    expect(jobs).toHaveLength(2);
    for (const job of jobs) expect(job).toMatchObject({ started_at: expect.any(Date), finished_at: null });
  }, 30_000);
  await first.kill();
  const report = (await reportOf(id))!;
  expect(report.status).toBe('running');
  expect((await jobsOf(id, report.id)).filter((j) => j.finished_at === null)).toHaveLength(2);

  const killedAt = Date.now();
  await deployment.worker();
  await eventually(async () => {
    expect(['completed', 'failed']).toContain((await reportOf(id))!.status);
    for (const job of await jobsOf(id, report.id)) expect(job.finished_at).not.toBeNull();
  }, 60_000);
  expect(Date.now() - killedAt).toBeLessThan(60_000);

  const done = (await reportOf(id))!;
  if (done.status === 'failed') expect(done.error_message).toBeTruthy();
  const deduction = await client.get<{ deduction: { status: string } }>(`/api/datasets/${id}/schema`);
  const schemaJob = (await jobsOf(id, report.id)).find((j) => j.job_name === 'schema-deduce')!;
  // Proposed after the re-run, or failed with the reason on record (and sent as schema:failed).
  if (deduction.status === 200) expect(deduction.body.deduction.status).toBe('proposed');
  else expect(schemaJob.last_error).toBeTruthy();
  const dataset = (await client.get<{ dataset: DatasetDto }>(`/api/datasets/${id}`)).body.dataset;
  expect(dataset.status).toBe('validated');
}, 120_000);
