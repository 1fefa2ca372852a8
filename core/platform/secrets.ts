import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Returns a random secret kept in the data dir, creating it on first use, so a studio started
 * without SESSION_SECRET keeps its users signed in across restarts.
 */
export async function persistentSecret(dataDir: string, name: string): Promise<string> {
  const file = path.join(dataDir, 'secrets', name);
  try {
    const existing = (await fs.readFile(file, 'utf8')).trim();
    if (existing.length >= 32) return existing;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const secret = crypto.randomBytes(32).toString('hex');
  // 'wx' fails if another process created it first; then read theirs so both agree.
  try {
    await fs.writeFile(file, secret, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return (await fs.readFile(file, 'utf8')).trim();
  }
}

/** Derives an independent key per purpose from one root secret. */
export function deriveKey(root: string, purpose: string): string {
  return crypto.createHmac('sha256', root).update(`pipeweave:${purpose}`).digest('hex');
}
