import type { ColumnRole, ColumnType } from './api';
import { checkColumns } from './dag-columns';
import { adjacency, findCycles, topologicalOrder } from './dag-graph';
import { nodeType, type NodeTypeSpec, type PortSpec } from './node-types';
import { checkParams } from './param-schema';
import type { PipelineConfig, PipelineEdge, PipelineNode } from './pipeline';

/**
 * Checks a pipeline graph against the node registry and the dataset's columns. Pure, so the studio
 * runs it on every edit and the server on validate, version save and training.
 */

export interface DatasetColumn {
  name: string;
  type?: ColumnType;
  role?: ColumnRole;
}

export interface DagContext {
  /** The dataset's columns; null while the dataset is not validated. */
  columns: DatasetColumn[] | null;
  /** accepted_schema: typed, with roles; dataset: names only (no schema accepted yet). */
  columnSource: 'accepted_schema' | 'dataset' | 'unknown';
}

export const DAG_ERROR_CODES = [
  'unknown_node_type',
  'invalid_param',
  'dangling_edge',
  'unknown_port',
  'ambiguous_port',
  'port_type_mismatch',
  'cycle',
  'missing_input',
  'too_many_inputs',
  'no_dataset_node',
  'no_model_node',
  'dataset_not_ready',
  'unknown_column',
  'column_not_available',
  'column_type_mismatch',
  'target_missing',
  'target_ambiguous',
  'target_conflict',
  'target_unsuitable',
  'task_mismatch'
] as const;
export const DAG_WARNING_CODES = ['schema_not_accepted', 'unused_output'] as const;
export type DagIssueCode = (typeof DAG_ERROR_CODES)[number] | (typeof DAG_WARNING_CODES)[number];

export interface DagIssue {
  code: DagIssueCode;
  message: string;
  nodeId?: string;
  edgeId?: string;
  /** Every node involved, when there are several (a cycle, conflicting targets). */
  nodeIds?: string[];
  /** The parameter at fault, with a position inside it when it is a list (`columns[2]`). */
  param?: string;
  /** The input or output port at fault. */
  port?: string;
}

export interface DagValidation {
  /** True when there are no errors; warnings never block. */
  valid: boolean;
  errors: DagIssue[];
  warnings: DagIssue[];
}

/** A resolved edge: which input of which node it feeds. */
export interface Link {
  edge: PipelineEdge;
  to: string;
  toPort: PortSpec;
}

const WARNINGS = new Set<string>(DAG_WARNING_CODES);

/** Validates `config`; without a context the column, target and task checks are skipped. */
export function validateDag(config: PipelineConfig, ctx?: DagContext): DagValidation {
  const issues: DagIssue[] = [];
  const add = (issue: DagIssue) => issues.push(issue);
  const nodes = new Map(config.nodes.map((n) => [n.id, n]));
  const specs = new Map<string, NodeTypeSpec>();
  const name = (id: string) => describe(nodes.get(id), specs.get(id));

  for (const node of config.nodes) {
    const spec = nodeType(node.type);
    if (!spec) {
      add({
        code: 'unknown_node_type',
        nodeId: node.id,
        message: `${node.label?.trim() ? `"${node.label.trim()}"` : 'A step'} has an unknown type "${node.type}".`
      });
      continue;
    }
    specs.set(node.id, spec);
    for (const issue of checkParams(spec.params, node.params)) {
      add({
        code: 'invalid_param',
        nodeId: node.id,
        param: issue.path,
        message: `${name(node.id)}: parameter ${issue.path}: ${issue.message}`
      });
    }
  }

  const links: Link[] = [];
  const pairs: Array<[string, string]> = [];
  for (const edge of config.edges) {
    const missing = [edge.source, edge.target].filter((id) => !nodes.has(id));
    if (missing.length) {
      add({
        code: 'dangling_edge',
        edgeId: edge.id,
        message:
          missing.length === 2
            ? 'A connection joins two steps that are not in the pipeline.'
            : missing[0] === edge.source
              ? `A connection into ${name(edge.target)} comes from a step that is not in the pipeline.`
              : `A connection from ${name(edge.source)} leads to a step that is not in the pipeline.`
      });
      continue;
    }
    pairs.push([edge.source, edge.target]);
    if (edge.source === edge.target) continue; // reported as a cycle
    const link = resolveLink(edge, specs, name, add);
    if (link) links.push(link);
  }

  const graph = adjacency(nodes.keys(), pairs);
  for (const cycle of findCycles(graph)) {
    add({
      code: 'cycle',
      nodeId: cycle[0],
      nodeIds: cycle,
      message: `These steps form a cycle: ${[...cycle, cycle[0]!].map(name).join(' → ')}. A pipeline must flow one way.`
    });
  }

  checkInputs(config.nodes, specs, links, name, add);
  checkOutputsUsed(config.nodes, specs, config.edges, name, add);
  const categories = [...specs.values()].map((s) => s.category);
  if (!categories.includes('source'))
    add({ code: 'no_dataset_node', message: 'Add a Dataset node: the pipeline has nothing to read.' });
  if (!categories.includes('model'))
    add({ code: 'no_model_node', message: 'Add a model node: the pipeline has nothing to train.' });

  if (ctx) checkColumns(config, ctx, specs, links, topologicalOrder(graph), name, add);

  const errors = issues.filter((i) => !WARNINGS.has(i.code));
  return { valid: errors.length === 0, errors, warnings: issues.filter((i) => WARNINGS.has(i.code)) };
}

