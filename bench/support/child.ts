import { spawn, type ChildProcess } from 'node:child_process';

/** Starts a TypeScript entry in its own process and waits for its `READY <url>` line. */
export async function startChild(
  entry: string,
  env: Record<string, string> = {},
  nodeArgs: string[] = []
): Promise<{ url: string; proc: ChildProcess; stop: () => Promise<void> }> {
  const proc = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', entry], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit']
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = out.match(/READY (\S+)/);
      if (m) resolve(m[1]!);
    });
    proc.once('exit', (code) => reject(new Error(`${entry} exited with ${code}`)));
  });
  return {
    url,
    proc,
    stop: () =>
      new Promise<void>((resolve) => {
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      })
  };
}

/**
 * Memory figures without the garbage a run leaves behind: the child (started with --expose-gc and
 * `answerGcRequests()`) collects on SIGUSR2 and answers `GC <bytes>` on stdout, the bytes it still
 * holds (V8 heap in use plus memory outside the heap, such as socket buffers).
 */
export function collectGarbage(proc: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const onData = (d: Buffer) => {
      const held = /GC (\d+)/.exec(d.toString());
      if (!held) return;
      proc.stdout!.off('data', onData);
      resolve(Number(held[1]));
    };
    proc.stdout!.on('data', onData);
    proc.kill('SIGUSR2');
  });
}

export function answerGcRequests(): void {
  process.on('SIGUSR2', () => {
    (globalThis as { gc?: () => void }).gc?.();
    const { heapUsed, external } = process.memoryUsage();
    console.log(`GC ${heapUsed + external}`);
  });
}
