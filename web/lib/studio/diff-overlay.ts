import type { PipelineConfig, PipelineEdge, PipelineNode } from '../../../contracts/pipeline';

/**
 * Turns a version comparison into canvas marks: which nodes and edges were added, changed or
 * removed, and the removed ones themselves (from the older config) so they can be drawn ghosted.
 * Entries of the diff may be ids or whole objects; both are accepted.
 */

export type DiffRef = string | { id: string };

export interface PipelineDiffLike {
  nodes: { added?: readonly DiffRef[]; removed?: readonly DiffRef[]; changed?: readonly DiffRef[] };
  edges: { added?: readonly DiffRef[]; removed?: readonly DiffRef[]; changed?: readonly DiffRef[] };
}

export type DiffMark = 'added' | 'removed' | 'changed';

export interface DiffOverlay {
  nodes: Map<string, DiffMark>;
  edges: Map<string, DiffMark>;
  ghostNodes: PipelineNode[];
  ghostEdges: PipelineEdge[];
}

const refId = (ref: DiffRef): string => (typeof ref === 'string' ? ref : String(ref.id));

function asNode(entry: DiffRef): PipelineNode | null {
  if (typeof entry === 'string') return null;
  const ref = entry as Record<string, unknown> & { id: string };
  const pos = ref.position as { x?: unknown; y?: unknown } | undefined;
  if (typeof ref.type !== 'string' || typeof pos?.x !== 'number' || typeof pos.y !== 'number') return null;
  return {
    id: ref.id,
    type: ref.type,
    ...(typeof ref.label === 'string' ? { label: ref.label } : {}),
    params: (ref.params as Record<string, unknown>) ?? {},
    position: { x: pos.x, y: pos.y }
  };
}

function asEdge(entry: DiffRef): PipelineEdge | null {
  if (typeof entry === 'string') return null;
  const ref = entry as Record<string, unknown> & { id: string };
  if (typeof ref.source !== 'string' || typeof ref.target !== 'string') return null;
  return {
    id: ref.id,
    source: ref.source,
    target: ref.target,
    ...(typeof ref.sourcePort === 'string' ? { sourcePort: ref.sourcePort } : {}),
    ...(typeof ref.targetPort === 'string' ? { targetPort: ref.targetPort } : {})
  };
}

/**
 * @param shown the config on the canvas (the newer side of the comparison)
 * @param older the older side, where removed nodes and edges are looked up when the diff only names them
 */
export function diffOverlay(
  diff: PipelineDiffLike,
  shown: PipelineConfig,
  older?: PipelineConfig
): DiffOverlay {
  const nodes = new Map<string, DiffMark>();
  const edges = new Map<string, DiffMark>();
  for (const ref of diff.nodes.added ?? []) nodes.set(refId(ref), 'added');
  for (const ref of diff.nodes.changed ?? []) nodes.set(refId(ref), 'changed');
  for (const ref of diff.nodes.removed ?? []) nodes.set(refId(ref), 'removed');
  for (const ref of diff.edges.added ?? []) edges.set(refId(ref), 'added');
  for (const ref of diff.edges.changed ?? []) edges.set(refId(ref), 'changed');
  for (const ref of diff.edges.removed ?? []) edges.set(refId(ref), 'removed');

  const shownNodes = new Set(shown.nodes.map((n) => n.id));
  const shownEdges = new Set(shown.edges.map((e) => e.id));
  const olderNodes = new Map(older?.nodes.map((n) => [n.id, n]));
  const olderEdges = new Map(older?.edges.map((e) => [e.id, e]));

  const ghostNodes: PipelineNode[] = [];
  for (const ref of diff.nodes.removed ?? []) {
    const id = refId(ref);
    if (shownNodes.has(id)) continue;
    const node = asNode(ref) ?? olderNodes.get(id);
    if (node) ghostNodes.push(node);
  }
  const drawn = new Set([...shownNodes, ...ghostNodes.map((n) => n.id)]);
  const ghostEdges: PipelineEdge[] = [];
  for (const ref of diff.edges.removed ?? []) {
    const id = refId(ref);
    if (shownEdges.has(id)) continue;
    const edge = asEdge(ref) ?? olderEdges.get(id);
    // An edge is drawn only when both of its ends are on the canvas.
    if (edge && drawn.has(edge.source) && drawn.has(edge.target)) ghostEdges.push(edge);
  }
  return { nodes, edges, ghostNodes, ghostEdges };
}

/** Counts for the legend. */
export function diffCounts(overlay: DiffOverlay): Record<DiffMark, number> {
  const counts: Record<DiffMark, number> = { added: 0, removed: 0, changed: 0 };
  for (const mark of overlay.nodes.values()) counts[mark]++;
  for (const mark of overlay.edges.values()) counts[mark]++;
  return counts;
}
