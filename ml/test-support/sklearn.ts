import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const PYTHON = '/usr/bin/python3';

/** Whether the reference scikit-learn (Debian's python3-sklearn) can run here. */
export const hasSklearn: boolean =
  existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import sklearn'], { stdio: 'ignore' }).status === 0;

/**
 * Runs a Python snippet with `data` (the JSON sent on stdin, parsed) in scope; the snippet sets
 * `out`, which comes back parsed. Threads pinned to one so timings and results are stable.
 */
export function runPython<T>(code: string, data: unknown): T {
  const script = `import json, sys\nimport numpy as np\ndata = json.load(sys.stdin)\nout = None\n${code}\njson.dump(out, sys.stdout)\n`;
  const res = spawnSync(PYTHON, ['-c', script], {
    input: JSON.stringify(data),
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' }
  });
  if (res.status !== 0) throw new Error(`python failed: ${res.stderr}`);
  return JSON.parse(res.stdout) as T;
}
