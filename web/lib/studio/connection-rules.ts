import type { PipelineConfig } from '../../../contracts/pipeline';
import { nodeType } from '../../../contracts/node-types';
import { validateDag } from '../../../contracts/validate-dag';
import { portTypeWords, stepTypeName } from './param-labels';

/**
 * Why a connection being drawn would be refused, in the words the server's validator uses for the
 * same rule (a cycle, a port of the wrong kind), or null when it may be made. Checked against the
 * pipeline as it is plus the new connection, so it cannot disagree with Validate.
 */

export interface Proposed {
  source: string;
  target: string;
  sourcePort?: string | null;
  targetPort?: string | null;
}

const PROPOSED_ID = 'proposed-connection';
const EDGE_RULES = new Set(['port_type_mismatch', 'unknown_port', 'ambiguous_port']);

export function connectionRefusal(config: PipelineConfig, edge: Proposed): string | null {
  if (edge.source === edge.target) return 'A step cannot feed into itself.';
  const ids = new Set(config.nodes.map((n) => n.id));
  if (!ids.has(edge.source) || !ids.has(edge.target)) return 'That step is no longer in the pipeline.';
  const proposed = {
    id: PROPOSED_ID,
    source: edge.source,
    target: edge.target,
    ...(edge.sourcePort ? { sourcePort: edge.sourcePort } : {}),
    ...(edge.targetPort ? { targetPort: edge.targetPort } : {})
  };
  // An input takes one connection and a new one replaces the old, so the old is left out here too.
  const kept = config.edges.filter(
    (e) => !(e.target === edge.target && (e.targetPort ?? '') === (edge.targetPort ?? ''))
  );
  const errors = validateDag({ nodes: config.nodes, edges: [...kept, proposed] }).errors;
  const ofEdge = errors.find((i) => i.edgeId === PROPOSED_ID && EDGE_RULES.has(i.code));
  if (ofEdge?.code === 'port_type_mismatch') return mismatch(config, proposed) ?? ofEdge.message;
  if (ofEdge) return ofEdge.message;
  const cycle = errors.find(
    (i) => i.code === 'cycle' && i.nodeIds?.includes(edge.source) && i.nodeIds.includes(edge.target)
  );
  return cycle ? cycle.message : null;
}

/**
 * The validator's port_type_mismatch in the words the canvas uses: what the output gives and what
 * the input takes, rather than the port types' code names.
 */
function mismatch(config: PipelineConfig, edge: Proposed): string | null {
  const node = (id: string) => config.nodes.find((n) => n.id === id);
  const from = node(edge.source);
  const to = node(edge.target);
  if (!from || !to) return null;
  const out = nodeType(from.type)?.outputs.find((p) => !edge.sourcePort || p.name === edge.sourcePort);
  const inp = nodeType(to.type)?.inputs.find((p) => !edge.targetPort || p.name === edge.targetPort);
  if (!out || !inp) return null;
  const name = (n: { label?: string; type: string }) => `"${n.label?.trim() || stepTypeName(n.type)}"`;
  return `${name(from)} gives ${portTypeWords(out.type)}, but the "${inp.label}" input of ${name(to)} takes ${portTypeWords(inp.type)}.`;
}

/** What to say when the pointer is over a port the drag cannot end on at all. */
export function wrongEndReason(from: 'source' | 'target', over: 'source' | 'target'): string {
  if (from !== over) return '';
  return from === 'source'
    ? 'Outputs connect to inputs: drop on a port on the left side of a step.'
    : 'Inputs take an output: drop on a port on the right side of a step.';
}

/** A connection as the canvas reports it, in the document's terms. */
export function edgeOf(c: {
  source: string;
  target: string;
  sourceHandle?: string | null;
  targetHandle?: string | null;
}): { source: string; target: string; sourcePort?: string; targetPort?: string } {
  return {
    source: c.source,
    target: c.target,
    ...(c.sourceHandle ? { sourcePort: c.sourceHandle } : {}),
    ...(c.targetHandle ? { targetPort: c.targetHandle } : {})
  };
}

/** One end of a connection being dragged: the port's step, its name and its side. */
export interface PortEnd {
  nodeId: string;
  id?: string | null;
  type: 'source' | 'target';
}

/** Why a drag from one port cannot end on another: the same answer the drop would get. */
export function dragRefusal(config: PipelineConfig, from: PortEnd, to: PortEnd): string | null {
  const wrong = wrongEndReason(from.type, to.type);
  if (wrong) return wrong;
  const [out, into] = from.type === 'source' ? [from, to] : [to, from];
  return connectionRefusal(config, {
    source: out.nodeId,
    target: into.nodeId,
    sourcePort: out.id,
    targetPort: into.id
  });
}
