// `tsx bench/checks.ts` (part of `npm run bench`): how fast completed self-checks are stored.
//
// Target (issue 6): at least 5,000 stored checks per second on SQLite, with synchronous=FULL (each
// acknowledged result survives power loss). Measured side by side in the same run:
//   - the group-committing writer the app uses (checks/results.ts), CONCURRENCY producers each storing a
//     result and waiting for its acknowledgement before the next, as completing requests do;
//   - the naive way, one transaction per result, with the same producers, for comparison;
//   - the writer again once the table already holds PREFILL rows, to show the rate does not fall with size;
// on SQLite and on PostgreSQL (a database the bench creates and drops). Bounded in time (BENCH_CHECK_SECONDS).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { runChecksHttpBench } from './checks-http.ts';
import { CheckResultWriter, type CheckResultInput } from '../src/checks/results.ts';
import { openDatabase, type DatabaseHandle } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { AGE_BANDS, INDUSTRIES, SIZE_BANDS } from '../src/taxonomy/attributes.ts';
import { PREFECTURES } from '../src/taxonomy/prefectures.ts';
import { fmt, met, recordFigures } from './figures.ts';

const SECONDS = Number(process.env.BENCH_CHECK_SECONDS ?? 8);
const CONCURRENCY = Number(process.env.BENCH_CHECK_CONCURRENCY ?? 200);
const PREFILL = Number(process.env.BENCH_CHECK_PREFILL ?? 2_000_000);
const PG_ADMIN = process.env.BENCH_PG_ADMIN ?? 'postgres://postgres@127.0.0.1:5432/postgres';

// Realistic rows: the three self-checks in the proportions a campaign would bring, answers skewed towards
// "done" for the easy measures, a third of people giving no attributes.
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
function answers(n: number): { answers: string; score: number } {
  let a = '';
  let score = 0;
  for (let i = 0; i < n; i++) {
    const r = rand();
    const c = r < 0.5 ? 'y' : r < 0.7 ? 'p' : r < 0.9 ? 'n' : 'u';
    a += c;
    score += c === 'y' ? 4 : c === 'p' ? 2 : c === 'u' ? -1 : 0;
  }
  return { answers: a, score };
}
function result(day: string): CheckResultInput {
  const r = rand();
  const attrs = rand() < 0.66;
  if (r < 0.6) {
    const a = answers(9);
    return { check: 'personal', definitionVersion: 1, ...a, completedOn: day, ageBand: attrs ? pick(AGE_BANDS) : null, prefecture: attrs ? pick(PREFECTURES).code : null };
  }
  if (r < 0.8) return { check: 'quiz', definitionVersion: 1, answers: '1011011101', score: 7, completedOn: day };
  const a = answers(25);
  return { check: 'diagnosis', definitionVersion: 1, ...a, completedOn: day, sizeBand: attrs ? pick(SIZE_BANDS) : null, industry: attrs ? pick(INDUSTRIES) : null, prefecture: attrs ? pick(PREFECTURES).code : null };
}

type Store = (r: CheckResultInput) => Promise<unknown>;

async function measure(store: Store): Promise<{ perSecond: number; p50: number; p99: number; stored: number }> {
  const latencies: number[] = [];
  const end = performance.now() + SECONDS * 1000;
  let stored = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        await store(result('2026-11-26'));
        latencies.push(performance.now() - t);
        stored++;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
  return { perSecond: stored / seconds, p50: q(0.5), p99: q(0.99), stored };
}

async function prefill(handle: DatabaseHandle, rows: number): Promise<number> {
  const t0 = performance.now();
  const days = Array.from({ length: 365 }, (_, i) => new Date(Date.UTC(2025, 10, 26 + i)).toISOString().slice(0, 10));
  for (let done = 0; done < rows; ) {
    const n = Math.min(50_000, rows - done);
    await handle.db.transaction().execute(async (trx) => {
      for (let i = 0; i < n; i += 500) {
        const chunk = Array.from({ length: Math.min(500, n - i) }, () => result(pick(days)));
        await trx
          .insertInto('check_results')
          .values(chunk.map((c) => ({ check_kind: c.check, definition_version: 1, completed_on: c.completedOn, answers: c.answers, score: c.score, age_band: c.ageBand ?? null, prefecture: c.prefecture ?? null, size_band: c.sizeBand ?? null, industry: c.industry ?? null })))
          .execute();
      }
    });
    done += n;
  }
  return (performance.now() - t0) / 1000;
}

