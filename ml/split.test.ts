import { describe, expect, it } from 'vitest';
import { Random } from './random';
import { kFold, trainTestSplit } from './split';

describe('Random', () => {
  it('repeats its stream for a seed and differs across seeds', () => {
    const draw = (seed: number) =>
      Array.from(
        { length: 5 },
        (
          (r) => () =>
            r.nextUint32()
        )(new Random(seed))
      );
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('draws floats in [0, 1) and unbiased integers', () => {
    const r = new Random(1);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60_000; i++) {
      const f = r.nextFloat();
      expect(f >= 0 && f < 1).toBe(true);
      counts[r.nextInt(6)]++;
    }
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
  });
});

describe('trainTestSplit', () => {
  it('holds out ceil(test_size·n) rows, disjoint from training, reproducibly', () => {
    const s = trainTestSplit(101, { testSize: 0.2, shuffle: true, seed: 3 });
    expect(s.test.length).toBe(21);
    expect(s.train.length).toBe(80);
    expect(new Set([...s.train, ...s.test]).size).toBe(101);
    expect(trainTestSplit(101, { testSize: 0.2, shuffle: true, seed: 3 })).toEqual(s);
  });

  it('keeps class shares when stratified', () => {
    const classes = Int32Array.from({ length: 1000 }, (_, i) => (i % 10 === 0 ? 1 : i % 10 < 4 ? 2 : 0));
    const s = trainTestSplit(1000, { testSize: 0.25, shuffle: true, seed: 1, stratify: classes });
    const share = (rows: Int32Array, k: number) => rows.filter((i) => classes[i] === k).length / rows.length;
    for (const k of [0, 1, 2]) expect(share(s.test, k)).toBeCloseTo(share(s.train, k), 2);
  });

  it('refuses a split that leaves a part empty', () => {
    expect(() => trainTestSplit(1, { testSize: 0.5, shuffle: true, seed: 1 })).toThrow(/cannot be split/);
  });
});

describe('kFold', () => {
  it('puts every row in exactly one validation fold', () => {
    const folds = kFold(23, 5, { shuffle: true, seed: 9 });
    const seen = folds.flatMap((f) => [...f.test]).sort((a, b) => a - b);
    expect(seen).toEqual(Array.from({ length: 23 }, (_, i) => i));
    expect(folds.map((f) => f.test.length)).toEqual([5, 5, 5, 4, 4]);
    for (const f of folds) expect(f.train.length + f.test.length).toBe(23);
  });

  it('keeps class shares per fold when stratified', () => {
    const classes = Int32Array.from({ length: 100 }, (_, i) => (i < 20 ? 1 : 0));
    for (const f of kFold(100, 4, { shuffle: true, seed: 2, stratify: classes })) {
      expect(f.test.filter((i) => classes[i] === 1).length).toBe(5);
    }
  });
});
