import { rooms } from '$lib/contracts';
import { realtime } from '$lib/realtime/socket.svelte';
import type { PipelineDto, PipelineVersionDto } from '../../../contracts/pipeline';
import { studioApi } from './api';

/**
 * The pipeline's row as the header shows it (status, latest version), following saves and
 * validations made anywhere. `subscribe` returns the unsubscribe, for an $effect.
 */
export class PipelineRecord {
  current = $state.raw<PipelineDto>(null as unknown as PipelineDto);
  /** The last restore seen since the studio opened, until a version is saved after it. */
  restored = $state.raw<{ version: number; by: { id: string; name: string } } | null>(null);
  /** Called for each restore as it arrives, the caller's own included. */
  onrestored: ((r: { version: number; by: { id: string; name: string } }) => void) | null = null;
  readonly #id: string;

  constructor(loaded: PipelineDto) {
    this.#id = loaded.id;
    this.current = loaded;
  }

  subscribe(): () => void {
    const id = this.#id;
    return realtime.subscribe(
      rooms.pipeline(id),
      {
        'pipeline:status': (p) => {
          if (p.pipelineId === id)
            this.current = { ...this.current, status: p.status, validatedAt: p.validatedAt };
        },
        'pipeline:versions': (p) => {
          if (p.pipelineId === id)
            this.current = { ...this.current, version: Math.max(this.current.version, p.version) };
          if (p.pipelineId === id) this.restored = null;
        },
        'pipeline:restored': (p) => {
          if (p.pipelineId !== id) return;
          this.restored = { version: p.version, by: p.by };
          this.onrestored?.(this.restored);
          // Restoring rewrites the live graph, which moves its status back to draft.
          void this.refresh();
        }
      },
      { onJoined: ({ rejoin }) => rejoin && void this.refresh() }
    );
  }

  async refresh(): Promise<void> {
    const fresh = await studioApi.pipeline(this.#id).catch(() => null);
    // A version saved while the request was out may already have arrived as an event; never go back.
    if (fresh) this.current = { ...fresh, version: Math.max(fresh.version, this.current.version) };
  }

  versionSaved(saved: PipelineVersionDto): void {
    this.current = { ...this.current, version: Math.max(this.current.version, saved.version) };
    this.restored = null;
    // Saving validates the pipeline too, which may move its status.
    void this.refresh();
  }
}
