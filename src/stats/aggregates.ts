// The self-check figures, maintained as results arrive. The result writer (checks/results.ts) calls
// `updateCheckStats` inside each batch's transaction with the results it stored; the batch is folded in
// memory into one delta per (check, month, dimension, value) and applied with multi-row additive upserts,
// so the figures are never recomputed by scanning on a page view, and they commit (or roll back) with
// the results they count.
//
// Why wide rows (y1..y25, p1.., n1.., u1.., h0..h10 on one row per key) rather than one row per item: a
// batch of 500 diagnoses touches ~1,000 keys; one row per key is ~1,000 index look-ups and a few
// statements, where one row per item would be 25 times as many rows to find and update.
import { CompiledQuery } from 'kysely';
import type { CheckKind, CheckResultInput } from '../checks/results.ts';
import type { DatabaseHandle, Db, DialectName } from '../db/database.ts';
import { audienceOfAge, audienceOfSize } from './audiences.ts';

/** Items kept per check (the 25-item diagnosis is the longest definition). */
export const MAX_ITEMS = 25;
/** Score histogram buckets: h0..h10. */
export const BUCKETS = 11;

export const STAT_DIMS = ['all', 'age', 'prefecture', 'size', 'industry', 'audience', 'audience_prefecture'] as const;
export type StatDim = (typeof STAT_DIMS)[number];

/** The dimensions each check's results are counted by: those whose attribute the check asks for. */
export const CHECK_DIMS: Record<CheckKind, readonly StatDim[]> = {
  personal: ['all', 'age', 'prefecture', 'audience', 'audience_prefecture'],
  business5: ['all', 'size', 'industry', 'prefecture', 'audience', 'audience_prefecture'],
  diagnosis: ['all', 'size', 'industry', 'prefecture', 'audience', 'audience_prefecture'],
  // The quiz asks for no attribute; its answers are the options chosen, not y/p/n/u.
  quiz: ['all'],
};

/**
 * Dimensions with many values (47 prefectures, × audiences) keep only what adoption needs: results, the
 * score sum and the y count per item, not p/n/u nor the histogram. In a batch they are most of the keys,
 * and narrow rows make each upsert about three times cheaper.
 */
export const NARROW_DIMS: ReadonlySet<StatDim> = new Set(['prefecture', 'audience_prefecture']);

/** Checks whose answers are y/p/n/u per item (the quiz's are option letters: only its score is counted). */
export const ITEMISED: Record<CheckKind, boolean> = { personal: true, business5: true, diagnosis: true, quiz: false };

/** Which audience a result speaks for: individuals by age band, firms by size. */
export function resultAudience(check: string, ageBand: string | null | undefined, sizeBand: string | null | undefined): string {
  return (check === 'business5' || check === 'diagnosis' ? audienceOfSize(sizeBand) : audienceOfAge(ageBand)) ?? '';
}

/** The histogram bucket of a score: diagnosis by tens (100 alone, negatives with 0–9), others capped 0..10. */
export function scoreBucket(check: string, score: number): number {
  if (check === 'diagnosis') return score >= 100 ? 10 : score < 0 ? 0 : Math.floor(score / 10);
  return score > 10 ? 10 : score < 0 ? 0 : Math.trunc(score);
}

/** One maintained row: counts for one (check, month, dimension, value). */
export interface CheckStatRow {
  check: string;
  month: string;
  dim: StatDim;
  value: string;
  n: number;
  scoreN: number;
  scoreSum: number;
  /** Per item (index 0 = item 1): results answering y, p, n, u. */
  y: number[];
  p: number[];
  no: number[];
  u: number[];
  /** Score histogram, BUCKETS long. */
  h: number[];
}

export const statKey = (check: string, month: string, dim: string, value: string) => `${check}\u0000${month}\u0000${dim}\u0000${value}`;

export function emptyRow(check: string, month: string, dim: StatDim, value: string): CheckStatRow {
  const z = () => new Array<number>(MAX_ITEMS).fill(0);
  return { check, month, dim, value, n: 0, scoreN: 0, scoreSum: 0, y: z(), p: z(), no: z(), u: z(), h: new Array<number>(BUCKETS).fill(0) };
}

