import { z } from 'zod';
import type { PipelineStatus } from './statuses';

/**
 * The pipeline graph as REST and exports carry it (CONTRACT.md "Pipelines"). The collaborative
 * document (collab/doc-layout.ts) holds the same data; this is its plain-JSON projection.
 */

const id = z
  .string()
  .min(1, 'Ids must not be empty.')
  .max(100, 'Ids are at most 100 characters.')
  .regex(/^[A-Za-z0-9_.:-]+$/, 'Ids use letters, digits and _ . : - only.');

const finite = z.number().refine(Number.isFinite, 'Must be a finite number.');

export const pipelineNode = z.object({
  id,
  type: z.string().min(1).max(64),
  label: z.string().max(200).optional(),
  params: z.record(z.string(), z.unknown()).default({}),
  position: z.object({ x: finite, y: finite })
});
export type PipelineNode = z.infer<typeof pipelineNode>;

export const pipelineEdge = z.object({
  id,
  source: id,
  target: id,
  sourcePort: z.string().max(64).optional(),
  targetPort: z.string().max(64).optional()
});
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
  });
export type PipelineConfig = z.infer<typeof pipelineConfig>;

export const EMPTY_CONFIG: PipelineConfig = { nodes: [], edges: [] };

export interface PipelineDto {
  id: string;
  workspaceId: string;
  datasetId: string;
  name: string;
  description: string | null;
  status: PipelineStatus;
  /** The latest saved version number (versions run 1..version). */
  version: number;
  validatedAt: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** The live collaborative state. */
  config: PipelineConfig;
}

export interface ValidationErrorDto {
  nodeId?: string;
  edgeId?: string;
  code: string;
  message: string;
}

export interface PipelineValidationDto {
  valid: boolean;
  errors: ValidationErrorDto[];
}

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
