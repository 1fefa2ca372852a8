import { expect, it } from 'vitest';
import type { DatasetDto } from '../../contracts/api';
import { bigCsv } from '../support/big-csv';
import { eventually } from '../support/collab';
import { uploadDataset } from '../support/datasets';
import { signedInClient } from '../support/http-client';
import { useWorkerDeployment } from '../support/worker-deployment';

const deployment = useWorkerDeployment('killed-worker-validation');

const status = async (id: string) =>
  (
    await deployment.web.rt.sequelize.query<{ status: string }>(
      'SELECT status FROM datasets WHERE id = :id',
      {
        replacements: { id },
        type: 'SELECT' as never
      }
    )
  )[0]!.status;

it('finishes a validation whose only worker was killed mid-job once a new worker starts', async () => {
  const { client } = await signedInClient(deployment.web.url);
  const first = await deployment.worker();
  const { created, complete } = await uploadDataset(client, bigCsv());
  expect(complete!.status).toBe(202);
  const id = created.body.dataset.id;

  await eventually(async () => expect(await status(id)).toBe('validating'), 20_000);
  await first.kill();
  expect(await status(id)).toBe('validating'); // the kill landed mid-job

  const killedAt = Date.now();
  await deployment.worker();
  let dataset: DatasetDto | undefined;
  await eventually(async () => {
    dataset = (await client.get<{ dataset: DatasetDto }>(`/api/datasets/${id}`)).body.dataset;
    expect(['validated', 'failed']).toContain(dataset.status);
  }, 60_000);
  expect(Date.now() - killedAt).toBeLessThan(60_000);
  if (dataset!.status === 'validated') expect(dataset!.numRows).toBe(1_000_000);
  else expect(dataset!.validationErrors?.[0]?.message).toBeTruthy();
}, 90_000);
