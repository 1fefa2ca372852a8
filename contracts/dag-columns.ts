import type { ColumnType } from './api';
import type { NodeTypeSpec, Task } from './node-types';
import { columnNamesIn } from './param-schema';
import type { PipelineConfig } from './pipeline';
import type { DagContext, DagIssue, DatasetColumn, Link } from './validate-dag';

/**
 * The checks of validateDag that need the dataset: column names, what each step still sees, the
 * one target, and whether each model suits it.
 */

/** Columns flow along the graph: select_columns narrows what later steps may name. */
export function checkColumns(
  config: PipelineConfig,
  ctx: DagContext,
  specs: Map<string, NodeTypeSpec>,
  links: Link[],
  order: string[],
  name: (id: string) => string,
  add: (i: DagIssue) => void
): void {
  if (ctx.columnSource === 'dataset') {
    add({
      code: 'schema_not_accepted',
      message:
        "The dataset's schema is not accepted yet: columns are checked by name only and no target is marked."
    });
  }
  if (!ctx.columns) {
    add({
      code: 'dataset_not_ready',
      message: 'The dataset is not validated yet, so its columns are unknown.'
    });
    return;
  }
  const columns = new Map(ctx.columns.map((c) => [c.name, c]));
  const typed = ctx.columnSource === 'accepted_schema';
  const nodes = new Map(config.nodes.map((n) => [n.id, n]));
  const available = new Map<string, Set<string> | null>();
  const inputsOf = (id: string) =>
    config.edges.filter((e) => e.target === id && links.some((l) => l.edge === e)).map((e) => e.source);

  const columnParams = (spec: NodeTypeSpec) =>
    Object.entries(spec.params.properties).filter(([, schema]) => schema['x-columns']);

  // Names and types hold wherever a node sits, even on a cycle.
  for (const node of config.nodes) {
    const spec = specs.get(node.id);
    if (!spec) continue;
    for (const [param, schema] of columnParams(spec)) {
      const where = `${name(node.id)}, parameter ${param}`;
      for (const column of columnNamesIn(node.params[param])) {
        const known = columns.get(column);
        if (!known) {
          const similar = [...columns.keys()].find((c) => c.toLowerCase() === column.toLowerCase());
          add({
            code: 'unknown_column',
            nodeId: node.id,
            param,
            message: `${where}: the dataset has no column "${column}".${similar ? ` Did you mean "${similar}"?` : ''}`
          });
        } else if (
          typed &&
          schema['x-column-types'] &&
          known.type &&
          !schema['x-column-types'].includes(known.type)
        ) {
          add({
            code: 'column_type_mismatch',
            nodeId: node.id,
            param,
            message: `${where}: column "${column}" is ${known.type}; this step takes ${schema['x-column-types'].join(', ')} columns.`
          });
        }
      }
    }
  }

  // Availability follows the flow, so it is known only for nodes in dependency order.
  for (const id of order) {
    const node = nodes.get(id)!;
    const spec = specs.get(id);
    if (!spec) {
      available.set(id, null);
      continue;
    }
    let here: Set<string> | null;
    if (spec.category === 'source') here = new Set(columns.keys());
    else {
      const upstream = inputsOf(id).map((src) => available.get(src) ?? null);
      here = upstream.length && upstream.every((s) => s) ? new Set(upstream.flatMap((s) => [...s!])) : null;
    }
    for (const [param] of columnParams(spec)) {
      for (const column of columnNamesIn(node.params[param])) {
        if (here && columns.has(column) && !here.has(column)) {
          add({
            code: 'column_not_available',
            nodeId: id,
            param,
            message: `${name(id)}, parameter ${param}: column "${column}" was removed by an earlier step.`
          });
        }
      }
    }
    available.set(id, here && node.type === 'select_columns' ? narrow(here, node.params) : here);
  }
  checkTarget(config, ctx, columns, specs, available, inputsOf, name, add);
}

