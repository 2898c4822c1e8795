// `npm run bench`, overload scenario (issue 8): beyond capacity the portal sheds with 503 + Retry-After
// instead of queueing, and recovers by itself when the load falls. On loopback, bounded in time (~75 s).
//   1. a generated catalogue (BENCH_OVERLOAD_INITIATIVES, default 3,000) on SQLite, page cache off (PAGE_CACHE_MB=0)
//      and distinct search URLs, so every request does the database and rendering work;
//   2. capacity: closed-loop load (8 connections) on /initiatives?q=…&region=…, protection off;
//   3. for protection OFF and ON (the OVERLOAD_* defaults of src/config.ts, or the environment's), a fresh
//      server driven at three times that capacity (autocannon overallRate, enough connections to keep
//      offering it) for BENCH_OVERLOAD_SECONDS (default 15), then: time until a new request gets a 200,
//      and the rate of 200s in the 3 s after (closed loop, as in 2), as a share of the capacity.
// Latencies per status come from autocannon's per-response event (client side, loopback); the server's
// event-loop delay from a perf_hooks histogram in the server process, read over IPC.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { recordFigures } from './figures.ts';

const ROLE = process.env.OVERLOAD_BENCH_ROLE;
const SECONDS = Number(process.env.BENCH_OVERLOAD_SECONDS ?? 15);
// Fewer than bench/run.ts: seeding 10,000 takes ~30 s here, and capacity only sets the offered rate.
const COUNT = Number(process.env.BENCH_OVERLOAD_INITIATIVES ?? 3_000);
const PORT = 4831;
const QUERIES = ['詐欺', '相談', '教育', '窓', 'ネット', 'セミナー', '高齢者', 'パスワード', '中小企業', 'ランサム', 'phishing', 'SME', 'IPA', 'backup', '対策', 'SNS', '県警', '勉強会', '情報', '講座'];

/** Distinct URLs: query × prefecture, so no two consecutive requests ask for the same page. */
function pathFor(i: number): string {
  const q = QUERIES[i % QUERIES.length]!;
  const region = String((Math.floor(i / QUERIES.length) % 47) + 1).padStart(2, '0');
  return `/initiatives?q=${encodeURIComponent(q)}&region=${region}`;
}

// ---------------------------------------------------------------------------------------------- server
async function serve() {
  const { buildApp } = await import('../src/app.ts');
  const { loadConfig } = await import('../src/config.ts');
  const { openDatabase } = await import('../src/db/database.ts');
  const { createMailer } = await import('../src/mail/smtp.ts');
  const port = Number(process.env.PORT);
  const pass = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('OVERLOAD_') && k !== 'OVERLOAD_BENCH_ROLE')) as Record<string, string>;
  const config = loadConfig({
    BASE_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '1000000',
    JOBS_ENABLED: 'false',
    DELIVERY_WORKER: 'false',
    PAGE_CACHE_MB: '0',
    ...pass,
  });

  const database = openDatabase(process.env.DATABASE_URL!);
  const mailer = createMailer({ smtpUrl: 'log', from: config.mailFrom, log: { info() {} } });
  const app = await buildApp({ config, database, mailer });
  await app.listen({ port, host: '127.0.0.1' });
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  process.on('message', (m) => {
    if (m === 'reset') delay.reset();
    if (m === 'stats') process.send!({ maxMs: delay.max / 1e6, p99Ms: delay.percentile(99) / 1e6, heapMb: process.memoryUsage().heapUsed / 2 ** 20 });
  });
  process.send!('ready');
}

// ---------------------------------------------------------------------------------------------- driver
interface ServerStats {
  maxMs: number;
  p99Ms: number;
  heapMb: number;
}

function startServer(databaseUrl: string, env: Record<string, string>): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), {
      env: { ...process.env, ...env, OVERLOAD_BENCH_ROLE: 'server', DATABASE_URL: databaseUrl, PORT: String(PORT) },
      execArgv: ['--import', 'tsx'],
      stdio: 'inherit',
    });
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`overload bench server exited with ${code}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill();
  });
}

function serverStats(child: ChildProcess): Promise<ServerStats> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve(m as ServerStats));
    child.send('stats');
  });
}

function pct(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

let counter = 0;
function requests() {
  return [{ setupRequest: (r: Record<string, unknown>) => ({ ...r, path: pathFor(counter++) }) }];
}

/** Closed loop: as fast as the server answers 8 clients. */
async function closedLoop(seconds: number) {
  const r = await autocannon({ url: `http://127.0.0.1:${PORT}`, connections: 8, duration: seconds, requests: requests() as never, timeout: 10 });
  return { ok: r['2xx'] / seconds, other: r.non2xx, errors: r.errors + r.timeouts };
}

const connectionsFor = (rate: number) => Math.min(1000, Math.max(50, Math.ceil(rate)));

