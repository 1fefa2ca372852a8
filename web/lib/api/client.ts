import type { ApiErrorBody, MemberDto, UserDto, WorkspaceDto, WorkspaceRole } from '$lib/contracts';

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

export const auth = {
  me: (fetcher?: Fetch) => api.get<{ user: UserDto }>('/auth/me', fetcher).then((r) => r.user),
  login: (email: string, password: string) =>
    api.post<{ user: UserDto }>('/auth/login', { email, password }).then((r) => r.user),
  register: (email: string, password: string, fullName: string) =>
    api.post<{ user: UserDto }>('/auth/register', { email, password, fullName }).then((r) => r.user),
  logout: () => api.post<void>('/auth/logout')
};

export type MemberRole = Exclude<WorkspaceRole, 'owner'>;

export const workspaces = {
  list: (fetcher?: Fetch) =>
    api.get<{ workspaces: WorkspaceDto[] }>('/workspaces', fetcher).then((r) => r.workspaces),
  create: (name: string) =>
    api.post<{ workspace: WorkspaceDto }>('/workspaces', { name }).then((r) => r.workspace),
  get: (id: string, fetcher?: Fetch) =>
    api.get<{ workspace: WorkspaceDto; members: MemberDto[] }>(`/workspaces/${enc(id)}`, fetcher),
  rename: (id: string, name: string) =>
    api.patch<{ workspace: WorkspaceDto }>(`/workspaces/${enc(id)}`, { name }).then((r) => r.workspace),
  addMember: (id: string, email: string, role: MemberRole) =>
    api.post<{ member: MemberDto }>(`/workspaces/${enc(id)}/members`, { email, role }).then((r) => r.member),
  updateMember: (id: string, userId: string, role: MemberRole) =>
    api
      .patch<{ member: MemberDto }>(`/workspaces/${enc(id)}/members/${enc(userId)}`, { role })
      .then((r) => r.member),
  removeMember: (id: string, userId: string) => api.delete(`/workspaces/${enc(id)}/members/${enc(userId)}`)
};
