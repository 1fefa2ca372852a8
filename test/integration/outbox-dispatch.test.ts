import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueue } from '../../core/queue/queues';
import { runTracked, type JobHandler } from '../../jobs/tracked-job';
import { NotFound, Unavailable } from '../../contracts/errors';
import { PermanentJobError } from '../../core/job-errors';
import type { Repositories } from '../../data/repositories';
import { eventually } from '../support/collab';
import { startTestServer, type TestServer } from '../support/test-server';

let srv: TestServer;
let repo: Repositories['outbox'];
beforeAll(async () => {
  srv = await startTestServer(); // a dispatcher and no workers: queued jobs stay where we can count them
  repo = srv.rt.repos.outbox;
});
afterAll(() => srv?.close());

const row = async (id: string) =>
  (
    await srv.rt.sequelize.query<{
      dispatched_at: Date | null;
      started_at: Date | null;
      finished_at: Date | null;
      attempts: number;
      stalls: number;
    }>('SELECT dispatched_at, started_at, finished_at, attempts, stalls FROM job_outbox WHERE id = :id', {
      type: 'SELECT' as never,
      replacements: { id }
    })
  )[0]!;

/** A job row as a state change would commit it; returns its id once the dispatcher has sent it. */
async function committedJob(): Promise<string> {
  const datasetId = crypto.randomUUID();
  await srv.rt.outbox.transaction((t) => srv.rt.outbox.add(t, 'dataset-validate', datasetId, { datasetId }));
  const [job] = await srv.rt.sequelize.query<{ id: string }>(
    'SELECT id FROM job_outbox WHERE subject_id = :datasetId',
    { type: 'SELECT' as never, replacements: { datasetId } }
  );
  const id = job!.id;
  await eventually(async () => expect((await row(id)).dispatched_at).not.toBeNull());
  return id;
}

describe('the outbox dispatcher', () => {
  it('queues a row once however often it is sent', async () => {
    const id = await committedJob();
    const queue = createQueue(
      'dataset-validate',
      { redisUrl: srv.rt.redisHandle.url, prefix: srv.rt.config.redis.prefix },
      'producer'
    );
    try {
      expect((await queue.getJob(id))?.data).toEqual(
        expect.objectContaining({ datasetId: expect.any(String) })
      );
      const waiting = (await queue.checkHealth()).waiting;
      await repo.redispatch(id); // as after a send that timed out but reached Redis
      await eventually(async () => expect((await row(id)).dispatched_at).not.toBeNull());
      expect((await queue.checkHealth()).waiting).toBe(waiting);
    } finally {
      await queue.close();
    }
  });
});

describe('a run under the outbox lease', () => {
  const tracking = () => ({ outbox: repo, log: srv.rt.log });
  const handler = (run: () => Promise<void> = async () => {}) => {
    const calls = { run: 0, fail: [] as string[] };
    const h: JobHandler<{ datasetId: string }> = {
      run: async () => {
        calls.run++;
        await run();
      },
      fail: async (_p, reason) => void calls.fail.push(reason)
    };
    return { h, calls };
  };

  it('drops a second delivery while the first run is alive', async () => {
    const id = await committedJob();
    let release!: () => void;
    const first = handler(() => new Promise<void>((r) => (release = r)));
    const running = runTracked(id, { datasetId: 'x' }, first.h, tracking());
    await eventually(async () => expect((await row(id)).started_at).not.toBeNull());
    const second = handler();
    await runTracked(id, { datasetId: 'x' }, second.h, tracking()); // waits to see a heartbeat, then leaves
    expect(second.calls.run).toBe(0);
    release();
    await running;
    expect(first.calls.run).toBe(1);
    expect(await row(id)).toMatchObject({ attempts: 1, stalls: 0, finished_at: expect.any(Date) });
  });

  it('takes over from a run whose worker went silent, once; the next loss fails the job', async () => {
    const id = await committedJob();
    const silent = () =>
      srv.rt.sequelize.query(
        `UPDATE job_outbox SET started_at = now() - interval '1 minute', heartbeat_at = now() - interval '1 minute' WHERE id = :id`,
        { replacements: { id } }
      );
    await repo.claimRun(id, 15_000); // a first run began…
    await silent(); // …and its worker died
    const crashing = handler(async () => {
      await silent(); // this run dies too, the moment it starts
      throw new Error('killed');
    });
    await expect(runTracked(id, { datasetId: 'x' }, crashing.h, tracking())).rejects.toThrow('killed');
    expect(crashing.calls.run).toBe(1);
    expect(await row(id)).toMatchObject({ stalls: 1, finished_at: null });

    await silent();
    const third = handler();
    await runTracked(id, { datasetId: 'x' }, third.h, tracking());
    expect(third.calls.run).toBe(0);
    expect(third.calls.fail).toEqual([expect.stringMatching(/stopped twice/)]);
    expect((await row(id)).finished_at).not.toBeNull();
  });

  it('fails a job at once on a permanent error, without leaving it to the queue to retry', async () => {
    for (const permanent of [new PermanentJobError('the file is not a CSV'), new NotFound('Dataset')]) {
      const id = await committedJob();
      const broken = handler(async () => {
        throw permanent;
      });
      await runTracked(id, { datasetId: 'x' }, broken.h, tracking()); // resolves: no retry
      expect(broken.calls.run).toBe(1);
      expect(broken.calls.fail).toEqual([permanent.message]);
      expect((await row(id)).finished_at).not.toBeNull();
    }
  });

  it('hands a transient error back to the queue to retry, the job still open', async () => {
    for (const transient of [
      new Unavailable(),
      Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })
    ]) {
      const id = await committedJob();
      const flaky = handler(async () => {
        throw transient;
      });
      await expect(runTracked(id, { datasetId: 'x' }, flaky.h, tracking())).rejects.toBe(transient);
      expect(flaky.calls.fail).toEqual([]);
      expect((await row(id)).finished_at).toBeNull();
    }
  });
});
