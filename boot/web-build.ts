import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** What the built web app is made from: its sources, the contracts it imports, configs and the lockfile. */
export const WEB_BUILD_INPUTS = [
  'web',
  'contracts',
  'svelte.config.js',
  'vite.config.ts',
  'tsconfig.json',
  'package.json',
  'package-lock.json'
];

/** Where the hash of the inputs a build was made from is kept, inside the build it describes. */
export const STAMP = path.join('build', '.source-hash');

function files(root: string, rel: string, out: string[]): void {
  const full = path.join(root, rel);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(full);
  } catch {
    return; // an optional input (no lockfile yet) simply does not count
  }
  if (stat.isFile()) {
    // Tests never reach the bundle; editing one must not cost a rebuild.
    if (!/\.test\.ts$/.test(rel)) out.push(rel);
    return;
  }
  for (const name of fs.readdirSync(full).sort()) files(root, path.join(rel, name), out);
}

/** SHA-256 over the inputs' paths and bytes, in a fixed order. */
export function sourceHash(root: string, inputs: readonly string[] = WEB_BUILD_INPUTS): string {
  const list: string[] = [];
  for (const input of inputs) files(root, input, list);
  const hash = crypto.createHash('sha256');
  for (const rel of list) {
    hash.update(rel.split(path.sep).join('/')).update('\0');
    hash.update(fs.readFileSync(path.join(root, rel))).update('\0');
  }
  return hash.digest('hex');
}

/** Whether `build/` holds a complete build of exactly these sources. */
export function buildIsCurrent(root: string, hash = sourceHash(root)): boolean {
  if (!fs.existsSync(path.join(root, 'build', 'handler.js'))) return false;
  try {
    return fs.readFileSync(path.join(root, STAMP), 'utf8').trim() === hash;
  } catch {
    return false;
  }
}

export function markBuilt(root: string, hash: string): void {
  fs.writeFileSync(path.join(root, STAMP), `${hash}\n`);
}

/**
 * Builds the web app unless `build/` already matches its sources (a warm start then skips the
 * ~20 s build); `force` always builds. Exits the process when the build fails.
 */
export function ensureWebBuild(root: string, options: { force?: boolean } = {}): void {
  const hash = sourceHash(root);
  if (!options.force && buildIsCurrent(root, hash)) {
    console.log('Web app is up to date (build/ matches its sources).');
    return;
  }
  const result = spawnSync(path.join(root, 'node_modules', '.bin', 'vite'), ['build'], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  // Hashed before building: a source edited during the build makes the next start build again.
  markBuilt(root, hash);
}
