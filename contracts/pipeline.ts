import { z } from 'zod';
import { pageQuery } from './pagination';
import { PIPELINE_STATUSES } from './statuses';

const uuid = z.string().meta({ format: 'uuid' });
const timestamp = z.string().meta({ format: 'date-time' });

/**
 * The pipeline graph as REST and exports carry it (docs/API.md › Pipelines). The collaborative
 * document (contracts/doc-layout.ts) holds the same data; this is its plain-JSON projection.
 */

const id = z
  .string()
  .min(1, 'Ids must not be empty.')
  .max(100, 'Ids are at most 100 characters.')
  .regex(/^[A-Za-z0-9_.:-]+$/, 'Ids use letters, digits and _ . : - only.');

const finite = z.number().refine(Number.isFinite, 'Must be a finite number.');

export const pipelineNode = z
  .object({
    id,
    type: z.string().min(1).max(64),
    label: z.string().max(200).optional(),
    params: z.record(z.string(), z.unknown()).default({}),
    position: z.object({ x: finite, y: finite })
  })
  .meta({ id: 'PipelineNode' });
export type PipelineNode = z.infer<typeof pipelineNode>;

export const pipelineEdge = z
  .object({
    id,
    source: id,
    target: id,
    sourcePort: z.string().max(64).optional(),
    targetPort: z.string().max(64).optional()
  })
  .meta({ id: 'PipelineEdge' });
export type PipelineEdge = z.infer<typeof pipelineEdge>;

export const pipelineConfig = z
  .object({
    nodes: z.array(pipelineNode).max(500, 'A pipeline holds at most 500 nodes.'),
    edges: z.array(pipelineEdge).max(2000, 'A pipeline holds at most 2,000 edges.')
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.nodes.forEach((node, i) => {
      if (seen.has(node.id))
        ctx.addIssue({
          code: 'custom',
          path: ['nodes', i, 'id'],
          message: `Duplicate node id "${node.id}".`
        });
      seen.add(node.id);
    });
    const edgeIds = new Set<string>();
    config.edges.forEach((edge, i) => {
      if (edgeIds.has(edge.id))
        ctx.addIssue({
          code: 'custom',
          path: ['edges', i, 'id'],
          message: `Duplicate edge id "${edge.id}".`
        });
      edgeIds.add(edge.id);
    });
  })
  .meta({ id: 'PipelineConfig', description: 'Node and edge ids are unique within a config.' });
export type PipelineConfig = z.infer<typeof pipelineConfig>;

export const EMPTY_CONFIG: PipelineConfig = { nodes: [], edges: [] };

/** The name and description a pipeline's collaborative document carries beside its graph. */
export interface DocumentMeta {
  name?: string;
  description?: string | null;
}

export const pipelineDto = z
  .object({
    id: uuid,
    workspaceId: uuid,
    datasetId: uuid,
    name: z.string(),
    description: z.string().nullable(),
    status: z.enum(PIPELINE_STATUSES),
    version: z
      .number()
      .int()
      .meta({ description: 'The latest saved version number (versions run 1..version).' }),
    validatedAt: timestamp.nullable(),
    createdBy: uuid,
    createdAt: timestamp,
    updatedAt: timestamp,
    config: pipelineConfig.meta({ description: 'The live collaborative state.' })
  })
  .meta({ id: 'Pipeline' });
export type PipelineDto = z.infer<typeof pipelineDto>;

/** One problem found by DAG validation (contracts/validate-dag.ts lists the codes). */
export const validationErrorDto = z
  .object({
    nodeId: z.string().optional(),
    edgeId: z.string().optional(),
    code: z.string().meta({ example: 'missing_input' }),
    message: z.string(),
    nodeIds: z
      .array(z.string())
      .optional()
      .meta({ description: 'Every node involved when there are several (a cycle, conflicting targets).' }),
    param: z
      .string()
      .optional()
      .meta({ description: 'The parameter at fault, e.g. `columns` or `hidden_layer_sizes[1]`.' }),
    port: z.string().optional().meta({ description: 'The input or output port at fault.' })
  })
  .meta({ id: 'PipelineIssue' });
export type ValidationErrorDto = z.infer<typeof validationErrorDto>;

export const pipelineValidationDto = z
  .object({
    valid: z.boolean(),
    errors: z.array(validationErrorDto),
    warnings: z
      .array(validationErrorDto)
      .meta({ description: 'Worth knowing but not blocking (e.g. `schema_not_accepted`).' })
  })
  .meta({ id: 'PipelineValidation' });
export type PipelineValidationDto = z.infer<typeof pipelineValidationDto>;

/** Comment threads live in the document (doc.getMap('comments')); this is their JSON projection. */
export interface CommentMessage {
  authorId: string;
  authorName: string;
  text: string;
  at: string;
}

export interface CommentThread {
  id: string;
  nodeId: string | null;
  resolved: boolean;
  messages: CommentMessage[];
}

// ── Requests ───────────────────────────────────────────────────────────────────────────────

const pipelineName = z.string().trim().min(1, 'Enter a name.').max(200, 'Names are at most 200 characters.');
const pipelineDescription = z.string().trim().max(5000, 'Descriptions are at most 5,000 characters.');

