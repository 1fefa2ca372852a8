import { spawn, type ChildProcess } from 'node:child_process';

/** Starts a TypeScript entry in its own process and waits for its `READY <url>` line. */
export async function startChild(
  entry: string,
  env: Record<string, string> = {}
): Promise<{ url: string; proc: ChildProcess; stop: () => Promise<void> }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', entry], {
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