function narrow(columns: Set<string>, params: Record<string, unknown>): Set<string> {
  const listed = new Set(columnNamesIn(params.columns));
  const keep = params.mode === 'exclude' ? (c: string) => !listed.has(c) : (c: string) => listed.has(c);
  return new Set([...columns].filter(keep));
}

/** One pipeline predicts one column: a split's `target` param, else the schema's target role. */
function checkTarget(
  config: PipelineConfig,
  ctx: DagContext,
  columns: Map<string, DatasetColumn>,
  specs: Map<string, NodeTypeSpec>,
  available: Map<string, Set<string> | null>,
  inputsOf: (id: string) => string[],
  name: (id: string) => string,
  add: (i: DagIssue) => void
): void {
  const schemaTargets = [...columns.values()].filter((c) => c.role === 'target').map((c) => c.name);
  const targets = new Map<string, string>(); // split node id → target column
  for (const node of config.nodes.filter((n) => n.type === 'train_test_split' && specs.has(n.id))) {
    const chosen = node.params.target;
    if (typeof chosen === 'string') {
      if (columns.has(chosen)) targets.set(node.id, chosen);
      continue;
    }
    if (schemaTargets.length === 0) {
      add({
        code: 'target_missing',
        nodeId: node.id,
        param: 'target',
        message: `${name(node.id)}: choose the column to predict here, or mark one as target in the dataset's schema.`
      });
    } else if (schemaTargets.length > 1) {
      add({
        code: 'target_ambiguous',
        nodeId: node.id,
        param: 'target',
        message: `${name(node.id)}: the schema marks several targets (${schemaTargets.join(', ')}); choose one here.`
      });
    } else {
      const target = schemaTargets[0]!;
      targets.set(node.id, target);
      const upstream = inputsOf(node.id).map((src) => available.get(src));
      if (upstream.length && upstream.every((s) => s && !s.has(target))) {
        add({
          code: 'column_not_available',
          nodeId: node.id,
          param: 'target',
          message: `${name(node.id)}: the target column "${target}" was removed by an earlier step.`
        });
      }
    }
  }
  const distinct = [...new Set(targets.values())];
  if (distinct.length > 1) {
    add({
      code: 'target_conflict',
      nodeId: [...targets.keys()][0],
      nodeIds: [...targets.keys()],
      message: `One pipeline predicts one column, but its splits target ${distinct.map((t) => `"${t}"`).join(' and ')}.`
    });
    return;
  }
  const target = distinct[0] === undefined ? undefined : columns.get(distinct[0]);
  if (!target || ctx.columnSource !== 'accepted_schema') return;
  checkTask(config, target, specs, name, add);
}

const TASK_OF: Partial<Record<ColumnType, Task>> = {
  float: 'regression',
  categorical: 'classification',
  boolean: 'classification',
  text: 'classification'
};

function checkTask(
  config: PipelineConfig,
  target: DatasetColumn,
  specs: Map<string, NodeTypeSpec>,
  name: (id: string) => string,
  add: (i: DagIssue) => void
): void {
  if (target.type === 'id' || target.type === 'datetime') {
    add({
      code: 'target_unsuitable',
      message: `The target "${target.name}" is ${target.type === 'id' ? 'an id' : 'a datetime'} column; choose a column with something to predict.`
    });
    return;
  }
  const kind = target.type ? TASK_OF[target.type] : undefined;
  for (const node of config.nodes) {
    const spec = specs.get(node.id);
    if (spec?.category !== 'model' || !spec.tasks) continue;
    const asked = node.params.task;
    const task: Task | undefined =
      asked === 'classification' || asked === 'regression'
        ? asked
        : spec.tasks.length === 1
          ? spec.tasks[0]
          : kind;
    if (kind && task && task !== kind) {
      add({
        code: 'task_mismatch',
        nodeId: node.id,
        message: `${name(node.id)} does ${task}, but the target "${target.name}" is a ${target.type} column (${kind}).`
      });
    }
  }
}
