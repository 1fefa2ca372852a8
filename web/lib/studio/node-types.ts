import {
  NODE_CATEGORIES,
  NODE_TYPES,
  type NodeCategory,
  type NodeTypeSpec,
  type PortSpec
} from '../../../contracts/node-types';

/**
 * The catalogue of pipeline steps. The studio starts from the copy built into the app and then
 * takes `GET /api/node-types`, so a step type added on the server shows up in the palette without
 * a client release.
 */

export type { NodeTypeSpec, PortSpec };

/** The palette's drag payload: the step type to add where it is dropped on the canvas. */
export const STEP_MIME = 'application/x-pipeweave-step';

export const BUILT_IN_TYPES: readonly NodeTypeSpec[] = NODE_TYPES;

const CATEGORY_LABELS: Record<NodeCategory, string> = {
  source: 'Data',
  preprocess: 'Preprocessing',
  split: 'Split',
  model: 'Models',
  evaluate: 'Evaluation'
};

export const categoryLabel = (category: string): string =>
  CATEGORY_LABELS[category as NodeCategory] ?? category.charAt(0).toUpperCase() + category.slice(1);

export const portLabel = (port: { name: string; label?: string }): string => port.label || port.name;

/** Palette sections in the registry's category order (unknown categories last), steps in catalogue order. */
export function byCategory(
  types: readonly NodeTypeSpec[]
): Array<{ category: string; types: NodeTypeSpec[] }> {
  const groups = new Map<string, NodeTypeSpec[]>();
  for (const t of types) groups.set(t.category, [...(groups.get(t.category) ?? []), t]);
  const rank = (c: string) => {
    const i = NODE_CATEGORIES.indexOf(c as NodeCategory);
    return i < 0 ? NODE_CATEGORIES.length : i;
  };
  return [...groups]
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([category, list]) => ({ category, types: list }));
}

/** Steps whose label, type, category or description contains every word of the query. */
export function searchTypes(types: readonly NodeTypeSpec[], query: string): NodeTypeSpec[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...types];
  return types.filter((t) => {
    const text = `${t.label} ${t.type} ${categoryLabel(t.category)} ${t.description ?? ''}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

function parsePorts(value: unknown): PortSpec[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((p): p is Partial<PortSpec> & { name: string } => typeof p?.name === 'string')
    .map((p) => ({
      name: p.name,
      type: (typeof p.type === 'string' ? p.type : 'table') as PortSpec['type'],
      label: typeof p.label === 'string' && p.label ? p.label : p.name,
      required: p.required === true,
      multiple: p.multiple === true
    }));
}

/** Keeps the well-formed entries of the server's answer, dropping anything the canvas cannot draw. */
export function parseNodeTypes(value: unknown): NodeTypeSpec[] {
  const list = Array.isArray(value)
    ? value
    : Array.isArray((value as { nodeTypes?: unknown } | null)?.nodeTypes)
      ? (value as { nodeTypes: unknown[] }).nodeTypes
      : [];
  return list
    .filter((t): t is Partial<NodeTypeSpec> & { type: string } => typeof t?.type === 'string')
    .map((t) => ({
      ...t,
      type: t.type,
      category: (typeof t.category === 'string' && t.category ? t.category : 'other') as NodeCategory,
      label: typeof t.label === 'string' && t.label ? t.label : t.type,
      description: typeof t.description === 'string' ? t.description : '',
      inputs: parsePorts(t.inputs),
      outputs: parsePorts(t.outputs),
      params:
        t.params && typeof t.params === 'object' && t.params.properties
          ? t.params
          : { type: 'object', properties: {}, additionalProperties: false }
    }));
}
