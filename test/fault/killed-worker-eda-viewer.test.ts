import { afterAll, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { rooms } from '../../contracts/realtime';
import { bigCsv } from '../support/big-csv';
import { eventually } from '../support/collab';
import { uploadDataset } from '../support/datasets';
import { signedInClient } from '../support/http-client';
import { connectSocket } from '../support/socket';
import { useWorkerDeployment } from '../support/worker-deployment';

const deployment = useWorkerDeployment('killed-worker-eda-viewer');
const sockets: Socket[] = [];
afterAll(() => sockets.forEach((s) => s.disconnect()));

type EdaRun = { attempts: number; started_at: Date | null; finished_at: Date | null };
const edaJob = async (reportId: string) =>
  (
    await deployment.web.rt.sequelize.query<EdaRun>(
      `SELECT attempts, started_at, finished_at FROM job_outbox
        WHERE job_name = 'eda-report' AND subject_id = :reportId`,
      { replacements: { reportId }, type: 'SELECT' as never }
    )
  )[0];

/** Polls often: the window between a worker claiming the report and finishing it is a few seconds. */
async function whenRunning(reportId: string, attempt: number, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const job = await edaJob(reportId);
    if (job && job.attempts >= attempt && job.started_at && !job.finished_at) return;
    if (job?.finished_at) throw new Error('the report finished before its worker could be killed');
    if (Date.now() > until) throw new Error(`attempt ${attempt} of the report never started`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

it('tells a viewer watching a report that its worker was killed twice: failed, with the reason', async () => {
  const { client } = await signedInClient(deployment.web.url);
  const first = await deployment.worker();
  const { created } = await uploadDataset(client, bigCsv());
  const datasetId = created.body.dataset.id;

  const viewer = await connectSocket(deployment.web.url, client.cookie);
  sockets.push(viewer);
  const ended: Array<{ status: string; errorMessage?: string }> = [];
  viewer.on('eda:completed', (p: { datasetId: string; status: string; errorMessage?: string }) => {
    if (p.datasetId === datasetId) ended.push(p);
  });
  expect(await viewer.emitWithAck('subscribe', { room: rooms.dataset(datasetId) })).toEqual({ ok: true });

  const reportId = await eventually(async () => {
    const [row] = await deployment.web.rt.sequelize.query<{ id: string }>(
      'SELECT id FROM eda_reports WHERE dataset_id = :datasetId',
      { replacements: { datasetId }, type: 'SELECT' as never }
    );
    expect(row).toBeDefined();
    return row!.id;
  }, 60_000);

  await whenRunning(reportId, 1, 60_000);
  await first.kill();
  const second = await deployment.worker();
  await whenRunning(reportId, 2, 60_000);
  await second.kill();
  await deployment.worker();

  await eventually(() => expect(ended).toHaveLength(1), 60_000);
  expect(ended[0]).toMatchObject({ status: 'failed', errorMessage: expect.stringMatching(/stopped twice/) });
  const report = await client.get<{ report: { status: string; errorMessage: string | null } }>(
    `/api/datasets/${datasetId}/eda`
  );
  expect(report.body.report).toMatchObject({ status: 'failed', errorMessage: ended[0]!.errorMessage });
}, 180_000);
