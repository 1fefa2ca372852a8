import { describe, expect, it } from 'vitest';
import { BUILT_IN_TYPES, byCategory, categoryLabel, parseNodeTypes, searchTypes } from './node-types';

const raw = [
  {
    type: 'impute',
    category: 'preprocess',
    label: 'Impute',
    description: 'Fill missing values',
    inputs: [{ name: 'in', type: 'table', label: 'Rows', required: true }],
    outputs: [{ name: 'out', type: 'table' }],
    params: { type: 'object', properties: { strategy: { type: 'string', default: 'mean' } } }
  },
  { type: 'mlp', category: 'model', label: 'Neural network', inputs: [], outputs: [], params: {} },
  { type: 'dataset', category: 'source', label: 'Dataset', inputs: [{ name: 'in' }], outputs: 'bad' },
  { label: 'no type' }
];

describe('node types', () => {
  it('keeps well-formed entries from the server and fills gaps', () => {
    const types = parseNodeTypes(raw);
    expect(types.map((t) => t.type)).toEqual(['impute', 'mlp', 'dataset']);
    expect(types[0]!.outputs).toEqual([
      { name: 'out', type: 'table', label: 'out', required: false, multiple: false }
    ]);
    expect(types[2]).toMatchObject({
      inputs: [{ name: 'in', label: 'in' }],
      outputs: [],
      params: { properties: {} }
    });
    expect(parseNodeTypes({ nodeTypes: raw })).toHaveLength(3);
    expect(parseNodeTypes('nope')).toEqual([]);
  });

  it('groups by category in pipeline order and searches every word', () => {
    const types = parseNodeTypes(raw);
    expect(byCategory(types).map((g) => [categoryLabel(g.category), g.types.map((t) => t.type)])).toEqual([
      ['Data', ['dataset']],
      ['Preprocessing', ['impute']],
      ['Models', ['mlp']]
    ]);
    expect(searchTypes(types, 'fill MISSING').map((t) => t.type)).toEqual(['impute']);
    expect(searchTypes(types, 'models neural')).toHaveLength(1);
    expect(searchTypes(types, ' ')).toHaveLength(3);
  });

  it('ships the catalogue the contract lists', () => {
    const types = BUILT_IN_TYPES.map((t) => t.type);
    for (const t of [
      'dataset',
      'select_columns',
      'impute',
      'scale',
      'one_hot',
      'train_test_split',
      'mlp',
      'evaluate'
    ])
      expect(types).toContain(t);
  });
});
