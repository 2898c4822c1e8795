// One table for the whole of `npm run bench`: each part records its headline figures here
// (bench/out/figures-<part>.json) and bench/summary.ts, the last step, prints them side by side with their
// targets. The first part clears the figures of an earlier run, so the table is always of one run.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Figure {
  /** What was measured, in words. */
  figure: string;
  /** The value, with its unit. */
  measured: string;
  /** The target from the issue, or '' when the figure is for information. */
  target: string;
  /** 'met', 'not met' or ''. */
  ok: string;
}

const OUT = join(new URL('.', import.meta.url).pathname, 'out');

export function clearFigures(): void {
  mkdirSync(OUT, { recursive: true });
  for (const f of readdirSync(OUT)) if (/^figures-.*\.json$/.test(f)) rmSync(join(OUT, f));
}

export function recordFigures(part: string, figures: Figure[]): void {
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, `figures-${part}.json`), JSON.stringify({ part, date: new Date().toISOString(), figures }, null, 2));
}

export function readFigures(): { part: string; date: string; figures: Figure[] }[] {
  mkdirSync(OUT, { recursive: true });
  return readdirSync(OUT)
    .filter((f) => /^figures-.*\.json$/.test(f))
    .map((f) => JSON.parse(readFileSync(join(OUT, f), 'utf8')) as { part: string; date: string; figures: Figure[] })
    .sort((a, b) => a.date.localeCompare(b.date));
}

export const met = (ok: boolean): string => (ok ? 'met' : 'not met');
export const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
