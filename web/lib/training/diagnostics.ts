/**
 * The end-of-training charts: confusion matrix, ROC curve and feature importance. The run and
 * model shapes name no such fields today, so these are read from whatever the server sends (a
 * run's or a model's extra fields, or its `metrics`/`evaluation`/`report` object) under the names
 * the engine uses (ml/metrics.ts, ml/model.ts) and their camelCase twins; absent means absent,
 * and the room says so rather than drawing something made up.
 */

export interface ConfusionMatrix {
  labels: string[];
  /** counts[actual][predicted] */
  counts: number[][];
}

export interface RocCurve {
  points: { fpr: number; tpr: number }[];
  auc: number | null;
}

export interface Importance {
  feature: string;
  importance: number;
}

export interface Diagnostics {
  confusion: ConfusionMatrix | null;
  roc: RocCurve | null;
  importance: Importance[] | null;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The objects a field may sit in: the source itself and its nested report-like objects. */
function places(source: unknown): Obj[] {
  if (!isObj(source)) return [];
  const out = [source];
  for (const key of ['metrics', 'evaluation', 'report', 'diagnostics', 'artifacts']) {
    const nested = source[key];
    if (isObj(nested)) out.push(...places(nested));
  }
  return out;
}

function pick(sources: readonly unknown[], names: readonly string[]): { value: unknown; at: Obj } | null {
  for (const source of sources) {
    for (const at of places(source)) {
      for (const name of names)
        if (at[name] !== undefined && at[name] !== null) return { value: at[name], at };
    }
  }
  return null;
}

function confusionFrom(found: { value: unknown; at: Obj } | null): ConfusionMatrix | null {
  if (!found) return null;
  let counts: unknown = found.value;
  let labels: unknown = found.at.classes ?? found.at.labels ?? found.at.classLabels;
  if (isObj(found.value)) {
    counts = found.value.matrix ?? found.value.counts ?? found.value.values;
    labels = found.value.labels ?? found.value.classes ?? labels;
  }
  if (!Array.isArray(counts) || counts.length === 0) return null;
  const k = counts.length;
  if (!counts.every((row) => Array.isArray(row) && row.length === k && row.every(finite))) return null;
  const names =
    Array.isArray(labels) && labels.length === k ? labels.map(String) : counts.map((_, i) => `Class ${i}`);
  return { labels: names, counts: counts as number[][] };
}

function rocFrom(found: { value: unknown; at: Obj } | null, sources: readonly unknown[]): RocCurve | null {
  if (!found) return null;
  const v = found.value;
  let points: { fpr: number; tpr: number }[] = [];
  if (Array.isArray(v)) {
    points = v.flatMap((p) => {
      if (!isObj(p)) return [];
      const fpr = p.fpr ?? p.x;
      const tpr = p.tpr ?? p.y;
      return finite(fpr) && finite(tpr) ? [{ fpr, tpr }] : [];
    });
  } else if (isObj(v) && Array.isArray(v.fpr) && Array.isArray(v.tpr) && v.fpr.length === v.tpr.length) {
    points = (v.fpr as unknown[]).flatMap((fpr, i) => {
      const tpr = (v.tpr as unknown[])[i];
      return finite(fpr) && finite(tpr) ? [{ fpr, tpr }] : [];
    });
  }
  if (points.length < 2) return null;
  const auc = pick(sources, ['rocAuc', 'roc_auc', 'auc'])?.value;
  return { points, auc: finite(auc) ? auc : null };
}

function importanceFrom(found: { value: unknown } | null): Importance[] | null {
  if (!found) return null;
  const v = found.value;
  let list: Importance[] = [];
  if (Array.isArray(v)) {
    list = v.flatMap((e) =>
      isObj(e) && typeof e.feature === 'string' && finite(e.importance)
        ? [{ feature: e.feature, importance: e.importance }]
        : []
    );
  } else if (isObj(v)) {
    list = Object.entries(v).flatMap(([feature, importance]) =>
      finite(importance) ? [{ feature, importance }] : []
    );
  }
  if (list.length === 0) return null;
  return list.sort((a, b) => b.importance - a.importance || a.feature.localeCompare(b.feature));
}

/** What can be drawn from the given sources, the first that has each chart winning. */
export function diagnosticsOf(...sources: unknown[]): Diagnostics {
  return {
    confusion: confusionFrom(pick(sources, ['confusionMatrix', 'confusion_matrix'])),
    roc: rocFrom(pick(sources, ['rocCurve', 'roc_curve', 'roc']), sources),
    importance: importanceFrom(
      pick(sources, [
        'featureImportance',
        'feature_importance',
        'importance',
        'permutationImportance',
        'permutation_importance'
      ])
    )
  };
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

export function confusionSpec(m: ConfusionMatrix): Record<string, unknown> {
  const values = m.counts.flatMap((row, i) =>
    row.map((count, j) => ({ actual: m.labels[i], predicted: m.labels[j], count }))
  );
  const axis = { labelLimit: 120 };
  return {
    $schema: SCHEMA,
    height: Math.max(160, 48 * m.labels.length),
    data: { values },
    encoding: {
      x: { field: 'predicted', type: 'nominal', sort: m.labels, title: 'Predicted', axis },
      y: { field: 'actual', type: 'nominal', sort: m.labels, title: 'Actual', axis }
    },
    layer: [
      {
        mark: 'rect',
        encoding: {
          color: { field: 'count', type: 'quantitative', title: 'Rows', scale: { scheme: 'blues' } },
          tooltip: [
            { field: 'actual', title: 'Actual' },
            { field: 'predicted', title: 'Predicted' },
            { field: 'count', title: 'Rows' }
          ]
        }
      },
      {
        mark: { type: 'text', fontWeight: 600 },
        encoding: { text: { field: 'count', type: 'quantitative' }, color: { value: '#1b1d26' } }
      }
    ]
  };
}

export function rocSpec(roc: RocCurve): Record<string, unknown> {
  const diagonal = [
    { fpr: 0, tpr: 0 },
    { fpr: 1, tpr: 1 }
  ];
  const x = { field: 'fpr', type: 'quantitative', title: 'False positive rate', scale: { domain: [0, 1] } };
  const y = { field: 'tpr', type: 'quantitative', title: 'True positive rate', scale: { domain: [0, 1] } };
  return {
    $schema: SCHEMA,
    height: 220,
    layer: [
      {
        data: { values: diagonal },
        mark: { type: 'line', strokeDash: [4, 4], color: '#9aa0ad' },
        encoding: { x, y }
      },
      { data: { values: roc.points }, mark: { type: 'line', color: '#4c5fd5' }, encoding: { x, y } }
    ]
  };
}

export function importanceSpec(list: Importance[], max = 15): Record<string, unknown> {
  const values = list.slice(0, max);
  return {
    $schema: SCHEMA,
    height: Math.max(80, 22 * values.length),
    data: { values },
    mark: { type: 'bar', color: '#4c5fd5', cornerRadiusEnd: 2 },
    encoding: {
      y: { field: 'feature', type: 'nominal', sort: '-x', title: null, axis: { labelLimit: 160 } },
      x: { field: 'importance', type: 'quantitative', title: 'Importance' },
      tooltip: [
        { field: 'feature', title: 'Feature' },
        { field: 'importance', title: 'Importance', format: '.4f' }
      ]
    }
  };
}
