// The last step of `npm run bench`: every part's headline figures in one table (bench/figures.ts), in
// Markdown so that it can go into the README as it is.
import { cpus, totalmem } from 'node:os';
import { readFigures } from './figures.ts';

const parts = readFigures();
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
console.log(`\n## npm run bench: every figure of this run\n\nMachine: ${machine}. ${new Date().toISOString().slice(0, 10)}.\n`);
console.log('| Part | Figure | Measured | Target | |');
console.log('|---|---|---|---|---|');
const cell = (s: string) => s.replace(/\|/g, '\\|');
for (const p of parts) for (const f of p.figures) console.log(`| ${cell(p.part)} | ${cell(f.figure)} | ${cell(f.measured)} | ${cell(f.target)} | ${f.ok} |`);
if (parts.length === 0) console.log('| (no part recorded figures) | | | | |');
