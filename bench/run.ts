// `npm run bench`: measured figures, side by side in the same run, on loopback only, bounded in time.
//   1. a 10,000-initiative generated catalogue (+ the shipped seed), on SQLite and (when a server answers)
//      on PostgreSQL in a database the bench creates and drops;
//   2. catalogue page throughput (autocannon) next to a bare Fastify route returning the same bytes;
//   3. search latency (p50/p95/p99) over 1–4 character Japanese and English queries.
// Prints one table per engine and writes bench/out/results.json.
//   BENCH_SECONDS (default 10) per load run; BENCH_INITIATIVES (default 10000);
//   BENCH_PG_ADMIN (default postgres://postgres@127.0.0.1:5432/postgres), BENCH_PG=0 to skip PostgreSQL.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { loadShippedSeed, seedCatalogue } from '../src/seed/seed.ts';
import { generateCatalogue } from './generate.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const COUNT = Number(process.env.BENCH_INITIATIVES ?? 10_000);
const PG_ADMIN = process.env.BENCH_PG_ADMIN ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const here = new URL('.', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'lastmile-bench-'));
const children: ChildProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];

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

async function pgAvailable(): Promise<boolean> {
  if (process.env.BENCH_PG === '0') return false;
  const c = new pg.Client({ connectionString: PG_ADMIN, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

async function createPgDatabase(): Promise<string> {
  const name = `lastmile_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  cleanups.push(async () => {
    const c = new pg.Client({ connectionString: PG_ADMIN });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  });
  const u = new URL(PG_ADMIN);
  u.pathname = `/${name}`;
  return u.toString();
}

const PAGES = [
  { name: 'catalogue page 1 (all facets)', path: '/initiatives' },
  { name: 'catalogue, 2 filters', path: '/initiatives?audience=seniors&region=13' },
  { name: 'catalogue, search 詐欺', path: '/initiatives?q=' + encodeURIComponent('詐欺') },
  { name: 'coverage matrix', path: '/matrix' },
];
const QUERIES = ['詐欺', '相談', '教育', '窓', 'ネット', 'セミナー', '高齢者', 'パスワード', '中小企業', 'ランサム', 'phishing', 'SME', 'IPA', 'ＩＰＡ', 'backup', 'help desk', '対策', 'SNS', '県警', '勉強会'];

async function runEngine(engine: string, url: string, port: number) {
  const t0 = performance.now();
  const handle = openDatabase(url);
  await migrateToLatest(handle);
  const shipped = await loadShippedSeed();
  const gen = generateCatalogue(COUNT, 42, shipped.measures.map((m) => m.slug));
  await seedCatalogue(handle, { organisations: [...shipped.organisations, ...gen.organisations], measures: shipped.measures, initiatives: [...shipped.initiatives, ...gen.initiatives] });
  await handle.destroy();
  const seedSeconds = (performance.now() - t0) / 1000;
  const total = COUNT + shipped.initiatives.length;

  const server = await startServer({ BENCH_MODE: 'app', DATABASE_URL: url, PORT: String(port) });
  const rows: Record<string, string | number>[] = [];
  for (const p of PAGES) {
    const res = await fetch(`http://127.0.0.1:${port}${p.path}`);
    if (res.status !== 200) throw new Error(`${p.path}: ${res.status}`);
    const bodyFile = join(dir, 'body.html');
    writeFileSync(bodyFile, Buffer.from(await res.arrayBuffer()));
    const bare = await startServer({ BENCH_MODE: 'bare', BENCH_BODY_FILE: bodyFile, PORT: String(port + 1) });
    const app = await load(`http://127.0.0.1:${port}${p.path}`);
    const base = await load(`http://127.0.0.1:${port + 1}${p.path}`);
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

  // Search latency, one request at a time (service time, not queueing).
  const latencies: number[] = [];
  const perQuery = new Map<string, { ms: number[]; total: number }>();
  for (let round = 0; round < 25; round++) {
    for (const q of QUERIES) {
      const s = performance.now();
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/initiatives?q=${encodeURIComponent(q)}`);
      const body = (await res.json()) as { total: number };
      if (res.status !== 200) throw new Error(`search ${q}: ${res.status}`);
      const ms = performance.now() - s;
      latencies.push(ms);
      const e = perQuery.get(q) ?? { ms: [], total: body.total };
      e.ms.push(ms);
      perQuery.set(q, e);
    }
  }
  server.kill();
  latencies.sort((a, b) => a - b);
  const search = { requests: latencies.length, p50: pct(latencies, 50), p95: pct(latencies, 95), p99: pct(latencies, 99) };
  const slowest = [...perQuery]
    .map(([q, e]) => ({ q, matches: e.total, medianMs: Number(pct(e.ms.sort((a, b) => a - b), 50).toFixed(2)) }))
    .sort((a, b) => b.medianMs - a.medianMs)
    .slice(0, 5);

  console.log(`\n${engine}: ${total.toLocaleString()} initiatives (seeded in ${seedSeconds.toFixed(1)} s), ${SECONDS} s per load run, 20 connections`);
  console.table(rows);
  console.log(`search API, ${search.requests} sequential requests (${QUERIES.length} queries, 1–4 chars and English):`);
  console.log(`  p50 ${search.p50.toFixed(2)} ms   p95 ${search.p95.toFixed(2)} ms   p99 ${search.p99.toFixed(2)} ms (client-side, loopback HTTP included)`);
  console.log('  slowest queries (median): ' + slowest.map((x) => `${x.q} ${x.medianMs} ms (${x.matches} matches)`).join(', '));
  return { engine, initiatives: total, seedSeconds, pages: rows, search, slowest };
}

try {
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  console.log(`Lastmile bench — machine: ${machine}`);
  const results = [await runEngine('SQLite', `file:${join(dir, 'bench.sqlite')}`, 4801)];
  if (await pgAvailable()) results.push(await runEngine('PostgreSQL', await createPgDatabase(), 4811));
  else console.log(`\nPostgreSQL: skipped (no server at ${PG_ADMIN}, or BENCH_PG=0)`);
  mkdirSync(join(here, 'out'), { recursive: true });
  writeFileSync(join(here, 'out', 'results.json'), JSON.stringify({ date: new Date().toISOString(), machine, seconds: SECONDS, results }, null, 2));
} finally {
  for (const c of children) c.kill();
  for (const c of cleanups) await c().catch((err) => console.error('cleanup failed:', err));
  rmSync(dir, { recursive: true, force: true });
}
