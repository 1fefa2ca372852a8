import { describe, expect, it } from 'vitest';
import { diffHeadline, formatValue, isEmptyDiff, summarizeDiff } from './diff-summary';
import type { PipelineDiffDto as PipelineDiff } from '../../../contracts/pipeline';

const at = { x: 0, y: 0 };

function diff(
  overrides: Partial<{ nodes: Partial<PipelineDiff['nodes']>; edges: Partial<PipelineDiff['edges']> }>
) {
  return {
    nodes: { added: [], removed: [], changed: [], ...overrides.nodes },
    edges: { added: [], removed: [], ...overrides.edges }
  };
}

describe('summarizeDiff', () => {
  it('names added and removed nodes by label, else type', () => {
    const lines = summarizeDiff(
      diff({
        nodes: {
          added: [{ id: 'n2', type: 'scale', label: 'Scale features', params: {}, position: at }],
          removed: [{ id: 'n3', type: 'one_hot', params: {}, position: at }]
        }
      })
    );
    expect(lines.map((l) => [l.kind, l.text])).toEqual([
      ['added', 'Added Scale features'],
      ['removed', 'Removed One-hot encode']
    ]);
  });

  it('lists each changed param by its form label, with its old and new value', () => {
    const [line] = summarizeDiff(
      diff({
        nodes: {
          changed: [
            {
              id: 'imp',
              type: 'impute',
              params: { strategy: { from: 'mean', to: 'most_frequent' }, fill_value: { to: 0 } },
              fields: ['position', 'params']
            }
          ]
        }
      })
    );
    expect(line).toMatchObject({ kind: 'changed', text: 'Changed Impute' });
    // Named and shown as the form does: "Fill value", not fill_value; options as the select reads them.
    expect(line!.details).toEqual(['Strategy: mean → most frequent', 'Fill value: default → 0', 'moved']);
  });

  it('names edge ends from the diff, the live document, or their ids', () => {
    const lines = summarizeDiff(
      diff({
        nodes: { added: [{ id: 'b', type: 'scale', params: {}, position: at }] },
        edges: {
          added: [{ id: 'e1', source: 'a', target: 'b' }],
          removed: [{ id: 'e2', source: 'x', target: 'y' }]
        }
      }),
      (id) => (id === 'a' ? 'Iris data' : undefined)
    );
    expect(lines.slice(1).map((l) => l.text)).toEqual(['Connected Iris data → Scale', 'Disconnected x → y']);
  });
});

describe('formatValue', () => {
  it('quotes strings, spells out empty values and cuts long ones', () => {
    expect(formatValue('mean')).toBe('"mean"');
    expect(formatValue(0.5)).toBe('0.5');
    expect(formatValue(false)).toBe('false');
    expect(formatValue(null)).toBe('not set');
    expect(formatValue(['a', 'b'])).toBe('["a","b"]');
    expect(formatValue('x'.repeat(100))).toHaveLength(40);
  });
});

describe('diffHeadline', () => {
  it('counts what changed per kind and says when nothing did', () => {
    expect(diffHeadline(diff({}))).toBe('No differences');
    expect(isEmptyDiff(diff({}))).toBe(true);
    expect(
      diffHeadline(
        diff({
          nodes: { added: [{ id: 'a', type: 'scale', params: {}, position: at }] },
          edges: { removed: [{ id: 'e', source: 'a', target: 'b' }] }
        })
      )
    ).toBe('Nodes: 1 added · Edges: 1 removed');
  });
});
