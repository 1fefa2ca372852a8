import type { InternalNode, useSvelteFlow } from '@xyflow/svelte';
import type { PipelineConfig } from '../../../contracts/pipeline';
import { STEP_HEIGHT, STEP_WIDTH } from './placement';
import type { LayoutNode } from './tidy-layout';
import { boundsOf, isInView, legibleFit, panToShow, type Rect } from './viewport';

/** The canvas's own view helpers, on top of xyflow's: every one keeps text legible. */

type Flow = ReturnType<typeof useSvelteFlow>;

/** A step's box in flow units, measured when the canvas has drawn it. */
export function stepRect(flow: Flow, node: { id: string; position: { x: number; y: number } }): Rect {
  const drawn = flow.getInternalNode(node.id);
  return {
    x: node.position.x,
    y: node.position.y,
    width: drawn?.measured.width ?? STEP_WIDTH,
    height: drawn?.measured.height ?? STEP_HEIGHT
  };
}

/**
 * Shows the whole pipeline, or its start when that would need illegibly small text, in the part of
 * the view below `top` pixels (the toolbar floating over the canvas).
 */
export function fitLegibly(
  flow: Flow,
  config: PipelineConfig,
  view: { width: number; height: number; top?: number },
  duration = 0
): void {
  const bounds = boundsOf(config.nodes.map((n) => stepRect(flow, n)));
  if (!bounds || view.width === 0) return;
  const top = Math.min(view.top ?? 0, view.height / 3);
  const fitted = legibleFit(bounds, view.width, view.height - top);
  void flow.setViewport({ ...fitted, y: fitted.y + top }, { duration });
}

/** Pans, without zooming, just enough to show a step that is partly or wholly out of view. */
export function panToStep(flow: Flow, rect: Rect, view: { width: number; height: number }): void {
  const viewport = flow.getViewport();
  if (view.width === 0 || isInView(rect, viewport, view.width, view.height)) return;
  void flow.setViewport(panToShow(rect, viewport, view.width, view.height), { duration: 200 });
}

/** The steps with their drawn sizes and port positions, for the tidy-up layout. */
export function layoutNodes(flow: Flow, config: PipelineConfig): LayoutNode[] {
  return config.nodes.map((n) => {
    const drawn: InternalNode | undefined = flow.getInternalNode(n.id);
    const bounds = drawn?.internals.handleBounds;
    const port =
      (side: 'in' | 'out') =>
      (h: { id?: string | null; x: number; y: number; width: number; height: number }) => ({
        name: h.id ?? '',
        side,
        x: h.x + h.width / 2,
        y: h.y + h.height / 2
      });
    return {
      id: n.id,
      position: n.position,
      width: drawn?.measured.width ?? STEP_WIDTH,
      height: drawn?.measured.height ?? STEP_HEIGHT,
      ports: [...(bounds?.target ?? []).map(port('in')), ...(bounds?.source ?? []).map(port('out'))].filter(
        (p) => p.name
      )
    };
  });
}
