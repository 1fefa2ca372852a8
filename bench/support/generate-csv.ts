import { closeSync, openSync, writeSync } from 'node:fs';

/**
 * Writes a deterministic rows × 20 CSV of integers, floats and two categorical kinds with 5 %
 * missing cells (~150 MB for a million rows).
 */
export function generateMixedCsv(path: string, rows: number): void {
  let seed = 12345;
  const random = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
  const colours = ['red', 'green', 'blue', 'yellow', 'purple'];
  const cities = ['Paris', 'Berlin', 'New York', 'São Paulo', 'Tokyo', 'Lagos'];
  const kinds = Array.from({ length: 20 }, (_, c) => c % 4);
  const names = kinds.map((k, c) => [`int_${c}`, `float_${c}`, `colour_${c}`, `city_${c}`][k]);
  const fd = openSync(path, 'w');
  let buffer = names.join(',') + '\n';
  for (let i = 0; i < rows; i++) {
    buffer +=
      kinds
        .map((k) => {
          if (random() < 0.05) return '';
          if (k === 0) return String(Math.floor(random() * 1_000_000));
          if (k === 1) return (random() * 10_000).toFixed(4);
          if (k === 2) return colours[Math.floor(random() * colours.length)];
          return cities[Math.floor(random() * cities.length)];
        })
        .join(',') + '\n';
    if (buffer.length > 1 << 20) {
      writeSync(fd, buffer);
      buffer = '';
    }
  }
  writeSync(fd, buffer);
  closeSync(fd);
}
