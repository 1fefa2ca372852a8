import * as Y from 'yjs';
import type { CommentThread, PipelineConfig, PipelineEdge, PipelineNode } from './pipeline';

/**
 * The public document layout (docs/API.md › Collaborative documents):
 *   nodes:    id → Y.Map {type, label?, params: Y.Map, position: {x, y}}
 *   edges:    id → Y.Map {source, target, sourcePort?, targetPort?}
 *   meta:     {name, description}
 *   comments: id → Y.Map {nodeId, resolved, messages: Y.Array<{authorId, authorName, text, at}>}
 * Absent optional fields are absent keys, never null, so stock clients read them as undefined.
 * Reads sort by id: Y.Map iteration order can differ between peers holding the same state.
 */

export const nodesOf = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('nodes');
export const edgesOf = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('edges');
export const metaOf = (doc: Y.Doc) => doc.getMap<unknown>('meta');
export const commentsOf = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('comments');

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function readNode(id: string, map: Y.Map<unknown>): PipelineNode {
  const params = map.get('params');
  const position = map.get('position') as { x?: unknown; y?: unknown } | undefined;
  const label = map.get('label');
  return {
    id,
    type: String(map.get('type') ?? ''),
    ...(typeof label === 'string' ? { label } : {}),
    params: params instanceof Y.Map ? (params.toJSON() as Record<string, unknown>) : {},
    position: { x: Number(position?.x ?? 0), y: Number(position?.y ?? 0) }
  };
}

export function readEdge(id: string, map: Y.Map<unknown>): PipelineEdge {
  const sourcePort = map.get('sourcePort');
  const targetPort = map.get('targetPort');
  return {
    id,
    source: String(map.get('source') ?? ''),
    target: String(map.get('target') ?? ''),
    ...(typeof sourcePort === 'string' ? { sourcePort } : {}),
    ...(typeof targetPort === 'string' ? { targetPort } : {})
  };
}

/** The plain config the document currently holds. */
export function readConfig(doc: Y.Doc): PipelineConfig {
  const nodes: PipelineNode[] = [];
  nodesOf(doc).forEach((map, id) => {
    if (map instanceof Y.Map) nodes.push(readNode(id, map));
  });
  const edges: PipelineEdge[] = [];
  edgesOf(doc).forEach((map, id) => {
    if (map instanceof Y.Map) edges.push(readEdge(id, map));
  });
  return { nodes: nodes.sort(byId), edges: edges.sort(byId) };
}

export function readMeta(doc: Y.Doc): { name?: string; description?: string } {
  const meta = metaOf(doc);
  const name = meta.get('name');
  const description = meta.get('description');
  return {
    ...(typeof name === 'string' ? { name } : {}),
    ...(typeof description === 'string' ? { description } : {})
  };
}

export function readComments(doc: Y.Doc): CommentThread[] {
  const threads: CommentThread[] = [];
  commentsOf(doc).forEach((map, id) => {
    if (!(map instanceof Y.Map)) return;
    const messages = map.get('messages');
    const nodeId = map.get('nodeId');
    threads.push({
      id,
      nodeId: typeof nodeId === 'string' ? nodeId : null,
      resolved: map.get('resolved') === true,
      messages: messages instanceof Y.Array ? (messages.toArray() as CommentThread['messages']) : []
    });
  });
  return threads.sort(byId);
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Sets key to value unless it already holds an equal value, so unchanged fields make no update. */
function put(map: Y.Map<unknown>, key: string, value: unknown): void {
  if (value === undefined) {
    if (map.has(key)) map.delete(key);
    return;
  }
  if (!map.has(key) || !sameJson(map.get(key), value)) map.set(key, value);
}

export function newNodeMap(node: PipelineNode): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  map.set('type', node.type);
  if (node.label !== undefined) map.set('label', node.label);
  const params = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(node.params)) params.set(key, value);
  map.set('params', params);
  map.set('position', { x: node.position.x, y: node.position.y });
  return map;
}

export function newEdgeMap(edge: PipelineEdge): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  map.set('source', edge.source);
  map.set('target', edge.target);
  if (edge.sourcePort !== undefined) map.set('sourcePort', edge.sourcePort);
  if (edge.targetPort !== undefined) map.set('targetPort', edge.targetPort);
  return map;
}

function syncNode(map: Y.Map<unknown>, node: PipelineNode): void {
  put(map, 'type', node.type);
  put(map, 'label', node.label);
  put(map, 'position', { x: node.position.x, y: node.position.y });
  let params = map.get('params');
  if (!(params instanceof Y.Map)) {
    params = new Y.Map<unknown>();
    map.set('params', params);
  }
  const target = params as Y.Map<unknown>;
  for (const key of [...target.keys()]) if (!(key in node.params)) target.delete(key);
  for (const [key, value] of Object.entries(node.params)) put(target, key, value);
}

function syncEdge(map: Y.Map<unknown>, edge: PipelineEdge): void {
  put(map, 'source', edge.source);
  put(map, 'target', edge.target);
  put(map, 'sourcePort', edge.sourcePort);
  put(map, 'targetPort', edge.targetPort);
}

/**
 * Makes the document hold `config` with the smallest set of changes: untouched nodes, params and
 * edges produce no update, so a REST write never clobbers concurrent edits to other fields.
 */
export function applyConfig(doc: Y.Doc, config: PipelineConfig, origin: unknown = null): void {
  doc.transact(() => {
    const nodes = nodesOf(doc);
    const wantedNodes = new Map(config.nodes.map((n) => [n.id, n]));
    for (const id of [...nodes.keys()]) if (!wantedNodes.has(id)) nodes.delete(id);
    for (const node of config.nodes) {
      const existing = nodes.get(node.id);
      if (existing instanceof Y.Map) syncNode(existing, node);
      else nodes.set(node.id, newNodeMap(node));
    }
    const edges = edgesOf(doc);
    const wantedEdges = new Map(config.edges.map((e) => [e.id, e]));
    for (const id of [...edges.keys()]) if (!wantedEdges.has(id)) edges.delete(id);
    for (const edge of config.edges) {
      const existing = edges.get(edge.id);
      if (existing instanceof Y.Map) syncEdge(existing, edge);
      else edges.set(edge.id, newEdgeMap(edge));
    }
  }, origin);
}

export function applyMeta(
  doc: Y.Doc,
  meta: { name?: string; description?: string | null },
  origin: unknown = null
): void {
  doc.transact(() => {
    const map = metaOf(doc);
    if (meta.name !== undefined) put(map, 'name', meta.name);
    if (meta.description !== undefined) put(map, 'description', meta.description ?? undefined);
  }, origin);
}

/** A full document state for a new pipeline, as one Yjs update. */
export function encodeInitialState(
  config: PipelineConfig,
  meta: { name?: string; description?: string | null } = {}
): Uint8Array {
  const doc = new Y.Doc();
  applyConfig(doc, config);
  applyMeta(doc, meta);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}
