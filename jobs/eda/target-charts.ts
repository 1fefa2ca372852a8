import type { DuckDBConnection } from '@duckdb/node-api';
import { proposedSchema } from '../../contracts/api';
import { sqlIdentifier } from '../validation/read-csv-sql';
import type { EdaChart } from './charts';
import { targetVsFeature } from './target-specs';
import type { ColumnStats, EdaStats } from './types';

/** The accepted schema's target and the columns it marks as features. */
export interface TargetRoles {
  target: string;
  features: string[];
}

/** Target and features of an accepted schema; null when it is unreadable or names no target. */
export function targetRoles(acceptedSchema: unknown): TargetRoles | null {
  const parsed = proposedSchema.safeParse(acceptedSchema);
  if (!parsed.success) return null;
  const target = parsed.data.columns.find((c) => c.role === 'target');
  if (!target) return null;
  const features = parsed.data.columns
    .filter((c) => c !== target && (c.role ?? (c.type === 'id' ? 'id' : 'feature')) === 'feature')
    .map((c) => c.name);
  return { target: target.name, features };
}

const CHARTABLE = new Set(['numeric', 'categorical', 'boolean']);
const MAX_FEATURES = 8;

/**
 * The features to chart against the target: numeric ones first, by how strongly they correlate with
 * a numeric target, then categorical and boolean ones in schema order; text and dates are skipped.
 */
export function featuresToChart(stats: EdaStats, roles: TargetRoles): ColumnStats[] {
  const byName = new Map(stats.columnStats.map((c) => [c.name, c]));
  const target = byName.get(roles.target);
  if (!target || !CHARTABLE.has(target.kind)) return [];
  const features = roles.features
    .filter((n) => n !== roles.target)
    .map((n) => byName.get(n))
    .filter((c): c is ColumnStats => c !== undefined && CHARTABLE.has(c.kind) && c.count > 0);
  const { columns, matrix } = stats.correlations;
  const t = columns.indexOf(target.name);
  const strength = (c: ColumnStats) => {
    const r = t < 0 ? null : matrix[t]?.[columns.indexOf(c.name)];
    return r === null || r === undefined ? -1 : Math.abs(r);
  };
  const numeric = features.filter((c) => c.kind === 'numeric').sort((a, b) => strength(b) - strength(a));
  return [...numeric, ...features.filter((c) => c.kind !== 'numeric')].slice(0, MAX_FEATURES);
}

/**
 * One target-vs-feature chart per chosen feature, drawn from one reservoir sample of rows (fixed
 * seed, so a report is reproducible) that keeps the inline data small.
 */
export async function targetCharts(
  connection: DuckDBConnection,
  source: string,
  stats: EdaStats,
  roles: TargetRoles,
  sampleSize = 1000
): Promise<EdaChart[]> {
  const features = featuresToChart(stats, roles);
  const target = stats.columnStats.find((c) => c.name === roles.target);
  if (!target || features.length === 0) return [];
  const ids = [target, ...features].map((c) => sqlIdentifier(c.name));
  const sql = `SELECT ${ids.join(', ')} FROM ${source} USING SAMPLE reservoir(${sampleSize} ROWS) REPEATABLE (42)`;
  const rows = (await connection.runAndReadAll(sql)).getRowObjectsJS();
  return features.map((feature) => {
    const chart = targetVsFeature(target, feature, rows);
    return { ...chart, title: `${chart.title} (${rows.length.toLocaleString('en')} random rows)` };
  });
}