async function overloaded(rate: number, seconds: number) {
  const latency = new Map<number, number[]>();
  const r = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${PORT}`,
        // Enough clients to keep offering `rate` while each waits up to ~1 s: a crowd does not wait for the server.
        connections: connectionsFor(rate),
        overallRate: rate,
        duration: seconds,
        requests: requests() as never,
        timeout: 10,
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    instance.on('response', (_client, status, _bytes, ms) => {
      const list = latency.get(status) ?? [];
      list.push(ms);
      latency.set(status, list);
    });
  });
  const ok = (latency.get(200) ?? []).sort((a, b) => a - b);
  const shed = (latency.get(503) ?? []).sort((a, b) => a - b);
  const other = [...latency].filter(([s]) => s !== 200 && s !== 503).reduce((n, [, l]) => n + l.length, 0);
  return { sent: r.requests.sent, ok, shed, other, errors: r.errors, timeouts: r.timeouts };
}

/** After the load stops: how long until a new request is served, polling every 20 ms. */
async function timeToFirst200(): Promise<number> {
  const start = performance.now();
  for (;;) {
    const res = await fetch(`http://127.0.0.1:${PORT}${pathFor(counter++)}`).catch(() => null);
    await res?.arrayBuffer();
    if (res?.status === 200) return performance.now() - start;
    if (performance.now() - start > 30_000) return Infinity;
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function main() {
  const { openDatabase } = await import('../src/db/database.ts');
  const { migrateToLatest } = await import('../src/db/migrate.ts');
  const { loadShippedSeed, seedCatalogue } = await import('../src/seed/seed.ts');
  const { generateCatalogue } = await import('./generate.ts');
  const dir = mkdtempSync(join(tmpdir(), 'lastmile-overload-'));
  const url = `file:${join(dir, 'bench.sqlite')}`;
  const servers: ChildProcess[] = [];
  try {
    const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
    const t0 = performance.now();
    const handle = openDatabase(url);
    await migrateToLatest(handle);
    const shipped = await loadShippedSeed();
    const gen = generateCatalogue(COUNT, 42, shipped.measures.map((m) => m.slug));
    await seedCatalogue(handle, { organisations: [...shipped.organisations, ...gen.organisations], measures: shipped.measures, initiatives: [...shipped.initiatives, ...gen.initiatives] });
    await handle.destroy();
    const seeded = (performance.now() - t0) / 1000;

    // Protection off for the capacity: what the page can do when nothing is shed.
    const OFF = { OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0', OVERLOAD_MAX_EVENT_LOOP_UTILIZATION: '0', OVERLOAD_MAX_HEAP_MB: '0' };
    let server = await startServer(url, OFF);
    servers.push(server);
    await closedLoop(2); // warm-up: JIT, facet index, SQLite page cache
    const capacity = (await closedLoop(4)).ok;
    await stop(server);
    const offered = Math.round(capacity * 3);

    const rows: Record<string, string | number>[] = [];
    for (const [mode, env] of [
      ['protection off', OFF],
      ['protection on', {}],
    ] as const) {
      server = await startServer(url, env);
      servers.push(server);
      await closedLoop(2);
      server.send('reset');
      const r = await overloaded(offered, SECONDS);
      const stats = await serverStats(server);
      const recoverMs = await timeToFirst200();
      const after = await closedLoop(3);
      await stop(server);
      const answered = r.ok.length + r.shed.length + r.other;
      const f = (x: number | null) => (x === null ? '–' : Math.round(x));
      rows.push({
        scenario: mode,
        'offered/s': offered,
        'sent/s': Math.round(r.sent / SECONDS),
        '200/s': Math.round(r.ok.length / SECONDS),
        '503/s': Math.round(r.shed.length / SECONDS),
        shed: answered ? `${((100 * r.shed.length) / answered).toFixed(0)} %` : '–',
        '200 p50 ms': f(pct(r.ok, 50)),
        '200 p99 ms': f(pct(r.ok, 99)),
        '503 p50 ms': f(pct(r.shed, 50)),
        '503 p99 ms': f(pct(r.shed, 99)),
        'errors+timeouts': r.errors + r.timeouts + r.other,
        'max loop delay ms': Math.round(stats.maxMs),
        'first 200 after ms': Number.isFinite(recoverMs) ? Math.round(recoverMs) : '> 30 s',
        '200/s after (×capacity)': Number((after.ok / capacity).toFixed(2)),
      });
    }

    console.log(`\nOverload (issue 8) — machine: ${machine}`);
    console.log(
      `${(COUNT + shipped.initiatives.length).toLocaleString()} initiatives on SQLite (seeded in ${seeded.toFixed(0)} s), page cache off, distinct /initiatives?q=…&region=… URLs. ` +
        `Capacity ${Math.round(capacity)} req/s (8 connections, closed loop, 4 s); then ${SECONDS} s at 3× = ${offered} req/s offered ` +
        `(autocannon overallRate, ${connectionsFor(offered)} connections, 10 s timeout).`,
    );
    console.table(rows);
    recordFigures(
      'overload',
      rows.map((r) => ({
        figure: `3× capacity (${r['offered/s']} req/s offered, capacity ${Math.round(capacity)}), ${r.scenario}`,
        measured: `${r['200/s']} served/s, ${r.shed} shed with 503 (p99 ${r['503 p99 ms']} ms), 200 p99 ${r['200 p99 ms']} ms, max loop delay ${r['max loop delay ms']} ms, first 200 ${r['first 200 after ms']} ms after the load`,
        target: r.scenario === 'protection on' ? '503 + Retry-After quickly; recovers by itself' : '',
        ok: '',
      })),
    );
    console.log(
      '  latencies: client side per response (autocannon), loopback; max loop delay: perf_hooks histogram in the server during the load;\n' +
        '  first 200 after: polling a new URL every 20 ms once the load stopped; 200/s after: 3 s closed loop (8 connections) ÷ capacity.\n' +
        `  protection on: OVERLOAD_* from src/config.ts defaults${Object.keys(process.env).some((k) => k.startsWith('OVERLOAD_MAX') || k === 'OVERLOAD_RETRY_AFTER_SECONDS') ? ' overridden by the environment' : ''}.`,
    );
  } finally {
    for (const s of servers) await stop(s);
    rmSync(dir, { recursive: true, force: true });
  }
}

if (ROLE === 'server') await serve();
else await main();
