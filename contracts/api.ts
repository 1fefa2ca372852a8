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

// ── Datasets ────────────────────────────────────────────────────────────────────────────────

export const sha256Hex = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[0-9a-f]{64}$/, 'Must be a hex SHA-256 digest.');

export const createDatasetBody = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(5000).optional(),
  fileName: z.string().trim().min(1).max(255),
  fileSize: z.number().int().positive('The file is empty.'),
  contentType: z.string().trim().max(120).optional(),
  sha256: sha256Hex.optional(),
  workspaceId: z.uuid().optional()
});
export type CreateDatasetBody = z.infer<typeof createDatasetBody>;

export interface ValidationIssueDto {
  code: string;
  message: string;
  line?: number;
  column?: string | number;
}

export interface DatasetDto {
  id: string;
  workspaceId: string;
  userId: string;
  name: string;
  description: string | null;
  status: import('./statuses').DatasetStatus;
  fileSizeBytes: number;
  fileHashSha256: string | null;
  contentType: string;
  numRows: number | null;
  numColumns: number | null;
  columnNames: string[] | null;
  /** Blocking problems (status failed) and, on validated datasets, non-blocking warnings. */
  validationErrors: ValidationIssueDto[] | null;
  hasProcessedCopy: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface UploadTicket {
  url: string;
  method: 'PUT';
  headers: Record<string, string>;
  expiresAt: string;
}

export interface DatasetPreviewDto {
  columns: Array<{ name: string; type: string }>;
  /** One object per row keyed by column name; values typed (numbers, booleans, ISO strings, null). */
  rows: Array<Record<string, unknown>>;
}

// ── Schema deduction ────────────────────────────────────────────────────────────────────────

export const COLUMN_TYPES = ['integer', 'float', 'boolean', 'datetime', 'categorical', 'text', 'id'] as const;
export const COLUMN_ROLES = ['feature', 'target', 'id', 'ignore'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];
export type ColumnRole = (typeof COLUMN_ROLES)[number];

export const schemaColumn = z.object({
  name: z.string().min(1),
  type: z.enum(COLUMN_TYPES),
  nullable: z.boolean(),
  format: z.string().min(1).max(100).optional(),
  role: z.enum(COLUMN_ROLES).optional()
});
export const proposedSchema = z.object({ columns: z.array(schemaColumn).min(1) });
export type ProposedSchema = z.infer<typeof proposedSchema>;

export const acceptDeductionBody = z.object({ proposedSchema: proposedSchema.optional() });
export const rejectDeductionBody = z.object({ reason: z.string().trim().min(1, 'Say why.').max(2000) });

export interface ColumnMetadataDto {
  confidence: number;
  sampleValues: unknown[];
  reason: string;
  /** Set when a user changed the deduced column on accept: what was proposed before. */
  overridden?: { type: ColumnType; role?: ColumnRole; format?: string };
}

export interface SchemaDeductionDto {
  id: string;
  datasetId: string;
  status: import('./statuses').SchemaDeductionStatus;
  confidenceScore: number;
  agentVersion: string;
  proposedSchema: ProposedSchema;
  columnMetadata: Record<string, ColumnMetadataDto>;
  rejectionReason: string | null;
  createdAt: string;
  updatedAt: string;
}

// ── EDA ─────────────────────────────────────────────────────────────────────────────────────

/** One chart of a report: a Vega-Lite spec with its data inline. */
export interface EdaChartDto {
  id: string;
  title: string;
  spec: unknown;
  /** Drawn from the first `sampleRows` rows while the report runs; the exact chart replaces it by id. */
  sampled?: boolean;
  sampleRows?: number;
}

export interface EdaReportDto {
  id: string;
  datasetId: string;
  status: import('./statuses').EdaStatus;
  progressPercentage: number;
  currentStep: string | null;
  summary: Record<string, unknown>;
  /** Inlined wherever it is stored (Postgres below 1 MB, else the blob store); null until completed. */
  fullReport: Record<string, unknown> | null;
  /** Only while running: the charts drawn so far; later ones arrive as `eda:chart` events. */
  charts?: EdaChartDto[];
  reportVersion: string;
  generationTimeSeconds: number | null;
  storageLocation: import('./statuses').EdaStorageLocation | null;
  errorMessage: string | null;
  createdAt: string;
}
