// The same figures computed from scratch by scanning the raw rows: what tests and the benchmark compare
// the maintained tables with, and what `rebuildStats` writes after a migration or a definition change.
//
// Self-check results: one GROUP BY scan at the finest grain (check, month, age, prefecture, size,
// industry) with the answers decoded per item in SQL, then rolled up into each dimension here.
//
// Declarations: a row keeps only its current state, so its history (an earlier star, an ending before
// a renewal, a move) cannot be recomputed. What can is (1) "active now" per star and dimension, which
// must always equal the ledger's cumulative sums, and (2) the ledger as if every row had been inserted
// as it stands (started at declared_at, ended at ended_at), which equals the maintained ledger for every
// declaration that never changed star, attribute or came back from an ending.
import { sql } from 'kysely';
import type { CheckKind } from '../checks/results.ts';
import type { DatabaseHandle, Db, DialectName } from '../db/database.ts';
import { applyCheckDeltas, BUCKETS, dimValues, emptyRow, ITEMISED, ledgerKey, MAX_ITEMS, NARROW_DIMS, statKey, type CheckStatRow, type DeclarationLedgerRow } from './aggregates.ts';
import { audienceOfSize } from './audiences.ts';

export interface StatsConnection {
  db: Db;
  dialect: DialectName;
  /** SQLite: the raw connection under db (faster writes in replaceStats). */
  sqlite?: DatabaseHandle['sqlite'];
}

const itemised = Object.entries(ITEMISED)
  .filter(([, v]) => v)
  .map(([k]) => `'${k}'`)
  .join(', ');

/** The self-check figures from check_results, in the shape readCheckStats returns. */
export async function recomputeCheckStats(c: StatsConnection): Promise<Map<string, CheckStatRow>> {
  const item = (i: number, cond: string) => `SUM(CASE WHEN check_kind IN (${itemised}) AND length(answers) >= ${i} AND ${cond} THEN 1 ELSE 0 END)`;
  const cols: string[] = [];
  for (let i = 1; i <= MAX_ITEMS; i++) {
    const ch = `substr(answers, ${i}, 1)`;
    cols.push(`${item(i, `${ch} = 'y'`)} AS y${i}`, `${item(i, `${ch} = 'p'`)} AS p${i}`, `${item(i, `${ch} NOT IN ('y', 'p', 'u')`)} AS n${i}`, `${item(i, `${ch} = 'u'`)} AS u${i}`);
  }
  const bucket = `CASE WHEN score IS NULL THEN -1 WHEN check_kind = 'diagnosis' THEN (CASE WHEN score >= 100 THEN 10 WHEN score < 0 THEN 0 ELSE score / 10 END) ELSE (CASE WHEN score > 10 THEN 10 WHEN score < 0 THEN 0 ELSE score END) END`;
  for (let b = 0; b < BUCKETS; b++) cols.push(`SUM(CASE WHEN ${bucket} = ${b} THEN 1 ELSE 0 END) AS h${b}`);
  const month = 'substr(completed_on, 1, 7)';
  const query = `SELECT check_kind, ${month} AS month, age_band, prefecture, size_band, industry, COUNT(*) AS n, COUNT(score) AS score_n, COALESCE(SUM(score), 0) AS score_sum, ${cols.join(', ')}
    FROM check_results GROUP BY check_kind, ${month}, age_band, prefecture, size_band, industry`;
  const { rows } = await sql.raw<Record<string, string | number | null>>(query).execute(c.db);
  const out = new Map<string, CheckStatRow>();
  for (const r of rows) {
    const check = String(r.check_kind) as CheckKind;
    const fine = { check, ageBand: r.age_band as never, prefecture: r.prefecture as string | null, sizeBand: r.size_band as never, industry: r.industry as never };
    for (const [dim, value] of dimValues(fine)) {
      const key = statKey(check, String(r.month), dim, value);
      let row = out.get(key);
      if (!row) out.set(key, (row = emptyRow(check, String(r.month), dim, value)));
      row.n += Number(r.n);
      row.scoreN += Number(r.score_n);
      row.scoreSum += Number(r.score_sum);
      const narrow = NARROW_DIMS.has(dim);
      for (let i = 0; i < MAX_ITEMS; i++) {
        row.y[i]! += Number(r[`y${i + 1}`]);
        if (narrow) continue;
        row.p[i]! += Number(r[`p${i + 1}`]);
        row.no[i]! += Number(r[`n${i + 1}`]);
        row.u[i]! += Number(r[`u${i + 1}`]);
      }
      if (!narrow) for (let b = 0; b < BUCKETS; b++) row.h[b]! += Number(r[`h${b}`]);
    }
  }
  return out;
}

export const DECLARATION_DIMS = ['all', 'prefecture', 'size', 'industry', 'audience'] as const;

function declarationValues(r: { prefecture: string; size_band: string; industry: string }): [string, string][] {
  return [
    ['all', ''],
    ['prefecture', r.prefecture],
    ['size', r.size_band],
    ['industry', r.industry],
    ['audience', audienceOfSize(r.size_band) ?? ''],
  ];
}

