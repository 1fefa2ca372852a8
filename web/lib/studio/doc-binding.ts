import * as Y from 'yjs';
import { edgesOf, metaOf, newEdgeMap, newNodeMap, nodesOf, readEdge } from '../../../contracts/doc-layout';
import type { PipelineEdge } from '../../../contracts/pipeline';

/**
 * The studio's edits to a collaborative pipeline document. Each action is one transaction with the
 * caller's origin, so the user's undo manager (which tracks only that origin) can take it back while
 * remote changes stay untouched. Writes go key by key: a concurrent edit to another field survives.
 */

export interface NewNode {
  type: string;
  label?: string;
  params?: Record<string, unknown>;
  position: { x: number; y: number };
}

export interface NewEdge {
  source: string;
  target: string;
  sourcePort?: string;
  targetPort?: string;
}

const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/**
 * A short random id matching the contract's id pattern. getRandomValues rather than randomUUID:
 * the latter is missing on plain-http origins other than localhost.
 */
export function newId(prefix: string): string {
  const bytes = new Uint8Array(10);
  globalThis.crypto.getRandomValues(bytes);
  const suffix = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join('');
  const safe = prefix.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 40) || 'n';
  return `${safe}_${suffix}`;
}

export function addNode(doc: Y.Doc, node: NewNode, origin: unknown, id = newId(node.type)): string {
  doc.transact(() => {
    nodesOf(doc).set(
      id,
      newNodeMap({
        id,
        type: node.type,
        label: node.label,
        params: node.params ?? {},
        position: node.position
      })
    );
  }, origin);
  return id;
}

const rounded = (p: { x: number; y: number }) => ({ x: Math.round(p.x), y: Math.round(p.y) });

/** Writes the positions of nodes that still exist; positions are whole flow units. */
export function moveNodes(
  doc: Y.Doc,
  moves: Array<{ id: string; position: { x: number; y: number } }>,
  origin: unknown
): void {
  const nodes = nodesOf(doc);
  doc.transact(() => {
    for (const { id, position } of moves) {
      const map = nodes.get(id);
      if (!(map instanceof Y.Map)) continue;
      const next = rounded(position);
      const current = map.get('position') as { x?: number; y?: number } | undefined;
      if (current?.x !== next.x || current?.y !== next.y) map.set('position', next);
    }
  }, origin);
}

/** Why a connection was refused, in words for the user; null when it may be made. */
export function connectionProblem(doc: Y.Doc, edge: NewEdge): string | null {
  const nodes = nodesOf(doc);
  if (edge.source === edge.target) return 'A step cannot feed into itself.';
  if (!nodes.has(edge.source) || !nodes.has(edge.target)) return 'That step no longer exists.';
  if (reaches(doc, edge.target, edge.source)) return 'That connection would make a cycle.';
  return null;
}

/** Whether `to` can be reached from `from` along edges. */
function reaches(doc: Y.Doc, from: string, to: string): boolean {
  const next = new Map<string, string[]>();
  edgesOf(doc).forEach((map, id) => {
    if (!(map instanceof Y.Map)) return;
    const e = readEdge(id, map);
    next.set(e.source, [...(next.get(e.source) ?? []), e.target]);
  });
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(next.get(id) ?? []));
  }
  return false;
}

/**
 * Connects two ports. An input port takes one producer, so an edge already ending at the same
 * input is replaced in the same transaction (one undo step). Returns the edge id, or null when the
 * connection is refused (see connectionProblem) or already exists.
 */
export function connect(doc: Y.Doc, edge: NewEdge, origin: unknown, id = newId('e')): string | null {
  if (connectionProblem(doc, edge)) return null;
  const edges = edgesOf(doc);
  const existing: PipelineEdge[] = [];
  edges.forEach((map, edgeId) => {
    if (map instanceof Y.Map) existing.push(readEdge(edgeId, map));
  });
  const same = (a?: string, b?: string) => (a ?? '') === (b ?? '');
  if (
    existing.some(
      (e) =>
        e.source === edge.source &&
        e.target === edge.target &&
        same(e.sourcePort, edge.sourcePort) &&
        same(e.targetPort, edge.targetPort)
    )
  )
    return null;
  doc.transact(() => {
    for (const e of existing) {
      if (e.target === edge.target && same(e.targetPort, edge.targetPort)) edges.delete(e.id);
    }
    edges.set(id, newEdgeMap({ id, ...edge }));
  }, origin);
  return id;
}

/** Deletes nodes together with every edge touching them, and the given edges. */
export function removeElements(
  doc: Y.Doc,
  ids: { nodeIds?: Iterable<string>; edgeIds?: Iterable<string> },
  origin: unknown
): void {
  const nodeIds = new Set(ids.nodeIds ?? []);
  const edgeIds = new Set(ids.edgeIds ?? []);
  const nodes = nodesOf(doc);
  const edges = edgesOf(doc);
  doc.transact(() => {
    edges.forEach((map, id) => {
      if (!(map instanceof Y.Map)) return;
      const e = readEdge(id, map);
      if (nodeIds.has(e.source) || nodeIds.has(e.target)) edgeIds.add(id);
    });
    for (const id of edgeIds) if (edges.has(id)) edges.delete(id);
    for (const id of nodeIds) if (nodes.has(id)) nodes.delete(id);
  }, origin);
}

function paramsMap(doc: Y.Doc, nodeId: string): Y.Map<unknown> | null {
  const node = nodesOf(doc).get(nodeId);
  if (!(node instanceof Y.Map)) return null;
  let params = node.get('params');
  if (!(params instanceof Y.Map)) {
    params = new Y.Map<unknown>();
    node.set('params', params);
  }
  return params as Y.Map<unknown>;
}

/** Sets one param (undefined removes it); other params are not touched. */
export function setParam(doc: Y.Doc, nodeId: string, key: string, value: unknown, origin: unknown): void {
  doc.transact(() => {
    const params = paramsMap(doc, nodeId);
    if (!params) return;
    if (value === undefined) {
      if (params.has(key)) params.delete(key);
    } else if (JSON.stringify(params.get(key)) !== JSON.stringify(value)) {
      params.set(key, value);
    }
  }, origin);
}

/** Sets the node's label; a blank label removes it so the type's name shows instead. */
export function setLabel(doc: Y.Doc, nodeId: string, label: string, origin: unknown): void {
  const node = nodesOf(doc).get(nodeId);
  if (!(node instanceof Y.Map)) return;
  const next = label.trim().slice(0, 200);
  doc.transact(() => {
    if (!next) node.delete('label');
    else if (node.get('label') !== next) node.set('label', next);
  }, origin);
}

export function setPipelineName(doc: Y.Doc, name: string, origin: unknown): void {
  const next = name.trim().slice(0, 200);
  if (!next) return;
  doc.transact(() => {
    if (metaOf(doc).get('name') !== next) metaOf(doc).set('name', next);
  }, origin);
}
