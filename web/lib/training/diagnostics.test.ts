import { describe, expect, it } from 'vitest';
import { confusionSpec, diagnosticsOf, importanceSpec } from './diagnostics';

describe('end-of-training diagnostics', () => {
  it('finds nothing in a run that carries only scalar metrics', () => {
    expect(diagnosticsOf({ metrics: { accuracy: 0.9, rocAuc: 0.95 } })).toEqual({
      confusion: null,
      roc: null,
      importance: null
    });
  });

  it("reads the engine's report names, nested in an evaluation", () => {
    const model = {
      evaluation: {
        confusion_matrix: [
          [5, 1],
          [2, 7]
        ],
        classes: ['no', 'yes'],
        roc_auc: 0.91
      },
      importance: [
        { feature: 'age', importance: 0.2 },
        { feature: 'income', importance: 0.8 }
      ]
    };
    const d = diagnosticsOf(model);
    expect(d.confusion).toEqual({
      labels: ['no', 'yes'],
      counts: [
        [5, 1],
        [2, 7]
      ]
    });
    expect(d.importance!.map((i) => i.feature)).toEqual(['income', 'age']);
    expect(d.roc).toBeNull();
  });

  it('reads a ROC curve as points or as fpr/tpr lists, with its AUC', () => {
    const asLists = diagnosticsOf({
      rocCurve: { fpr: [0, 0.2, 1], tpr: [0, 0.7, 1] },
      metrics: { rocAuc: 0.8 }
    });
    expect(asLists.roc).toEqual({
      points: [
        { fpr: 0, tpr: 0 },
        { fpr: 0.2, tpr: 0.7 },
        { fpr: 1, tpr: 1 }
      ],
      auc: 0.8
    });
    const asPoints = diagnosticsOf({
      roc: [
        { x: 0, y: 0, threshold: 1 },
        { x: 1, y: 1, threshold: 0 }
      ]
    });
    expect(asPoints.roc!.points).toHaveLength(2);
  });

  it('refuses a matrix that is not square, and takes the first source that has each chart', () => {
    expect(diagnosticsOf({ confusionMatrix: [[1, 2], [3]] }).confusion).toBeNull();
    const d = diagnosticsOf({ featureImportance: { a: 0.1 } }, { featureImportance: { b: 0.9 } });
    expect(d.importance).toEqual([{ feature: 'a', importance: 0.1 }]);
  });

  it('draws one cell per pair of classes and at most the top features', () => {
    const spec = confusionSpec({
      labels: ['a', 'b', 'c'],
      counts: [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1]
      ]
    });
    expect((spec.data as { values: unknown[] }).values).toHaveLength(9);
    const many = Array.from({ length: 30 }, (_, i) => ({ feature: `f${i}`, importance: 1 / (i + 1) }));
    expect((importanceSpec(many).data as { values: unknown[] }).values).toHaveLength(15);
  });
});