function describe(node: PipelineNode | undefined, spec: NodeTypeSpec | undefined): string {
  if (!node) return 'a step';
  // Ids mean nothing to the people reading this; the issue's nodeId says which step it is.
  return `"${node.label?.trim() || spec?.label || node.type}"`;
}

function resolveLink(
  edge: PipelineEdge,
  specs: Map<string, NodeTypeSpec>,
  name: (id: string) => string,
  add: (i: DagIssue) => void
): Link | null {
  const from = specs.get(edge.source);
  const to = specs.get(edge.target);
  if (!from || !to) return null; // the unknown type is already reported
  const out = pickPort(from.outputs, edge.sourcePort, undefined);
  if (!out.port) {
    add({
      code: out.code,
      edgeId: edge.id,
      nodeId: edge.source,
      port: edge.sourcePort,
      message: `A connection leaves ${name(edge.source)}, which ${out.problem}`
    });
    return null;
  }
  const inp = pickPort(to.inputs, edge.targetPort, out.port.type);
  if (!inp.port) {
    add({
      code: inp.code,
      edgeId: edge.id,
      nodeId: edge.target,
      port: edge.targetPort,
      message: `A connection enters ${name(edge.target)}, which ${inp.problem}`
    });
    return null;
  }
  if (inp.port.type !== out.port.type) {
    add({
      code: 'port_type_mismatch',
      edgeId: edge.id,
      nodeId: edge.target,
      port: inp.port.name,
      message: `A connection carries ${out.port.type} from ${name(edge.source)} into the ${inp.port.type} input "${inp.port.label}" of ${name(edge.target)}.`
    });
    return null;
  }
  return { edge, to: edge.target, toPort: inp.port };
}

type PortPick =
  { port: PortSpec } | { port?: undefined; code: 'unknown_port' | 'ambiguous_port'; problem: string };

/** A named port; without a name the only port, or the only one of the wanted type. */
function pickPort(ports: PortSpec[], requested: string | undefined, wantType: string | undefined): PortPick {
  const side = wantType === undefined ? 'output' : 'input';
  const names = ports.map((p) => `"${p.name}"`).join(', ');
  if (requested !== undefined) {
    const port = ports.find((p) => p.name === requested);
    if (port) return { port };
    return {
      code: 'unknown_port',
      problem: ports.length ? `has no ${side} "${requested}"; its ${side}s are ${names}.` : `has no ${side}s.`
    };
  }
  if (ports.length === 1) return { port: ports[0]! };
  if (!ports.length) return { code: 'unknown_port', problem: `has no ${side}s.` };
  const typed = ports.filter((p) => p.type === wantType);
  if (typed.length === 1) return { port: typed[0]! };
  return {
    code: 'ambiguous_port',
    problem: `has several ${side}s (${names}); the connection must name one.`
  };
}

function checkInputs(
  nodes: PipelineNode[],
  specs: Map<string, NodeTypeSpec>,
  links: Link[],
  name: (id: string) => string,
  add: (i: DagIssue) => void
): void {
  for (const node of nodes) {
    const spec = specs.get(node.id);
    if (!spec) continue;
    for (const port of spec.inputs) {
      const into = links.filter((l) => l.to === node.id && l.toPort.name === port.name);
      if (port.required && into.length === 0) {
        add({
          code: 'missing_input',
          nodeId: node.id,
          port: port.name,
          message: `${name(node.id)} needs its "${port.label}" input (${port.type}) connected.`
        });
      }
      if (!port.multiple) {
        for (const extra of into.slice(1)) {
          add({
            code: 'too_many_inputs',
            nodeId: node.id,
            edgeId: extra.edge.id,
            port: port.name,
            message: `The "${port.label}" input of ${name(node.id)} takes one connection; it has ${into.length} (from ${into.map((l) => name(l.edge.source)).join(', ')}).`
          });
        }
      }
    }
  }
}

function checkOutputsUsed(
  nodes: PipelineNode[],
  specs: Map<string, NodeTypeSpec>,
  edges: PipelineEdge[],
  name: (id: string) => string,
  add: (i: DagIssue) => void
): void {
  const sources = new Set(edges.map((e) => e.source));
  for (const node of nodes) {
    const spec = specs.get(node.id);
    if (!spec || !['source', 'preprocess', 'split'].includes(spec.category) || sources.has(node.id)) continue;
    add({
      code: 'unused_output',
      nodeId: node.id,
      message: `${name(node.id)} leads nowhere; its result is not used.`
    });
  }
}
