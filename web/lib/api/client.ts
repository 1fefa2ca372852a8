import type {
  ApiErrorBody,
  CreateDatasetBody,
  ReadOptions,
  DatasetDto,
  MemberDto,
  ProposedSchema,
  Reply,
  SchemaDeductionDto,
  UploadTicket,
  WorkspaceDto,
  WorkspaceRole
} from '$lib/contracts';
import { PAGE_LIMIT_MAX } from '$lib/contracts';

/** One `{path, message}` entry of a 400 `invalid_input` error. */
export interface ApiIssue {
  path: string;
  message: string;
}

/** Any failed API call: the contract's `{error:{code,message,details}}` plus the HTTP status (0 = network). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Field issues of an `invalid_input` error (empty otherwise). */
  get issues(): ApiIssue[] {
    const issues = (this.details as { issues?: unknown } | undefined)?.issues;
    if (!Array.isArray(issues)) return [];
    return issues
      .filter((i): i is { path: unknown; message: string } => typeof i?.message === 'string')
      .map((i) => ({
        path: Array.isArray(i.path) ? i.path.join('.') : String(i.path ?? ''),
        message: i.message
      }));
  }
}

type Fetch = typeof fetch;

/** The contract's `details.datasetId` of a `duplicate_dataset` conflict, when present. */
export function duplicateDatasetId(err: unknown): string | undefined {
  if (!(err instanceof ApiError) || err.code !== 'duplicate_dataset') return undefined;
  const id = (err.details as { datasetId?: unknown } | undefined)?.datasetId;
  return typeof id === 'string' ? id : undefined;
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  const error = (value as ApiErrorBody | null)?.error;
  return typeof error?.code === 'string' && typeof error.message === 'string';
}

async function request<T>(method: string, path: string, body?: unknown, fetcher: Fetch = fetch): Promise<T> {
  let res: Response;
  try {
    res = await fetcher(`/api${path}`, {
      method,
      credentials: 'same-origin',
      headers:
        body === undefined
          ? { accept: 'application/json' }
          : { 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body)
    });
  } catch {
    throw new ApiError(
      0,
      'network_error',
      'Could not reach the server. Check your connection and try again.'
    );
  }

  const text = res.status === 204 ? '' : await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }

  if (!res.ok) {
    if (isErrorBody(data))
      throw new ApiError(res.status, data.error.code, data.error.message, data.error.details);
    throw new ApiError(
      res.status,
      `http_${res.status}`,
      `The server answered with an unexpected error (${res.status}).`
    );
  }
  return data as T;
}

/** Low-level verbs; `path` is relative to `/api`, e.g. `api.get('/workspaces')`. */
export const api = {
  get: <T>(path: string, fetcher?: Fetch) => request<T>('GET', path, undefined, fetcher),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, body ?? {}),
  delete: <T = void>(path: string) => request<T>('DELETE', path)
};

const enc = encodeURIComponent;

/** Pages a list is followed for at most (× the server's 500 rows each) before the rest is left off. */
const MAX_PAGES = 40;

/**
 * Every item of a paginated list: follows `nextCursor` page by page (500 rows each). `path` may carry
 * its own query (filters); `key` is where the list sits in each answer, e.g. `datasets`.
 */
export async function allPages<T>(path: string, key: string, fetcher?: Fetch): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const sep = path.includes('?') ? '&' : '?';
    const url = `${path}${sep}limit=${PAGE_LIMIT_MAX}${cursor ? `&cursor=${enc(cursor)}` : ''}`;
    const body: Record<string, unknown> = await api.get(url, fetcher);
    items.push(...((body[key] as T[] | undefined) ?? []));
    cursor = typeof body.nextCursor === 'string' ? body.nextCursor : null;
    if (!cursor) break;
  }
  return items;
}

export const auth = {
  me: (fetcher?: Fetch) => api.get<Reply<'me'>>('/auth/me', fetcher).then((r) => r.user),
  login: (email: string, password: string) =>
    api.post<Reply<'login'>>('/auth/login', { email, password }).then((r) => r.user),
  register: (email: string, password: string, fullName: string) =>
    api.post<Reply<'register'>>('/auth/register', { email, password, fullName }).then((r) => r.user),
  logout: () => api.post<Reply<'logout'>>('/auth/logout')
};

