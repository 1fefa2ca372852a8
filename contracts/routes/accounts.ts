import { z } from 'zod';
import {
  addMemberBody,
  createWorkspaceBody,
  loginBody,
  memberDto,
  registerBody,
  renameWorkspaceBody,
  updateMemberBody,
  userDto,
  workspaceDto
} from '../api';
import { pageQuery } from '../pagination';
import { type ApiRoute, page } from './route';

const userReply = z.object({ user: userDto });
const memberReply = z.object({ member: memberDto });
const workspaceReply = z.object({ workspace: workspaceDto });

/** Sign-up, sign-in and workspaces. */
export const accountRoutes = {
  // ── Auth ────────────────────────────────────────────────────────────────────────────────
  register: {
    method: 'post',
    path: '/api/auth/register',
    tag: 'Auth',
    auth: 'none',
    status: 201,
    summary: 'Create an account and sign in',
    body: registerBody,
    response: userReply,
    errors: [409, 429]
  },
  login: {
    method: 'post',
    path: '/api/auth/login',
    tag: 'Auth',
    auth: 'none',
    status: 200,
    summary: 'Sign in',
    description: 'Five failures in a row lock the account for 15 minutes (423).',
    body: loginBody,
    response: userReply,
    errors: [401, 423, 429]
  },
  logout: {
    method: 'post',
    path: '/api/auth/logout',
    tag: 'Auth',
    auth: 'none',
    status: 204,
    summary: 'Sign out'
  },
  me: {
    method: 'get',
    path: '/api/auth/me',
    tag: 'Auth',
    auth: 'session',
    status: 200,
    summary: 'The signed-in user',
    response: userReply
  },

  // ── Workspaces ──────────────────────────────────────────────────────────────────────────
  listWorkspaces: {
    method: 'get',
    path: '/api/workspaces',
    tag: 'Workspaces',
    auth: 'session',
    status: 200,
    summary: "The caller's workspaces",
    query: pageQuery,
    response: z.object({ workspaces: z.array(workspaceDto), ...page })
  },
  createWorkspace: {
    method: 'post',
    path: '/api/workspaces',
    tag: 'Workspaces',
    auth: 'session',
    status: 201,
    summary: 'Create a team workspace',
    body: createWorkspaceBody,
    response: workspaceReply
  },
  getWorkspace: {
    method: 'get',
    path: '/api/workspaces/:id',
    tag: 'Workspaces',
    auth: 'session',
    status: 200,
    summary: 'A workspace and its first 500 members',
    response: z.object({
      workspace: workspaceDto,
      members: z.array(memberDto),
      membersNextCursor: z.string().nullable()
    })
  },
  renameWorkspace: {
    method: 'patch',
    path: '/api/workspaces/:id',
    tag: 'Workspaces',
    auth: 'session',
    status: 200,
    summary: 'Rename a workspace (owner)',
    body: renameWorkspaceBody,
    response: workspaceReply
  },
  listMembers: {
    method: 'get',
    path: '/api/workspaces/:id/members',
    tag: 'Workspaces',
    auth: 'session',
    status: 200,
    summary: 'Members in joining order',
    query: pageQuery,
    response: z.object({ members: z.array(memberDto), ...page })
  },
  addMember: {
    method: 'post',
    path: '/api/workspaces/:id/members',
    tag: 'Workspaces',
    auth: 'session',
    status: 201,
    summary: 'Add a member (owner)',
    body: addMemberBody,
    response: memberReply,
    errors: [409]
  },
  updateMember: {
    method: 'patch',
    path: '/api/workspaces/:id/members/:userId',
    tag: 'Workspaces',
    auth: 'session',
    status: 200,
    summary: "Change a member's role (owner)",
    body: updateMemberBody,
    response: memberReply
  },
  unlockMember: {
    method: 'post',
    path: '/api/workspaces/:id/members/:userId/unlock',
    tag: 'Workspaces',
    auth: 'session',
    status: 200,
    summary: "Lift a member's sign-in lock (owner or superuser)",
    response: memberReply
  },
  removeMember: {
    method: 'delete',
    path: '/api/workspaces/:id/members/:userId',
    tag: 'Workspaces',
    auth: 'session',
    status: 204,
    summary: 'Remove a member, or leave'
  }
} as const satisfies Record<string, ApiRoute>;