export const createPipelineBody = z.object({
  name: pipelineName,
  datasetId: z.uuid({ message: 'Not a valid dataset id.' }),
  description: pipelineDescription.optional(),
  workspaceId: z.uuid({ message: 'Not a valid workspace id.' }).optional(),
  config: pipelineConfig.optional()
});
export type CreatePipelineBody = z.infer<typeof createPipelineBody>;

export const updatePipelineBody = z
  .object({ name: pipelineName.optional(), description: pipelineDescription.nullable().optional() })
  .refine((b) => b.name !== undefined || b.description !== undefined, 'Send a name or a description.');
export type UpdatePipelineBody = z.infer<typeof updatePipelineBody>;

export const replaceConfigBody = z.object({ config: pipelineConfig });

export const listPipelinesQuery = pageQuery.extend({
  workspaceId: z.uuid({ message: 'Not a valid workspace id.' }).optional(),
  datasetId: z.uuid({ message: 'Not a valid dataset id.' }).optional()
});

export const saveVersionBody = z.object({
  message: z.string().trim().max(1000, 'Messages are at most 1,000 characters.').optional()
});

/** Versions are a Postgres INTEGER: a larger number could never exist, and would overflow the query. */
export const MAX_VERSION = 2_147_483_647;
const versionNumber = z.coerce
  .number()
  .int('Versions are whole numbers.')
  .min(1, 'Versions start at 1.')
  .max(MAX_VERSION, 'No version is that large.');
export const restoreVersionBody = z.object({ version: versionNumber });
export const versionParam = versionNumber;

/** `to` (and `from`) may be `live`: the document as it is now. */
export const diffQuery = z.object({
  from: z.union([z.literal('live'), versionNumber]),
  to: z.union([z.literal('live'), versionNumber]).default('live')
});

export const importPipelineBody = z.object({
  datasetId: z.uuid({ message: 'Not a valid dataset id.' }),
  workspaceId: z.uuid({ message: 'Not a valid workspace id.' }).optional(),
  /** The export file's content; checked separately so its issues carry paths inside the file. */
  pipeline: z.unknown()
});

// ── Export file ────────────────────────────────────────────────────────────────────────────

export const PIPELINE_FILE_FORMAT = 'pipeweave.pipeline';
export const PIPELINE_FILE_VERSION = 1;

export const pipelineFile = z.object({
  format: z.literal(PIPELINE_FILE_FORMAT, { message: `Must be "${PIPELINE_FILE_FORMAT}".` }),
  formatVersion: z.literal(PIPELINE_FILE_VERSION, { message: 'This studio reads format version 1.' }),
  name: pipelineName,
  description: pipelineDescription.nullable().optional(),
  config: pipelineConfig
});
export type PipelineFile = z.infer<typeof pipelineFile>;

// ── Versions and diffs ─────────────────────────────────────────────────────────────────────

export const VERSION_STATUSES = ['draft', 'validated'] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];

export const pipelineVersionDto = z
  .object({
    id: uuid,
    pipelineId: uuid,
    version: z.number().int(),
    name: z.string().meta({ description: "The pipeline's name when the version was saved." }),
    message: z.string().nullable(),
    status: z.enum(VERSION_STATUSES),
    validation: pipelineValidationDto
      .nullable()
      .meta({ description: 'The validation run when the version was saved.' }),
    createdBy: uuid,
    createdByName: z.string().nullable(),
    createdAt: timestamp,
    config: pipelineConfig
      .optional()
      .meta({ description: 'On `GET …/versions/:n` and `POST …/versions`; left out of the list.' })
  })
  .meta({ id: 'PipelineVersion' });
export type PipelineVersionDto = z.infer<typeof pipelineVersionDto>;

/** A param's value on each side; a side without the key had the param unset. */
export const paramChangeDto = z.object({ from: z.unknown().optional(), to: z.unknown().optional() });
export type ParamChangeDto = z.infer<typeof paramChangeDto>;

export const NODE_FIELDS = ['type', 'label', 'position', 'params'] as const;
export type NodeField = (typeof NODE_FIELDS)[number];

export const nodeChangeDto = z
  .object({
    id: z.string(),
    type: z.string().meta({ description: "The node's type on the `to` side." }),
    label: z.string().optional(),
    fields: z.array(z.enum(NODE_FIELDS)),
    params: z.record(z.string(), paramChangeDto)
  })
  .meta({ id: 'NodeChange' });
export type NodeChangeDto = z.infer<typeof nodeChangeDto>;

const versionOrLive = z.union([z.number().int(), z.literal('live')]);

export const pipelineDiffDto = z
  .object({
    from: versionOrLive,
    to: versionOrLive,
    nodes: z.object({
      added: z.array(pipelineNode),
      removed: z.array(pipelineNode),
      changed: z.array(nodeChangeDto)
    }),
    edges: z
      .object({ added: z.array(pipelineEdge), removed: z.array(pipelineEdge) })
      .meta({ description: 'An edge whose ends or ports changed is removed (old) and added (new).' })
  })
  .meta({ id: 'PipelineDiff' });
export type PipelineDiffDto = z.infer<typeof pipelineDiffDto>;
