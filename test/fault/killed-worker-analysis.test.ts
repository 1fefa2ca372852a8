import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { DatasetDto } from '../../contracts/api';
import { bigCsv } from '../support/big-csv';
import { eventually } from '../support/collab';
import { uploadDataset } from '../support/datasets';
import { signedInClient } from '../support/http-client';
import { startTestServer, type TestServer } from '../support/test-server';
import { spawnWorker, type WorkerProcess } from '../support/worker-process';

/** The web process here and `npm run worker` processes share one deployment's services. */
let dataDir: string;
let shared: Record<string, string>;
let web: TestServer;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pipeweave-killed-worker-'));
  shared = {
    DATABASE_URL: inject('databaseUrl'),
    REDIS_URL: inject('redisUrl'),
    REDIS_PREFIX: `pwt:${inject('runId')}:killed-worker-analysis`,
    SESSION_SECRET: 'killed-worker-test-session-secret',
    PIPEWEAVE_DATA_DIR: dataDir
  };
  web = await startTestServer(shared);
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await web?.close();
  await fs.rm(dataDir, { recursive: true, force: true });
});

type JobRow = {
  job_name: string;
  started_at: Date | null;
  finished_at: Date | null;
  last_error: string | null;
};
const jobsOf = async (datasetId: string, reportId?: string) =>
  web.rt.sequelize.query<JobRow>(
    `SELECT job_name, started_at, finished_at, last_error FROM job_outbox
      WHERE job_name IN ('schema-deduce', 'eda-report') AND subject_id IN (:ids)`,
    { replacements: { ids: [datasetId, reportId ?? datasetId] }, type: 'SELECT' as never }
  );
const reportOf = async (datasetId: string) =>
  (
    await web.rt.sequelize.query<{ id: string; status: string; error_message: string | null }>(
      'SELECT id, status, error_message FROM eda_reports WHERE dataset_id = :datasetId',
      { replacements: { datasetId }, type: 'SELECT' as never }
    )
  )[0];

it('finishes an EDA report and a schema deduction whose only worker was killed mid-job', async () => {
  const { client } = await signedInClient(web.url);
  const first = await spawnWorker(shared);
  workers.push(first);
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
  workers.push(await spawnWorker(shared));
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
