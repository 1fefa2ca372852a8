import type { PipelineConfig, ValidationErrorDto } from '../../../contracts/pipeline';

/** A validation answer sorted for display: per node, per edge, and problems of the whole pipeline. */
export interface ValidationView {
  byNode: Map<string, string[]>;
  byEdge: Map<string, string[]>;
  general: ValidationErrorDto[];
  /** Errors still on the canvas; warnings are listed apart and never block. */
  total: number;
  warnings: ValidationErrorDto[];
}

export const NO_PROBLEMS: ValidationView = {
  byNode: new Map(),
  byEdge: new Map(),
  general: [],
  total: 0,
  warnings: []
};

/**
 * Groups errors by what they point at; an error naming several nodes (a cycle) marks each of
 * them. Errors about nodes or edges no longer on the canvas are dropped: nothing is left to fix.
 */
export function groupErrors(
  errors: ValidationErrorDto[],
  config: PipelineConfig,
  warnings: ValidationErrorDto[] = []
): ValidationView {
  const nodes = new Set(config.nodes.map((n) => n.id));
  const edges = new Set(config.edges.map((e) => e.id));
  const byNode = new Map<string, string[]>();
  const byEdge = new Map<string, string[]>();
  const general: ValidationErrorDto[] = [];
  let total = 0;
  const push = (map: Map<string, string[]>, id: string, message: string) => {
    const list = map.get(id) ?? [];
    if (!list.includes(message)) list.push(message);
    map.set(id, list);
  };
  for (const error of errors) {
    const nodeIds = [...new Set([...(error.nodeId ? [error.nodeId] : []), ...(error.nodeIds ?? [])])];
    if (nodeIds.length > 0) {
      const present = nodeIds.filter((id) => nodes.has(id));
      if (present.length === 0) continue;
      for (const id of present) push(byNode, id, error.message);
    } else if (error.edgeId !== undefined) {
      if (!edges.has(error.edgeId)) continue;
      push(byEdge, error.edgeId, error.message);
    } else {
      general.push(error);
    }
    total++;
  }
  const live = warnings.filter(
    (w) => (!w.nodeId || nodes.has(w.nodeId)) && (!w.edgeId || edges.has(w.edgeId))
  );
  return { byNode, byEdge, general, total, warnings: live };
}

/**
 * What validation depends on, to tell whether a result still applies: everything but positions,
 * so moving a step around keeps the last answer.
 */
export function configKey(config: PipelineConfig): string {
  return JSON.stringify({
    nodes: config.nodes.map(({ position: _position, ...rest }) => rest),
    edges: config.edges
  });
}
