import { describe, expect, it } from 'vitest';
import { agentAnswerSchema, parseAgentAnswer } from './agent-answer';

describe('parseAgentAnswer', () => {
  it('accepts well-formed columns and drops null or out-of-range optional fields', () => {
    const parsed = parseAgentAnswer({
      columns: [
        { name: 'a', type: 'integer', format: null, role: 'feature', confidence: 0.9, reason: ' Counts. ' },
        { name: 'b', type: 'datetime', format: '%Y', role: null, confidence: 7, reason: '' }
      ]
    });
    expect(parsed).toEqual({
      columns: [
        { name: 'a', type: 'integer', role: 'feature', confidence: 0.9, reason: 'Counts.' },
        { name: 'b', type: 'datetime', format: '%Y' }
      ],
      rejected: []
    });
  });

  it('rejects single entries with a readable reason and keeps the rest', () => {
    const parsed = parseAgentAnswer({
      columns: [
        { name: 'a', type: 'number' },
        { name: 'b', type: 'float', role: 'label' },
        { name: 'c' },
        'oops',
        { name: 'd', type: 'text' }
      ]
    });
    expect(parsed?.columns.map((c) => c.name)).toEqual(['d']);
    expect(parsed?.rejected).toEqual([
      { name: 'a', reason: "unknown type 'number'" },
      { name: 'b', reason: "unknown role 'label'" },
      { name: 'c', reason: expect.stringMatching(/^malformed entry \(type: /) },
      { name: null, reason: expect.stringMatching(/^malformed entry/) }
    ]);
  });

  it('returns null for answers without a columns array', () => {
    for (const raw of [null, 'text', [], { columns: 'x' }, { cols: [] }])
      expect(parseAgentAnswer(raw)).toBeNull();
  });

  it('gives the model a strict schema whose enums are the contract types', () => {
    const ok = agentAnswerSchema.safeParse({
      columns: [{ name: 'a', type: 'id', format: null, role: 'id', confidence: 1, reason: 'key' }]
    });
    expect(ok.success).toBe(true);
    expect(agentAnswerSchema.safeParse({ columns: [{ name: 'a', type: 'number' }] }).success).toBe(false);
  });
});
