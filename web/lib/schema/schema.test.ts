import { describe, expect, it } from 'vitest';
import {
  agentSuggestionDiscarded,
  changedFields,
  confidenceLevel,
  deductionPath,
  diffSchemas,
  normalizeColumn,
  percent,
  sampleText,
  withType
} from './schema';

describe('deductionPath', () => {
  it('tells the deterministic path from the agent path and names the model', () => {
    expect(deductionPath('heuristic-1')).toMatchObject({ kind: 'deterministic', label: 'Deterministic' });
    const agent = deductionPath('langchain-openai-gpt-4o-mini-1');
    expect(agent).toMatchObject({ kind: 'agent', label: 'Agent', model: 'gpt-4o-mini' });
    expect(agent.description).toContain('openai gpt-4o-mini');
  });
});

describe('agentSuggestionDiscarded', () => {
  it('spots reasons that say the agent was overruled', () => {
    expect(agentSuggestionDiscarded('Agent suggested integer; discarded: 12% of values are decimals.')).toBe(
      true
    );
    expect(agentSuggestionDiscarded('All 120 sampled values parse as %Y-%m-%d.')).toBe(false);
  });
});

describe('confidence', () => {
  it('flags below 0.6 as low and clamps percentages', () => {
    expect(confidenceLevel(0.59)).toBe('low');
    expect(confidenceLevel(0.6)).toBe('medium');
    expect(confidenceLevel(0.9)).toBe('high');
    expect(confidenceLevel(Number.NaN)).toBe('low');
    expect(percent(0.834)).toBe(83);
    expect(percent(1.4)).toBe(100);
  });
});

describe('columns', () => {
  const date = { name: 'd', type: 'datetime', nullable: false, format: '%Y-%m-%d', role: 'feature' } as const;

  it('compares columns ignoring empty optional fields', () => {
    expect(changedFields(date, normalizeColumn({ ...date }))).toEqual([]);
    expect(changedFields(date, { ...date, format: '  %Y-%m-%d ' })).toEqual(['format']);
    expect(normalizeColumn({ ...date, format: ' ' })).not.toHaveProperty('format');
    expect(changedFields(date, { ...date, type: 'text', nullable: true })).toEqual(['type', 'nullable']);
  });

  it('drops a datetime format when the type moves away, and brings it back', () => {
    const text = withType(date, 'text', date);
    expect(text).not.toHaveProperty('format');
    expect(withType(text, 'datetime', date).format).toBe('%Y-%m-%d');
  });

  it('words sample values for chips', () => {
    expect(sampleText(null)).toMatchObject({ text: 'null', kind: 'null' });
    expect(sampleText('')).toMatchObject({ kind: 'empty' });
    expect(sampleText(4.5).text).toBe('4.5');
    expect(sampleText('x'.repeat(40)).text).toHaveLength(28);
  });
});

describe('diffSchemas', () => {
  it('marks changed, added and removed columns', () => {
    const from = {
      columns: [
        { name: 'a', type: 'integer', nullable: false, role: 'feature' },
        { name: 'b', type: 'categorical', nullable: false, role: 'target' },
        { name: 'gone', type: 'text', nullable: true }
      ]
    } as const;
    const to = {
      columns: [
        { name: 'a', type: 'integer', nullable: false, role: 'feature' },
        { name: 'b', type: 'text', nullable: true, role: 'target' },
        { name: 'new', type: 'float', nullable: false }
      ]
    } as const;
    const rows = diffSchemas(
      { columns: from.columns.map((c) => ({ ...c })) },
      { columns: to.columns.map((c) => ({ ...c })) }
    );
    expect(rows.map((r) => [r.name, r.kind])).toEqual([
      ['a', 'unchanged'],
      ['b', 'changed'],
      ['new', 'added'],
      ['gone', 'removed']
    ]);
    expect(rows[1]!.fields).toEqual(['type', 'nullable']);
  });
});