function monthOf(dialect: DialectName, expr: string): string {
  return dialect === 'sqlite' ? `strftime('%Y-%m', ${expr}, '+9 hours')` : `to_char((${expr})::timestamptz AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM')`;
}

/** The ledger as if each declaration had been inserted as it stands now (see the head comment). */
export async function recomputeDeclarationLedger(c: StatsConnection): Promise<Map<string, DeclarationLedgerRow>> {
  const started = monthOf(c.dialect, 'declared_at');
  const ended = `CASE WHEN status IN ('withdrawn', 'lapsed', 'revoked') THEN ${monthOf(c.dialect, 'COALESCE(ended_at, updated_at)')} END`;
  const { rows } = await sql
    .raw<{ star: number; prefecture: string; size_band: string; industry: string; sm: string; em: string | null; c: number | string }>(
      `SELECT star, prefecture, size_band, industry, ${started} AS sm, ${ended} AS em, COUNT(*) AS c FROM declarations
       WHERE declared_at IS NOT NULL AND status <> 'pending' GROUP BY star, prefecture, size_band, industry, ${started}, ${ended}`,
    )
    .execute(c.db);
  const out = new Map<string, DeclarationLedgerRow>();
  const add = (month: string, star: number, dim: string, value: string, s: number, e: number) => {
    const key = ledgerKey(month, star, dim, value);
    const row = out.get(key) ?? { month, star, dim, value, started: 0, ended: 0 };
    row.started += s;
    row.ended += e;
    out.set(key, row);
  };
  for (const r of rows) {
    const n = Number(r.c);
    for (const [dim, value] of declarationValues(r)) {
      add(r.sm, Number(r.star), dim, value, n, 0);
      if (r.em) add(r.em, Number(r.star), dim, value, 0, n);
    }
  }
  return out;
}

export const activeKey = (star: number, dim: string, value: string) => `${star}\u0000${dim}\u0000${value}`;

/** Active declarations now per (star, dimension, value), counted from the rows. */
export async function activeFromRows(c: StatsConnection): Promise<Map<string, number>> {
  const rows = await c.db
    .selectFrom('declarations')
    .select(['star', 'prefecture', 'size_band', 'industry', (eb) => eb.fn.countAll<number | string>().as('c')])
    .where('status', '=', 'active')
    .groupBy(['star', 'prefecture', 'size_band', 'industry'])
    .execute();
  const out = new Map<string, number>();
  for (const r of rows) for (const [dim, value] of declarationValues(r)) out.set(activeKey(Number(r.star), dim, value), (out.get(activeKey(Number(r.star), dim, value)) ?? 0) + Number(r.c));
  return out;
}

/** Active declarations per (star, dimension, value) after the ledger's months up to `toMonth` (all when omitted). */
export function activeFromLedger(ledger: Iterable<DeclarationLedgerRow>, toMonth?: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of ledger) {
    if (toMonth && r.month > toMonth) continue;
    const k = activeKey(r.star, r.dim, r.value);
    out.set(k, (out.get(k) ?? 0) + r.started - r.ended);
  }
  for (const [k, v] of out) if (v === 0) out.delete(k);
  return out;
}

export interface ReplaceOptions {
  /** Recount check_stats from check_results (default true). */
  checks?: boolean;
  /**
   * Recount declaration_stats from the declarations' current rows (default false): this drops the
   * history the triggers recorded (earlier stars, endings before a renewal), so only after a migration.
   */
  declarations?: boolean;
}

/** Replaces the maintained tables by the recomputation, in the caller's transaction. */
export async function replaceStats(c: StatsConnection, opts: ReplaceOptions = {}): Promise<void> {
  const checks = opts.checks ?? true;
  const declarations = opts.declarations ?? false;
  // PostgreSQL: writers (the result batches, the declarations' triggers) wait until this commits, so a
  // batch cannot be both in the scan and added again, nor added to rows about to be replaced.
  if (c.dialect === 'postgres') {
    if (checks) await sql`LOCK TABLE check_stats IN EXCLUSIVE MODE`.execute(c.db);
    if (declarations) await sql`LOCK TABLE declaration_stats IN EXCLUSIVE MODE`.execute(c.db);
  }
  if (checks) {
    const fresh = await recomputeCheckStats(c);
    await c.db.deleteFrom('check_stats').execute();
    await applyCheckDeltas(c, fresh);
  }
  if (declarations) {
    const fresh = [...(await recomputeDeclarationLedger(c)).values()];
    await c.db.deleteFrom('declaration_stats').execute();
    for (let i = 0; i < fresh.length; i += 1000) {
      await c.db
        .insertInto('declaration_stats')
        .values(fresh.slice(i, i + 1000).map((r) => ({ month: r.month, star: r.star, dim: r.dim, dim_value: r.value, started: r.started, ended: r.ended })))
        .execute();
    }
  }
}

/** Rebuilds the maintained figures from the raw rows in one transaction (after a migration or a definition change). */
export async function rebuildStats(handle: DatabaseHandle, opts: ReplaceOptions = {}): Promise<void> {
  await handle.db.transaction().execute((trx) => replaceStats({ db: trx, dialect: handle.dialect, sqlite: handle.sqlite }, opts));
}

