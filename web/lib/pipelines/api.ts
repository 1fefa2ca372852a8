import { allPages, api, ApiError } from '$lib/api/client';
import type { Reply } from '$lib/contracts';
import type { CreatePipelineBody, PipelineDto, PipelineVersionDto } from '../../../contracts/pipeline';

type Fetch = typeof fetch;

const enc = encodeURIComponent;

export interface ImportPipelineBody {
  datasetId: string;
  workspaceId?: string;
  /** The parsed export file, sent as is: the server reports what is wrong with it. */
  pipeline: unknown;
}

/** The REST endpoints of docs/API.md › Pipelines that the list page and the panels use. */
export const pipelines = {
  /** Pipelines of one workspace. */
  list: (workspaceId: string, fetcher?: Fetch) =>
    allPages<PipelineDto>(`/pipelines?workspaceId=${enc(workspaceId)}`, 'pipelines', fetcher),
  create: (body: CreatePipelineBody) =>
    api.post<Reply<'createPipeline'>>('/pipelines', body).then((r) => r.pipeline),
  remove: (id: string) => api.delete<Reply<'deletePipeline'>>(`/pipelines/${enc(id)}`),
  import: (body: ImportPipelineBody) =>
    api.post<Reply<'importPipeline'>>('/pipelines/import', body).then((r) => r.pipeline),

  versions: (id: string) => allPages<PipelineVersionDto>(`/pipelines/${enc(id)}/versions`, 'versions'),
  version: (id: string, version: number) =>
    api.get<Reply<'getVersion'>>(`/pipelines/${enc(id)}/versions/${version}`).then((r) => r.version),
  saveVersion: (id: string, message?: string) =>
    api
      .post<Reply<'saveVersion'>>(`/pipelines/${enc(id)}/versions`, message ? { message } : {})
      .then((r) => r.version),
  diff: (id: string, from: number, to: number | 'live') =>
    api.get<Reply<'diffPipeline'>>(`/pipelines/${enc(id)}/diff?from=${from}&to=${to}`),
  restore: (id: string, version: number) =>
    api.post<Reply<'restoreVersion'>>(`/pipelines/${enc(id)}/restore`, { version }).then((r) => r.pipeline)
};

/** The export file as a Blob, and the name the server suggests for it. */
export async function fetchExport(id: string): Promise<{ blob: Blob; fileName: string | null }> {
  let res: Response;
  try {
    res = await fetch(`/api/pipelines/${enc(id)}/export`, { credentials: 'same-origin' });
  } catch {
    throw new ApiError(
      0,
      'network_error',
      'Could not reach the server. Check your connection and try again.'
    );
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as {
      error?: { code?: string; message?: string };
    } | null;
    throw new ApiError(
      res.status,
      body?.error?.code ?? `http_${res.status}`,
      body?.error?.message ?? `The export failed (${res.status}).`
    );
  }
  return { blob: await res.blob(), fileName: fileNameFrom(res.headers.get('content-disposition')) };
}

function fileNameFrom(disposition: string | null): string | null {
  if (!disposition) return null;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // Fall through to the plain parameter.
    }
  }
  return /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? null;
}
