// Japanese search at scale (issue 8, the search line of `npm run bench`): 100,000 generated rows —
// BENCH_SEARCH_INITIATIVES (default 70,000) initiatives and BENCH_SEARCH_MATERIALS (default 30,000)
// library materials, realistic Japanese text (bench/generate.ts, bench/generate-materials.ts) — on
// SQLite and on PostgreSQL (a database the bench creates and drops). For 1–4 character Japanese and
// English queries, one at a time:
//   - in process: the services the pages and the API call (catalogue browse, library browse: total,
//     facet counts and the first page), and the indexed lookup alone (the ids that contain every word);
//   - a plain substring scan over the same rows (instr / strpos over the normalised search text, every
//     word), checked to return the same ids, and the ratio scan / indexed;
//   - over loopback HTTP: /api/v1/initiatives?q= and /api/v1/materials?q= on the real app in its own
//     process with the page cache off (PAGE_CACHE_MB=0).
// Prints one table at the end and writes bench/out/search.json.
//   BENCH_SEARCH_ROUNDS (default 8) rounds over the query list per measurement; BENCH_PG=0 skips PostgreSQL;
//   BENCH_PG_ADMIN (default postgres://postgres@127.0.0.1:5432/postgres).
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { bumpCatalogueVersion, facetIndex } from '../src/catalogue/facet-index.ts';
import { searchCandidates, searchTextOf, type Repo } from '../src/catalogue/repository.ts';
import { browse } from '../src/catalogue/service.ts';
import { openDatabase, type DatabaseHandle, type Db } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { materialSearchText } from '../src/materials/repository.ts';
import { browseMaterials } from '../src/materials/service.ts';
import { gramsOf, parseQuery, type SearchTerm } from '../src/search/grams.ts';
import { matchRows } from '../src/search/posting-index.ts';
import { loadShippedSeed, seedCatalogue } from '../src/seed/seed.ts';
import { generateCatalogue } from './generate.ts';
import { generateMaterials } from './generate-materials.ts';
import { recordFigures } from './figures.ts';

const here = new URL('.', import.meta.url).pathname;
const INITIATIVES = Number(process.env.BENCH_SEARCH_INITIATIVES ?? 70_000);
const MATERIALS = Number(process.env.BENCH_SEARCH_MATERIALS ?? 30_000);
const ROUNDS = Number(process.env.BENCH_SEARCH_ROUNDS ?? 8);
const PG_ADMIN = process.env.BENCH_PG_ADMIN ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const TARGET_P95_MS = 20;

/** bench/run.ts's queries (1–4 characters, English, full-width) and words the library uses most. */
export const QUERIES = [
  '詐欺', '相談', '教育', '窓', 'ネット', 'セミナー', '高齢者', 'パスワード', '中小企業', 'ランサム',
  'phishing', 'SME', 'IPA', 'ＩＰＡ', 'backup', 'help desk', '対策', 'SNS', '県警', '勉強会',
  '動画', '手口', 'クイズ', 'テレワーク', 'video', '誹謗中傷',
];

// ---------------------------------------------------------------- server mode (a child process)

if (process.env.BENCH_SEARCH_SERVER === '1') {
  const { buildApp } = await import('../src/app.ts');
  const { loadConfig } = await import('../src/config.ts');
  const { createMailer } = await import('../src/mail/smtp.ts');
  const port = Number(process.env.PORT);
  const database = openDatabase(process.env.DATABASE_URL!);
  // One client, one request at a time: lift the per-client limit; the page cache off so that every
  // request is searched (the API is measured, not the cache).
  const config = loadConfig({
    BASE_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '1000000',
    JOBS_ENABLED: 'false',
    DELIVERY_WORKER: 'false',
    PAGE_CACHE_MB: '0',
    // One sequential client is never overload; the check is off so that it cannot skew the latencies.
    OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
    OVERLOAD_MAX_EVENT_LOOP_UTILIZATION: '0',
  });
  const mailer = createMailer({ smtpUrl: 'log', from: config.mailFrom, log: { info() {} } });
  const app = await buildApp({ config, database, mailer });
  await app.listen({ port, host: '127.0.0.1' });
  process.send?.('ready');
} else if (process.env.BENCH_SEARCH_LOAD_ONLY) {
  // Profiling aid: load the rows into the given (empty) database and keep it (EXPLAIN ANALYZE, --cpu-prof).
  const handle = openDatabase(process.env.BENCH_SEARCH_LOAD_ONLY);
  console.log(await load(handle));
  await handle.destroy();
} else {
  await main();
}

