import { describe, expect, it } from 'vitest';
import { makeProfile, series } from '../../test/fixtures/schema/make-profile';
import { decideType } from './infer-type';

const ints = (name: string, values: Array<number | null>) => decideType(makeProfile(name, 'BIGINT', values));
const text = (name: string, values: Array<string | null>) => decideType(makeProfile(name, 'VARCHAR', values));

describe('decideType: numbers that are not quantities', () => {
  it('reads 0/1 integers as a boolean flag', () => {
    const d = ints(
      'has_children',
      series(100, (i) => (i % 3 === 0 ? 1 : 0))
    );
    expect(d.type).toBe('boolean');
    expect(d.reason).toMatch(/0 and 1/);
  });

  it('reads an id-named all-distinct column as id', () => {
    const d = ints(
      'customer_id',
      series(200, (i) => 5000 + i * 7)
    );
    expect(d).toMatchObject({ type: 'id', confidence: 0.95 });
    expect(d.reason).toMatch(/identifier.*distinct/);
  });

  it('reads a repeated id-named column as a reference id', () => {
    const d = ints(
      'user_id',
      series(1000, (i) => 1 + (i % 300))
    );
    expect(d).toMatchObject({ type: 'id', confidence: 0.8 });
    expect(d.reason).toMatch(/another table/);
  });

  it('reads an id-named column with few values as categories', () => {
    expect(
      ints(
        'region_id',
        series(1000, (i) => 1 + (i % 4))
      ).type
    ).toBe('categorical');
  });

  it('reads an unnamed consecutive run as a row number', () => {
    const d = ints(
      'n',
      series(500, (i) => 500 - i)
    );
    expect(d).toMatchObject({ type: 'id', confidence: 0.7 });
    expect(d.reason).toMatch(/consecutively/);
  });

  it('does not call a wide all-distinct measurement an id', () => {
    expect(
      ints(
        'duration_ms',
        series(500, (i) => 20 + i * 997)
      ).type
    ).toBe('integer');
  });

  it('reads zip codes as categories whatever their count', () => {
    expect(
      ints(
        'zip_code',
        series(1000, (i) => 10001 + (i % 400))
      ).type
    ).toBe('categorical');
  });

  it('reads a two-valued code (1/2) as categorical', () => {
    const d = ints(
      'sex',
      series(400, (i) => 1 + (i % 2))
    );
    expect(d.type).toBe('categorical');
    expect(d.reason).toMatch(/two values \(1 and 2\)/);
  });

  it('reads class numbers under a label-like name as categorical', () => {
    const d = ints(
      'target',
      series(1797, (i) => i % 10)
    );
    expect(d.type).toBe('categorical');
    expect(d.reason).toMatch(/class/);
  });

  it('keeps a target-named regression column numeric', () => {
    expect(
      ints(
        'target',
        series(442, (i) => 25 + ((i * 37) % 320))
      ).type
    ).toBe('integer');
  });

  it('reads few values under a code-like name as categorical', () => {
    expect(
      ints(
        'plan_code',
        series(600, (i) => [1, 2, 3, 4, 5][i % 5]!)
      ).type
    ).toBe('categorical');
  });

  it('reads a few code-shaped values (101/205/310) as categorical without a hint', () => {
    const d = ints(
      'plan',
      series(600, (i) => [101, 205, 310, 412][i % 4]!)
    );
    expect(d.type).toBe('categorical');
    expect(d.reason).toMatch(/codes/);
  });

  it('keeps small counts numeric and says they could be codes', () => {
    const d = ints(
      'support_tickets',
      series(600, (i) => i % 7)
    );
    expect(d.type).toBe('integer');
    expect(d.reason).toMatch(/counts or a scale.*categorical/);
  });

  it('reads plain whole numbers as integer with their range', () => {
    const d = ints('age', [...series(300, (i) => 18 + (i % 70)), null]);
    expect(d).toMatchObject({ type: 'integer', confidence: 0.9 });
    expect(d.reason).toContain('18 to 87');
  });

  it('reads a constant as a single value', () => {
    expect(
      ints(
        'pixel_0_0',
        series(100, () => 0)
      ).reason
    ).toMatch(/single value 0/);
  });
});

describe('decideType: stored types', () => {
  it('trusts BOOLEAN, DATE/TIMESTAMP and UUID storage', () => {
    expect(decideType(makeProfile('paid', 'BOOLEAN', [true, false, true])).type).toBe('boolean');
    const date = decideType(makeProfile('day', 'DATE', ['2024-01-01', '2024-02-01']));
    expect(date).toMatchObject({ type: 'datetime' });
    expect(date.format).toBeUndefined();
    expect(date.reason).toContain('DATE');
    expect(decideType(makeProfile('at', 'TIMESTAMP WITH TIME ZONE', ['2024-01-01 00:00:00+00'])).type).toBe(
      'datetime'
    );
    expect(decideType(makeProfile('key', 'UUID', ['3f2504e0-4f89-11d3-9a0c-0305e82c3301'])).type).toBe('id');
  });

  it('says so when a column is entirely empty', () => {
    const d = decideType(makeProfile('spare', 'VARCHAR', [null, null, null]));
    expect(d).toMatchObject({ type: 'text', confidence: 0.3 });
    expect(d.reason).toMatch(/empty/);
  });

  it('falls back to text for types the schema cannot describe', () => {
    expect(decideType(makeProfile('tags', 'VARCHAR[]', ['[a, b]'])).type).toBe('text');
  });
});

