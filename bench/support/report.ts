import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const FILE = path.join(process.cwd(), 'docs', 'BENCHMARKS.md');

/**
 * Replaces one benchmark's section in docs/BENCHMARKS.md (between its markers), keeping the
 * other benchmarks' results, and stamps it with the machine and command that produced it.
 */
export function writeSection(id: string, title: string, command: string, body: string): void {
  const header =
    '# Benchmarks\n\nEvery figure here comes from a script under `bench/`; run it again to reproduce.\n';
  const current = fs.existsSync(FILE) ? fs.readFileSync(FILE, 'utf8') : header;
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const section = [
    `<!-- bench:${id}:start -->`,
    `## ${title}`,
    '',
    `Command: \`${command}\` · ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · ${os.cpus().length} × ${cpu} · Node ${process.version}`,
    '',
    body.trim(),
    `<!-- bench:${id}:end -->`
  ].join('\n');
  const pattern = new RegExp(`<!-- bench:${id}:start -->[\\s\\S]*?<!-- bench:${id}:end -->`);
  const next = pattern.test(current)
    ? current.replace(pattern, section)
    : `${current.trimEnd()}\n\n${section}\n`;
  fs.mkdirSync(path.dirname(FILE), { recursive: true });
  fs.writeFileSync(FILE, next);
}

export function table(headers: string[], rows: Array<Array<string | number>>): string {
  return [
    `| ${headers.join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`)
  ].join('\n');
}
