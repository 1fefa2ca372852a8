import * as tf from '@tensorflow/tfjs';

let ready: Promise<string> | null = null;

/**
 * TensorFlow.js with the fastest backend this machine has: the native one (tfjs-node, an optional
 * dependency that installs only where it can download its binary), else WebAssembly.
 */
export function tensorflow(): Promise<string> {
  ready ??= (async () => {
    // A variable specifier: the optional package may be absent, and bundlers must not resolve it.
    const native = 'tfjs-node-native';
    try {
      await import(/* @vite-ignore */ native);
      if (await tf.setBackend('tensorflow')) return 'tensorflow';
    } catch {
      // Not installed here: fall through to WebAssembly.
    }
    await import('@tensorflow/tfjs-backend-wasm');
    if (!(await tf.setBackend('wasm'))) await tf.setBackend('cpu');
    await tf.ready();
    return tf.getBackend();
  })();
  return ready;
}

export { tf };
