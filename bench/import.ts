// `tsx bench/import.ts` (part of `npm run bench`): bulk import of initiatives from CSV (issue 10).
//
// Target (issue 10): importing 100,000 initiatives runs at ≥ 5,000 rows/s, with memory flat (the sheet is
// streamed, not loaded whole), and the server stays responsive while it runs.
// A generated CSV of BENCH_IMPORT_ROWS (default 100,000) initiatives — Japanese titles and summaries, the
// organisation's own IDs, two audiences, one to three prefectures or nationwide — goes through the import
// service as the command line calls it (src/imports/service.ts, in-process): previewImport, then applyImport
// with the preview's hash, then the same file again (every row unchanged). Each scenario runs in a child
// process of its own, so that its memory is its own; process.memoryUsage() is sampled every 100 ms:
//   1. SQLite (a file database, as the default deployment), a quarter of the rows: the memory baseline;
//   2. SQLite, all rows, and meanwhile the app (buildApp on the same database, in the importing process, as
//      the web import runs) answers GET /health/live and catalogue pages asked by a client in another
//      process: latency before and during the import;
//   3. PostgreSQL, all rows (a database the bench creates and drops; BENCH_PG=0 skips it).
//   BENCH_IMPORT_ROWS, BENCH_PG_ADMIN (default postgres://postgres@127.0.0.1:5432/postgres), BENCH_PG=0.
import { fork } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { insertUser, toCurrentUser } from '../src/accounts/repository.ts';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { contentKinds } from '../src/content/kinds.ts';
import { openDatabase, type DatabaseHandle } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { applyImport, previewImport, type ImportDeps } from '../src/imports/service.ts';
import { writeSheet } from '../src/imports/write.ts';
import { createMailer } from '../src/mail/smtp.ts';
import { loadShippedSeed, seedCatalogue } from '../src/seed/seed.ts';
import { PREFECTURES } from '../src/taxonomy/prefectures.ts';
import { fmt, met, recordFigures, type Figure } from './figures.ts';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const PG_ADMIN = process.env.BENCH_PG_ADMIN ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const TARGET = 5000;
const MB = 2 ** 20;

// ------------------------------------------------------------------ the sheet

const HEADER = ['ID（管理番号）', '取組名（日本語）', '取組名（英語）', '概要（日本語）', '官民区分', '対象', '手法', '実施地域', 'URL', '実施状況'];
const AUDIENCES = ['高齢者', '若年層', '就労世代', '小規模企業者', '中小企業', '教育機関', '地方自治体'];
const METHODS = ['イベント', 'ツール', '相談窓口'];
const TOPICS = ['特殊詐欺', 'フィッシング', 'パスワード管理', 'スマホの設定', 'ランサムウェア', 'SNSの使い方', '偽警告画面', '不正送金'];
const PLACES = ['公民館', '市民会館', '図書館', '商工会議所', '小学校', 'オンライン'];

function* sheetRows(n: number): Generator<string[]> {
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  for (let i = 0; i < n; i++) {
    const topic = pick(TOPICS);
    const place = pick(PLACES);
    const a1 = pick(AUDIENCES);
    let a2 = pick(AUDIENCES);
    while (a2 === a1) a2 = pick(AUDIENCES);
    const nationwide = rand() < 0.15;
    const prefs = nationwide ? '全国' : Array.from(new Set(Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(PREFECTURES).ja))).join('; ');
    yield [
      `KZ-${String(i + 1).padStart(6, '0')}`,
      `${place}で学ぶ${topic}対策講座 第${i + 1}回`,
      rand() < 0.5 ? `${topic} class no. ${i + 1}` : '',
      `${place}で月に1回、${topic}の手口と対策を実演します。電話で「還付金がある」と言われたときの対応や、家族との合言葉の決め方を一緒に練習します（第${i + 1}回）。`,
      rand() < 0.4 ? '公的機関' : '民間',
      `${a1}; ${a2}`,
      rand() < 0.3 ? `${pick(METHODS)}、イベント` : pick(METHODS),
      prefs,
      rand() < 0.6 ? `https://example.jp/kouza/${i + 1}` : '',
      rand() < 0.9 ? '実施中' : '終了',
    ];
  }
}

