import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { buildIsCurrent, markBuilt, sourceHash } from './web-build';

/**
 * `npm start`'s first step: builds the web app only when its sources, configs or lockfile changed
 * since the build in `build/` was made (a warm start then skips the ~20 s build). `--force` always builds.
 */
const root = process.cwd();
const hash = sourceHash(root);
if (!process.argv.includes('--force') && buildIsCurrent(root, hash)) {
  console.log('Web app is up to date (build/ matches its sources).');
} else {
  const vite = path.join(root, 'node_modules', '.bin', 'vite');
  const result = spawnSync(vite, ['build'], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  // Hashed before building: a source edited during the build makes the next start build again.
  markBuilt(root, hash);
}
