import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { DatasetRepository } from '../../../data/dataset.repository';
import type { Publisher } from '../../../core/realtime/publisher';
import type { SchemaRepository } from '../../../data/schema.repository';
import type { BlobStore } from '../../../core/storage/blob-store';
import { createWorkDir } from '../../work-dir';
import { deduceSchema } from '../../schema/deduce';
import type { RunContext } from '../../tracked-job';
import { rooms } from '../../../contracts/realtime';

export interface DeduceDeps {
  datasets: DatasetRepository;
  schemas: SchemaRepository;
  store: BlobStore;
  publisher: Publisher;
  /** The LangChain chat model when OPENAI_API_KEY is set; null → deterministic inference only. */
  model: BaseChatModel | null;
  modelName: string;
  tmpRoot?: string;
}

/** The schema job: profile the Parquet copy, infer (and ask the agent when configured), propose. */
export async function deduceDatasetSchema(
  deps: DeduceDeps,
  datasetId: string,
  userId: string,
  job?: RunContext
): Promise<void> {
  const dataset = await deps.datasets.findLive(datasetId);
  if (!dataset || dataset.status !== 'validated' || !dataset.s3KeyProcessed) return;
  const work = await createWorkDir('pw-schema-', deps.tmpRoot);
  try {
    const { path: parquet } = await work.localCopy(deps.store, dataset.s3KeyProcessed, 'data.parquet');
    const result = await deduceSchema(parquet, { model: deps.model, modelName: deps.modelName });
    const deduction = await deps.schemas.propose(
      {
        datasetId,
        userId,
        proposedSchema: result.proposedSchema as unknown as Record<string, unknown>,
        columnMetadata: result.columnMetadata as unknown as Record<string, unknown>,
        confidenceScore: result.confidenceScore,
        agentVersion: result.agentVersion
      },
      // The proposal and the end of its job commit together: "Deduce again" works the moment it shows.
      job?.finishWith
    );
    deps.publisher.emit(rooms.dataset(datasetId), 'schema:proposed', {
      datasetId,
      deductionId: deduction.id
    });
  } finally {
    await work.remove();
  }
}

/** The one way a deduction fails for good: the dataset stays usable, and its watchers are told why. */
export function failDeduction(deps: Pick<DeduceDeps, 'publisher'>, datasetId: string, reason: string): void {
  deps.publisher.emit(rooms.dataset(datasetId), 'schema:failed', {
    datasetId,
    errorMessage: `The schema could not be deduced: ${reason}`
  });
}