// ------------------------------------------------------------------ one scenario, in a child process

interface Memory {
  peakRssMb: number;
  peakHeapMb: number;
  /** heapUsed after a full collection when a quarter, half, three quarters and all of the rows were done. */
  heapAtMb: number[];
}

interface Phase extends Memory {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
}

interface Latency {
  count: number;
  p50: number;
  p99: number;
  max: number;
  /** "2 × 503", or '' */
  failed: string;
}

interface ScenarioResult {
  engine: string;
  rows: number;
  preview: Phase;
  apply: Phase;
  again: Phase;
  counts: { create: number; unchanged: number };
  probes?: { before: Record<string, Latency>; during: Record<string, Latency> };
}

/** Samples memory every 100 ms while `fn` runs; `rows()` says how far it is, for the heap at each quarter. */
async function sampled<T>(total: number, rows: () => number, fn: () => Promise<T>): Promise<{ value: T; memory: Memory; seconds: number }> {
  global.gc?.();
  const memory: Memory = { peakRssMb: 0, peakHeapMb: 0, heapAtMb: [] };
  const sample = () => {
    const m = process.memoryUsage();
    memory.peakRssMb = Math.max(memory.peakRssMb, m.rss / MB);
    memory.peakHeapMb = Math.max(memory.peakHeapMb, m.heapUsed / MB);
    // At each quarter, what is still held (after a full collection): the peak also counts garbage that V8 has
    // not yet collected, which grows with the heap it is allowed, not with the rows.
    while (memory.heapAtMb.length < 4 && rows() >= (total * (memory.heapAtMb.length + 1)) / 4) {
      global.gc?.();
      memory.heapAtMb.push(process.memoryUsage().heapUsed / MB);
    }
  };
  const timer = setInterval(sample, 100);
  const t0 = performance.now();
  try {
    const value = await fn();
    const seconds = (performance.now() - t0) / 1000;
    sample();
    return { value, memory, seconds };
  } finally {
    clearInterval(timer);
  }
}

