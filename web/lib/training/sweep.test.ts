import { describe, expect, it } from 'vitest';
import { NODE_TYPES } from '../../../contracts/node-types';
import { trainBody } from '../../../contracts/training';
import type { PipelineNode } from '../../../contracts/pipeline';
import { buildSweep, newEntry, parseList, sweepableParams, type SweepForm } from './sweep';

const types = new Map(NODE_TYPES.map((t) => [t.type, t]));
const node = (id: string, type: string, params: Record<string, unknown> = {}): PipelineNode => ({
  id,
  type,
  params,
  position: { x: 0, y: 0 }
});
const nodes = [
  node('ds', 'dataset'),
  node('rf_1', 'random_forest', { n_estimators: 120 }),
  node('lr', 'logistic_regression')
];
const params = sweepableParams(nodes, types);
const param = (key: string) => params.find((p) => p.key === key)!;

describe('sweep dialog', () => {
  it("offers the model steps' scalar params only, starting from the pipeline's values", () => {
    expect(params.every((p) => p.nodeId !== 'ds')).toBe(true);
    expect(param('rf_1.n_estimators')).toMatchObject({ numeric: true, integer: true, current: 120 });
    expect(param('rf_1.max_features')).toMatchObject({ numeric: false });
    expect(param('lr.C')).toMatchObject({ numeric: true, integer: false, current: 1 });
    expect(newEntry(param('rf_1.max_features')).list).toBe('sqrt, log2, all');
    expect(newEntry(param('rf_1.bootstrap')).list).toBe('true, false');
  });

  it('reads listed values by the param schema and says which one does not fit', () => {
    expect(parseList('50, 100, 100, 200', param('rf_1.n_estimators'))).toEqual({ values: [50, 100, 200] });
    expect(parseList('null, 5', param('rf_1.max_depth'))).toEqual({ values: [null, 5] });
    expect(parseList('true,false', param('rf_1.bootstrap'))).toEqual({ values: [true, false] });
    expect(parseList('10, 2.5', param('rf_1.n_estimators'))).toMatchObject({
      error: expect.stringMatching(/^2.5: /)
    });
    expect(parseList('sqrt, half', param('rf_1.max_features'))).toMatchObject({
      error: expect.stringMatching(/^half: /)
    });
    expect(parseList(' , ', param('rf_1.n_estimators'))).toEqual({ error: 'List at least one value.' });
  });

  it('builds a grid the server accepts and counts its runs', () => {
    const form: SweepForm = {
      mode: 'grid',
      samples: 8,
      seed: '',
      entries: [
        { ...newEntry(param('rf_1.n_estimators')), list: '50, 100' },
        { ...newEntry(param('rf_1.max_features')), list: 'sqrt, log2, all' }
      ]
    };
    const built = buildSweep(form, params);
    expect(built.errors).toEqual({});
    expect(built.runs).toBe(6);
    expect(trainBody.parse({ sweep: built.sweep }).sweep).toEqual({
      kind: 'grid',
      params: { 'rf_1.n_estimators': [50, 100], 'rf_1.max_features': ['sqrt', 'log2', 'all'] }
    });
  });

  it('refuses a grid of more than 64 runs', () => {
    const list = Array.from({ length: 9 }, (_, i) => i + 1).join(',');
    const form: SweepForm = {
      mode: 'grid',
      samples: 1,
      seed: '',
      entries: [
        { ...newEntry(param('rf_1.min_samples_leaf')), list },
        { ...newEntry(param('rf_1.n_estimators')), list }
      ]
    };
    expect(buildSweep(form, params).errors.form).toMatch(/81 combinations/);
  });

  it('builds a random sweep from ranges and lists, rounding integer params', () => {
    const form: SweepForm = {
      mode: 'random',
      samples: 12,
      seed: '7',
      entries: [
        { ...newEntry(param('lr.C')), useRange: true, min: '0.01', max: '100', log: true },
        { ...newEntry(param('rf_1.n_estimators')), useRange: true, min: '10', max: '300' },
        { ...newEntry(param('rf_1.max_features')), useRange: true }
      ]
    };
    const built = buildSweep(form, params);
    expect(built.errors).toEqual({});
    expect(built.runs).toBe(12);
    expect(trainBody.parse({ sweep: built.sweep }).sweep).toEqual({
      kind: 'random',
      samples: 12,
      seed: 7,
      params: {
        'lr.C': { min: 0.01, max: 100, log: true },
        'rf_1.n_estimators': { min: 10, max: 300, integer: true },
        'rf_1.max_features': ['sqrt', 'log2', 'all']
      }
    });
  });

  it('explains a bad range, a bad seed and a bad sample count', () => {
    const form: SweepForm = {
      mode: 'random',
      samples: 0,
      seed: '-1',
      entries: [{ ...newEntry(param('lr.C')), useRange: true, min: '0', max: '5', log: true }]
    };
    const { errors } = buildSweep(form, params);
    expect(errors['lr.C']).toMatch(/log range/);
    expect(errors.samples).toBeDefined();
    expect(errors.seed).toBeDefined();
  });

  it('sends no sweep when nothing is picked', () => {
    expect(buildSweep({ mode: 'grid', samples: 1, seed: '', entries: [] }, params)).toEqual({
      sweep: undefined,
      runs: 1,
      errors: {}
    });
  });
});
