import { createContext } from 'svelte';
import type { UserDto, WorkspaceDto } from '$lib/contracts';

/** What the /w/[workspaceId] shell hands its pages. Getters, so reads stay reactive. */
export interface WorkspaceContext {
  readonly workspace: WorkspaceDto;
  readonly user: UserDto;
}

export const [getWorkspaceContext, setWorkspaceContext] = createContext<WorkspaceContext>();

/** Section links of the shell, in order. `path` is relative to /w/<id>. */
export const SECTIONS = [
  { label: 'Overview', path: '', icon: 'overview' },
  { label: 'Datasets', path: '/datasets', icon: 'datasets' },
  { label: 'Pipelines', path: '/pipelines', icon: 'pipelines' },
  { label: 'Jobs', path: '/jobs', icon: 'jobs' },
  { label: 'Models', path: '/models', icon: 'models' },
  { label: 'Members', path: '/members', icon: 'members' }
] as const;
