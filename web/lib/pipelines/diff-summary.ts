import type { NodeField, PipelineDiffDto, PipelineEdge } from '../../../contracts/pipeline';
import { isChoice, optionLabel, paramTitle, stepTypeName } from '../studio/param-labels';

type PipelineDiff = Pick<PipelineDiffDto, 'nodes' | 'edges'>;

export type DiffKind = 'added' | 'removed' | 'changed';

/** One line of the summary; `details` lists param changes as "key: from → to". */
export interface DiffLine {
  kind: DiffKind;
  subject: 'node' | 'edge';
  id: string;
  text: string;
  details: string[];
}

const MAX_VALUE_LENGTH = 40;

/**
 * A param value as people read it: strings quoted, long values cut; no value is the step's
 * default, and null (an empty field) is "not set", as the form shows it.
 */
export function formatValue(value: unknown): string {
  if (value === undefined) return 'default';
  if (value === null) return 'not set';
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (typeof value === 'number' || typeof value === 'boolean') text = String(value);
  else text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}

/** A node's label, else its type's name as the palette shows it. */
export function nodeName(node: { id: string; type?: string; label?: string }): string {
  return node.label?.trim() || (node.type ? stepTypeName(node.type) : 'a step');
}

/** A changed param as the form labels it, its values as the form shows them. */
function paramLine(type: string | undefined, key: string, from: unknown, to: unknown): string {
  const choice = type !== undefined && isChoice(type, key);
  const show = (v: unknown) => (choice && v !== undefined ? optionLabel(v) : formatValue(v));
  return `${type ? paramTitle(type, key) : key}: ${show(from)} → ${show(to)}`;
}

/**
 * Names for every node the diff mentions; edges only carry ids, and their ends may be nodes the diff
 * does not list (unchanged ones), so `known` can supply names from the live document.
 */
function namesFor(diff: PipelineDiff, known?: (id: string) => string | undefined) {
  const names = new Map<string, string>();
  for (const node of [...diff.nodes.added, ...diff.nodes.removed, ...diff.nodes.changed])
    names.set(node.id, nodeName(node));
  return (id: string) => known?.(id) ?? names.get(id) ?? id;
}

function edgeText(edge: PipelineEdge, name: (id: string) => string): string {
  return `${name(edge.source)} → ${name(edge.target)}`;
}

const FIELD_WORDS: Record<Exclude<NodeField, 'params'>, string> = {
  position: 'moved',
  label: 'renamed',
  type: 'type changed'
};

/** The diff as readable lines: nodes first (added, removed, changed), then edges. */
export function summarizeDiff(diff: PipelineDiff, known?: (id: string) => string | undefined): DiffLine[] {
  const name = namesFor(diff, known);
  const lines: DiffLine[] = [];
  for (const node of diff.nodes.added)
    lines.push({ kind: 'added', subject: 'node', id: node.id, text: `Added ${nodeName(node)}`, details: [] });
  for (const node of diff.nodes.removed)
    lines.push({
      kind: 'removed',
      subject: 'node',
      id: node.id,
      text: `Removed ${nodeName(node)}`,
      details: []
    });
  for (const change of diff.nodes.changed) {
    const details = Object.entries(change.params).map(([key, p]) =>
      paramLine(change.type, key, p.from, p.to)
    );
    for (const field of change.fields) if (field !== 'params') details.push(FIELD_WORDS[field]);
    lines.push({
      kind: 'changed',
      subject: 'node',
      id: change.id,
      text: `Changed ${name(change.id)}`,
      details
    });
  }
  for (const edge of diff.edges.added)
    lines.push({
      kind: 'added',
      subject: 'edge',
      id: edge.id,
      text: `Connected ${edgeText(edge, name)}`,
      details: []
    });
  for (const edge of diff.edges.removed)
    lines.push({
      kind: 'removed',
      subject: 'edge',
      id: edge.id,
      text: `Disconnected ${edgeText(edge, name)}`,
      details: []
    });
  return lines;
}

export function isEmptyDiff(diff: PipelineDiff): boolean {
  return (
    diff.nodes.added.length +
      diff.nodes.removed.length +
      diff.nodes.changed.length +
      diff.edges.added.length +
      diff.edges.removed.length ===
    0
  );
}

function counts(parts: Array<[number, string]>): string {
  return parts
    .filter(([n]) => n > 0)
    .map(([n, word]) => `${n} ${word}`)
    .join(', ');
}

/** One line for the whole diff, e.g. "Nodes: 2 added, 1 changed · Edges: 1 removed". */
export function diffHeadline(diff: PipelineDiff): string {
  if (isEmptyDiff(diff)) return 'No differences';
  const nodes = counts([
    [diff.nodes.added.length, 'added'],
    [diff.nodes.removed.length, 'removed'],
    [diff.nodes.changed.length, 'changed']
  ]);
  const edges = counts([
    [diff.edges.added.length, 'added'],
    [diff.edges.removed.length, 'removed']
  ]);
  return [nodes && `Nodes: ${nodes}`, edges && `Edges: ${edges}`].filter(Boolean).join(' · ');
}
