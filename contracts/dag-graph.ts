/** Graph helpers for DAG validation: plain adjacency lists keyed by node id, no pipeline knowledge. */

export type Adjacency = Map<string, string[]>;

/** Adjacency over `ids` from `[source, target]` pairs (pairs naming unknown ids are the caller's to drop). */
export function adjacency(ids: Iterable<string>, pairs: Iterable<[string, string]>): Adjacency {
  const out: Adjacency = new Map();
  for (const id of ids) out.set(id, []);
  for (const [from, to] of pairs) out.get(from)?.push(to);
  return out;
}

/**
 * Every cycle's nodes, one list per strongly connected component that loops (Tarjan), each
 * ordered along one actual cycle starting at its smallest id, then any other members of the
 * component. Deterministic for a given input.
 */
export function findCycles(graph: Adjacency): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];

  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      const loops = component.length > 1 || (graph.get(v) ?? []).includes(v);
      if (loops) components.push(component);
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);

  return components
    .map((component) => orderAlongCycle(graph, new Set(component)))
    .sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
}

/** One cycle through the component's smallest id (breadth-first, so the shortest), then the rest. */
function orderAlongCycle(graph: Adjacency, members: Set<string>): string[] {
  const start = [...members].sort()[0]!;
  const previous = new Map<string, string>();
  const queue = [start];
  let end: string | undefined;
  while (queue.length && end === undefined) {
    const v = queue.shift()!;
    for (const w of [...(graph.get(v) ?? [])].sort()) {
      if (!members.has(w)) continue;
      if (w === start) {
        end = v;
        break;
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  const path: string[] = [];
  for (let v = end; v !== undefined && v !== start; v = previous.get(v)) path.unshift(v);
  const cycle = [start, ...path];
  return [...cycle, ...[...members].filter((m) => !cycle.includes(m)).sort()];
}

/** Ids in dependency order (Kahn); ids on or after a cycle are left out. */
export function topologicalOrder(graph: Adjacency): string[] {
  const indegree = new Map<string, number>([...graph.keys()].map((id) => [id, 0]));
  for (const targets of graph.values()) {
    for (const t of targets) indegree.set(t, (indegree.get(t) ?? 0) + 1);
  }
  const ready = [...indegree]
    .filter(([, d]) => d === 0)
    .map(([id]) => id)
    .sort();
  const order: string[] = [];
  while (ready.length) {
    const v = ready.shift()!;
    order.push(v);
    for (const w of graph.get(v) ?? []) {
      const d = indegree.get(w)! - 1;
      indegree.set(w, d);
      if (d === 0) ready.push(w);
    }
  }
  return order;
}
