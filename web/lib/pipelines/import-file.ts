import type { ApiIssue } from '$lib/api/client';
import { plainIssue } from './plain-issue';

/** Export files are small JSON documents; anything much bigger is not one. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

export type ParsedImport =
  { ok: true; pipeline: unknown; name: string | null } | { ok: false; message: string };

/**
 * Reads the chosen file's text as JSON. Only "is it JSON at all" is checked here: the server checks
 * the content and names every offending path, which the dialog lists.
 */
export function parseImportFile(text: string): ParsedImport {
  let pipeline: unknown;
  try {
    pipeline = JSON.parse(text);
  } catch {
    return { ok: false, message: 'This file is not JSON. Choose a file exported from PipeWeave.' };
  }
  if (typeof pipeline !== 'object' || pipeline === null || Array.isArray(pipeline))
    return {
      ok: false,
      message: 'This file does not hold a pipeline. Choose a file exported from PipeWeave.'
    };
  const name = (pipeline as { name?: unknown }).name;
  return { ok: true, pipeline, name: typeof name === 'string' && name.trim() ? name.trim() : null };
}

/**
 * A server path such as `pipeline.config.nodes.2.params` as people read it inside the file:
 * `config.nodes[2].params` (the body's `pipeline.` prefix is the file itself).
 */
export function formatIssuePath(path: string): string {
  const parts = path.split('.').filter(Boolean);
  if (parts[0] === 'pipeline') parts.shift();
  if (parts.length === 0) return 'the file';
  return parts.reduce(
    (out, part) => (/^\d+$/.test(part) ? `${out}[${part}]` : out ? `${out}.${part}` : part),
    ''
  );
}

/** The issues of a refused import, with readable paths and messages. */
export function importIssues(issues: readonly ApiIssue[]): ApiIssue[] {
  return issues.map((issue) => ({ path: formatIssuePath(issue.path), message: plainIssue(issue.message) }));
}
