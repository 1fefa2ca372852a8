import type { Edge, Node } from '@xyflow/svelte';
import type { PipelineConfig, PipelineNode } from '../../../contracts/pipeline';
import type { DiffMark, DiffOverlay } from './diff-overlay';
import type { NodeTypeSpec } from './node-types';
import type { PresenceUser } from './presence';

/**
 * Maps the document's plain config to the node and edge arrays the canvas draws. The canvas owns
 * selection, drag and measured size; those are carried over from the previous arrays, and an
 * unchanged node or edge keeps its previous object so the canvas does no work for it.
 */

export interface PortView {
  name: string;
  label: string;
  type: string;
  required: boolean;
}

export interface StepData extends Record<string, unknown> {
  /** The label the user gave, else the step type's name. */
  title: string;
  type: string;
  typeLabel: string;
  inputs: PortView[];
  outputs: PortView[];
  errors: string[];
  commentCount: number;
  selectedBy: PresenceUser[];
  diff: DiffMark | null;
  ghost: boolean;
  unknownType: boolean;
}

export type StepNode = Node<StepData, 'step'>;
export type StepEdge = Edge<{ diff: DiffMark | null; errors: string[] }>;

export interface Decorations {
  types: Map<string, NodeTypeSpec>;
  /** False while the catalogue is loading: a step is not called unknown before it could be known. */
  typesLoaded: boolean;
  errors: Map<string, string[]>;
  edgeErrors: Map<string, string[]>;
  comments: Map<string, number>;
  selections: Map<string, PresenceUser[]>;
  diff: DiffOverlay | null;
  readOnly: boolean;
}

export const EMPTY_DECORATIONS: Decorations = {
  types: new Map(),
  typesLoaded: false,
  errors: new Map(),
  edgeErrors: new Map(),
  comments: new Map(),
  selections: new Map(),
  diff: null,
  readOnly: false
};

/**
 * The ports to draw: the step type's, plus any an edge uses that the type does not declare (an
 * older pipeline, or a type the catalogue no longer has), so every edge has both of its ends.
 */
function portsOf(node: PipelineNode, spec: NodeTypeSpec | undefined, config: PipelineConfig) {
  const view = (p: { name: string; label?: string; type: string; required?: boolean }): PortView => ({
    name: p.name,
    label: p.label || p.name,
    type: p.type,
    required: p.required === true
  });
  const inputs = (spec?.inputs ?? []).map(view);
  const outputs = (spec?.outputs ?? []).map(view);
  for (const e of config.edges) {
    if (e.target === node.id && e.targetPort && !inputs.some((p) => p.name === e.targetPort))
      inputs.push(view({ name: e.targetPort, type: 'any' }));
    if (e.source === node.id && e.sourcePort && !outputs.some((p) => p.name === e.sourcePort))
      outputs.push(view({ name: e.sourcePort, type: 'any' }));
  }
  return { inputs, outputs };
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

const titleOf = (node: PipelineNode, deco: Decorations) =>
  node.label || deco.types.get(node.type)?.label || node.type;

function stepNode(node: PipelineNode, config: PipelineConfig, deco: Decorations, ghost: boolean): StepNode {
  const spec = deco.types.get(node.type);
  const editable = !deco.readOnly && !ghost;
  const title = titleOf(node, deco);
  const typeLabel = spec?.label ?? node.type;
  return {
    id: node.id,
    type: 'step',
    // Screen readers name a step as the canvas shows it, never by its id.
    ariaLabel: title === typeLabel ? `${title} step` : `${title} (${typeLabel} step)`,
    position: { x: node.position.x, y: node.position.y },
    draggable: editable,
    connectable: editable,
    deletable: editable,
    selectable: !ghost,
    data: {
      title,
      type: node.type,
      typeLabel,
      ...portsOf(node, spec, config),
      errors: deco.errors.get(node.id) ?? [],
      commentCount: deco.comments.get(node.id) ?? 0,
      selectedBy: deco.selections.get(node.id) ?? [],
      diff: ghost ? 'removed' : (deco.diff?.nodes.get(node.id) ?? null),
      ghost,
      unknownType: deco.typesLoaded && !spec
    }
  };
}

export function toFlowNodes(config: PipelineConfig, deco: Decorations, previous: StepNode[]): StepNode[] {
  const before = new Map(previous.map((n) => [n.id, n]));
  const ghosts = deco.diff?.ghostNodes ?? [];
  const fresh = [
    ...config.nodes.map((n) => stepNode(n, config, deco, false)),
    ...ghosts.map((n) => stepNode(n, { nodes: ghosts, edges: deco.diff?.ghostEdges ?? [] }, deco, true))
  ];
  return fresh.map((next) => {
    const prev = before.get(next.id);
    if (!prev) return next;
    // The canvas is the authority on where a node being dragged here is.
    const position = prev.dragging ? prev.position : next.position;
    const merged: StepNode = {
      ...next,
      position,
      selected: prev.selected,
      dragging: prev.dragging,
      measured: prev.measured
    };
    const unchanged =
      prev.position.x === position.x &&
      prev.position.y === position.y &&
      prev.draggable === merged.draggable &&
      prev.selectable === merged.selectable &&
      sameJson(prev.data, merged.data);
    return unchanged ? prev : merged;
  });
}

export function toFlowEdges(config: PipelineConfig, deco: Decorations, previous: StepEdge[]): StepEdge[] {
  const before = new Map(previous.map((e) => [e.id, e]));
  const ghosts = deco.diff?.ghostEdges ?? [];
  const titles = new Map(
    [...config.nodes, ...(deco.diff?.ghostNodes ?? [])].map((n) => [n.id, titleOf(n, deco)])
  );
  const named = (id: string) => titles.get(id) ?? 'a removed step';
  const fresh: StepEdge[] = [...config.edges, ...ghosts].map((e, i) => {
    const ghost = i >= config.edges.length;
    const diff = ghost ? 'removed' : (deco.diff?.edges.get(e.id) ?? null);
    const errors = deco.edgeErrors.get(e.id) ?? [];
    const classes = [diff ? `diff-${diff}` : '', errors.length > 0 ? 'has-errors' : ''].filter(Boolean);
    return {
      id: e.id,
      source: e.source,
      target: e.target,
      sourceHandle: e.sourcePort ?? null,
      targetHandle: e.targetPort ?? null,
      ariaLabel: `Connection from ${named(e.source)} to ${named(e.target)}`,
      deletable: !deco.readOnly && !ghost,
      selectable: !ghost,
      ...(classes.length > 0 ? { class: classes.join(' ') } : {}),
      data: { diff, errors }
    };
  });
  return fresh.map((next) => {
    const prev = before.get(next.id);
    if (!prev) return next;
    const merged = { ...next, selected: prev.selected };
    const { selected: _a, ...a } = prev;
    const { selected: _b, ...b } = merged;
    return sameJson(a, b) ? prev : merged;
  });
}

/** Unresolved comment threads per node, for the badge. */
export function openThreadsByNode(threads: Array<{ nodeId: string | null; resolved: boolean }>) {
  const out = new Map<string, number>();
  for (const t of threads) if (t.nodeId && !t.resolved) out.set(t.nodeId, (out.get(t.nodeId) ?? 0) + 1);
  return out;
}
