import type { PipelineConfig, PipelineValidationDto } from '../../../contracts/pipeline';
import { validateDag, type DagContext } from '../../../contracts/validate-dag';
import { configKey, groupErrors, type ValidationView } from './validation';

/**
 * The pipeline's problems: checked in the browser on every edit, and by the server on "Validate",
 * whose answer stands until the pipeline changes again (moving steps does not count).
 */
export class PipelineCheck {
  #server = $state.raw<{ key: string; result: PipelineValidationDto } | null>(null);
  /** Problems are drawn on the steps once the user asked for validation; before, only the summary counts them. */
  marked = $state(false);
  summaryOpen = $state(false);
  running = $state(false);

  readonly #input: () => { config: PipelineConfig; context: DagContext | undefined };

  constructor(input: () => { config: PipelineConfig; context: DagContext | undefined }) {
    this.#input = input;
  }

  /** The server's answer while it still matches the pipeline, else null. */
  readonly fromServer = $derived.by(() => {
    const server = this.#server;
    return server && server.key === configKey(this.#input().config) ? server.result : null;
  });

  readonly problems: ValidationView = $derived.by(() => {
    const { config, context } = this.#input();
    const check = this.fromServer ?? validateDag(config, context);
    return groupErrors(check.errors, config, check.warnings ?? []);
  });

  /** Asks the server; throws what the request threw. */
  async run(validate: () => Promise<PipelineValidationDto>): Promise<void> {
    this.running = true;
    const key = configKey(this.#input().config);
    try {
      this.#server = { key, result: await validate() };
      this.marked = true;
      this.summaryOpen = true;
    } finally {
      this.running = false;
    }
  }
}