export type MemberRole = Exclude<WorkspaceRole, 'owner'>;

export const workspaces = {
  list: (fetcher?: Fetch) => allPages<WorkspaceDto>('/workspaces', 'workspaces', fetcher),
  create: (name: string) =>
    api.post<Reply<'createWorkspace'>>('/workspaces', { name }).then((r) => r.workspace),
  get: (id: string, fetcher?: Fetch) => api.get<Reply<'getWorkspace'>>(`/workspaces/${enc(id)}`, fetcher),
  /** Every member, in the order they joined. */
  members: (id: string, fetcher?: Fetch) =>
    allPages<MemberDto>(`/workspaces/${enc(id)}/members`, 'members', fetcher),
  rename: (id: string, name: string) =>
    api.patch<Reply<'renameWorkspace'>>(`/workspaces/${enc(id)}`, { name }).then((r) => r.workspace),
  addMember: (id: string, email: string, role: MemberRole) =>
    api.post<Reply<'addMember'>>(`/workspaces/${enc(id)}/members`, { email, role }).then((r) => r.member),
  updateMember: (id: string, userId: string, role: MemberRole) =>
    api
      .patch<Reply<'updateMember'>>(`/workspaces/${enc(id)}/members/${enc(userId)}`, { role })
      .then((r) => r.member),
  unlockMember: (id: string, userId: string) =>
    api
      .post<Reply<'unlockMember'>>(`/workspaces/${enc(id)}/members/${enc(userId)}/unlock`, {})
      .then((r) => r.member),
  removeMember: (id: string, userId: string) =>
    api.delete<Reply<'removeMember'>>(`/workspaces/${enc(id)}/members/${enc(userId)}`)
};

export const datasets = {
  /** Datasets of one workspace, newest first. */
  list: (workspaceId: string, fetcher?: Fetch) =>
    allPages<DatasetDto>(`/datasets?workspaceId=${enc(workspaceId)}`, 'datasets', fetcher),
  get: (id: string, fetcher?: Fetch) =>
    api.get<Reply<'getDataset'>>(`/datasets/${enc(id)}`, fetcher).then((r) => r.dataset),
  /** Creates the row (status `uploading`) and returns where to PUT the bytes; see `uploadFile`. */
  create: (body: CreateDatasetBody) => api.post<Reply<'createDataset'>>('/datasets', body),
  /** Tells the server the bytes are in place; validation starts (202). */
  complete: (id: string) =>
    api.post<Reply<'completeDataset'>>(`/datasets/${enc(id)}/complete`).then((r) => r.dataset),
  preview: (id: string, limit = 50, fetcher?: Fetch) =>
    api.get<Reply<'previewDataset'>>(`/datasets/${enc(id)}/preview?limit=${limit}`, fetcher),
  remove: (id: string) => api.delete<Reply<'deleteDataset'>>(`/datasets/${enc(id)}`),
  /** Validates again from the stored bytes: read as `read` says, or as last time (a retry). */
  revalidate: (id: string, read?: ReadOptions) =>
    api
      .post<Reply<'revalidateDataset'>>(`/datasets/${enc(id)}/revalidate`, read ? { read } : {})
      .then((r) => r.dataset)
};

