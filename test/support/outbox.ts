import type { Sequelize } from 'sequelize';
import { expect } from 'vitest';
import type { DatasetDto, UploadTicket } from '../../contracts/api';
import type { ApiClient } from './http-client';

type Created = { dataset: DatasetDto; upload: UploadTicket };

/** Creates a dataset and PUTs unique bytes to its upload link; complete is left to the test. */
export async function uploaded(
  client: ApiClient,
  body = `id,value\n1,a\n${Math.random()},b\n`
): Promise<string> {
  const created = await client.post<Created>('/api/datasets', {
    name: 'data.csv',
    fileName: 'data.csv',
    fileSize: Buffer.byteLength(body)
  });
  expect(created.status).toBe(201);
  const put = await fetch(new URL(created.body.upload.url, client.baseUrl), {
    method: 'PUT',
    headers: created.body.upload.headers,
    body
  });
  expect(put.status).toBeLessThan(300);
  return created.body.dataset.id;
}

export const statusOf = async (client: ApiClient, id: string) =>
  (await client.get<{ dataset: DatasetDto }>(`/api/datasets/${id}`)).body.dataset.status;

/** The job rows queued for a subject (a dataset or an EDA report id). */
export function outboxRows(sequelize: Sequelize, subjectId: string) {
  return sequelize.query<{ job_name: string; dispatched_at: Date | null; finished_at: Date | null }>(
    'SELECT job_name, dispatched_at, finished_at FROM job_outbox WHERE subject_id = :subjectId',
    { replacements: { subjectId }, type: 'SELECT' as never }
  );
}
