/**
 * A million-row CSV made in about a second: five columns of numbers and categories, enough for
 * validation, schema deduction and EDA to take a few seconds each.
 */
export function bigCsv(rows = 1_000_000): Buffer {
  const colours = ['red', 'green', 'blue', 'yellow'];
  const parts: string[] = ['id,amount,score,colour,label\n'];
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    chunk += `${i},${((i * 7919) % 100_000) / 100},${(i % 997) / 10},${colours[i % 4]},${i % 3 === 0 ? 'yes' : 'no'}\n`;
    if (chunk.length > 1 << 20) {
      parts.push(chunk);
      chunk = '';
    }
  }
  parts.push(chunk);
  return Buffer.from(parts.join(''));
}
