import { describe, expect, it } from 'vitest';
import { Frame, categoricalColumn } from '../frame';
import { hasSklearn, runPython } from '../test-support/sklearn';
import { numbers, values } from '../test-support/transform-frames';
import { applyTransforms, fitTransforms, type TransformSpec } from './index';

const run = (specs: TransformSpec[], train: Frame, test: Frame) =>
  values(applyTransforms(fitTransforms(specs, train).fitted, test).frame);

describe.skipIf(!hasSklearn)('transforms agree with scikit-learn', () => {
  const train = numbers().take(Array.from({ length: 150 }, (_, i) => i));
  const test = numbers().take(Array.from({ length: 50 }, (_, i) => 150 + i));
  const reference = (code: string) =>
    runPython<(number | null)[][]>(
      `X = np.array(data['train'], dtype=float); T = np.array(data['test'], dtype=float)\n${code}\nout = [[None if np.isnan(v) else float(v) for v in r] for r in R]`,
      { train: values(train), test: values(test) }
    );

  it.each(['mean', 'median', 'most_frequent'] as const)(
    'imputes with the %s of the training rows',
    (strategy) => {
      const ours = run([{ kind: 'impute', strategy, fill_value: null, columns: [] }], train, test);
      const sk = reference(
        `from sklearn.impute import SimpleImputer\nR = SimpleImputer(strategy='${strategy}').fit(X).transform(T)`
      );
      expect(closeRows(ours, sk)).toBe(true);
    }
  );

  it('imputes a constant', () => {
    const ours = run([{ kind: 'impute', strategy: 'constant', fill_value: -3.5, columns: [] }], train, test);
    const sk = reference(
      `from sklearn.impute import SimpleImputer\nR = SimpleImputer(strategy='constant', fill_value=-3.5).fit(X).transform(T)`
    );
    expect(closeRows(ours, sk)).toBe(true);
  });

  it.each([
    ['standard', 'StandardScaler()'],
    ['minmax', 'MinMaxScaler()'],
    ['robust', 'RobustScaler()']
  ] as const)('scales %s, leaving missing cells missing', (method, scaler) => {
    const ours = run([{ kind: 'scale', method, columns: [] }], train, test);
    const sk = reference(
      `from sklearn.preprocessing import ${scaler.replace('()', '')}\nR = ${scaler}.fit(X).transform(T)`
    );
    expect(closeRows(ours, sk)).toBe(true);
  });

  it('one-hot encodes like OneHotEncoder, unseen values as all zeros', () => {
    const colours = ['red', 'green', 'blue', 'teal'];
    const mk = (k: number, offset: number) =>
      new Frame([
        categoricalColumn(
          'colour',
          Array.from({ length: k }, (_, i) => colours[(i * 7 + offset) % (offset ? 4 : 3)]!)
        )
      ]);
    const tr = mk(60, 0);
    const te = mk(20, 1); // holds "teal", unseen in training
    for (const drop of ['none', 'first'] as const) {
      const fitted = fitTransforms(
        [{ kind: 'one_hot', columns: [], handle_unknown: 'ignore', drop, max_categories: null }],
        tr
      ).fitted;
      const out = applyTransforms(fitted, te).frame;
      const sk = runPython<{ names: string[]; rows: number[][] }>(
        `from sklearn.preprocessing import OneHotEncoder\ne = OneHotEncoder(handle_unknown='ignore', sparse_output=False${drop === 'first' ? ", drop='first'" : ''}).fit(np.array(data['tr']).reshape(-1, 1))\nR = e.transform(np.array(data['te']).reshape(-1, 1))\nout = {'names': [n.replace('x0', 'colour') for n in e.get_feature_names_out()], 'rows': R.tolist()}`,
        { tr: labels(tr), te: labels(te) }
      );
      expect(out.names).toEqual(sk.names);
      expect(values(out)).toEqual(sk.rows);
    }
  });
});

function labels(f: Frame): string[] {
  const c = f.columns[0]!;
  return c.kind === 'categorical' ? Array.from(c.codes, (k) => c.levels[k]!) : [];
}

function closeRows(a: (number | null)[][], b: (number | null)[][]): boolean {
  if (a.length !== b.length) return false;
  return a.every((row, i) =>
    row.every((v, j) => {
      const w = b[i]![j]!;
      if (v === null || w === null) return v === w;
      return Math.abs(v - w) <= 1e-9 * Math.max(1, Math.abs(w));
    })
  );
}
