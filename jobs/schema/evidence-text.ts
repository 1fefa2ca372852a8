/** Small formatters for the human reasons, so every rule words its evidence the same way. */

/** 1234567 → "1,234,567"; 0.123456 → "0.1235"; years such as 1890 stay ungrouped. */
export function fmtNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const rounded = Number.isInteger(value) ? value : Number(value.toPrecision(4));
  return rounded.toLocaleString('en-US', {
    maximumFractionDigits: 6,
    useGrouping: Math.abs(rounded) >= 10_000
  });
}

/** 0.987 → "99%"; values just under 1 stay below 100% so "all" is never claimed wrongly. */
export function fmtShare(share: number): string {
  const pct = share * 100;
  if (share < 1 && pct > 99) return '>99%';
  if (share > 0 && pct < 1) return '<1%';
  return `${Math.round(pct)}%`;
}

/** Quotes up to `max` values: "'a', 'b', 'c' …". Long values are cut so a reason stays short. */
export function quoteValues(values: readonly string[], max = 3): string {
  const shown = values.slice(0, max).map((v) => `'${v.length > 40 ? `${v.slice(0, 37)}…` : v}'`);
  return shown.join(', ') + (values.length > max ? ' …' : '');
}

/** "3 distinct values" or "~3 distinct values" when HyperLogLog estimated them. */
export function fmtDistinct(count: number, approx: boolean): string {
  return `${approx ? '~' : ''}${fmtNumber(count)} distinct value${count === 1 ? '' : 's'}`;
}
