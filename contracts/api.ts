import { z } from 'zod';
import {
  DATASET_STATUSES,
  EDA_STATUSES,
  EDA_STORAGE_LOCATIONS,
  SCHEMA_DEDUCTION_STATUSES,
  WORKSPACE_ROLES
} from './statuses';

/**
 * REST shapes shared by the server (request parsing, typed answers), the browser (typed client) and
 * the OpenAPI document (server/openapi.ts). Requests and responses are zod schemas; a schema with a
 * `meta({id})` becomes a named component of the document. Fields are camelCase (docs/API.md).
 */

/** An ISO-8601 timestamp as the API writes it (`Date.toISOString()`). */
export const timestamp = z.string().meta({ format: 'date-time', example: '2026-12-03T14:00:00.000Z' });

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

const id = z.string().meta({ format: 'uuid' });

export const userDto = z
  .object({ id, email: z.string(), fullName: z.string(), isSuperuser: z.boolean(), createdAt: timestamp })
  .meta({ id: 'User', description: 'A user as the API shows them: never a password hash.' });
export type UserDto = z.infer<typeof userDto>;

export const workspaceDto = z
  .object({
    id,
    name: z.string(),
    isPersonal: z.boolean(),
    ownerId: id,
    role: z.enum(WORKSPACE_ROLES).meta({ description: "The caller's role in this workspace." }),
    memberCount: z.number().int(),
    createdAt: timestamp
  })
  .meta({ id: 'Workspace' });
export type WorkspaceDto = z.infer<typeof workspaceDto>;

export const memberDto = z
  .object({
    userId: id,
    email: z.string(),
    fullName: z.string(),
    role: z.enum(WORKSPACE_ROLES),
    joinedAt: timestamp,
    locked: z
      .boolean()
      .meta({ description: 'Sign-in is locked after repeated wrong passwords; the owner may unlock.' })
  })
  .meta({ id: 'Member' });
export type MemberDto = z.infer<typeof memberDto>;

/** Every error answer, whatever the status (docs/API.md › Errors). */
export const apiErrorBody = z
  .object({
    error: z.object({
      code: z
        .string()
        .meta({ description: 'snake_case, stable: clients branch on it.', example: 'not_found' }),
      message: z.string().meta({ description: 'A sentence for people.' }),
      details: z
        .unknown()
        .optional()
        .meta({ description: 'Per code, e.g. `issues: [{path, message}]` on `invalid_input`.' })
    })
  })
  .meta({ id: 'Error' });
export type ApiErrorBody = z.infer<typeof apiErrorBody>;

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

/** How to read a CSV's first lines, when the file does not start with its header. */
export const readOptions = z
  .object({
    skipLines: z
      .number()
      .int()
      .min(0)
      .max(100)
      .meta({ description: 'File lines before the header (or, without one, before the data).' }),
    header: z
      .boolean()
      .nullable()
      .meta({ description: 'Whether the first line read is the header; null lets the validator decide.' })
  })
  .meta({ id: 'ReadOptions' });
export type ReadOptions = z.infer<typeof readOptions>;

export const revalidateDatasetBody = z.object({ read: readOptions.optional() });
export type RevalidateDatasetBody = z.infer<typeof revalidateDatasetBody>;

export const validationIssueDto = z
  .object({
    code: z.string(),
    message: z.string(),
    line: z.number().int().optional(),
    column: z.union([z.string(), z.number()]).optional(),
    count: z
      .number()
      .int()
      .optional()
      .meta({ description: 'Lines sharing this problem (grouped); `line` is the first of them.' }),
    read: readOptions.optional().meta({
      description:
        'On `leading_lines` and `header_looks_like_data`: the reading the validator suggests. On `read_options`: the one used.'
    })
  })
  .meta({ id: 'DatasetIssue' });
export type ValidationIssueDto = z.infer<typeof validationIssueDto>;

export const datasetDto = z
  .object({
    id,
    workspaceId: id,
    userId: id,
    name: z.string(),
    description: z.string().nullable(),
    status: z.enum(DATASET_STATUSES),
    fileSizeBytes: z.number().int(),
    fileHashSha256: z.string().nullable(),
    contentType: z.string(),
    numRows: z.number().int().nullable(),
    numColumns: z.number().int().nullable(),
    columnNames: z.array(z.string()).nullable(),
    validationErrors: z.array(validationIssueDto).nullable().meta({
      description: 'Blocking problems (status failed) and, on validated datasets, non-blocking warnings.'
    }),
    hasProcessedCopy: z.boolean(),
    createdAt: timestamp,
    updatedAt: timestamp
  })
  .meta({ id: 'Dataset' });
export type DatasetDto = z.infer<typeof datasetDto>;

