import { describe, expect, it } from 'vitest';
import type { SchemaDeductionDto } from '../../../contracts/api';
import { dagContextFrom } from './dataset-columns';

const deduction = (status: SchemaDeductionDto['status']) =>
  ({
    status,
    proposedSchema: {
      columns: [
        { name: 'age', type: 'integer', nullable: false, role: 'feature' },
        { name: 'churned', type: 'boolean', nullable: false, role: 'target' }
      ]
    }
  }) as SchemaDeductionDto;

describe('dagContextFrom', () => {
  it('prefers the accepted schema, typed and with roles', () => {
    const ctx = dagContextFrom([deduction('proposed'), deduction('accepted')], null);
    expect(ctx.columnSource).toBe('accepted_schema');
    expect(ctx.columns).toEqual([
      { name: 'age', type: 'integer', role: 'feature' },
      { name: 'churned', type: 'boolean', role: 'target' }
    ]);
  });

  it('falls back to the validated dataset’s column names, then to nothing', () => {
    expect(dagContextFrom([deduction('proposed')], { status: 'validated', columnNames: ['a', 'b'] })).toEqual(
      {
        columns: [{ name: 'a' }, { name: 'b' }],
        columnSource: 'dataset'
      }
    );
    expect(dagContextFrom([], { status: 'validating', columnNames: null })).toEqual({
      columns: null,
      columnSource: 'unknown'
    });
  });
});
