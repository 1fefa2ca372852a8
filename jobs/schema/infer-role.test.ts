import { describe, expect, it } from 'vitest';
import { makeProfile, series } from '../../test/fixtures/schema/make-profile';
import { decideRoles, type TypedColumn } from './infer-role';
import type { ColumnType } from './types';

const col = (
  name: string,
  type: ColumnType,
  values: Array<string | number | null>,
  duckdbType = 'BIGINT'
): TypedColumn => ({
  profile: makeProfile(name, duckdbType, values),
  type
});
const varied = series(100, (i) => i);
const threeClasses = series(100, (i) => i % 3);

describe('decideRoles', () => {
  it('ignores empty and constant columns and marks ids', () => {
    const roles = decideRoles([
      col('id', 'id', varied),
      col(
        'spare',
        'text',
        series(100, () => null),
        'VARCHAR'
      ),
      col(
        'firmware',
        'categorical',
        series(100, () => 'v1'),
        'VARCHAR'
      ),
      col('x1', 'integer', varied)
    ]);
    expect(roles.map((r) => r.role)).toEqual(['id', 'ignore', 'ignore', 'feature']);
    expect(roles[1]?.note).toMatch(/no values/);
    expect(roles[2]?.note).toMatch(/same value/);
  });

  it('uses the target hint, exactly or case-insensitively', () => {
    const columns = [col('Outcome2', 'integer', varied), col('b', 'integer', varied)];
    expect(decideRoles(columns, 'b').map((r) => r.role)).toEqual(['feature', 'target']);
    const hinted = decideRoles(columns, 'outcome2');
    expect(hinted[0]).toMatchObject({ role: 'target', note: 'Target: chosen by you.' });
  });

  it('falls back to name rules when the hint matches no column', () => {
    const roles = decideRoles(
      [col('a', 'integer', varied), col('label', 'categorical', threeClasses)],
      'nope'
    );
    expect(roles[1]?.role).toBe('target');
  });

  it('prefers the most telling target name', () => {
    const roles = decideRoles([
      col('price', 'float', varied, 'DOUBLE'),
      col(
        'churn',
        'boolean',
        series(100, (i) => i % 2)
      ),
      col('label', 'categorical', threeClasses),
      col('f', 'integer', varied)
    ]);
    expect(roles.map((r) => r.role)).toEqual(['feature', 'feature', 'target', 'feature']);
  });

  it('does not take y as the target when an x sits beside it', () => {
    const roles = decideRoles([
      col('x', 'float', varied, 'DOUBLE'),
      col('y', 'float', varied, 'DOUBLE'),
      col('z', 'float', varied, 'DOUBLE')
    ]);
    expect(roles.every((r) => r.role === 'feature')).toBe(true);
  });

  it('never makes an id, text or datetime column the target', () => {
    const roles = decideRoles([
      col(
        'target',
        'text',
        series(100, (i) => `t ${i}`),
        'VARCHAR'
      ),
      col('a', 'integer', varied)
    ]);
    expect(roles[0]?.role).toBe('feature');
  });

  it('guesses a low-cardinality last column as the target, with a lower confidence and a note', () => {
    const roles = decideRoles([
      col('a', 'float', varied, 'DOUBLE'),
      col('b', 'float', varied, 'DOUBLE'),
      col('kind', 'categorical', threeClasses)
    ]);
    expect(roles[2]).toMatchObject({ role: 'target', confidencePenalty: 0.15 });
    expect(roles[2]?.note).toMatch(/last column.*set the target yourself/);
  });

  it('does not guess a continuous or many-valued last column', () => {
    expect(
      decideRoles([
        col('a', 'integer', varied),
        col('b', 'integer', varied),
        col('c', 'float', varied, 'DOUBLE')
      ])[2]?.role
    ).toBe('feature');
    const city = series(100, (i) => `c${i % 40}`);
    expect(
      decideRoles([
        col('a', 'integer', varied),
        col('b', 'integer', varied),
        col('city', 'categorical', city, 'VARCHAR')
      ])[2]?.role
    ).toBe('feature');
  });
});
