import type { PipelineConfig } from '../contracts/pipeline';

/**
 * JSON with object keys sorted: Postgres jsonb and Y.Map hand keys back in their own orders, so
 * equal configs only compare equal once both are written this way.
 */
export function stableJson(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => stableJson(v) ?? 'null').join(',')}]`;
  const entries = Object.keys(value)
    .sort()
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

export function sameJson(a: unknown, b: unknown): boolean {
  return stableJson(a) === stableJson(b);
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Nodes and edges sorted by id, as the collaborative document reads them back. */
export function canonicalConfig(config: PipelineConfig): PipelineConfig {
  return { nodes: [...config.nodes].sort(byId), edges: [...config.edges].sort(byId) };
}

export function sameConfig(a: PipelineConfig, b: PipelineConfig): boolean {
  return sameJson(canonicalConfig(a), canonicalConfig(b));
}
