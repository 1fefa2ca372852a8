import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'collab-server-process.ts');

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** SIGKILL: no shutdown code runs, like a crash. */
  kill(): Promise<void>;
  /** SIGTERM: the graceful shutdown path. */
  stop(): Promise<void>;
}

/** Starts collab-server-process.ts with `env` and resolves once it listens. */
export async function spawnServer(env: Record<string, string>): Promise<ServerProcess> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pipeweave-collab-'));
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
    env: { ...process.env, PIPEWEAVE_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit']
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server process did not start')), 30_000);
    child.once('exit', (code) => reject(new Error(`server process exited (${code})`)));
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      const listening = line.startsWith('{"listening"')
        ? (JSON.parse(line) as { listening: string }).listening
        : undefined;
      if (listening) {
        clearTimeout(timer);
        resolve(listening);
      } else process.stderr.write(`[server ${child.pid}] ${line}\n`);
    });
  });
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
    await fs.rm(dataDir, { recursive: true, force: true });
  };
  return { url, child, kill: () => end('SIGKILL'), stop: () => end('SIGTERM') };
}
