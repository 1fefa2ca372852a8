import type { EdaStats, EdaWarning } from './types';

/** Thresholds for warnings. */
export const WARNING_THRESHOLDS = {
  missingShare: 0.5,
  skewness: 2,
  correlation: 0.9,
  /** A text column with more distinct values than this and than half its values is high-cardinality. */
  highCardinality: 50,
  /** Strings with at most this many distinct values are categorical rather than text. */
  categoricalMaxDistinct: 50
} as const;

function pct(share: number): string {
  return `${(100 * share).toFixed(1)}%`;
}

/**
 * Data-quality warnings from computed statistics, each with what was found and why it matters.
 * "Identifier-like" needs an exact distinct count, so it is only raised from exact counts.
 */
export function edaWarnings(stats: Pick<EdaStats, 'rows' | 'columnStats' | 'correlations'>): EdaWarning[] {
  const out: EdaWarning[] = [];
  const t = WARNING_THRESHOLDS;
  for (const c of stats.columnStats) {
    const total = c.count + c.missing;
    if (total > 0 && c.missing / total > t.missingShare) {
      out.push({
        code: 'high_missing',
        column: c.name,
        severity: 'warning',
        message: `${c.name} is ${pct(c.missing / total)} missing`,
        explanation:
          'Imputing most of a column invents its values. Consider dropping it, or keep a "was missing" ' +
          'indicator if the gaps themselves carry meaning.'
      });
    }
    if (c.count > 0 && c.distinct === 1 && !c.distinctApprox) {
      out.push({
        code: 'constant',
        column: c.name,
        severity: 'warning',
        message: `${c.name} has a single value`,
        explanation:
          'A column that never changes carries no information for a model; drop it from the features.'
      });
      continue;
    }
    // A column the accepted schema already marks as an identifier needs no advice to become one.
    if (c.role === 'id') continue;
    const idFamily = c.kind === 'text' || c.kind === 'categorical' || /INT/i.test(c.duckdbType);
    const idLike = idFamily && !c.distinctApprox && c.count > 1 && c.missing === 0 && c.distinct === c.count;
    if (idLike) {
      out.push({
        code: 'id_like',
        column: c.name,
        severity: 'warning',
        message: `${c.name} has a distinct value in every row: probably an identifier`,
        explanation:
          'Identifiers let a model memorise rows instead of learning patterns. Give it the "id" role ' +
          'or leave it out of the features.'
      });
    } else if (
      (c.kind === 'text' || c.kind === 'categorical') &&
      c.distinct > t.highCardinality &&
      c.distinct > c.count / 2
    ) {
      out.push({
        code: 'high_cardinality',
        column: c.name,
        severity: 'info',
        message: `${c.name} has ${c.distinct.toLocaleString('en')} distinct values`,
        explanation:
          'One-hot encoding it would add a column per value, most seen only once. Group rare values, ' +
          'encode it differently, or treat it as free text.'
      });
    }
    if (c.kind === 'numeric' && c.skewness !== null && Math.abs(c.skewness) > t.skewness) {
      out.push({
        code: 'skewed',
        column: c.name,
        severity: 'info',
        message: `${c.name} is highly skewed (skewness ${c.skewness.toFixed(2)})`,
        explanation:
          'A long tail lets a few extreme values dominate means, scaling and linear models. A log or ' +
          'power transform, or a robust scaler, usually helps.'
      });
    }
  }
  const { columns, matrix } = stats.correlations;
  for (let a = 0; a < columns.length; a++) {
    for (let b = a + 1; b < columns.length; b++) {
      const r = matrix[a]?.[b];
      if (r !== null && r !== undefined && Math.abs(r) > t.correlation) {
        out.push({
          code: 'strong_correlation',
          columns: [columns[a]!, columns[b]!],
          severity: 'info',
          message: `${columns[a]} and ${columns[b]} are strongly correlated (r = ${r.toFixed(3)})`,
          explanation:
            'One of the two adds little the other does not already say, and keeping both can make ' +
            'linear model coefficients unstable. Consider keeping one.'
        });
      }
    }
  }
  return out;
}
