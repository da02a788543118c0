/**
 * docs/benchmarks.md holds one section per benchmark; each benchmark replaces only its own section,
 * so runs of different benchmarks never overwrite one another's figures.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const BENCHMARKS_DOC = path.join(__dirname, '..', '..', '..', 'docs', 'benchmarks.md');

const HEADER =
  '# Benchmarks\n\nFigures are ratios against a baseline measured in the same run, on a noisy 2-core machine; compare the ratios, not the absolute numbers.\n';

/** The document with the section under `heading` replaced by `text` (which starts with that heading), or appended. */
export function replaceSection(existing: string, heading: string, text: string): string {
  const lines = existing.split('\n');
  const start = lines.findIndex((line) => line.trim() === heading);
  if (start === -1) return `${existing.replace(/\n*$/, '')}\n\n${text}`.replace(/\n*$/, '\n');
  const next = lines.findIndex((line, i) => i > start && /^## /.test(line));
  const before = lines.slice(0, start).join('\n');
  const after = next === -1 ? '' : `\n${lines.slice(next).join('\n')}`;
  return `${before}${before ? '\n' : ''}${text}${after}`.replace(/\n*$/, '\n');
}

export function writeBenchmarkSection(heading: string, text: string, file = BENCHMARKS_DOC): void {
  const existing = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : HEADER;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, replaceSection(existing, heading, text));
}