export const uploadTicket = z
  .object({
    url: z.string(),
    method: z.literal('PUT'),
    headers: z.record(z.string(), z.string()).meta({ description: 'Send every one as given.' }),
    expiresAt: timestamp
  })
  .meta({ id: 'UploadTicket', description: 'Where and how to PUT the raw bytes of a new dataset.' });
export type UploadTicket = z.infer<typeof uploadTicket>;

export const datasetPreviewDto = z
  .object({
    columns: z.array(z.object({ name: z.string(), type: z.string().meta({ example: 'BIGINT' }) })),
    rows: z.array(z.record(z.string(), z.unknown())).meta({
      description:
        'One object per row keyed by column name; values typed (numbers, booleans, ISO strings, null).'
    })
  })
  .meta({ id: 'DatasetPreview' });
export type DatasetPreviewDto = z.infer<typeof datasetPreviewDto>;

// ── Schema deduction ────────────────────────────────────────────────────────────────────────

export const COLUMN_TYPES = ['integer', 'float', 'boolean', 'datetime', 'categorical', 'text', 'id'] as const;
export const COLUMN_ROLES = ['feature', 'target', 'id', 'ignore'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];
export type ColumnRole = (typeof COLUMN_ROLES)[number];

export const schemaColumn = z
  .object({
    name: z.string().min(1),
    type: z.enum(COLUMN_TYPES),
    nullable: z.boolean(),
    format: z.string().min(1).max(100).optional(),
    role: z.enum(COLUMN_ROLES).optional()
  })
  .meta({ id: 'SchemaColumn' });
export const proposedSchema = z
  .object({ columns: z.array(schemaColumn).min(1) })
  .meta({ id: 'ProposedSchema' });
export type ProposedSchema = z.infer<typeof proposedSchema>;

export const acceptDeductionBody = z.object({ proposedSchema: proposedSchema.optional() });
export const rejectDeductionBody = z.object({ reason: z.string().trim().min(1, 'Say why.').max(2000) });

export const columnMetadataDto = z
  .object({
    confidence: z.number(),
    sampleValues: z.array(z.unknown()),
    reason: z.string(),
    overridden: z
      .object({
        type: z.enum(COLUMN_TYPES),
        role: z.enum(COLUMN_ROLES).optional(),
        format: z.string().optional()
      })
      .optional()
      .meta({
        description: 'Set when a user changed the deduced column on accept: what was proposed before.'
      })
  })
  .meta({ id: 'ColumnMetadata' });
export type ColumnMetadataDto = z.infer<typeof columnMetadataDto>;

export const schemaDeductionDto = z
  .object({
    id,
    datasetId: id,
    status: z.enum(SCHEMA_DEDUCTION_STATUSES),
    confidenceScore: z.number(),
    agentVersion: z.string().meta({ example: 'heuristic-1' }),
    proposedSchema,
    columnMetadata: z.record(z.string(), columnMetadataDto),
    rejectionReason: z.string().nullable(),
    createdAt: timestamp,
    updatedAt: timestamp
  })
  .meta({ id: 'SchemaDeduction' });
export type SchemaDeductionDto = z.infer<typeof schemaDeductionDto>;

// ── EDA ─────────────────────────────────────────────────────────────────────────────────────

export const edaChartDto = z
  .object({
    id: z.string().meta({ example: 'histogram:age' }),
    title: z.string(),
    spec: z.unknown().meta({ description: 'A Vega-Lite v6 spec with its data inline.' }),
    sampled: z.boolean().optional().meta({
      description:
        'Drawn from the first `sampleRows` rows while the report runs; the exact chart replaces it by id.'
    }),
    sampleRows: z.number().int().optional()
  })
  .meta({ id: 'EdaChart' });
export type EdaChartDto = z.infer<typeof edaChartDto>;

export const edaReportDto = z
  .object({
    id,
    datasetId: id,
    status: z.enum(EDA_STATUSES),
    progressPercentage: z.number(),
    currentStep: z.string().nullable(),
    summary: z.record(z.string(), z.unknown()),
    fullReport: z.record(z.string(), z.unknown()).nullable().meta({
      description:
        'Inlined wherever it is stored (Postgres below 1 MB, else the blob store); null until completed.'
    }),
    charts: z.array(edaChartDto).optional().meta({
      description: 'Only while running: the charts drawn so far; later ones arrive as `eda:chart` events.'
    }),
    reportVersion: z.string(),
    generationTimeSeconds: z.number().nullable(),
    storageLocation: z.enum(EDA_STORAGE_LOCATIONS).nullable(),
    errorMessage: z.string().nullable(),
    stale: z
      .boolean()
      .optional()
      .meta({
        description:
          "A completed report made before the dataset's accepted schema changed: it does not follow " +
          "that schema's types and roles until it is run again."
      }),
    createdAt: timestamp
  })
  .meta({ id: 'EdaReport' });
export type EdaReportDto = z.infer<typeof edaReportDto>;
