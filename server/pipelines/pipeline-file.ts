import type { z } from 'zod';
import { NODE_TYPES, nodeType } from '../../contracts/node-types';
import {
  PIPELINE_FILE_FORMAT,
  PIPELINE_FILE_VERSION,
  pipelineFile,
  type PipelineConfig,
  type PipelineFile
} from '../../contracts/pipeline';
import { InvalidInput } from '../../contracts/errors';

/** `['config', 'nodes', 2, 'type']` → `config.nodes[2].type`: the path as people read the file. */
export function filePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, part) =>
      typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part),
    ''
  );
}

const issuesOf = (error: z.ZodError) =>
  error.issues.map((i) => ({ path: filePath(i.path), message: i.message }));

/**
 * Reads an export file. Anything wrong, including node types this studio does not know, is one
 * 400 `invalid_pipeline_file` whose `details.issues` name each offending path inside the file:
 * unknown types are listed beside structural problems, so one round of fixes is enough.
 */
export function parsePipelineFile(input: unknown): PipelineFile {
  const result = pipelineFile.safeParse(input);
  const structural = result.success ? [] : issuesOf(result.error);
  const unknown = unknownTypes(input).filter((u) => !structural.some((s) => s.path === u.path));
  if (structural.length || unknown.length) throw invalidFile([...structural, ...unknown]);
  return result.data!;
}

/** Node types this studio does not know, read from the raw file so a broken file still shows them. */
function unknownTypes(input: unknown): Array<{ path: string; message: string }> {
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

function invalidFile(issues: Array<{ path: string; message: string }>): InvalidInput {
  const first = issues[0]!;
  return new InvalidInput(
    `This is not a pipeline file this studio can import: ${first.path ? `${first.path}: ` : ''}${first.message}`,
    { issues },
    'invalid_pipeline_file'
  );
}

export function toPipelineFile(
  pipeline: { name: string; description: string | null },
  config: PipelineConfig
): PipelineFile {
  return {
    format: PIPELINE_FILE_FORMAT,
    formatVersion: PIPELINE_FILE_VERSION,
    name: pipeline.name,
    description: pipeline.description,
    config
  };
}

/** A download name from the pipeline's name, without characters file systems refuse. */
export function exportFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const base = name.replace(/[\\/:*?"<>|\x00-\x1f]+/g, '_').trim() || 'pipeline';
  return `${base}.pipeline.json`;
}
