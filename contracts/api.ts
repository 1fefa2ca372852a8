import { z } from 'zod';
import { WORKSPACE_ROLES, type WorkspaceRole } from './statuses';

/**
 * REST shapes shared by the server (request parsing) and the browser (typed client).
 * Requests are zod schemas; responses are plain types. Fields are camelCase per CONTRACT.md.
 */

export const email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'Enter a valid email address.' }))
  .pipe(z.string().max(320));

export const registerBody = z.object({
  email,
  password: z
    .string()
    .min(8, 'Password must be at least 8 characters.')
    .max(200, 'Password must be at most 200 characters.'),
  fullName: z.string().trim().min(1, 'Enter your name.').max(200)
});
export type RegisterBody = z.infer<typeof registerBody>;

export const loginBody = z.object({ email, password: z.string().min(1).max(200) });
export type LoginBody = z.infer<typeof loginBody>;

export const createWorkspaceBody = z.object({ name: z.string().trim().min(1).max(120) });
export const renameWorkspaceBody = createWorkspaceBody;
export const addMemberBody = z.object({
  email,
  role: z.enum(['editor', 'viewer'])
});
export const updateMemberBody = z.object({ role: z.enum(['editor', 'viewer']) });

export const uuidParam = z.uuid({ message: 'Not a valid id.' });

export interface UserDto {
  id: string;
  email: string;
  fullName: string;
  isSuperuser: boolean;
  createdAt: string;
}

export interface WorkspaceDto {
  id: string;
  name: string;
  isPersonal: boolean;
  ownerId: string;
  /** The caller's role in this workspace. */
  role: WorkspaceRole;
  memberCount: number;
  createdAt: string;
}

export interface MemberDto {
  userId: string;
  email: string;
  fullName: string;
  role: WorkspaceRole;
  joinedAt: string;
}

export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export const ROLES = WORKSPACE_ROLES;
