import type { z } from 'zod';
import { NODE_TYPES, nodeType } from './node-types';
import { pipelineFile } from './pipeline';

/** One problem in an export file, at its path as people read the file (`config.nodes[2].type`). */
export interface PipelineFileIssue {
  path: string;
  message: string;
}

/** `['config', 'nodes', 2, 'type']` → `config.nodes[2].type`: the path as people read the file. */
export function filePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, part) =>
      typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part),
    ''
  );
}

const issuesOf = (error: z.ZodError): PipelineFileIssue[] =>
  error.issues.map((i) => ({ path: filePath(i.path), message: i.message }));

/** Node types this studio does not know, read from the raw file so a broken file still shows them. */
function unknownTypes(input: unknown): PipelineFileIssue[] {
  const nodes = (input as { config?: { nodes?: unknown } } | null)?.config?.nodes;
  if (!Array.isArray(nodes)) return [];
  return nodes.flatMap((node: unknown, i) => {
    const type = (node as { type?: unknown } | null)?.type;
    if (typeof type !== 'string' || nodeType(type)) return [];
    return [
      {
        path: `config.nodes[${i}].type`,
        message: `Unknown node type "${type}"; known types are ${NODE_TYPES.map((t) => t.type).join(', ')}.`
      }
    ];
  });
}

/**
 * Everything wrong with an export file, structural problems and unknown node types side by side so
 * one round of fixes is enough. The server refuses an import with these; the import dialog shows
 * them as soon as a file is chosen.
 */
export function pipelineFileIssues(input: unknown): PipelineFileIssue[] {
  const result = pipelineFile.safeParse(input);
  const structural = result.success ? [] : issuesOf(result.error);
  const unknown = unknownTypes(input).filter((u) => !structural.some((s) => s.path === u.path));
  return [...structural, ...unknown];
}
