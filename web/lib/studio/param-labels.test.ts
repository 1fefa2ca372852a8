import { describe, expect, it } from 'vitest';
import { isChoice, optionLabel, paramTitle, plainHint, portTypeWords, stepTypeName } from './param-labels';

describe('param labels', () => {
  it('names parameters as the form labels them', () => {
    expect(paramTitle('random_forest', 'n_estimators')).toBe('Trees');
    expect(paramTitle('dataset', 'max_rows')).toBe('Row limit');
    expect(paramTitle('no_such_type', 'test_size')).toBe('Test size');
    expect(stepTypeName('random_forest')).toBe('Random forest');
    expect(stepTypeName('teleport')).toBe('teleport');
  });

  it('reads option values and hints as people do', () => {
    expect(optionLabel('most_frequent')).toBe('most frequent');
    expect(optionLabel('roc_auc')).toBe('ROC AUC');
    expect(optionLabel('lbfgs')).toBe('lbfgs');
    expect(optionLabel(null)).toBe('None');
    expect(isChoice('impute', 'strategy')).toBe(true);
    expect(isChoice('impute', 'fill_value')).toBe(false);
    expect(plainHint('Use only the first N rows, for quick experiments; null reads every row.')).toBe(
      'Use only the first N rows, for quick experiments; left empty, it reads every row.'
    );
    expect(plainHint('mean and median apply to numeric columns; most_frequent and constant to any.')).toBe(
      'mean and median apply to numeric columns; most frequent and constant to any.'
    );
    expect(portTypeWords('table')).toBe('rows');
  });

  it('leaves no "null" nor code-style option in any built-in hint', async () => {
    const { NODE_TYPES } = await import('../../../contracts/node-types');
    for (const t of NODE_TYPES)
      for (const p of Object.values(t.params.properties)) {
        const hint = plainHint(p.description ?? '');
        expect(hint).not.toMatch(/\bnull\b|\b[a-z0-9]+_[a-z0-9_]+\b/);
      }
  });
});
