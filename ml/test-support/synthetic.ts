import { Frame, categoricalColumn, numericColumn, type Column } from '../frame';
import { Random } from '../random';

/**
 * Rows that look like a user's table: an id, a signup date (as days), region and plan codes with
 * gaps, numeric measures with missing cells, and a churn label (or a spend value) that depends on
 * them through a few interactions, with noise.
 */
export function customerTable(n: number, seed: number, extraNumeric = 0): Frame {
  const rng = new Random(seed);
  const regions = ['north', 'south', 'east', 'west', 'centre', 'islands', 'abroad', 'unknown'];
  const plans = ['free', 'basic', 'pro'];
  const id: number[] = [];
  const signup: number[] = [];
  const region: (string | null)[] = [];
  const plan: string[] = [];
  const age: (number | null)[] = [];
  const income: (number | null)[] = [];
  const visits: number[] = [];
  const extra: number[][] = Array.from({ length: extraNumeric }, () => []);
  const churn: string[] = [];
  const spend: number[] = [];
  const gauss = () =>
    Math.sqrt(-2 * Math.log(rng.nextFloat() + 1e-12)) * Math.cos(2 * Math.PI * rng.nextFloat());
  for (let i = 0; i < n; i++) {
    id.push(100000 + i);
    const days = 18000 + rng.nextInt(2000);
    signup.push(days);
    const r = rng.nextInt(regions.length);
    region.push(rng.nextFloat() < 0.05 ? null : regions[r]!);
    const p = rng.nextInt(3);
    plan.push(plans[p]!);
    const a = 18 + rng.nextInt(60);
    age.push(rng.nextFloat() < 0.1 ? null : a);
    const inc = Math.exp(10 + 0.5 * gauss());
    income.push(rng.nextFloat() < 0.08 ? null : Math.round(inc));
    const v = rng.nextInt(40);
    visits.push(v);
    let z =
      -0.5 +
      (0.04 * (40 - a)) / 4 -
      0.06 * v +
      (p === 0 ? 0.9 : p === 2 ? -0.7 : 0) +
      (r === 2 ? 0.6 : 0) +
      0.3 * gauss();
    for (let j = 0; j < extraNumeric; j++) {
      const x = gauss();
      extra[j]!.push(x);
      if (j < 5) z += 0.3 * x * (j % 2 ? -1 : 1);
    }
    if ((days - 18000) % 7 < 2) z += 0.4;
    churn.push(rng.nextFloat() < 1 / (1 + Math.exp(-z)) ? 'yes' : 'no');
    spend.push(
      Math.round((20 + 2 * v + (p === 2 ? 30 : p === 1 ? 10 : 0) + inc / 5000 + 5 * gauss()) * 100) / 100
    );
  }
  const columns: Column[] = [
    numericColumn('customer_id', id),
    numericColumn('signup_day', signup),
    categoricalColumn('region', region),
    categoricalColumn('plan', plan),
    numericColumn('age', age),
    numericColumn('income', income),
    numericColumn('visits', visits),
    ...extra.map((x, j) => numericColumn(`m${j + 1}`, x)),
    categoricalColumn('churn', churn),
    numericColumn('spend', spend)
  ];
  return new Frame(columns);
}
