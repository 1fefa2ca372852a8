import type { UserDto, WorkspaceDto } from '$lib/contracts';
import { ApiError, auth, workspaces as workspacesApi } from '$lib/api/client';

type Fetch = typeof fetch;

/**
 * The signed-in user and their workspaces, shared by every page. Loaded once per visit by the
 * routes' load functions; mutations call `refresh*()` so the sidebar and pages stay in step.
 */
class Session {
  user = $state<UserDto | null>(null);
  workspaces = $state<WorkspaceDto[]>([]);
  loaded = $state(false);

  #pending: Promise<UserDto | null> | null = null;

  /** Loads user + workspaces once; resolves to the user, or null when signed out. */
  load(fetcher?: Fetch): Promise<UserDto | null> {
    if (this.loaded) return Promise.resolve(this.user);
    this.#pending ??= this.#fetch(fetcher).finally(() => (this.#pending = null));
    return this.#pending;
  }

  /** Re-fetches everything (e.g. after signing in). */
  refresh(fetcher?: Fetch): Promise<UserDto | null> {
    this.loaded = false;
    this.#pending = null;
    return this.load(fetcher);
  }

  async refreshWorkspaces(fetcher?: Fetch): Promise<WorkspaceDto[]> {
    this.workspaces = await workspacesApi.list(fetcher);
    return this.workspaces;
  }

  /** Signed in: remember the user without waiting for the next load. */
  signedIn(user: UserDto): void {
    this.user = user;
    this.workspaces = [];
    this.loaded = false;
  }

  clear(): void {
    this.user = null;
    this.workspaces = [];
    this.loaded = false;
    this.#pending = null;
  }

  workspace(id: string): WorkspaceDto | undefined {
    return this.workspaces.find((w) => w.id === id);
  }

  get personal(): WorkspaceDto | undefined {
    return (
      this.workspaces.find((w) => w.isPersonal && w.ownerId === this.user?.id) ??
      this.workspaces.find((w) => w.isPersonal)
    );
  }

  async #fetch(fetcher?: Fetch): Promise<UserDto | null> {
    try {
      const user = await auth.me(fetcher);
      const list = await workspacesApi.list(fetcher);
      this.user = user;
      this.workspaces = list;
      this.loaded = true;
      return user;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        this.clear();
        this.loaded = true;
        return null;
      }
      throw err;
    }
  }
}

export const session = new Session();

const LAST_WORKSPACE_KEY = 'pipeweave.workspace';

/** The last workspace the user opened in this browser (localStorage `pipeweave.workspace`). */
export const lastWorkspace = {
  get(): string | null {
    try {
      return localStorage.getItem(LAST_WORKSPACE_KEY);
    } catch {
      return null;
    }
  },
  set(id: string): void {
    try {
      localStorage.setItem(LAST_WORKSPACE_KEY, id);
    } catch {
      /* storage may be disabled; remembering is best effort */
    }
  },
  forget(id?: string): void {
    try {
      if (!id || localStorage.getItem(LAST_WORKSPACE_KEY) === id) localStorage.removeItem(LAST_WORKSPACE_KEY);
    } catch {
      /* ignore */
    }
  }
};

/** Where `/` should land: last used workspace if still visible, else the personal one, else the first. */
export function homeWorkspaceId(): string | undefined {
  const last = lastWorkspace.get();
  if (last && session.workspace(last)) return last;
  return (session.personal ?? session.workspaces[0])?.id;
}