/** The value of each of the check's dimensions for one result ('' when the person did not give it). */
export function dimValues(r: Pick<CheckResultInput, 'check' | 'ageBand' | 'prefecture' | 'sizeBand' | 'industry'>): [StatDim, string][] {
  const audience = resultAudience(r.check, r.ageBand, r.sizeBand);
  const pref = r.prefecture ?? '';
  return CHECK_DIMS[r.check].map((dim): [StatDim, string] => {
    switch (dim) {
      case 'all':
        return [dim, ''];
      case 'age':
        return [dim, r.ageBand ?? ''];
      case 'prefecture':
        return [dim, pref];
      case 'size':
        return [dim, r.sizeBand ?? ''];
      case 'industry':
        return [dim, r.industry ?? ''];
      case 'audience':
        return [dim, audience];
      case 'audience_prefecture':
        return [dim, audience && pref ? `${audience}|${pref}` : ''];
    }
  });
}

/** Folds results into one delta per key. */
export function foldResults(results: readonly CheckResultInput[], into = new Map<string, CheckStatRow>()): Map<string, CheckStatRow> {
  for (const r of results) {
    const month = r.completedOn.slice(0, 7);
    const items = ITEMISED[r.check] ? Math.min(r.answers.length, MAX_ITEMS) : 0;
    const bucket = r.score === null ? -1 : scoreBucket(r.check, r.score);
    for (const [dim, value] of dimValues(r)) {
      const key = statKey(r.check, month, dim, value);
      let row = into.get(key);
      if (!row) into.set(key, (row = emptyRow(r.check, month, dim, value)));
      row.n++;
      const narrow = NARROW_DIMS.has(dim);
      if (r.score !== null) {
        row.scoreN++;
        row.scoreSum += r.score;
        if (!narrow) row.h[bucket]!++;
      }
      for (let i = 0; i < items; i++) {
        const a = r.answers.charCodeAt(i);
        if (narrow) {
          if (a === 121) row.y[i]!++;
          continue;
        }
        // y p n u; any other code counts as answered "no" (a definition may use other letters later).
        if (a === 121) row.y[i]!++;
        else if (a === 112) row.p[i]!++;
        else if (a === 117) row.u[i]!++;
        else row.no[i]!++;
      }
    }
  }
  return into;
}

/** SQLite's limit on bound values per statement. */
const MAX_PARAMS = 32_766;

function itemsUsed(rows: CheckStatRow[]): number {
  let k = 0;
  for (const r of rows) for (let i = MAX_ITEMS - 1; i >= k; i--) if (r.y[i] || r.p[i] || r.no[i] || r.u[i]) { k = i + 1; break; }
  return k;
}

/** Where the deltas go: a connection or transaction, and on SQLite the raw connection under it. */
export interface StatsTarget {
  db: Db;
  dialect: DialectName;
  sqlite?: DatabaseHandle['sqlite'];
}

const statements = new WeakMap<object, Map<string, { run(...p: unknown[]): unknown }>>();

/**
 * Adds the deltas to check_stats: rows sorted by key (two instances on PostgreSQL lock rows in the same
 * order, so they cannot deadlock), one statement shape per check, only the item columns it uses.
 *
 * SQLite: one prepared one-row upsert per key, reused across batches. Measured on 400 keys: ~13 ms, where
 * one multi-row upsert took ~60 ms (its prepare alone ~15–25 ms) and Kysely, which prepares each query
 * anew, ~1 ms per key. PostgreSQL: multi-row upserts in chunks (one round trip each), as raw SQL with
 * placeholders (building 30,000 bound values through the query builder costs more than the statement).
 */