// ---------------------------------------------------------------- loading 100,000 rows

function chunks<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/**
 * The shipped seed through the product's loader, then the generated rows in multi-row INSERTs (the
 * product inserts one initiative at a time, which would take minutes on PostgreSQL for 70,000). The rows
 * carry the product's own search text (searchTextOf, materialSearchText) and grams (gramsOf).
 */
async function load(handle: DatabaseHandle): Promise<{ initiatives: number; materials: number; seconds: number }> {
  const t0 = performance.now();
  await migrateToLatest(handle);
  const shipped = await loadShippedSeed();
  const gen = generateCatalogue(INITIATIVES, 42, shipped.measures.map((m) => m.slug));
  // The generated organisations are seeded with the shipped ones; their initiatives are loaded below.
  await seedCatalogue(handle, { organisations: [...shipped.organisations, ...gen.organisations], measures: shipped.measures, initiatives: shipped.initiatives });
  const db = handle.db;
  const orgs = await db.selectFrom('organisations').select(['id', 'slug', 'name_ja', 'name_en', 'abbreviation']).execute();
  const orgBySlug = new Map(orgs.map((o) => [o.slug, o]));
  const measureId = new Map((await db.selectFrom('strategy_measures').select(['id', 'slug']).execute()).map((m) => [m.slug, m.id]));

  // PostgreSQL: a GIN index is built much faster at once than row by row; the same definitions as the
  // migrations (0001, 0004) are created again after the load.
  if (handle.dialect === 'postgres') {
    await sql`drop index initiative_grams_gin`.execute(db);
    await sql`drop index material_grams_gin`.execute(db);
  }
  await db.transaction().execute(async (trx) => {
    const maxId = Number((await trx.selectFrom('initiatives').select((eb) => eb.fn.max('id').as('m')).executeTakeFirstOrThrow()).m ?? 0);
    const rows = gen.initiatives.map((g, k) => {
      const id = maxId + 1 + k;
      const org = orgBySlug.get(g.organisations[0]!)!;
      const searchText = searchTextOf({ ...g, organisationNames: [org.name_ja, org.name_en, ...(org.abbreviation ? [org.abbreviation] : [])] });
      // Spread over seven years so that "updated" ordering is realistic.
      const updated = new Date(Date.UTC(2019, 0, 1) + ((k * 7919) % 2555) * 86_400_000).toISOString();
      return { g, id, org, searchText, updated };
    });
    for (const batch of chunks(rows, 500)) {
      await trx
        .insertInto('initiatives')
        .values(
          batch.map(({ g, id, searchText, updated }) => ({
            id,
            slug: g.slug,
            title_ja: g.titleJa,
            title_en: g.titleEn,
            summary_ja: g.summaryJa,
            summary_en: g.summaryEn,
            sector: g.sector,
            nationwide: g.regions === 'nationwide' ? 1 : 0,
            url: g.url,
            status: g.status,
            judged: JSON.stringify(g.judged),
            judgement_note: g.judgementNote,
            source: g.source,
            source_date: g.sourceDate,
            search_text: searchText,
            created_at: updated,
            updated_at: updated,
          })),
        )
        .execute();
      await trx.insertInto('initiative_organisations').values(batch.map(({ id, org }) => ({ initiative_id: id, organisation_id: org.id, position: 0 }))).execute();
      await trx.insertInto('initiative_audiences').values(batch.flatMap(({ g, id }) => [...new Set(g.audiences)].map((audience) => ({ initiative_id: id, audience })))).execute();
      await trx.insertInto('initiative_methods').values(batch.flatMap(({ g, id }) => [...new Set(g.methods)].map((method) => ({ initiative_id: id, method })))).execute();
      const regions = batch.flatMap(({ g, id }) => (g.regions === 'nationwide' ? [] : [...new Set(g.regions)].map((prefecture) => ({ initiative_id: id, prefecture }))));
      if (regions.length) await trx.insertInto('initiative_regions').values(regions).execute();
      const measures = batch.flatMap(({ g, id }) => [...new Set(g.measures)].map((m) => ({ initiative_id: id, measure_id: measureId.get(m)! })));
      if (measures.length) await trx.insertInto('initiative_measures').values(measures).execute();
      if (handle.dialect === 'sqlite') {
        const values = batch.map(({ id, searchText }) => sql`(${id}, ${gramsOf(searchText)})`);
        await sql`insert into initiative_grams (rowid, grams) values ${sql.join(values)}`.execute(trx);
      } else {
        await trx.insertInto('initiative_grams').values(batch.map(({ id, searchText }) => ({ initiative_id: id, grams: gramsOf(searchText) }))).execute();
      }
    }
    await bumpCatalogueVersion(trx);

    const publishers = orgs.map((o) => ({ nameJa: o.name_ja, nameEn: o.name_en }));
    const mats = generateMaterials(MATERIALS, publishers, 7);
    const maxMaterial = Number((await trx.selectFrom('materials').select((eb) => eb.fn.max('id').as('m')).executeTakeFirstOrThrow()).m ?? 0);
    const mrows = mats.map((m, k) => {
      const org = orgs[m.organisationIndex]!;
      const searchText = materialSearchText({ ...m, organisationNames: [org.name_ja, org.name_en, ...(org.abbreviation ? [org.abbreviation] : [])] });
      return { m, id: maxMaterial + 1 + k, org, searchText };
    });
    for (const batch of chunks(mrows, 500)) {
      await trx
        .insertInto('materials')
        .values(
          batch.map(({ m, id, org, searchText }) => ({
            id,
            title_ja: m.titleJa,
            title_en: m.titleEn,
            summary_ja: m.summaryJa,
            summary_en: m.summaryEn,
            format: m.format,
            language: m.language,
            licence: m.licence,
            attribution: org.name_ja,
            version_label: m.versionLabel,
            issued_on: m.issuedOn,
            url: m.url,
            file_id: null,
            search_text: searchText,
            confirmed_at: m.updatedAt,
            created_at: m.updatedAt,
            updated_at: m.updatedAt,
          })),
        )
        .execute();
      await trx.insertInto('material_audiences').values(batch.flatMap(({ m, id }) => m.audiences.map((audience) => ({ material_id: id, audience })))).execute();
      await trx.insertInto('material_organisations').values(batch.map(({ id, org }) => ({ material_id: id, organisation_id: org.id, position: 0 }))).execute();
      if (handle.dialect === 'sqlite') {
        const values = batch.map(({ id, searchText }) => sql`(${id}, ${gramsOf(searchText)})`);
        await sql`insert into material_grams (rowid, grams) values ${sql.join(values)}`.execute(trx);
      } else {
        await trx.insertInto('material_grams').values(batch.map(({ id, searchText }) => ({ material_id: id, grams: gramsOf(searchText) }))).execute();
      }
    }
    if (handle.dialect === 'postgres') {
      // Explicit ids do not move the identity sequences; keep them ahead for anything inserted later.
      await sql`select setval(pg_get_serial_sequence('initiatives', 'id'), (select max(id) from initiatives))`.execute(trx);
      await sql`select setval(pg_get_serial_sequence('materials', 'id'), (select max(id) from materials))`.execute(trx);
    }
  });
  if (handle.dialect === 'postgres') {
    await sql`set maintenance_work_mem = '256MB'`.execute(db);
    await sql`CREATE INDEX initiative_grams_gin ON initiative_grams USING gin (grams_tsv)`.execute(db);
    await sql`CREATE INDEX material_grams_gin ON material_grams USING gin (grams_tsv)`.execute(db);
    await sql`analyze`.execute(db);
  }
  else await sql`pragma optimize`.execute(db);
  const count = async (t: 'initiatives' | 'materials') => Number((await db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return { initiatives: await count('initiatives'), materials: await count('materials'), seconds: (performance.now() - t0) / 1000 };
}

// ---------------------------------------------------------------- measuring

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

interface Stats {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

function stats(ms: number[]): Stats {
  const s = [...ms].sort((a, b) => a - b);
  const r = (x: number) => Number(x.toFixed(2));
  return { n: s.length, p50: r(pct(s, 50)), p95: r(pct(s, 95)), p99: r(pct(s, 99)), max: r(s[s.length - 1]!) };
}

/** Runs `fn` for every query, ROUNDS times (after one warm-up round); latencies overall and per query. */
async function measure(label: string, fn: (q: string) => Promise<number>): Promise<{ label: string; all: Stats; perQuery: { q: string; matches: number; p50: number; max: number }[] }> {
  for (const q of QUERIES) await fn(q);
  const all: number[] = [];
  const per = new Map<string, { ms: number[]; matches: number }>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const q of QUERIES) {
      const t = performance.now();
      const matches = await fn(q);
      const ms = performance.now() - t;
      all.push(ms);
      const e = per.get(q) ?? { ms: [], matches };
      e.ms.push(ms);
      per.set(q, e);
    }
  }
  const perQuery = [...per].map(([q, e]) => ({ q, matches: e.matches, p50: stats(e.ms).p50, max: stats(e.ms).max })).sort((a, b) => b.p50 - a.p50);
  return { label, all: stats(all), perQuery };
}

/** The plain substring scan: every row whose normalised text contains every word, no index. */
async function scanIds(db: Db, dialect: 'sqlite' | 'postgres', table: 'initiatives' | 'materials', terms: SearchTerm[]): Promise<number[]> {
  const conds = terms.map((t) => (dialect === 'sqlite' ? sql`instr(search_text, ${t.text}) > 0` : sql`strpos(search_text, ${t.text}) > 0`));
  const r = await sql<{ id: number }>`select id from ${sql.table(table)} where ${sql.join(conds, sql` and `)}`.execute(db);
  return r.rows.map((x) => x.id);
}

async function materialCandidates(repo: Repo, terms: SearchTerm[]): Promise<number[]> {
  // The library's indexed lookup as its repository writes it (n-gram index, substring confirmation).
  const { whereMaterials } = await import('../src/materials/repository.ts');
  const f = { q: '', audiences: [], formats: [], licences: [], languages: [], orgs: [], orgIds: [], terms };
  const rows = await repo.db.selectFrom('materials as m').select('m.id').where(whereMaterials(repo, f)).execute();
  return rows.map((r) => r.id);
}

function sameSet(a: Iterable<number>, b: Iterable<number>): boolean {
  const x = [...a].sort((p, q) => p - q);
  const y = [...b].sort((p, q) => p - q);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

function startServer(url: string, port: number, children: ChildProcess[]): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = fork(new URL(import.meta.url).pathname, {
      env: { ...process.env, BENCH_SEARCH_SERVER: '1', DATABASE_URL: url, PORT: String(port) },
      execArgv: ['--import', 'tsx'],
      stdio: 'inherit',
    });
    children.push(child);
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`search bench server exited with ${code}`)));
  });
}

