import { describe, expect, it } from 'vitest';
import { precisionRecallCurve, rocCurve } from './metrics';

describe('curves', () => {
  it('run from (0,0) to (1,1) for ROC and end at full recall for precision–recall', () => {
    const positive = [true, false, true, true, false, false];
    const score = [0.9, 0.8, 0.7, 0.7, 0.3, 0.1];
    const roc = rocCurve(positive, score);
    expect(roc[0]).toMatchObject({ x: 0, y: 0 });
    expect(roc[roc.length - 1]).toMatchObject({ x: 1, y: 1 });
    const pr = precisionRecallCurve(positive, score);
    expect(pr[pr.length - 1]!.x).toBe(1);
    expect(pr[0]).toMatchObject({ x: 1 / 3, y: 1, threshold: 0.9 });
  });
});
