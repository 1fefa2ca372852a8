import crypto from 'node:crypto';
import type { PipelineConfig, PipelineEdge, PipelineNode } from '../../../contracts/pipeline';
import { canonicalConfig } from '../../../data/canonical-config';
import type { DatasetRepository } from '../../../data/dataset.repository';
import type { PipelineRepository } from '../../../data/pipeline.repository';
import type { PipelineVersionRepository } from '../../../data/pipeline-version.repository';
import type { SchemaRepository } from '../../../data/schema.repository';
import { MemoryAccess } from '../../../core/access/testing/memory-access';
import { RecordingPublisher } from '../../../core/realtime/testing/recording-publisher';
import { MemoryDatasets } from '../../datasets/testing/memory-datasets';
import { MemorySchemas } from '../../schema/testing/memory-schemas';
import { PipelineInternals } from '../pipeline-internals';
import { PipelineVersionService } from '../pipeline-version.service';
import { PipelineService } from '../pipeline.service';
import { MemoryLiveDocuments } from './memory-live-documents';
import { MemoryPipelines, MemoryPipelineVersions } from './memory-pipelines';

const node = (id: string, type: string, params: Record<string, unknown> = {}): PipelineNode => ({
  id,
  type,
  params,
  position: { x: 0, y: 0 }
});
const edge = (id: string, source: string, target: string, ports: Partial<PipelineEdge> = {}) => ({
  id,
  source,
  target,
  ...ports
});

/** dataset → split → forest → evaluate: valid on the studio's dataset. */
export function validConfig(): PipelineConfig {
  return canonicalConfig({
    nodes: [
      node('data', 'dataset'),
      node('split', 'train_test_split', { test_size: 0.25 }),
      node('forest', 'random_forest', { n_estimators: 10 }),
      node('eval', 'evaluate')
    ],
    edges: [
      edge('e1', 'data', 'split'),
      edge('e2', 'split', 'forest'),
      edge('e3', 'forest', 'eval', { targetPort: 'model' }),
      edge('e4', 'split', 'eval', { sourcePort: 'out', targetPort: 'data' })
    ]
  });
}

/** The valid graph with an edge back from the model to the split: a cycle through both. */
export function cyclicConfig(): PipelineConfig {
  const config = validConfig();
  config.edges.push(edge('back', 'forest', 'split'));
  return canonicalConfig(config);
}

/**
 * The pipeline services over in-memory fakes: a workspace where `editor` and `viewer` work on a
 * validated dataset with an accepted schema, and an `outsider` with a workspace of their own.
 */
export function pipelineStudio() {
  const access = new MemoryAccess();
  const datasets = new MemoryDatasets(access);
  const schemas = new MemorySchemas();
  const pipelines = new MemoryPipelines(access);
  const versions = new MemoryPipelineVersions(pipelines);
  const live = new MemoryLiveDocuments();
  const publisher = new RecordingPublisher();
  const workspaceId = crypto.randomUUID();
  const elsewhere = crypto.randomUUID();
  const [editor, viewer, outsider] = ['ed', 'vic', 'otto'];
  access.join(workspaceId, editor, 'editor');
  access.join(workspaceId, viewer, 'viewer');
  access.join(elsewhere, outsider, 'owner');
  const dataset = datasets.add(workspaceId, { columnNames: ['age', 'income', 'churned'] });
  const deduction = schemas.propose(dataset.id, {
    columns: [
      { name: 'age', type: 'integer', nullable: false, role: 'feature' },
      { name: 'income', type: 'float', nullable: true, role: 'feature' },
      { name: 'churned', type: 'categorical', nullable: false, role: 'target' }
    ]
  });
  void schemas.accept(deduction.id, dataset.id);
  const deps = {
    repo: pipelines as unknown as PipelineRepository,
    datasets: datasets as unknown as DatasetRepository,
    schemas: schemas as unknown as SchemaRepository,
    access: access.service(),
    live,
    publisher: publisher.asPublisher()
  };
  const internals = new PipelineInternals(deps);
  const service = new PipelineService({ ...deps, internals });
  const versionService = new PipelineVersionService({
    versions: versions as unknown as PipelineVersionRepository,
    pipelines: internals,
    live,
    publisher: publisher.asPublisher()
  });
  /** A pipeline the editor made (valid unless `config` says otherwise); the publisher starts empty. */
  const made = async (config: PipelineConfig = validConfig()) => {
    const created = await service.create(editor, { name: 'Churn', datasetId: dataset.id, config });
    publisher.emitted.length = 0;
    return created;
  };
  return {
    access,
    datasets,
    pipelines,
    live,
    publisher,
    service,
    versionService,
    workspaceId,
    elsewhere,
    dataset,
    editor,
    viewer,
    outsider,
    made
  };
}
