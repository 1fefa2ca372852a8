import type { ColumnType, ProposedSchema } from '../../contracts/api';
import { nodeType } from '../../contracts/node-types';
import { columnNamesIn } from '../../contracts/param-schema';
import type { PipelineConfig, PipelineNode } from '../../contracts/pipeline';
import { Unprocessable } from '../../contracts/errors';
import { frameKindOf } from '../../ml/node-params';
import type { ColumnKind } from '../../ml/frame';

type SchemaColumn = ProposedSchema['columns'][number];

/**
 * What one training run reads from a pipeline snapshot: the dataset → preprocessing → split →
 * model path, the evaluate node scoring it, the target, and the columns to load with their kinds.
 * The web process plans at submission (to refuse a graph it cannot train before queueing) and
 * the worker plans again from the stored snapshot, so both read a graph the same way.
 */
export interface TrainingPlan {
  dataset: PipelineNode;
  /** Between the dataset and the split, in pipeline order. */
  preprocess: PipelineNode[];
  split: PipelineNode;
  model: PipelineNode;
  evaluate: PipelineNode | null;
  target: { name: string; type: ColumnType };
  /** The columns to load, typed by the accepted schema. */
  kinds: Record<string, ColumnKind>;
  /** The dataset node's row limit (null: every row). */
  maxRows: number | null;
}

/** A snapshot as stored on the job: the graph, the schema it was checked against, the data. */
export interface TrainingSnapshot {
  config: PipelineConfig;
  columns: SchemaColumn[];
  /** The Parquet copy the schema describes. */
  parquetKey: string;
}

function refuse(message: string, nodeId: string | null, fix: string): never {
  throw new Unprocessable(message, { nodeId, fix }, 'training_invalid');
}

/** Every column name a node's params mention (its `x-columns` params). */
function namedColumns(node: PipelineNode): string[] {
  const props = nodeType(node.type)?.params.properties ?? {};
  return Object.entries(props).flatMap(([key, prop]) =>
    (prop as { 'x-columns'?: boolean })['x-columns'] ? columnNamesIn(node.params[key]) : []
  );
}

export function planTraining(snapshot: TrainingSnapshot): TrainingPlan {
  const { config, columns } = snapshot;
  const byId = new Map(config.nodes.map((n) => [n.id, n]));
  const category = (n: PipelineNode) => nodeType(n.type)?.category;
  const inputsOf = (id: string) => config.edges.filter((e) => e.target === id);
  const models = config.nodes.filter((n) => category(n) === 'model');
  if (models.length !== 1) {
    refuse(
      models.length
        ? 'A training job trains one model; this pipeline has several.'
        : 'There is no model node.',
      models[1]?.id ?? null,
      'Keep one model node, or train the others from a copy of the pipeline.'
    );
  }
  const model = models[0]!;
  const splitEdge = inputsOf(model.id)[0];
  const split = splitEdge ? byId.get(splitEdge.source) : undefined;
  if (!split || category(split) !== 'split')
    refuse(
      'The model is not fed by a train/test split.',
      model.id,
      'Connect a train_test_split to the model.'
    );

  const preprocess: PipelineNode[] = [];
  let at = inputsOf(split.id)[0] ? byId.get(inputsOf(split.id)[0]!.source) : undefined;
  while (at && category(at) === 'preprocess') {
    preprocess.unshift(at);
    const up = inputsOf(at.id)[0];
    at = up ? byId.get(up.source) : undefined;
  }
  if (!at || category(at) !== 'source')
    refuse('The split does not read from the dataset.', split.id, 'Connect the dataset to the split.');
  const dataset = at;
  const evaluate =
    config.nodes.find(
      (n) => category(n) === 'evaluate' && inputsOf(n.id).some((e) => e.source === model.id)
    ) ?? null;

  const byName = new Map(columns.map((c) => [c.name, c]));
  const asked = split.params.target;
  const targetName =
    typeof asked === 'string' && asked ? asked : columns.find((c) => c.role === 'target')?.name;
  if (!targetName)
    refuse(
      'No target: the split names none and the accepted schema marks none.',
      split.id,
      'Pick the target in the split, or mark one column as target in the schema.'
    );
  const targetColumn = byName.get(targetName);
  if (!targetColumn)
    refuse(`The target "${targetName}" is not a column of the dataset.`, split.id, 'Pick another target.');

  // Id and ignored columns stay out unless a node names them (node params override roles).
  const named = new Set(config.nodes.flatMap(namedColumns));
  const kinds: Record<string, ColumnKind> = {};
  for (const c of columns) {
    const wanted = c.name === targetName || named.has(c.name) || (c.role !== 'id' && c.role !== 'ignore');
    if (wanted) kinds[c.name] = frameKindOf(c.type);
  }
  const maxRows = dataset.params.max_rows;
  return {
    dataset,
    preprocess,
    split,
    model,
    evaluate,
    target: { name: targetName, type: targetColumn.type },
    kinds,
    maxRows: typeof maxRows === 'number' ? maxRows : null
  };
}
