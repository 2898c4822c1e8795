// Reading the maintained figures (check_stats, declaration_stats) for a period: small GROUP BYs over the
// few rows of one check and dimension, never a scan of the raw results.
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { BUCKETS } from './aggregates.ts';
import { periodMonths, type Period } from './model.ts';

export interface AdoptionCounts {
  n: number;
  /** Results answering y, per item (index 0 = item 1). */
  y: number[];
}

export interface ScoreCounts {
  n: number;
  scoreN: number;
  scoreSum: number;
  h: number[];
}

const monthFilter = (p: Period) => {
  const m = periodMonths(p);
  return m ? sql`AND month >= ${m.from} AND month <= ${m.to}` : sql``;
};

const sums = (prefix: string, count: number) => sql.raw(Array.from({ length: count }, (_, i) => `SUM(${prefix}${i + (prefix === 'h' ? 0 : 1)}) AS ${prefix}${i + (prefix === 'h' ? 0 : 1)}`).join(', '));

/** Respondents and y counts per value of one dimension (or per month for dim 'all' with byMonth). */
export async function readAdoption(db: Db, check: string, dim: string, period: Period, items: number, opts: { byMonth?: boolean } = {}): Promise<Map<string, AdoptionCounts>> {
  const group = opts.byMonth ? sql.raw('month') : sql.raw('dim_value');
  const { rows } = await sql<Record<string, string | number>>`SELECT ${group} AS k, SUM(n) AS n${items ? sql`, ${sums('y', items)}` : sql``}
    FROM check_stats WHERE check_kind = ${check} AND dim = ${dim} ${monthFilter(period)} GROUP BY ${group}`.execute(db);
  const out = new Map<string, AdoptionCounts>();
  for (const r of rows) out.set(String(r.k), { n: Number(r.n), y: Array.from({ length: items }, (_, i) => Number(r[`y${i + 1}`])) });
  return out;
}

/** The first and last month with results of one check (null when there are none): the fiscal years
 *  period 'all' is built from (figures.ts). One index range read on (check_kind, dim, month). */
export async function readMonthRange(db: Db, check: string): Promise<{ first: string; last: string } | null> {
  const { rows } = await sql<{ first: string | null; last: string | null }>`SELECT MIN(month) AS first, MAX(month) AS last FROM check_stats WHERE check_kind = ${check} AND dim = 'all'`.execute(db);
  const r = rows[0];
  return r?.first && r.last ? { first: r.first, last: r.last } : null;
}

/** Score counts of one check for one dimension value (dim 'all', value '' for everyone). */
export async function readScores(db: Db, check: string, dim: string, value: string, period: Period): Promise<ScoreCounts> {
  const { rows } = await sql<Record<string, string | number | null>>`SELECT SUM(n) AS n, SUM(score_n) AS score_n, SUM(score_sum) AS score_sum, ${sums('h', BUCKETS)}
    FROM check_stats WHERE check_kind = ${check} AND dim = ${dim} AND dim_value = ${value} ${monthFilter(period)}`.execute(db);
  const r = rows[0] ?? {};
  return { n: Number(r.n ?? 0), scoreN: Number(r.score_n ?? 0), scoreSum: Number(r.score_sum ?? 0), h: Array.from({ length: BUCKETS }, (_, b) => Number(r[`h${b}`] ?? 0)) };
}

/** Active declarations per (value, star) at the end of `toMonth` (everything when null). */
export async function readActiveDeclarations(db: Db, dim: string, toMonth: string | null): Promise<Map<string, [number, number]>> {
  const { rows } = await sql<{ v: string; star: number; a: number | string }>`SELECT dim_value AS v, star, SUM(started) - SUM(ended) AS a FROM declaration_stats
    WHERE dim = ${dim} ${toMonth ? sql`AND month <= ${toMonth}` : sql``} GROUP BY dim_value, star`.execute(db);
  const out = new Map<string, [number, number]>();
  for (const r of rows) {
    const cur = out.get(r.v) ?? [0, 0];
    const s = Number(r.star) === 2 ? 1 : 0;
    cur[s] = Number(r.a);
    out.set(r.v, cur);
  }
  return out;
}

export interface DeclarationMonth {
  month: string;
  started: [number, number];
  ended: [number, number];
  /** Active at the end of the month, per star. */
  active: [number, number];
}

/** Per month, declarations started and ended and active at month end (dim 'all'), from the first month. */
export async function readDeclarationMonths(db: Db): Promise<DeclarationMonth[]> {
  const rows = await db.selectFrom('declaration_stats').select(['month', 'star', 'started', 'ended']).where('dim', '=', 'all').orderBy('month').execute();
  const months = new Map<string, DeclarationMonth>();
  for (const r of rows) {
    const m = months.get(r.month) ?? { month: r.month, started: [0, 0], ended: [0, 0], active: [0, 0] };
    const s = Number(r.star) === 2 ? 1 : 0;
    m.started[s] += Number(r.started);
    m.ended[s] += Number(r.ended);
    months.set(r.month, m);
  }
  const out = [...months.values()].sort((a, b) => (a.month < b.month ? -1 : 1));
  const run: [number, number] = [0, 0];
  for (const m of out) {
    for (const s of [0, 1] as const) run[s] += m.started[s] - m.ended[s];
    m.active = [run[0], run[1]];
  }
  return out;
}