async function runEngine(engine: string, url: string, port: number, children: ChildProcess[]) {
  const handle = openDatabase(url);
  const loaded = await load(handle);
  console.log(`\n${engine}: ${loaded.initiatives.toLocaleString()} initiatives + ${loaded.materials.toLocaleString()} materials loaded in ${loaded.seconds.toFixed(1)} s`);
  const repo: Repo = { db: handle.db, dialect: handle.dialect };
  const dialect = handle.dialect;

  // The catalogue's facet index with its in-memory search index: built once per catalogue version.
  const heap0 = process.memoryUsage().heapUsed;
  const tb = performance.now();
  const ix = await facetIndex(repo);
  const indexBuild = { ms: Math.round(performance.now() - tb), heapMiB: Math.round((process.memoryUsage().heapUsed - heap0) / 2 ** 20) };
  console.log(`  facet + search index of ${ix.n.toLocaleString()} initiatives built in ${indexBuild.ms} ms (heap +${indexBuild.heapMiB} MiB)`);
  const memoryIds = (terms: SearchTerm[]) => Array.from(matchRows(ix.search, terms), (r) => ix.ids[r]!);

  // Correctness first: the indexed lookups and the plain scan agree on every query.
  for (const q of QUERIES) {
    const terms = parseQuery(q);
    const [ci, cs, mi, ms] = await Promise.all([searchCandidates(repo, terms), scanIds(handle.db, dialect, 'initiatives', terms), materialCandidates(repo, terms), scanIds(handle.db, dialect, 'materials', terms)]);
    if (!sameSet(ci, cs)) throw new Error(`${engine}: initiatives for ${q}: index ${ci.size} ≠ scan ${cs.length}`);
    if (!sameSet(memoryIds(terms), cs)) throw new Error(`${engine}: initiatives for ${q}: in-memory index ≠ scan`);
    if (!sameSet(mi, ms)) throw new Error(`${engine}: materials for ${q}: index ${mi.length} ≠ scan ${ms.length}`);
  }

  const emptyI = { audiences: [], methods: [], sectors: [], orgs: [], regions: [], measures: [] };
  const emptyM = { audiences: [], formats: [], licences: [], languages: [], orgs: [] };
  const results = [
    await measure('initiatives: indexed lookup (SQL n-gram index)', async (q) => (await searchCandidates(repo, parseQuery(q))).size),
    await measure('initiatives: indexed lookup (in memory, what the service uses)', async (q) => memoryIds(parseQuery(q)).length),
    await measure('initiatives: substring scan', async (q) => (await scanIds(handle.db, dialect, 'initiatives', parseQuery(q))).length),
    await measure('initiatives: search service (total, facets, page 1)', async (q) => (await browse(repo, { q, ...emptyI }, { sort: 'relevance', page: 1, locale: 'ja' })).total),
    await measure('materials: indexed lookup', async (q) => (await materialCandidates(repo, parseQuery(q))).length),
    await measure('materials: substring scan', async (q) => (await scanIds(handle.db, dialect, 'materials', parseQuery(q))).length),
    await measure('materials: search service (total, facets, page 1)', async (q) => (await browseMaterials(repo, { q, ...emptyM }, { sort: 'relevance', page: 1, locale: 'ja' })).total),
  ];
  await handle.destroy();

  const server = await startServer(url, port, children);
  const http = async (path: string, q: string) => {
    const res = await fetch(`http://127.0.0.1:${port}${path}?q=${encodeURIComponent(q)}`, { headers: { 'accept-language': 'ja' } });
    const body = (await res.json()) as { total: number };
    if (res.status !== 200) throw new Error(`${path} ${q}: ${res.status}`);
    return body.total;
  };
  results.push(await measure('initiatives: HTTP /api/v1/initiatives?q=', (q) => http('/api/v1/initiatives', q)));
  results.push(await measure('materials: HTTP /api/v1/materials?q=', (q) => http('/api/v1/materials', q)));
  server.kill();
  await new Promise((r) => server.once('exit', r));

  for (const r of results) {
    const slow = r.perQuery.slice(0, 4).map((x) => `${x.q} ${x.p50} ms (${x.matches.toLocaleString()})`).join(', ');
    console.log(`  ${r.label.padEnd(62)} p50 ${String(r.all.p50).padStart(7)}  p95 ${String(r.all.p95).padStart(7)}  p99 ${String(r.all.p99).padStart(7)} ms   slowest: ${slow}`);
  }
  return { engine, loaded, indexBuild, results };
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

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'lastmile-search-bench-'));
  const children: ChildProcess[] = [];
  const pgName = `lastmile_search_bench_${process.pid}`;
  let pgCreated = false;
  try {
    const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
    console.log(`Lastmile search bench — machine: ${machine}; ${QUERIES.length} queries × ${ROUNDS} rounds, one at a time`);
    const engines = [await runEngine('SQLite', `file:${join(dir, 'search.sqlite')}`, 4831, children)];
    if (await pgAvailable()) {
      const admin = new pg.Client({ connectionString: PG_ADMIN });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${pgName}`);
      await admin.end();
      pgCreated = true;
      const u = new URL(PG_ADMIN);
      u.pathname = `/${pgName}`;
      engines.push(await runEngine('PostgreSQL', u.toString(), 4841, children));
    } else console.log(`\nPostgreSQL: skipped (no server at ${PG_ADMIN}, or BENCH_PG=0)`);

    // One table: p95 of each measurement per engine, the ratio scan / indexed, and the target.
    const table: Record<string, string | number>[] = [];
    const find = (e: (typeof engines)[number], label: string) => e.results.find((r) => r.label === label)!.all;
    for (const kind of ['initiatives', 'materials'] as const) {
      for (const e of engines) {
        const idx = find(e, kind === 'initiatives' ? 'initiatives: indexed lookup (in memory, what the service uses)' : 'materials: indexed lookup');
        const scan = find(e, `${kind}: substring scan`);
        const svc = find(e, `${kind}: search service (total, facets, page 1)`);
        const http = e.results.find((r) => r.label.startsWith(`${kind}: HTTP`))!.all;
        table.push({
          rows: `${kind} (${(kind === 'initiatives' ? e.loaded.initiatives : e.loaded.materials).toLocaleString()})`,
          engine: e.engine,
          'lookup p95': idx.p95,
          'scan p95': scan.p95,
          'scan/lookup (p50)': Number((scan.p50 / idx.p50).toFixed(1)),
          'service p50': svc.p50,
          'service p95': svc.p95,
          'service p99': svc.p99,
          'scan/service (p50)': Number((scan.p50 / svc.p50).toFixed(2)),
          'HTTP p50': http.p50,
          'HTTP p95': http.p95,
          'HTTP p99': http.p99,
          [`p95 ≤ ${TARGET_P95_MS} ms`]: svc.p95 <= TARGET_P95_MS && http.p95 <= TARGET_P95_MS ? 'met' : 'not met',
        });
      }
    }
    console.log(`\nJapanese search over ${(INITIATIVES + MATERIALS).toLocaleString()} generated rows (+ the seed), ms, sequential; scan = plain substring scan for the same ids:`);
    console.table(table);
    mkdirSync(join(here, 'out'), { recursive: true });
    writeFileSync(join(here, 'out', 'search.json'), JSON.stringify({ date: new Date().toISOString(), machine, queries: QUERIES, rounds: ROUNDS, table, engines }, null, 2));
    console.log(`written: ${join(here, 'out', 'search.json')}`);
    recordFigures(
      'search',
      table.map((r) => ({
        figure: `Japanese search, ${r.rows}, ${r.engine}, 1–4 character and English queries, sequential`,
        measured: `service p95 ${r['service p95']} ms, HTTP p95 ${r['HTTP p95']} ms; substring scan ${r['scan/service (p50)']}× slower (p50)`,
        target: `p95 ≤ ${TARGET_P95_MS} ms`,
        ok: String(r[`p95 ≤ ${TARGET_P95_MS} ms`]),
      })),
    );
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill();
    if (pgCreated) {
      const c = new pg.Client({ connectionString: PG_ADMIN });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`).catch((err) => console.error('cleanup failed:', err));
      await c.end();
    }
    rmSync(dir, { recursive: true, force: true });
  }
}
