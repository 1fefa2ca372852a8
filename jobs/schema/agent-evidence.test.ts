import { describe, expect, it } from 'vitest';
import { makeProfile, series } from '../../test/fixtures/schema/make-profile';
import { checkEvidence } from './agent-evidence';

const words = makeProfile(
  'city',
  'VARCHAR',
  series(100, (i) => ['Paris', 'Lyon', 'Nice'][i % 3]!)
);
const numericText = makeProfile(
  'n',
  'VARCHAR',
  series(100, (i) => (i % 10 === 0 ? 'NA' : String(i)))
);
const ints = makeProfile(
  'count',
  'BIGINT',
  series(100, (i) => i % 40)
);
const fractions = makeProfile(
  'bmi',
  'DOUBLE',
  series(100, (i) => 18 + i * 0.3)
);
const dates = makeProfile(
  'day',
  'VARCHAR',
  series(100, (i) => `${String(1 + (i % 28)).padStart(2, '0')}/0${1 + (i % 9)}/2023`)
);
const typedDate = makeProfile('d', 'DATE', ['2024-01-01', '2024-01-02']);
const flag = makeProfile('paid', 'BOOLEAN', [true, false]);
const yn = makeProfile(
  'vip',
  'VARCHAR',
  series(50, (i) => (i % 2 ? 'Y' : 'N'))
);

describe('checkEvidence', () => {
  it('accepts reinterpretations the data allows', () => {
    expect(checkEvidence(ints, 'categorical', undefined, undefined)).toEqual({ ok: true });
    expect(checkEvidence(ints, 'float', undefined, undefined)).toEqual({ ok: true });
    expect(checkEvidence(numericText, 'integer', undefined, undefined)).toEqual({ ok: true });
    expect(checkEvidence(yn, 'boolean', undefined, undefined)).toEqual({ ok: true });
    expect(checkEvidence(words, 'text', undefined, undefined)).toEqual({ ok: true });
    expect(checkEvidence(typedDate, 'datetime', '%d/%m/%Y', undefined)).toEqual({ ok: true });
  });

  it('refuses numbers for words and integers for fractions', () => {
    expect(checkEvidence(words, 'integer', undefined, undefined)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/non-numeric samples such as 'Paris', 'Lyon'/)
    });
    expect(checkEvidence(fractions, 'integer', undefined, undefined)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/fractional/)
    });
    expect(checkEvidence(typedDate, 'float', undefined, undefined)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/stored as DATE/)
    });
  });

  it('judges numbers kept as text by the whole sample, not the shown values', () => {
    // 'large' appears once in 200 values: too rare for the top-20 shown values, but it is a word.
    const rareWord = makeProfile(
      'size',
      'VARCHAR',
      series(200, (i) => (i === 150 ? 'large' : String(i % 50)))
    );
    expect(rareWord.sampleValues).not.toContain('large');
    expect(checkEvidence(rareWord, 'integer', undefined, undefined)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/'large'/)
    });
    const decimals = makeProfile(
      'w',
      'VARCHAR',
      series(100, (i) => (i % 2 ? `${i}.5` : String(i)))
    );
    expect(checkEvidence(decimals, 'integer', undefined, undefined)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/50% have a fraction/)
    });
    expect(checkEvidence(decimals, 'float', undefined, undefined)).toEqual({ ok: true });
  });

  it('refuses a boolean with many values and text for typed columns', () => {
    expect(checkEvidence(ints, 'boolean', undefined, undefined)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/40 distinct values/)
    });
    expect(checkEvidence(ints, 'text', undefined, undefined)).toMatchObject({ ok: false });
    expect(checkEvidence(flag, 'datetime', '%Y', undefined)).toMatchObject({ ok: false });
  });

  it('checks a datetime format against the samples, falling back to the detected one', () => {
    expect(checkEvidence(dates, 'datetime', '%d/%m/%Y', undefined)).toEqual({ ok: true, format: '%d/%m/%Y' });
    expect(checkEvidence(dates, 'datetime', undefined, '%d/%m/%Y')).toEqual({ ok: true, format: '%d/%m/%Y' });
    expect(checkEvidence(dates, 'datetime', '%Y-%m-%d', undefined)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/does not parse/)
    });
    expect(checkEvidence(dates, 'datetime', undefined, undefined)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/without a format/)
    });
    expect(checkEvidence(dates, 'datetime', '%m/%d/%Y', undefined)).toMatchObject({ ok: false });
  });

  it('refuses ids that cannot identify anything', () => {
    expect(checkEvidence(flag, 'id', undefined, undefined)).toMatchObject({ ok: false });
    expect(checkEvidence(fractions, 'id', undefined, undefined)).toMatchObject({ ok: false });
    expect(checkEvidence(yn, 'id', undefined, undefined)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/only 2 distinct/)
    });
    expect(checkEvidence(ints, 'id', undefined, undefined)).toEqual({ ok: true });
  });
});