export const schema = {
  /** The dataset's latest deduction, or null while none has been proposed yet (404 `schema_not_found`). */
  latest: (datasetId: string, fetcher?: Fetch) =>
    api
      .get<Reply<'latestSchema'>>(`/datasets/${enc(datasetId)}/schema`, fetcher)
      .then((r) => r.deduction)
      .catch((err: unknown) => {
        if (err instanceof ApiError && err.status === 404 && err.code === 'schema_not_found') return null;
        throw err;
      }),
  /** Every deduction of the dataset, newest first. */
  history: (datasetId: string, fetcher?: Fetch) =>
    allPages<SchemaDeductionDto>(`/datasets/${enc(datasetId)}/schema/history`, 'deductions', fetcher),
  /** Queues a new deduction (202); the proposal arrives later as `schema:proposed` on `dataset:<id>`. */
  deduce: (datasetId: string) => api.post<Reply<'deduceSchema'>>(`/datasets/${enc(datasetId)}/schema/deduce`),
  /** Accepts as proposed, or with the user's edits (the full schema, every column once). */
  accept: (deductionId: string, proposedSchema?: ProposedSchema) =>
    api
      .post<Reply<'acceptDeduction'>>(
        `/schema-deductions/${enc(deductionId)}/accept`,
        proposedSchema ? { proposedSchema } : undefined
      )
      .then((r) => r.deduction),
  reject: (deductionId: string, reason: string) =>
    api
      .post<Reply<'rejectDeduction'>>(`/schema-deductions/${enc(deductionId)}/reject`, { reason })
      .then((r) => r.deduction)
};

export interface UploadProgress {
  loaded: number;
  total: number;
}

export interface UploadOptions {
  onProgress?: (progress: UploadProgress) => void;
  /** Aborting rejects with a DOMException named `AbortError` (see `isAbortError`). */
  signal?: AbortSignal;
}

/** Headers a page may not set on XHR (the browser computes them); a ticket may still list them. */
const FORBIDDEN_HEADERS = new Set(['content-length', 'host', 'connection', 'expect', 'transfer-encoding']);

/** True for the rejection of a cancelled upload (or any aborted fetch). */
export function isAbortError(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}

/**
 * PUTs `file` to an upload ticket with exactly its headers (including `If-None-Match: *`, which makes
 * the link create-only: a second PUT rejects with code `already_uploaded`). XMLHttpRequest rather than fetch so upload
 * progress can drive a real progress bar. Resolves on 2xx; otherwise rejects with an ApiError carrying
 * the contract's error when the answer is one (the local store), or a generic message (S3 answers XML).
 */
export function uploadFile(ticket: UploadTicket, file: Blob, options: UploadOptions = {}): Promise<void> {
  const { onProgress, signal } = options;
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new DOMException('Upload cancelled.', 'AbortError'));
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open(ticket.method, ticket.url);
    for (const [name, value] of Object.entries(ticket.headers)) {
      if (!FORBIDDEN_HEADERS.has(name.toLowerCase())) xhr.setRequestHeader(name, value);
    }

    const onAbort = () => xhr.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => signal?.removeEventListener('abort', onAbort);

    xhr.upload.onprogress = (event) => {
      onProgress?.({ loaded: event.loaded, total: event.lengthComputable ? event.total : file.size });
    };
    xhr.onload = () => {
      done();
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress?.({ loaded: file.size, total: file.size });
        resolve();
      } else reject(uploadError(xhr));
    };
    xhr.onerror = () => {
      done();
      reject(
        new ApiError(0, 'network_error', 'The upload was interrupted. Check your connection and try again.')
      );
    };
    xhr.ontimeout = xhr.onerror;
    xhr.onabort = () => {
      done();
      reject(new DOMException('Upload cancelled.', 'AbortError'));
    };
    xhr.send(file);
  });
}

function uploadError(xhr: XMLHttpRequest): ApiError {
  let data: unknown;
  try {
    data = JSON.parse(xhr.responseText);
  } catch {
    data = undefined;
  }
  if (isErrorBody(data))
    return new ApiError(xhr.status, data.error.code, data.error.message, data.error.details);
  // An S3-compatible store answers in XML (AccessDenied, RequestTimeTooSkewed, EntityTooLarge …).
  // 412 is its PreconditionFailed: the upload link's If-None-Match found the file already stored.
  if (xhr.status === 412)
    return new ApiError(412, 'already_uploaded', 'This file was already uploaded with this link.');
  const message =
    xhr.status === 413
      ? 'The storage service refused the file because it is too large.'
      : xhr.status === 403
        ? 'The storage service refused the upload; the upload link may have expired. Try again.'
        : `The storage service could not store the file (${xhr.status}). Try again in a moment.`;
  return new ApiError(xhr.status, xhr.status === 413 ? 'payload_too_large' : 'upload_failed', message);
}
