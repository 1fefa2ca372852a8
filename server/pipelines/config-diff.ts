import type {
  NodeChangeDto,
  NodeField,
  ParamChangeDto,
  PipelineConfig,
  PipelineDiffDto,
  PipelineEdge,
  PipelineNode
} from '../../contracts/pipeline';
import { sameJson } from '../../data/canonical-config';

type Diff = Pick<PipelineDiffDto, 'nodes' | 'edges'>;

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** What changed from one config to the other, matched by node and edge id. Sorted by id. */
export function diffConfigs(from: PipelineConfig, to: PipelineConfig): Diff {
  const before = new Map(from.nodes.map((n) => [n.id, n]));
  const after = new Map(to.nodes.map((n) => [n.id, n]));
  const changed: NodeChangeDto[] = [];
  for (const node of to.nodes) {
    const old = before.get(node.id);
    if (!old) continue;
    const change = nodeChange(old, node);
    if (change) changed.push(change);
  }

  const edgesBefore = new Map(from.edges.map((e) => [e.id, e]));
  const edgesAfter = new Map(to.edges.map((e) => [e.id, e]));
  const sameEdge = (a: PipelineEdge, b: PipelineEdge | undefined) => b !== undefined && sameJson(a, b);

  return {
    nodes: {
      added: to.nodes.filter((n) => !before.has(n.id)).sort(byId),
      removed: from.nodes.filter((n) => !after.has(n.id)).sort(byId),
      changed: changed.sort(byId)
    },
    edges: {
      added: to.edges.filter((e) => !sameEdge(e, edgesBefore.get(e.id))).sort(byId),
      removed: from.edges.filter((e) => !sameEdge(e, edgesAfter.get(e.id))).sort(byId)
    }
  };
}

function nodeChange(from: PipelineNode, to: PipelineNode): NodeChangeDto | null {
  const fields: NodeField[] = [];
  if (from.type !== to.type) fields.push('type');
  if ((from.label ?? '') !== (to.label ?? '')) fields.push('label');
  if (from.position.x !== to.position.x || from.position.y !== to.position.y) fields.push('position');
  const params: Record<string, ParamChangeDto> = {};
  for (const key of [...new Set([...Object.keys(from.params), ...Object.keys(to.params)])].sort()) {
    const a = from.params[key];
    const b = to.params[key];
    if (sameJson(a, b)) continue;
    params[key] = { ...(a === undefined ? {} : { from: a }), ...(b === undefined ? {} : { to: b }) };
  }
  if (Object.keys(params).length) fields.push('params');
  if (!fields.length) return null;
  return { id: to.id, type: to.type, ...(to.label === undefined ? {} : { label: to.label }), fields, params };
}
