/** A minimal HTTP client that keeps the session cookie, like a browser tab. */
export class ApiClient {
  cookie = '';

  constructor(readonly baseUrl: string) {}

  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {}
  ): Promise<{ status: number; body: T; text: string; headers: Headers }> {
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: {
        // Also without a body: state-changing requests must be JSON (see core/http/same-origin.ts).
        ...(body === undefined && (method === 'GET' || method === 'HEAD')
          ? {}
          : { 'content-type': 'application/json' }),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...headers
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
    });
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('pw.sid='));
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    const text = await res.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.status, body: parsed as T, text, headers: res.headers };
  }

  get<T = Record<string, unknown>>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = Record<string, unknown>>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body);
  }
  patch<T = Record<string, unknown>>(path: string, body?: unknown) {
    return this.request<T>('PATCH', path, body);
  }
  delete<T = Record<string, unknown>>(path: string) {
    return this.request<T>('DELETE', path);
  }
}

let counter = 0;

/** A unique email per call, so tests sharing one database never collide. */
export function uniqueEmail(tag = 'user'): string {
  return `${tag}.${Date.now().toString(36)}.${process.pid}.${counter++}@example.test`;
}

/** Registers a fresh user and returns a client signed in as them. */
export async function signedInClient(baseUrl: string, fullName = 'Test User') {
  const client = new ApiClient(baseUrl);
  const email = uniqueEmail(fullName.split(' ')[0]!.toLowerCase());
  const res = await client.post<{ user: { id: string; email: string } }>('/api/auth/register', {
    email,
    password: 'correct horse battery',
    fullName
  });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${res.text}`);
  return { client, user: res.body.user, email, password: 'correct horse battery' };
}