async function prepare(handle: DatabaseHandle) {
  await migrateToLatest(handle);
  await seedCatalogue(handle, await loadShippedSeed());
  const org = await handle.db.selectFrom('organisations').select(['id', 'slug']).orderBy('id').executeTakeFirstOrThrow();
  const now = new Date().toISOString();
  const id = await insertUser(handle.db, { email: 'bench-importer@example.jp', displayName: '取込 担当', passwordHash: 'not-a-hash', organisationId: org.id, orgRole: 'admin', emailVerifiedAt: now, now });
  const actor = toCurrentUser(await handle.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
  return { org, actor };
}

/** A client in its own process: asks each path in turn, one request at a time per path, until told to stop. */
function startProbes(origin: string) {
  const child = fork(new URL(import.meta.url).pathname, ['--probe', origin], { execArgv: ['--import', 'tsx'] });
  let marks = 0;
  const results = new Map<number, Record<string, number[] & { failed?: string }>>();
  child.on('message', (m: 'ready' | { mark: number; latencies: Record<string, number[]>; failed: Record<string, number> }) => {
    if (m === 'ready') return;
    const failures = (k: string) => Object.entries(m.failed).filter(([f]) => f.startsWith(`${k}\u0000`)).map(([f, n]) => `${n} × ${f.split('\u0000')[1]}`).join(', ');
    results.set(m.mark, Object.fromEntries(Object.entries(m.latencies).map(([k, v]) => [k, Object.assign(v, { failed: failures(k) })])));
  });
  const ready = new Promise<void>((r) => child.once('message', () => r()));
  return {
    ready,
    /** Ends the current window and returns its latencies. */
    async window(): Promise<Record<string, Latency>> {
      const mark = ++marks;
      child.send({ mark });
      while (!results.has(mark)) await new Promise((r) => setTimeout(r, 20));
      return Object.fromEntries(Object.entries(results.get(mark)!).map(([k, v]) => [k, stats(v, v.failed ?? '')]));
    },
    stop: () => child.kill(),
  };
}

function stats(xs: number[], failed: string): Latency {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
  return { count: s.length, p50: q(0.5), p99: q(0.99), max: s.at(-1) ?? NaN, failed };
}

async function probeClient(origin: string) {
  const paths: Record<string, (i: number) => string> = {
    'GET /health/live': () => '/health/live',
    'GET /initiatives (cached)': () => '/initiatives',
    // A search never asked before: a cache miss, answered from the database.
    'GET /initiatives?q=… (database)': (i) => `/initiatives?q=${encodeURIComponent(`${['詐欺', 'スマホ', '講座', 'パスワード'][i % 4]!}${i}`)}`,
  };
  let latencies: Record<string, number[]> = {};
  let failed: Record<string, number> = {};
  const inFlight = new Map<string, number>();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const get = (path: string) =>
    new Promise<number>((resolve, reject) => {
      const t = performance.now();
      const req = http.get(`${origin}${path}`, { agent, headers: { 'accept-language': 'ja' }, timeout: 120_000 }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - t) : reject(new Error(String(res.statusCode)))));
      });
      req.on('error', reject);
    });
  process.on('message', (m: { mark: number }) => {
    // A request still waiting counts with what it has waited so far (the window ends now).
    for (const [name, t] of inFlight) (latencies[name] ??= []).push(performance.now() - t);
    inFlight.clear();
    process.send!({ mark: m.mark, latencies, failed });
    latencies = {};
    failed = {};
  });
  // Never outlive the scenario that started it.
  process.on('disconnect', () => process.exit(0));
  process.send!('ready');
  await Promise.all(
    Object.entries(paths).map(async ([name, path]) => {
      for (let i = 0; ; i++) {
        inFlight.set(name, performance.now());
        try {
          const ms = await get(path(i));
          if (inFlight.delete(name)) (latencies[name] ??= []).push(ms);
        } catch (err) {
          // Counted by reason: "503" (the overload protection shed it), "ECONNRESET"…
          const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
          if (inFlight.delete(name)) failed[`${name}\u0000${why}`] = (failed[`${name}\u0000${why}`] ?? 0) + 1;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    }),
  );
}

async function scenario(engine: 'SQLite' | 'PostgreSQL', url: string, file: string, rows: number, probe: boolean): Promise<ScenarioResult> {
  const handle = openDatabase(url);
  const { org, actor } = await prepare(handle);
  const organisation = { id: org.id, slug: org.slug };
  const mailer = createMailer({ smtpUrl: 'log', from: 'bench@example.jp', log: { info() {} } });
  const deps: ImportDeps = { database: handle, kinds: contentKinds(), mailer, baseUrl: 'http://127.0.0.1', log: { error: (o, m) => console.error(m, o) } };
  const base = { kind: 'initiatives' as const, path: file, fileName: 'initiatives.csv', organisation, maxRows: Infinity };
  let done = 0;
  const onProgress = (n: number) => void (done = n);

  let app: Awaited<ReturnType<typeof buildApp>> | null = null;
  let probes: ReturnType<typeof startProbes> | null = null;
  try {
    const p = await sampled(rows, () => done, () => previewImport(handle.db, { ...base, onProgress }));
    if (p.value.summary.counts.refuse || p.value.summary.fileProblems.length) throw new Error(`the generated sheet is refused: ${JSON.stringify(p.value.summary.rows[0]?.problems ?? p.value.summary.fileProblems)}`);

    if (probe) {
      const config = loadConfig({ BASE_URL: 'http://127.0.0.1', LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '1000000', JOBS_ENABLED: 'false', DELIVERY_WORKER: 'false' });
      app = await buildApp({ config, database: handle, mailer });
      await app.listen({ port: 0, host: '127.0.0.1' });
      probes = startProbes(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`);
      await probes.ready;
      await new Promise((r) => setTimeout(r, 3000));
    }
    const before = probes ? await probes.window() : null;
    done = 0;
    const a = await sampled(rows, () => done, () => applyImport(deps, { ...base, actor, now: new Date(), expectedHash: p.value.hash, note: 'bench', onProgress }));
    const during = probes ? await probes.window() : null;
    probes?.stop();
    probes = null;

    done = 0;
    const again = await sampled(rows, () => done, async () => {
      const p2 = await previewImport(handle.db, { ...base, onProgress });
      done = 0;
      return applyImport(deps, { ...base, actor, now: new Date(), expectedHash: p2.hash, note: 'bench', onProgress });
    });
    const phase = (x: { memory: Memory; seconds: number }, n: number): Phase => ({ ...x.memory, rows: n, seconds: x.seconds, rowsPerSecond: n / x.seconds });
    return {
      engine,
      rows,
      preview: phase(p, rows),
      apply: phase(a, rows),
      // Preview and apply, as the command line does: every row is read and decided twice.
      again: phase(again, rows),
      counts: { create: a.value.counts.create, unchanged: again.value.counts.unchanged },
      ...(before && during ? { probes: { before, during } } : {}),
    };
  } finally {
    probes?.stop();
    await app?.close();
    await handle.destroy();
  }
}

function runChild(engine: 'SQLite' | 'PostgreSQL', url: string, file: string, rows: number, probe: boolean): Promise<ScenarioResult> {
  return new Promise((resolve, reject) => {
    const child = fork(new URL(import.meta.url).pathname, ['--scenario', JSON.stringify({ engine, url, file, rows, probe })], { execArgv: ['--import', 'tsx', '--expose-gc'] });
    child.once('message', (m) => resolve(m as ScenarioResult));
    child.once('error', reject);
    child.once('exit', (code) => code && reject(new Error(`${engine} scenario exited with ${code}`)));
  });
}

// ------------------------------------------------------------------ the parent: sheets, scenarios, table

async function writeCsv(path: string, n: number) {
  await writeSheet('csv', createWriteStream(path), { name: 'initiatives', header: HEADER, rows: sheetRows(n) });
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'lastmile-import-bench-'));
  const quarter = Math.round(ROWS / 4);
  const results: ScenarioResult[] = [];
  const notes: string[] = [];
  try {
    const big = join(dir, 'initiatives.csv');
    const small = join(dir, 'initiatives-quarter.csv');
    await writeCsv(big, ROWS);
    await writeCsv(small, quarter);
    console.log(`\nBulk import: ${fmt(ROWS)} initiatives from CSV (${(statSync(big).size / MB).toFixed(1)} MB, UTF-8 BOM), target apply ≥ ${fmt(TARGET)} rows/s`);

    results.push(await runChild('SQLite', `file:${join(dir, 'quarter.sqlite')}`, small, quarter, false));
    results.push(await runChild('SQLite', `file:${join(dir, 'full.sqlite')}`, big, ROWS, true));
    if (process.env.BENCH_PG !== '0') {
      const name = `lastmile_import_${process.pid}`;
      const admin = new pg.Client({ connectionString: PG_ADMIN, connectionTimeoutMillis: 3000 });
      let ok = true;
      try {
        await admin.connect();
        await admin.query(`CREATE DATABASE ${name}`);
      } catch {
        ok = false;
        notes.push(`PostgreSQL: skipped (no server at ${PG_ADMIN})`);
      }
      if (ok) {
        try {
          results.push(await runChild('PostgreSQL', PG_ADMIN.replace(/\/[^/]*$/, `/${name}`), big, ROWS, false));
        } finally {
          await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        }
      }
      await admin.end().catch(() => {});
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const table: Record<string, unknown>[] = [];
  for (const r of results) {
    for (const [what, ph] of [
      ['preview', r.preview],
      ['apply (write)', r.apply],
      ['same file again (preview + apply, all unchanged)', r.again],
    ] as const)
      table.push({
        engine: r.engine,
        rows: r.rows,
        what,
        'rows/s': Math.round(ph.rowsPerSecond),
        s: +ph.seconds.toFixed(1),
        'peak heap MB': Math.round(ph.peakHeapMb),
        'peak RSS MB': Math.round(ph.peakRssMb),
        'live heap at 25/50/75/100 % MB': ph.heapAtMb.map((h) => Math.round(h)).join(' / '),
      });
    if (r.counts.create !== r.rows || r.counts.unchanged !== r.rows) notes.push(`${r.engine}: ${r.counts.create} created, ${r.counts.unchanged} unchanged the second time (expected ${r.rows} each)`);
  }
  console.table(table);
  const probed = results.find((r) => r.probes);
  if (probed?.probes) {
    const rows = Object.keys(probed.probes.during).map((k) => {
      const b = probed.probes!.before[k]!;
      const d = probed.probes!.during[k]!;
      return { request: k, 'before: n': b.count, 'p50 ms': +b.p50.toFixed(1), 'p99 ms': +b.p99.toFixed(1), 'during: n': d.count, 'p50 ms ': +d.p50.toFixed(1), 'p99 ms ': +d.p99.toFixed(1), 'max ms': +d.max.toFixed(0), failed: d.failed, 'failed before': b.failed };
    });
    console.log(`\nWhile SQLite applies ${fmt(probed.rows)} rows (${probed.apply.seconds.toFixed(1)} s), the app in the importing process answers a client in another process (one request at a time per path, 20 ms apart):`);
    console.table(rows);
  }
  for (const n of notes) console.log(n);

  const figures: Figure[] = [];
  const quarterRun = results.find((r) => r.engine === 'SQLite' && r.rows !== ROWS);
  for (const r of results.filter((x) => x.rows === ROWS)) {
    figures.push(
      { figure: `import ${fmt(r.rows)} initiatives from CSV, ${r.engine}: preview`, measured: `${fmt(r.preview.rowsPerSecond)} rows/s`, target: '', ok: '' },
      { figure: `import ${fmt(r.rows)} initiatives from CSV, ${r.engine}: apply (write, one transaction)`, measured: `${fmt(r.apply.rowsPerSecond)} rows/s`, target: `≥ ${fmt(TARGET)} rows/s`, ok: met(r.apply.rowsPerSecond >= TARGET) },
      { figure: `import ${fmt(r.rows)} initiatives again (all unchanged), ${r.engine}: preview + apply`, measured: `${fmt(r.again.rowsPerSecond)} rows/s`, target: '', ok: '' },
      { figure: `import ${fmt(r.rows)} initiatives, ${r.engine}: peak heap / RSS during apply`, measured: `${fmt(r.apply.peakHeapMb)} MB / ${fmt(r.apply.peakRssMb)} MB (heap held at 25/50/75/100 %: ${r.apply.heapAtMb.map((h) => fmt(h)).join(' / ')} MB)`, target: '', ok: '' },
    );
  }
  const full = results.find((r) => r.engine === 'SQLite' && r.rows === ROWS);
  if (quarterRun && full) {
    // Flat: four times the rows may not hold much more heap (a sheet loaded whole would hold about four times
    // as much). Compared after a full collection at the last row; the sampled peaks are in the table.
    const live = (r: ScenarioResult) => r.apply.heapAtMb.at(-1) ?? NaN;
    const ratio = live(full) / live(quarterRun);
    figures.push({ figure: `memory flat: heap held at the end of apply, ${fmt(full.rows)} rows vs ${fmt(quarterRun.rows)} rows (SQLite)`, measured: `${fmt(live(full))} MB vs ${fmt(live(quarterRun))} MB (× ${ratio.toFixed(2)}; sampled peaks ${fmt(full.apply.peakHeapMb)} vs ${fmt(quarterRun.apply.peakHeapMb)} MB)`, target: '≤ × 1.5', ok: met(ratio <= 1.5) });
  }
  if (probed?.probes) {
    for (const [k, d] of Object.entries(probed.probes.during))
      figures.push({ figure: `while importing ${fmt(probed.rows)} rows (SQLite): ${k}`, measured: `p50 ${fmt(d.p50, 1)} ms, p99 ${fmt(d.p99, 1)} ms, max ${fmt(d.max)} ms (${d.count} answered${d.failed ? `; failed: ${d.failed}` : ''})`, target: '', ok: '' });
  }
  recordFigures('bulk-import', figures);
}

const [mode, arg] = process.argv.slice(2);
if (mode === '--scenario') {
  const o = JSON.parse(arg!) as { engine: 'SQLite' | 'PostgreSQL'; url: string; file: string; rows: number; probe: boolean };
  process.send!(await scenario(o.engine, o.url, o.file, o.rows, o.probe));
  process.exit(0);
} else if (mode === '--probe') await probeClient(arg!);
else await main();
