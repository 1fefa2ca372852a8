import { invalidParam } from '../errors';
import type { Matrix } from '../matrix';
import { checkCancelled, curveSample, report, type TrainHooks } from '../progress';
import { Random } from '../random';
import { trainTestSplit } from '../split';
import { tensorflow, tf } from './backend';
import type { Activation, DenseLayer, MlpModel } from './forward';

/** scikit-learn's MLPClassifier / MLPRegressor parameters with the adam solver. */
export interface MlpParams {
  hiddenLayerSizes: number[];
  activation: Activation;
  alpha: number;
  learningRateInit: number;
  batchSize: number;
  maxIter: number;
  earlyStopping: boolean;
  validationFraction: number;
  nIterNoChange: number;
  tol: number;
  seed: number;
}

type Labels =
  | { task: 'classification'; codes: Int32Array; nClasses: number }
  | { task: 'regression'; values: Float64Array };

/**
 * Trains with TensorFlow.js as scikit-learn's adam solver does: Glorot-uniform start drawn from our
 * seeded generator, shuffled mini-batches, loss = mean loss + alpha·‖W‖²/(2·batch), stopping after
 * n_iter_no_change epochs without a tol improvement of the training loss — or of the validation
 * score with early stopping, keeping the best epoch's weights.
 */
export async function fitMlp(X: Matrix, y: Labels, p: MlpParams, hooks?: TrainHooks): Promise<MlpModel> {
  checkParams(p);
  await tensorflow();
  const rng = new Random(p.seed);
  let trainRows: Int32Array | null = null;
  let validRows: Int32Array | null = null;
  if (p.earlyStopping) {
    const s = trainTestSplit(X.rows, {
      testSize: p.validationFraction,
      shuffle: true,
      seed: p.seed,
      stratify: y.task === 'classification' ? y.codes : undefined
    });
    trainRows = s.train;
    validRows = s.test;
  }
  const outputs = y.task === 'regression' || y.nClasses === 2 ? 1 : y.nClasses;
  const sizes = [X.cols, ...p.hiddenLayerSizes, outputs];
  const params = sizes.slice(1).map((units, i) => {
    const inputs = sizes[i]!;
    const bound = Math.sqrt((p.activation === 'logistic' ? 2 : 6) / (inputs + units));
    const draw = (k: number) => Float32Array.from({ length: k }, () => (rng.nextFloat() * 2 - 1) * bound);
    return {
      w: tf.variable(tf.tensor2d(draw(inputs * units), [inputs, units])),
      b: tf.variable(tf.tensor1d(draw(units))),
      inputs,
      units
    };
  });
  const vars = params.flatMap((l) => [l.w, l.b]);
  const toX = (rows: Int32Array | null) =>
    tf.tensor2d(rows ? gatherRows(X, rows) : Float32Array.from(X.data), [
      rows ? rows.length : X.rows,
      X.cols
    ]);
  const toY = (rows: Int32Array | null) =>
    tf.tensor2d(targets(y, rows, outputs), [rows ? rows.length : X.rows, outputs]);
  const Xt = toX(trainRows);
  const Yt = toY(trainRows);
  const Xv = validRows ? toX(validRows) : null;
  const n = Xt.shape[0];
  const batch = Math.min(p.batchSize, n);
  const forward = (x: tf.Tensor2D): tf.Tensor2D => {
    let h = x;
    params.forEach((l, i) => {
      h = tf.add(tf.matMul(h, l.w), l.b);
      if (i < params.length - 1) h = act(p.activation, h);
    });
    return h;
  };
  const lossOf = (z: tf.Tensor2D, t: tf.Tensor2D): tf.Scalar => {
    if (y.task === 'regression') return tf.div(tf.mean(tf.square(tf.sub(z, t))), 2);
    if (outputs === 1) return tf.mean(tf.sub(tf.softplus(z), tf.mul(t, z)));
    return tf.mean(tf.sub(tf.logSumExp(z, 1), tf.sum(tf.mul(t, z), 1)));
  };
  const optimizer = tf.train.adam(p.learningRateInit, 0.9, 0.999, 1e-8);
  const lossCurve: number[] = [];
  const validationScores: number[] = [];
  let best = Infinity;
  let bestScore = -Infinity;
  let stale = 0;
  let bestWeights: Float32Array[] | null = null;
  let iterations = 0;
  const order = Int32Array.from({ length: n }, (_, i) => i);
  try {
    for (let epoch = 0; epoch < p.maxIter; epoch++) {
      checkCancelled(hooks);
      rng.shuffle(order);
      let total = 0;
      for (let start = 0; start < n; start += batch) {
        const end = Math.min(n, start + batch);
        const cost = tf.tidy(() => {
          const idx = tf.tensor1d(order.subarray(start, end), 'int32');
          const xb = tf.gather(Xt, idx) as tf.Tensor2D;
          const yb = tf.gather(Yt, idx) as tf.Tensor2D;
          const bn = end - start;
          return optimizer.minimize(
            () => {
              let l2: tf.Scalar = tf.scalar(0);
              for (const layer of params) l2 = tf.add(l2, tf.sum(tf.square(layer.w)));
              return tf.add(lossOf(forward(xb), yb), tf.mul(l2, (0.5 * p.alpha) / bn));
            },
            true,
            vars
          )!;
        });
        total += cost.dataSync()[0]! * (end - start);
        cost.dispose();
      }
      const loss = total / n;
      if (!Number.isFinite(loss)) {
        throw invalidParam(
          'learning_rate_init',
          `Training diverged at epoch ${epoch + 1} (the loss is ${loss}).`,
          'Lower learning_rate_init, or scale the inputs first.'
        );
      }
      lossCurve.push(loss);
      iterations = epoch + 1;
      if (Xv && validRows) {
        const score = validationScore(forward, Xv, y, validRows, outputs);
        validationScores.push(score);
        if (score < bestScore + p.tol) stale++;
        else stale = 0;
        if (score > bestScore) {
          bestScore = score;
          bestWeights = vars.map((v) => v.dataSync().slice() as Float32Array);
        }
      } else {
        if (loss > best - p.tol) stale++;
        else stale = 0;
        if (loss < best) best = loss;
      }
      // After the validation score, so the epoch's curve point carries both.
      report(hooks, 'mlp', 'epoch', iterations, p.maxIter, () =>
        curveSample(iterations, { train_loss: lossCurve, validation_metric: validationScores })
      );
      if (stale > p.nIterNoChange) break;
    }
    const weights = bestWeights ?? vars.map((v) => v.dataSync().slice() as Float32Array);
    const layers: DenseLayer[] = params.map((l, i) => ({
      weights: weights[2 * i]!,
      bias: weights[2 * i + 1]!,
      inputs: l.inputs,
      units: l.units
    }));
    return {
      kind: 'mlp',
      task: y.task,
      nClasses: y.task === 'classification' ? y.nClasses : 0,
      activation: p.activation,
      layers,
      iterations,
      lossCurve,
      validationScores
    };
  } finally {
    tf.dispose([Xt, Yt, ...(Xv ? [Xv] : []), ...vars]);
    optimizer.dispose();
  }
}

