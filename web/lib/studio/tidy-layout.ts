import type { ElkNode } from 'elkjs/lib/elk-api';

/**
 * "Tidy up": new positions for every step, laid out left to right in layers by ELK's layered
 * algorithm. Ports are given at the places the canvas draws them, so ELK orders the steps of a layer
 * to keep connections into a two-input step (Evaluate's model and data) from crossing.
 */

export interface LayoutPort {
  /** The port name, as edges name it. */
  name: string;
  side: 'in' | 'out';
  /** The port's centre relative to the step's top-left corner. */
  x: number;
  y: number;
}

export interface LayoutNode {
  id: string;
  position: { x: number; y: number };
  width: number;
  height: number;
  ports: LayoutPort[];
}

export interface LayoutEdge {
  id: string;
  source: string;
  target: string;
  sourcePort?: string | null;
  targetPort?: string | null;
}

export const LAYER_GAP = 72;
export const NODE_GAP = 40;

const portId = (nodeId: string, side: 'in' | 'out', name: string) => `${nodeId}\u0000${side}\u0000${name}`;

/** The ELK graph: one child per step with fixed ports, one edge per connection. */
export function elkGraph(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[]): ElkNode {
  const known = new Map(nodes.map((n) => [n.id, n]));
  const endOf = (nodeId: string, side: 'in' | 'out', port: string | null | undefined) => {
    const ports = known.get(nodeId)?.ports.filter((p) => p.side === side) ?? [];
    // An edge without a port name uses the step's only port on that side.
    const match = port ? ports.find((p) => p.name === port) : ports.length === 1 ? ports[0] : undefined;
    return match ? portId(nodeId, side, match.name) : nodeId;
  };
  return {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': String(LAYER_GAP),
      'elk.spacing.nodeNode': String(NODE_GAP),
      'elk.spacing.componentComponent': String(NODE_GAP * 2),
      'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
      // Keeps the user's top-to-bottom order where crossings allow, so the result feels familiar.
      'elk.layered.crossingMinimization.semiInteractive': 'true'
    },
    children: nodes.map((n) => ({
      id: n.id,
      x: n.position.x,
      y: n.position.y,
      width: n.width,
      height: n.height,
      layoutOptions: { 'elk.portConstraints': 'FIXED_POS' },
      ports: n.ports.map((p) => ({
        id: portId(n.id, p.side, p.name),
        x: p.side === 'in' ? -1 : n.width - 1,
        y: p.y - 1,
        width: 2,
        height: 2,
        layoutOptions: { 'elk.port.side': p.side === 'in' ? 'WEST' : 'EAST' }
      }))
    })),
    edges: edges
      .filter((e) => known.has(e.source) && known.has(e.target) && e.source !== e.target)
      .map((e) => ({
        id: e.id,
        sources: [endOf(e.source, 'out', e.sourcePort)],
        targets: [endOf(e.target, 'in', e.targetPort)]
      }))
  };
}

/**
 * The laid-out positions, moved so the pipeline's top-left corner stays where it was: the user
 * keeps looking at the same part of the canvas. Whole flow units, like every stored position.
 */
export function placedPositions(
  before: readonly LayoutNode[],
  laidOut: ElkNode
): Map<string, { x: number; y: number }> {
  const children = laidOut.children ?? [];
  const out = new Map<string, { x: number; y: number }>();
  if (before.length === 0 || children.length === 0) return out;
  const minX = (list: Array<{ x?: number }>) => Math.min(...list.map((p) => p.x ?? 0));
  const minY = (list: Array<{ y?: number }>) => Math.min(...list.map((p) => p.y ?? 0));
  const dx = minX(before.map((n) => n.position)) - minX(children);
  const dy = minY(before.map((n) => n.position)) - minY(children);
  for (const c of children) out.set(c.id, { x: Math.round((c.x ?? 0) + dx), y: Math.round((c.y ?? 0) + dy) });
  return out;
}

/** Lays the steps out; ELK (a large library) loads on the first tidy-up, not with the studio. */
export async function tidyLayout(
  nodes: readonly LayoutNode[],
  edges: readonly LayoutEdge[]
): Promise<Map<string, { x: number; y: number }>> {
  if (nodes.length === 0) return new Map();
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  const laidOut = await new ELK().layout(elkGraph(nodes, edges));
  return placedPositions(nodes, laidOut);
}
