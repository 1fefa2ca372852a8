import { nodeType } from '../../contracts/node-types';
import { checkParams } from '../../contracts/param-schema';
import type { PipelineConfig } from '../../contracts/pipeline';
import { Unprocessable } from '../../contracts/errors';
import type { SweepSpec } from '../../contracts/training';
import { Random } from '../../ml/random';

/** One run's swept values, by `"nodeId.param"`. */
export type Hyperparameters = Record<string, unknown>;

/** The most runs one job may hold, grid or random. */
export const MAX_RUNS = 64;

function split(key: string): { nodeId: string; param: string } {
  const dot = key.indexOf('.');
  return { nodeId: key.slice(0, dot), param: key.slice(dot + 1) };
}

/**
 * The runs a sweep asks for: every combination of a grid (in key order, the last key varying
 * fastest), or `samples` seeded draws. Without a sweep, one run with nothing swept.
 */
export function expandSweep(sweep: SweepSpec | undefined): Hyperparameters[] {
  if (!sweep) return [{}];
  const keys = Object.keys(sweep.params);
  if (!keys.length) return [{}];
  if (sweep.kind === 'grid') {
    let runs: Hyperparameters[] = [{}];
    for (const key of keys) {
      runs = runs.flatMap((run) => sweep.params[key]!.map((v) => ({ ...run, [key]: v })));
      if (runs.length > MAX_RUNS) {
        throw new Unprocessable(
          `This grid has more than ${MAX_RUNS} combinations.`,
          { fix: 'List fewer values, or use a random sweep with samples.' },
          'training_invalid'
        );
      }
    }
    return runs;
  }
  const rng = new Random(sweep.seed ?? 0);
  return Array.from({ length: sweep.samples }, () => {
    const run: Hyperparameters = {};
    for (const key of keys) {
      const space = sweep.params[key]!;
      if (Array.isArray(space)) run[key] = space[rng.nextInt(space.length)];
      else {
        const u = rng.nextFloat();
        const x = space.log
          ? Math.exp(Math.log(space.min) + u * (Math.log(space.max) - Math.log(space.min)))
          : space.min + u * (space.max - space.min);
        run[key] = space.integer ? Math.round(x) : x;
      }
    }
    return run;
  });
}

/** The config with one run's values written into its nodes' params. */
export function applyHyperparameters(config: PipelineConfig, run: Hyperparameters): PipelineConfig {
  if (!Object.keys(run).length) return config;
  return {
    ...config,
    nodes: config.nodes.map((node) => {
      const mine = Object.entries(run).filter(([key]) => split(key).nodeId === node.id);
      if (!mine.length) return node;
      return {
        ...node,
        params: { ...node.params, ...Object.fromEntries(mine.map(([key, v]) => [split(key).param, v])) }
      };
    })
  };
}

/**
 * Refuses, before anything is queued, a sweep over a node that is not in the graph, a param the
 * node does not have, or a value the param does not accept; each issue names the node and param.
 */
export function checkSweep(config: PipelineConfig, runs: Hyperparameters[]): void {
  const issues: { nodeId: string; param: string; message: string }[] = [];
  const keys = new Set(runs.flatMap((r) => Object.keys(r)));
  for (const key of keys) {
    const { nodeId, param } = split(key);
    const node = config.nodes.find((n) => n.id === nodeId);
    const spec = node ? nodeType(node.type) : undefined;
    if (!node || !spec) issues.push({ nodeId, param, message: `There is no node "${nodeId}" to sweep.` });
    else if (!(param in spec.params.properties))
      issues.push({ nodeId, param, message: `${spec.label} has no parameter "${param}".` });
  }
  if (!issues.length) {
    for (const run of runs) {
      for (const node of applyHyperparameters(config, run).nodes) {
        const spec = nodeType(node.type);
        if (!spec || !Object.keys(run).some((k) => split(k).nodeId === node.id)) continue;
        for (const issue of checkParams(spec.params, node.params)) {
          const key = `${node.id}.${issue.path.split(/[.[]/)[0]}`;
          if (key in run)
            issues.push({
              nodeId: node.id,
              param: issue.path,
              message: `${key} = ${JSON.stringify(run[key])}: ${issue.message}`
            });
        }
      }
    }
  }
  if (issues.length) {
    throw new Unprocessable(
      `The sweep cannot run: ${issues[0]!.message}`,
      { issues: issues.slice(0, 20), fix: 'Sweep only parameters the node has, over values it accepts.' },
      'training_invalid'
    );
  }
}
