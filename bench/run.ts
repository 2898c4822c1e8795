// `npm run bench`: measured figures, side by side in the same run, on loopback only, bounded in time.
//   1. a 10,000-initiative generated catalogue (+ the shipped seed) on SQLite;
//   2. catalogue page throughput (autocannon) next to a bare Fastify route returning the same bytes;
//   3. search latency (p50/p95/p99) over 1–4 character Japanese and English queries.
// Prints one table and writes bench/out/results.json. BENCH_SECONDS (default 10) sets each load run.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { loadShippedSeed, seedCatalogue } from '../src/seed/seed.ts';
import { generateCatalogue } from './generate.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const COUNT = Number(process.env.BENCH_INITIATIVES ?? 10_000);
const here = new URL('.', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'lastmile-bench-'));
const children: ChildProcess[] = [];

function startServer(env: Record<string, string>): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = fork(join(here, 'server.ts'), { env: { ...process.env, ...env }, execArgv: ['--import', 'tsx'], stdio: 'inherit' });
    children.push(child);
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
}

async function load(url: string) {
  const r = await autocannon({ url, connections: 20, duration: SECONDS, pipelining: 1, timeout: 30 });
  if (r.non2xx > 0) throw new Error(`${url}: ${r.non2xx} non-2xx responses`);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts };
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

try {
  // 1. Data
  const t0 = performance.now();
  const url = `file:${join(dir, 'bench.sqlite')}`;
  const handle = openDatabase(url);
  await migrateToLatest(handle);
  const shipped = await loadShippedSeed();
  const gen = generateCatalogue(COUNT);
  await seedCatalogue(handle, { organisations: [...shipped.organisations, ...gen.organisations], measures: shipped.measures, initiatives: [...shipped.initiatives, ...gen.initiatives] });
  await handle.destroy();
  const seedSeconds = (performance.now() - t0) / 1000;
  const total = COUNT + shipped.initiatives.length;

  // 2. Servers
  await startServer({ BENCH_MODE: 'app', DATABASE_URL: url, PORT: '4801' });
  const pages = [
    { name: 'catalogue page 1 (all facets)', path: '/initiatives' },
    { name: 'catalogue, 2 filters', path: '/initiatives?audience=seniors&region=13' },
    { name: 'catalogue, search 詐欺', path: '/initiatives?q=' + encodeURIComponent('詐欺') },
    { name: 'coverage matrix', path: '/matrix' },
  ];
  const rows: Record<string, string | number>[] = [];
  for (const p of pages) {
    const res = await fetch(`http://127.0.0.1:4801${p.path}`);
    if (res.status !== 200) throw new Error(`${p.path}: ${res.status}`);
    const bodyFile = join(dir, 'body.html');
    writeFileSync(bodyFile, Buffer.from(await res.arrayBuffer()));
    const bare = await startServer({ BENCH_MODE: 'bare', BENCH_BODY_FILE: bodyFile, PORT: '4802' });
    const app = await load(`http://127.0.0.1:4801${p.path}`);
    const base = await load(`http://127.0.0.1:4802${p.path}`);
    bare.kill();
    rows.push({
      scenario: p.name,
      'app req/s': Math.round(app.rps),
      'app p50 ms': app.p50,
      'app p99 ms': app.p99,
      'bare req/s': Math.round(base.rps),
      errors: app.errors + base.errors,
      ratio: Number((app.rps / base.rps).toFixed(3)),
    });
  }

  // 3. Search latency, one request at a time (service time, not queueing).
  const queries = ['詐欺', '相談', '教育', '窓', 'ネット', 'セミナー', '高齢者', 'パスワード', '中小企業', 'ランサム', 'phishing', 'SME', 'IPA', 'ＩＰＡ', 'backup', 'help desk', '対策', 'SNS', '県警', '勉強会'];
  const latencies: number[] = [];
  const perQuery = new Map<string, { ms: number[]; total: number }>();
  for (let round = 0; round < 25; round++) {
    for (const q of queries) {
      const s = performance.now();
      const res = await fetch(`http://127.0.0.1:4801/api/v1/initiatives?q=${encodeURIComponent(q)}`);
      const body = (await res.json()) as { total: number };
      if (res.status !== 200) throw new Error(`search ${q}: ${res.status}`);
      const ms = performance.now() - s;
      latencies.push(ms);
      const e = perQuery.get(q) ?? { ms: [], total: body.total };
      e.ms.push(ms);
      perQuery.set(q, e);
    }
  }
  const slowest = [...perQuery]
    .map(([q, e]) => ({ q, matches: e.total, medianMs: Number(pct(e.ms.sort((a, b) => a - b), 50).toFixed(2)) }))
    .sort((a, b) => b.medianMs - a.medianMs)
    .slice(0, 5);
  latencies.sort((a, b) => a - b);
  const search = { requests: latencies.length, p50: pct(latencies, 50), p95: pct(latencies, 95), p99: pct(latencies, 99) };

  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  console.log(`\nLastmile bench — ${total.toLocaleString()} initiatives on SQLite (seeded in ${seedSeconds.toFixed(1)} s), ${SECONDS} s per load run, 20 connections`);
  console.log(`machine: ${machine}\n`);
  console.table(rows);
  console.log(`search API over ${total.toLocaleString()} initiatives, ${search.requests} sequential requests (${queries.length} queries, 1–4 chars and English):`);
  console.log(`  p50 ${search.p50.toFixed(2)} ms   p95 ${search.p95.toFixed(2)} ms   p99 ${search.p99.toFixed(2)} ms (client-side, loopback HTTP included)`);
  console.log('  slowest queries (median): ' + slowest.map((x) => `${x.q} ${x.medianMs} ms (${x.matches} matches)`).join(', '));
  mkdirSync(join(here, 'out'), { recursive: true });
  writeFileSync(join(here, 'out', 'results.json'), JSON.stringify({ date: new Date().toISOString(), machine, initiatives: total, seconds: SECONDS, pages: rows, search, slowest }, null, 2));
} finally {
  for (const c of children) c.kill();
  rmSync(dir, { recursive: true, force: true });
}
