import type { PipelineConfig } from '../../../contracts/pipeline';

/**
 * A step's name by id as the canvas shows it (label, else its type's name), looked up in each
 * config in turn; undefined when none holds it, so the caller can fall back to its own names.
 */
export function stepNameIn(
  configs: PipelineConfig[],
  typeLabel: (type: string) => string | undefined
): (id: string) => string | undefined {
  return (id) => {
    for (const config of configs) {
      const node = config.nodes.find((n) => n.id === id);
      if (node) return node.label?.trim() || typeLabel(node.type);
    }
    return undefined;
  };
}
