import type { LiveDocuments, MaterializeConfig } from '../../core/pipelines/live-documents';
import type { PipelineConfig, PipelineDto, PipelineValidationDto } from '../../contracts/pipeline';
import type { WorkspaceRole } from '../../contracts/statuses';
import { validateDag } from '../../contracts/validate-dag';
import type { Pipeline } from '../../models';
import type { AccessService } from '../../core/access/access.service';
import { isUuid } from '../../contracts/resources';
import type { DatasetRepository } from '../../data/dataset.repository';
import { NotFound } from '../../contracts/errors';
import type { Publisher } from '../../core/realtime/publisher';
import type { SchemaRepository } from '../../data/schema.repository';
import { canonicalConfig } from '../../data/canonical-config';
import { loadDagContext } from './dag-context';
import { pipelineMaterializer } from '../../core/pipelines/materialize';
import { toPipelineDto } from './pipeline.dto';
import type { PipelineRepository } from '../../data/pipeline.repository';

export interface PipelineInternalsDeps {
  repo: PipelineRepository;
  datasets: DatasetRepository;
  schemas: SchemaRepository;
  access: AccessService;
  live: LiveDocuments;
  publisher: Publisher;
}

/**
 * Pipeline operations shared by the pipeline and version services. Apart from `visible` (the
 * access guard itself) they check no access: callers check first. Only services get this object;
 * routes get the services, so no request reaches an unchecked operation.
 */
export class PipelineInternals {
  readonly materialize: MaterializeConfig;

  constructor(private readonly deps: PipelineInternalsDeps) {
    this.materialize = pipelineMaterializer(deps.repo, deps.publisher);
  }

  /** The live pipeline row if the caller's role allows `role`; 404 for anything they cannot see. */
  async visible(userId: string, id: string, role: WorkspaceRole): Promise<Pipeline> {
    if (!isUuid(id)) throw new NotFound('Pipeline');
    await this.deps.access.require(userId, { kind: 'pipeline', id }, role);
    return this.reload(id);
  }

  async reload(id: string): Promise<Pipeline> {
    const pipeline = await this.deps.repo.findLive(id);
    if (!pipeline) throw new NotFound('Pipeline');
    return pipeline;
  }

  /** Makes the live document hold `config` (everyone connected sees it) and the row follow. */
  async applyLive(id: string, config: PipelineConfig): Promise<PipelineDto> {
    const result = await this.deps.live.applyConfig(id, canonicalConfig(config));
    await this.materialize(id, { config: result, meta: {} });
    return toPipelineDto(await this.reload(id), result);
  }

  /** Reads the live graph, brings the row up to it, and validates it against the dataset. */
  async validateLive(
    pipeline: Pipeline
  ): Promise<{ config: PipelineConfig; validation: PipelineValidationDto }> {
    const config = await this.deps.live.readConfig(pipeline.id);
    await this.materialize(pipeline.id, { config, meta: {} });
    return { config, validation: await this.check(pipeline.datasetId, config) };
  }

  async check(datasetId: string, config: PipelineConfig): Promise<PipelineValidationDto> {
    return validateDag(config, await loadDagContext(this.deps, datasetId));
  }
}
