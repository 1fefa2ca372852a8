import type { Express } from 'express';

/** One route an Express app answers, with its mount paths joined: `GET /api/pipelines/:id`. */
export interface RegisteredRoute {
  method: string;
  path: string;
}

/** The parts of router 2's Layer this needs (Express 5 keeps the path as given in `rawPath`). */
interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: unknown };
  rawPath?: unknown;
}

function asPaths(path: unknown): string[] {
  if (Array.isArray(path)) return path.flatMap(asPaths);
  if (typeof path === 'string') return [path];
  if (path === undefined) return ['/'];
  throw new Error(`A route is mounted on ${String(path)}, which cannot be listed; use a string path.`);
}

function join(prefix: string, path: string): string {
  const joined = `${prefix}/${path}`.replace(/\/{2,}/g, '/');
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
}

function walk(stack: Layer[], prefix: string, out: RegisteredRoute[]): void {
  for (const layer of stack) {
    if (layer.route) {
      const methods = Object.keys(layer.route.methods).filter((m) => m !== '_all');
      for (const path of asPaths(layer.route.path))
        for (const method of methods) out.push({ method, path: join(prefix, path) });
    } else if (Array.isArray(layer.handle?.stack)) {
      for (const mount of asPaths(layer.rawPath))
        walk(layer.handle.stack as Layer[], join(prefix, mount), out);
    }
  }
}

/** Every route registered on `app`, nested routers included (middleware without routes is left out). */
export function registeredRoutes(app: Express): RegisteredRoute[] {
  const out: RegisteredRoute[] = [];
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '', out);
  return out;
}
