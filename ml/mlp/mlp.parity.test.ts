import { describe, expect, it } from 'vitest';
import { denseMatrix } from '../matrix';
import { argmaxRows } from '../metrics';
import { accuracy, loadClassification, splitDataset, standardised, toRows } from '../test-support/datasets';
import { hasSklearn, runPython } from '../test-support/sklearn';
import { mlpPredict } from './forward';
import { fitMlp, type MlpParams } from './mlp';

const base: MlpParams = {
  hiddenLayerSizes: [32],
  activation: 'relu',
  alpha: 0.0001,
  learningRateInit: 0.001,
  batchSize: 64,
  maxIter: 100,
  earlyStopping: false,
  validationFraction: 0.1,
  nIterNoChange: 10,
  tol: 1e-4,
  seed: 0
};

const sk = (p: MlpParams) =>
  `hidden_layer_sizes=(${p.hiddenLayerSizes.join(',')},), activation='${p.activation}', solver='adam', alpha=${p.alpha}, learning_rate_init=${p.learningRateInit}, batch_size=${p.batchSize}, max_iter=${p.maxIter}, early_stopping=${p.earlyStopping ? 'True' : 'False'}, validation_fraction=${p.validationFraction}, n_iter_no_change=${p.nIterNoChange}, tol=${p.tol}, shuffle=True, learning_rate='constant', beta_1=0.9, beta_2=0.999, epsilon=1e-8`;

const SEEDS = [1, 2, 3];

describe.skipIf(!hasSklearn)('the MLP is within 2 points of scikit-learn, averaged over 3 seeds', () => {
  it.each([
    ['breast_cancer', {}],
    ['iris', { activation: 'tanh', hiddenLayerSizes: [16, 8], learningRateInit: 0.01 }],
    ['wine_data', {}]
  ] as const)('on %s with %o', async (name, override) => {
    const p: MlpParams = {
      ...base,
      ...override,
      hiddenLayerSizes: [...((override as Partial<MlpParams>).hiddenLayerSizes ?? base.hiddenLayerSizes)]
    };
    const ds = loadClassification(name);
    const K = new Set(ds.y).size;
    const splits = SEEDS.map((seed) => standardised(splitDataset(ds, seed, true, 0.3)));
    let ours = 0;
    for (const [i, data] of splits.entries()) {
      const m = await fitMlp(
        denseMatrix(data.train, 'mlp'),
        { task: 'classification', codes: Int32Array.from(data.yTrain), nClasses: K },
        { ...p, seed: SEEDS[i]! }
      );
      ours +=
        accuracy(argmaxRows(mlpPredict(m, denseMatrix(data.test, 'mlp')), K), data.yTest) / SEEDS.length;
    }
    const theirs = runPython<number>(
      `import warnings
from sklearn.neural_network import MLPClassifier
warnings.filterwarnings('ignore')
acc = []
for seed, d in zip(data['seeds'], data['splits']):
    m = MLPClassifier(${sk(p)}, random_state=seed).fit(np.array(d['X']), np.array(d['y']))
    acc.append(float(np.mean(m.predict(np.array(d['T'])) == np.array(d['yt']))))
out = float(np.mean(acc))`,
      {
        seeds: SEEDS,
        splits: splits.map((d) => ({ X: toRows(d.train), y: d.yTrain, T: toRows(d.test), yt: d.yTest }))
      }
    );
    expect(Math.abs(ours - theirs)).toBeLessThanOrEqual(0.02);
  });
});
