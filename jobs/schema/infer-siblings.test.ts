import { describe, expect, it } from 'vitest';
import { makeProfile, series } from '../../test/fixtures/schema/make-profile';
import { alignNumberedFamilies, familyStem } from './infer-siblings';
import { decideType } from './infer-type';

const decide = (name: string, values: number[]) => {
  const profile = makeProfile(name, 'BIGINT', values);
  return { profile, ...decideType(profile) };
};

describe('alignNumberedFamilies', () => {
  it('derives family stems from digits', () => {
    expect(familyStem('pixel_3_0')).toBe('pixel_#_#');
    expect(familyStem('s1')).toBe('s#');
    expect(familyStem('age')).toBeNull();
  });

  it('reads a 0/1 pixel like its integer siblings, and says why', () => {
    const pixels = series(8, (i) =>
      decide(
        `pixel_0_${i}`,
        series(100, (r) => (r * (i + 3)) % 17)
      )
    );
    const quiet = decide(
      'pixel_3_0',
      series(100, (r) => (r % 9 === 0 ? 1 : 0))
    );
    expect(quiet.type).toBe('boolean');
    const aligned = alignNumberedFamilies([...pixels, quiet]);
    expect(aligned[8]).toMatchObject({ type: 'integer', confidence: 0.75 });
    expect(aligned[8]?.reason).toMatch(
      /8 of the 9 columns named pixel_#_# are integer.*on its own: Only the values 0 and 1/
    );
  });

  it('aligns digits kept as text (all-VARCHAR validation) the same way', () => {
    const asText = (name: string, values: number[]) => {
      const profile = makeProfile(name, 'VARCHAR', values.map(String));
      return { profile, ...decideType(profile) };
    };
    const pixels = series(8, (i) =>
      asText(
        `px${i}`,
        series(100, (r) => (r * (i + 3)) % 17)
      )
    );
    const quiet = asText(
      'px9',
      series(100, (r) => (r % 9 === 0 ? 1 : 0))
    );
    expect(quiet.type).toBe('boolean');
    expect(alignNumberedFamilies([...pixels, quiet])[8]?.type).toBe('integer');
  });

  it('leaves small families, mixed families and code-named members alone', () => {
    const small = [
      ...series(3, (i) =>
        decide(
          `s${i}`,
          series(50, (r) => r * (i + 2))
        )
      ),
      decide(
        's9',
        series(50, (r) => r % 2)
      )
    ];
    expect(alignNumberedFamilies(small)[3]?.type).toBe('boolean');
    const mixed = [
      ...series(6, (i) =>
        decide(
          `m${i}`,
          series(60, (r) => r * (i + 2))
        )
      ),
      ...series(3, (i) =>
        decide(
          `m${6 + i}`,
          series(60, (r) => r % 2)
        )
      )
    ];
    expect(alignNumberedFamilies(mixed).map((d) => d.type)).toEqual(mixed.map((d) => d.type));
    // type_1 … type_6 are integers (60 values each); type_7 holds 1/2, and its name says code.
    const withCode = [
      ...series(6, (i) =>
        decide(
          `type_${i}`,
          series(60, (r) => r * (i + 2))
        )
      ),
      decide(
        'type_7',
        series(60, (r) => 1 + (r % 2))
      )
    ];
    expect(withCode.slice(0, 6).every((d) => d.type === 'integer')).toBe(true);
    expect(alignNumberedFamilies(withCode)[6]?.type).toBe('categorical');
  });
});