async function runEngine(engine: string, handle: DatabaseHandle) {
  await migrateToLatest(handle);
  const naive = await measure((r) =>
    handle.db.transaction().execute((trx) =>
      trx
        .insertInto('check_results')
        .values({ check_kind: r.check, definition_version: 1, completed_on: r.completedOn, answers: r.answers, score: r.score, age_band: r.ageBand ?? null, prefecture: r.prefecture ?? null, size_band: r.sizeBand ?? null, industry: r.industry ?? null })
        .execute(),
    ),
  );
  const writer = new CheckResultWriter(handle);
  const grouped = await measure((r) => writer.record(r));
  const prefillSeconds = await prefill(handle, PREFILL);
  const large = await measure((r) => writer.record(r));
  await writer.close();
  const count = Number((await handle.db.selectFrom('check_results').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  // Bytes per stored result, table and index together: what tens of millions of rows will take.
  const bytes =
    handle.dialect === 'sqlite'
      ? Number((await sql<{ b: number }>`select sum(pgsize) as b from dbstat where name in ('check_results', 'check_results_kind_day_idx')`.execute(handle.db)).rows[0]?.b ?? 0)
      : Number((await sql<{ b: string }>`select pg_total_relation_size('check_results') as b`.execute(handle.db)).rows[0]?.b ?? 0);
  const row = (what: string, m: Awaited<ReturnType<typeof measure>>) => ({ engine, what, 'stored/s': Math.round(m.perSecond), 'ack p50 ms': +m.p50.toFixed(1), 'ack p99 ms': +m.p99.toFixed(1) });
  return {
    rows: [row('one transaction per result', naive), row('group commit (the app)', grouped), row(`group commit, table at ${(PREFILL / 1e6).toFixed(1)}M rows`, large)],
    note: `${engine}: prefilled ${PREFILL.toLocaleString('en')} rows in ${prefillSeconds.toFixed(1)} s; ${count.toLocaleString('en')} rows at the end, ${Math.round(bytes / count)} bytes per result with its index (${((bytes / count) * 1e7 / 2 ** 30).toFixed(1)} GiB for 10 million)`,
  };
}

export async function runChecksBench(): Promise<{ rows: Record<string, unknown>[]; notes: string[] }> {
  const rows: Record<string, unknown>[] = [];
  const notes: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'lastmile-checks-'));
  try {
    const sqlite = openDatabase(`file:${join(dir, 'checks.sqlite')}`);
    const s = await runEngine('SQLite', sqlite);
    await sqlite.destroy();
    rows.push(...s.rows);
    notes.push(s.note);
    if (process.env.BENCH_PG !== '0') {
      const name = `lastmile_checks_${process.pid}`;
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
          const h = openDatabase(PG_ADMIN.replace(/\/[^/]*$/, `/${name}`));
          const p = await runEngine('PostgreSQL', h);
          await h.destroy();
          rows.push(...p.rows);
          notes.push(p.note);
        } finally {
          await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        }
      }
      await admin.end().catch(() => {});
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { rows, notes };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`\nStoring completed self-checks: ${CONCURRENCY} concurrent producers, ${SECONDS} s per run (target ≥ 5,000/s on SQLite)`);
  const { rows, notes } = await runChecksBench();
  const http = await runChecksHttpBench(SECONDS);
  rows.push({ engine: 'SQLite', what: 'over HTTP: POST the completed 25-item diagnosis (the app in its own process, 50 connections)', 'stored/s': Math.round(http.perSecond), 'ack p50 ms': http.p50, 'ack p99 ms': http.p99 });
  if (http.non303) notes.push(`HTTP: ${http.non303} responses were not 303`);
  console.table(rows);
  for (const n of notes) console.log(n);
  recordFigures(
    'self-checks',
    rows.map((r) => ({
      figure: `completed self-checks stored, ${r.engine}: ${r.what}`,
      measured: `${fmt(Number(r['stored/s']))}/s${r['ack p99 ms'] !== undefined ? `, ack p99 ${r['ack p99 ms']} ms` : ''}`,
      // The target is the app's (group commit on SQLite); one transaction per result is there for comparison.
      target: r.engine === 'SQLite' && String(r.what).startsWith('group commit') ? '≥ 5,000/s' : '',
      ok: r.engine === 'SQLite' && String(r.what).startsWith('group commit') ? met(Number(r['stored/s']) >= 5000) : '',
    })),
  );
}