describe('decideType: decimals', () => {
  it('reads fractional doubles as float with range and mean', () => {
    const d = decideType(
      makeProfile(
        'bmi',
        'DOUBLE',
        series(100, (i) => 18 + i * 0.25)
      )
    );
    expect(d.type).toBe('float');
    expect(d.reason).toMatch(/18 to 42.75, mean 30.38/);
  });

  it('reads whole-valued doubles (pandas integers with gaps) as integer', () => {
    const d = decideType(makeProfile('age', 'DOUBLE', [...series(100, (i) => 20 + (i % 50)), null]));
    expect(d.type).toBe('integer');
    expect(d.reason).toMatch(/every value is a whole number/);
  });

  it('reads 0.0/1.0 doubles as boolean', () => {
    expect(
      decideType(
        makeProfile(
          'flag',
          'DOUBLE',
          series(50, (i) => i % 2)
        )
      ).type
    ).toBe('boolean');
  });

  it('mentions a mostly-whole float', () => {
    const d = decideType(
      makeProfile(
        'bp',
        'DOUBLE',
        series(100, (i) => (i % 10 === 0 ? 80.5 : 80 + i))
      )
    );
    expect(d.type).toBe('float');
    expect(d.reason).toMatch(/90% are whole/);
  });
});

describe('decideType: text columns', () => {
  it.each([
    ['yes/no', ['yes', 'no', 'yes', 'no']],
    ['Y/N', ['Y', 'N', 'N', 'N']],
    ['mixed case', ['Yes', 'no', 'YES', 'No']],
    ['0/1 kept as text', ['0', '1', '1', '0']]
  ])('reads %s as boolean', (_label, values) => {
    const d = text(
      'flag',
      series(40, (i) => values[i % values.length]!)
    );
    expect(d.type).toBe('boolean');
    expect(d.reason).toMatch(/flag stored as text/);
  });

  it('does not call mixed families a boolean', () => {
    expect(
      text(
        'answer',
        series(40, (i) => ['yes', 'false'][i % 2]!)
      ).type
    ).toBe('categorical');
  });

  it('reads UUID and hex strings as ids', () => {
    const uuid = (i: number) => `3f2504e0-4f89-11d3-9a0c-${String(i).padStart(12, '0')}`;
    expect(text('ref', series(50, uuid)).type).toBe('id');
    expect(
      text(
        'hash',
        series(50, (i) => i.toString(16).padStart(32, 'a'))
      ).type
    ).toBe('id');
  });

  it('reads date strings as datetime with the format and the proof', () => {
    const d = text(
      'birth_date',
      series(60, (i) => `${String(1 + (i % 28)).padStart(2, '0')}/0${1 + (i % 9)}/1980`)
    );
    expect(d).toMatchObject({ type: 'datetime', format: '%d/%m/%Y', confidence: 0.92 });
    expect(d.reason).toMatch(/only reads day-first/);
  });

  it('lowers confidence when day-first and month-first both fit', () => {
    const d = text(
      'when',
      series(60, (i) => `0${1 + (i % 9)}/1${i % 3}/2024`)
    );
    expect(d).toMatchObject({ type: 'datetime', format: '%m/%d/%Y', confidence: 0.7 });
    expect(d.reason).toMatch(/could also be '%d\/%m\/%Y'/);
  });

  it('reads numbers mixed with NA markers as float and names the markers', () => {
    const d = text(
      'humidity',
      series(100, (i) => (i % 20 === 0 ? 'NA' : `${40 + i}.5`))
    );
    expect(d.type).toBe('float');
    expect(d.reason).toMatch(/'NA' would become missing/);
  });

  it('reads whole numbers kept as text through the integer rules', () => {
    const d = text(
      'rooms',
      series(100, (i) => (i % 25 === 0 ? 'n/a' : String(1 + (i % 40))))
    );
    expect(d.type).toBe('integer');
    expect(d.reason).toMatch(/Stored as text/);
  });

  it('does not read real words as numbers', () => {
    expect(
      text(
        'size',
        series(100, (i) => (i % 4 === 0 ? 'large' : String(i)))
      ).type
    ).not.toBe('integer');
  });

  it('keeps leading-zero digit strings as codes', () => {
    const d = text(
      'station',
      series(100, (i) => ['02134', '10001', '00501'][i % 3]!)
    );
    expect(d.type).toBe('categorical');
    expect(d.reason).toMatch(/leading zeros.*'0/);
  });

  it('reads few distinct labels as categorical', () => {
    const d = text(
      'country',
      series(300, (i) => ['US', 'DE', 'FR'][i % 3]!)
    );
    expect(d).toMatchObject({ type: 'categorical', confidence: 0.9 });
    expect(d.reason).toMatch(/3 distinct values in 300 rows/);
  });

  it('reads long mostly-unique prose as text', () => {
    const d = text(
      'review',
      series(100, (i) => `The parcel number ${i} arrived late and the box was damaged badly`)
    );
    expect(d.type).toBe('text');
    expect(d.reason).toMatch(/Free text/);
  });

  it('reads short unique tokens as a key', () => {
    expect(
      text(
        'order_ref',
        series(100, (i) => `ORD-${1000 + i}`)
      ).type
    ).toBe('id');
    expect(
      text(
        'sku_code',
        series(100, (i) => `X${1000 + i}Z`)
      ).type
    ).toBe('id');
  });

  it('reads many repeated short labels as a high-cardinality category', () => {
    const d = text(
      'city',
      series(1000, (i) => `city_${i % 300}`)
    );
    expect(d).toMatchObject({ type: 'categorical', confidence: 0.6 });
  });

  it('reads a constant text column as categorical', () => {
    expect(
      text(
        'firmware',
        series(100, () => 'v2.4.1')
      ).type
    ).toBe('categorical');
  });
});
