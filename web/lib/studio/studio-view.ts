import type { PipelineConfig } from '../../../contracts/pipeline';
import type { PipelineDiffLike } from './diff-overlay';

/**
 * What the canvas shows: the live document (editable for editors), a saved version, or a
 * comparison drawn over its newer side. Only the live view can be edited.
 */
export type StudioView =
  | { kind: 'live' }
  | { kind: 'preview'; version: number; config: PipelineConfig }
  | {
      kind: 'compare';
      from: number;
      to: number | 'live';
      diff: PipelineDiffLike;
      /** The newer side when it is a saved version; null while comparing with the live pipeline. */
      config: PipelineConfig | null;
    };

export const LIVE: StudioView = { kind: 'live' };

/** The config on the canvas for a view. */
export function shownConfig(view: StudioView, live: PipelineConfig): PipelineConfig {
  if (view.kind === 'preview') return view.config;
  if (view.kind === 'compare' && view.config) return view.config;
  return live;
}