function act(a: Activation, h: tf.Tensor2D): tf.Tensor2D {
  if (a === 'relu') return tf.relu(h);
  if (a === 'tanh') return tf.tanh(h);
  if (a === 'logistic') return tf.sigmoid(h);
  return h;
}

function validationScore(
  forward: (x: tf.Tensor2D) => tf.Tensor2D,
  Xv: tf.Tensor2D,
  y: Labels,
  rows: Int32Array,
  outputs: number
): number {
  const z = tf.tidy(() => forward(Xv).dataSync());
  if (y.task === 'regression') {
    let mean = 0;
    for (const r of rows) mean += y.values[r]!;
    mean /= rows.length;
    let ssRes = 0;
    let ssTot = 0;
    rows.forEach((r, i) => {
      ssRes += (y.values[r]! - z[i]!) ** 2;
      ssTot += (y.values[r]! - mean) ** 2;
    });
    return ssTot > 0 ? 1 - ssRes / ssTot : 0;
  }
  let ok = 0;
  rows.forEach((r, i) => {
    let pred = 0;
    if (outputs === 1) pred = z[i]! > 0 ? 1 : 0;
    else for (let k = 1; k < outputs; k++) if (z[i * outputs + k]! > z[i * outputs + pred]!) pred = k;
    if (pred === y.codes[r]) ok++;
  });
  return ok / rows.length;
}

function gatherRows(X: Matrix, rows: Int32Array): Float32Array {
  const out = new Float32Array(rows.length * X.cols);
  rows.forEach((r, i) => out.set(X.data.subarray(r * X.cols, (r + 1) * X.cols), i * X.cols));
  return out;
}

function targets(y: Labels, rows: Int32Array | null, outputs: number): Float32Array {
  const n = rows ? rows.length : y.task === 'classification' ? y.codes.length : y.values.length;
  const out = new Float32Array(n * outputs);
  for (let i = 0; i < n; i++) {
    const r = rows ? rows[i]! : i;
    if (y.task === 'regression') out[i] = y.values[r]!;
    else if (outputs === 1) out[i] = y.codes[r]!;
    else out[i * outputs + y.codes[r]!] = 1;
  }
  return out;
}

function checkParams(p: MlpParams): void {
  if (!p.hiddenLayerSizes.length || p.hiddenLayerSizes.some((u) => !(Number.isInteger(u) && u >= 1))) {
    throw invalidParam(
      'hidden_layer_sizes',
      `hidden_layer_sizes must be positive integers, got [${p.hiddenLayerSizes.join(', ')}].`,
      'Use e.g. [100].'
    );
  }
  if (!(p.alpha >= 0)) throw invalidParam('alpha', `alpha must be 0 or more, got ${p.alpha}.`, 'Use 0.0001.');
  if (!(p.learningRateInit > 0))
    throw invalidParam(
      'learning_rate_init',
      `learning_rate_init must be positive, got ${p.learningRateInit}.`,
      'Use 0.001.'
    );
  if (!(Number.isInteger(p.batchSize) && p.batchSize >= 1))
    throw invalidParam(
      'batch_size',
      `batch_size must be a positive integer, got ${p.batchSize}.`,
      'Use 200.'
    );
  if (!(Number.isInteger(p.maxIter) && p.maxIter >= 1))
    throw invalidParam('max_iter', `max_iter must be a positive integer, got ${p.maxIter}.`, 'Use 200.');
}