export async function applyCheckDeltas(target: StatsTarget, deltas: Map<string, CheckStatRow>): Promise<void> {
  const sorted = [...deltas.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map((e) => e[1]);
  const byShape = new Map<string, CheckStatRow[]>();
  for (const r of sorted) {
    const shape = `${r.check}|${NARROW_DIMS.has(r.dim) ? 'narrow' : 'wide'}`;
    const list = byShape.get(shape);
    if (list) list.push(r);
    else byShape.set(shape, [r]);
  }
  for (const rows of byShape.values()) {
    const narrow = NARROW_DIMS.has(rows[0]!.dim);
    const k = itemsUsed(rows);
    const counted = ['n', 'score_n', 'score_sum'];
    for (let i = 1; i <= k; i++) narrow ? counted.push(`y${i}`) : counted.push(`y${i}`, `p${i}`, `n${i}`, `u${i}`);
    if (!narrow) for (let b = 0; b < BUCKETS; b++) counted.push(`h${b}`);
    const columns = ['check_kind', 'month', 'dim', 'dim_value', ...counted];
    const update = counted.map((c) => `${c} = check_stats.${c} + excluded.${c}`).join(', ');
    const text = (tuples: string[]) => `INSERT INTO check_stats (${columns.join(', ')}) VALUES ${tuples.join(',')} ON CONFLICT (check_kind, month, dim, dim_value) DO UPDATE SET ${update}`;
    const values = (r: CheckStatRow, params: (string | number)[]) => {
      params.push(r.check, r.month, r.dim, r.value, r.n, r.scoreN, r.scoreSum);
      if (narrow) for (let i = 0; i < k; i++) params.push(r.y[i]!);
      else {
        for (let i = 0; i < k; i++) params.push(r.y[i]!, r.p[i]!, r.no[i]!, r.u[i]!);
        for (let b = 0; b < BUCKETS; b++) params.push(r.h[b]!);
      }
    };
    if (target.sqlite) {
      let cache = statements.get(target.sqlite);
      if (!cache) statements.set(target.sqlite, (cache = new Map()));
      const shape = `${narrow ? 'narrow' : 'wide'}${k}`;
      let stmt = cache.get(shape);
      if (!stmt) cache.set(shape, (stmt = target.sqlite.prepare(text([`(${columns.map(() => '?').join(',')})`]))));
      for (const r of rows) {
        const params: (string | number)[] = [];
        values(r, params);
        stmt.run(params);
      }
      continue;
    }
    const perChunk = Math.floor(MAX_PARAMS / columns.length);
    for (let start = 0; start < rows.length; start += perChunk) {
      const params: (string | number)[] = [];
      const tuples: string[] = [];
      for (const r of rows.slice(start, start + perChunk)) {
        const base = params.length;
        values(r, params);
        tuples.push(`(${(target.dialect === 'sqlite' ? columns.map(() => '?') : columns.map((_, j) => `$${base + j + 1}`)).join(',')})`);
      }
      await target.db.executeQuery(CompiledQuery.raw(text(tuples), params));
    }
  }
}

/** The result writer's onBatch hook: counts what the batch stored, in the batch's transaction. */
export function checkStatsUpdater(handle: Pick<DatabaseHandle, 'dialect' | 'sqlite'>) {
  return async (trx: Db, stored: readonly CheckResultInput[]): Promise<void> => {
    if (stored.length) await applyCheckDeltas({ db: trx, dialect: handle.dialect, sqlite: handle.sqlite }, foldResults(stored));
  };
}

/** Every maintained check_stats row, in the same shape the recomputation returns (recompute.ts). */
export async function readCheckStats(db: Db): Promise<Map<string, CheckStatRow>> {
  const rows = await db.selectFrom('check_stats').selectAll().execute();
  const out = new Map<string, CheckStatRow>();
  for (const r of rows as unknown as Record<string, string | number>[]) {
    const row = emptyRow(String(r.check_kind), String(r.month), r.dim as StatDim, String(r.dim_value));
    row.n = Number(r.n);
    row.scoreN = Number(r.score_n);
    row.scoreSum = Number(r.score_sum);
    for (let i = 0; i < MAX_ITEMS; i++) {
      row.y[i] = Number(r[`y${i + 1}`]);
      row.p[i] = Number(r[`p${i + 1}`]);
      row.no[i] = Number(r[`n${i + 1}`]);
      row.u[i] = Number(r[`u${i + 1}`]);
    }
    for (let b = 0; b < BUCKETS; b++) row.h[b] = Number(r[`h${b}`]);
    out.set(statKey(row.check, row.month, row.dim, row.value), row);
  }
  return out;
}

/** The declarations ledger: per (month, star, dimension, value), started and ended. */
export interface DeclarationLedgerRow {
  month: string;
  star: number;
  dim: string;
  value: string;
  started: number;
  ended: number;
}

export const ledgerKey = (month: string, star: number, dim: string, value: string) => `${month}\u0000${star}\u0000${dim}\u0000${value}`;

export async function readDeclarationLedger(db: Db): Promise<Map<string, DeclarationLedgerRow>> {
  const rows = await db.selectFrom('declaration_stats').selectAll().execute();
  const out = new Map<string, DeclarationLedgerRow>();
  for (const r of rows) {
    const started = Number(r.started);
    const ended = Number(r.ended);
    if (!started && !ended) continue;
    out.set(ledgerKey(r.month, Number(r.star), r.dim, r.dim_value), { month: r.month, star: Number(r.star), dim: r.dim, value: r.dim_value, started, ended });
  }
  return out;
}

