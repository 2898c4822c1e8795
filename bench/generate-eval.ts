// Generated data for the evaluation benchmark (bench/evaluation.ts): self-check results and declarations
// shaped like a national campaign's, stored so that the maintained figures are kept exactly as in production.
//
// Self-check results: the four checks in campaign-like proportions (personal 55 %, quiz 20 %, the five
// measures 15 %, the 25-item diagnosis 10 %), answers skewed per item (the easy measures mostly done) and
// by audience (seniors and the smallest firms less), slowly improving over time, a third of people giving
// no attributes, days over three fiscal years (the current one to date) with growth, fewer on weekends and
// the peak of サイバーセキュリティ月間 (1 February – 18 March). Scores as the apps compute them: personal and
// five measures = measures done, diagnosis = 4/2/0/−1 points per answer, quiz = correct answers out of 10.
//
// Stored through the same aggregation code as the app: each transaction inserts its results and then calls
// `checkStatsUpdater(handle)` — the function the result writer runs as its onBatch hook — with exactly the
// results it stored, in the same transaction. Only the batch size differs (50,000 instead of at most 500):
// the fold adds per-key counts, and addition does not depend on how results are grouped, so the figures are
// the same as if the results had come one request at a time.
import { sql, type Insertable } from 'kysely';
import type { CheckKind, CheckResultInput } from '../src/checks/results.ts';
import type { DatabaseHandle } from '../src/db/database.ts';
import type { DeclarationsTable } from '../src/declarations/tables.ts';
import { nameKey, searchText, sortKey } from '../src/declarations/names.ts';
import { checkStatsUpdater } from '../src/stats/aggregates.ts';
import { AGE_BANDS, INDUSTRIES, SIZE_BANDS, type AgeBand, type Industry, type SizeBand } from '../src/taxonomy/attributes.ts';
import { PREFECTURES } from '../src/taxonomy/prefectures.ts';

/** mulberry32: repeatable runs, and no pattern between successive picks. */
export function seeded(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let x = Math.imul(s ^ (s >>> 15), 1 | s);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** Japan date today (YYYY-MM-DD). */
export function tokyoToday(now = new Date()): string {
  return new Date(now.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
}

/** Fiscal year (April to March) of a YYYY-MM-DD day. */
export const fiscalYearOf = (day: string) => (Number(day.slice(5, 7)) >= 4 ? Number(day.slice(0, 4)) : Number(day.slice(0, 4)) - 1);

/** Picks from a list by cumulative weights (binary search). */
function weighted<T>(items: readonly T[], weights: readonly number[]): (r: number) => T {
  const cum: number[] = [];
  let total = 0;
  for (const w of weights) cum.push((total += w));
  return (r) => {
    const x = r * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return items[lo]!;
  };
}

/** The days results fall on: three fiscal years to today, weighted (growth, weekends, February's month). */
export function campaignDays(today: string): { days: string[]; weights: number[]; pick: (r: number) => string } {
  const start = Date.UTC(fiscalYearOf(today) - 2, 3, 1);
  const end = Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 1, Number(today.slice(8, 10)));
  const days: string[] = [];
  const weights: number[] = [];
  for (let t = start; t <= end; t += 86_400_000) {
    const d = new Date(t);
    const m = d.getUTCMonth() + 1;
    const dom = d.getUTCDate();
    const peak = m === 2 || (m === 3 && dom <= 18) ? 3 : m === 10 ? 1.5 : 1; // サイバーセキュリティ月間; October's campaign
    const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6 ? 0.6 : 1;
    days.push(d.toISOString().slice(0, 10));
    weights.push((1 + (t - start) / (end - start + 1)) * peak * weekend);
  }
  return { days, weights, pick: weighted(days, weights) };
}

// Prefectures weighted roughly by population: Tokyo, then the big metropolitan ones.
const PREF_CODES = PREFECTURES.map((p) => p.code);
const PREF_WEIGHT: Record<string, number> = { '13': 11, '14': 7, '27': 7, '23': 6, '11': 6, '12': 5, '01': 4, '28': 4, '40': 4, '22': 3, '26': 2, '34': 2 };
const pickPref = weighted(PREF_CODES, PREF_CODES.map((c) => PREF_WEIGHT[c] ?? 1.2));
const pickAge = weighted(AGE_BANDS, [4, 10, 14, 16, 16, 14, 9, 3]);
const pickSize = weighted(SIZE_BANDS, [20, 25, 20, 12, 8, 8, 7]);
const pickIndustry = weighted(INDUSTRIES, INDUSTRIES.map((_, i) => 1 + ((i * 7) % 5)));
const pickCheck = weighted<CheckKind>(['personal', 'quiz', 'business5', 'diagnosis'], [55, 20, 15, 10]);

/** Base share answering "done" per item: the easy measures first, the hard ones lower. */
const easiness = (items: number) => Array.from({ length: items }, (_, i) => 0.78 - (0.5 * i) / items);
const EASY: Record<'personal' | 'business5' | 'diagnosis', number[]> = { personal: easiness(9), business5: easiness(5), diagnosis: easiness(25) };

function audienceShift(age: AgeBand | null, size: SizeBand | null): number {
  if (age === '70s' || age === '80p') return -0.15;
  if (age === 'u20') return -0.05;
  if (size === 'sole' || size === '2-5') return -0.1;
  if (size === '301p') return 0.12;
  return 0;
}

/**
 * A result generator. `next()` gives one result on a day drawn from the campaign's days; with `total`, the
 * results come in day order instead (each day's share of `total` by its weight), as they arrive in
 * production: the index on (check, day) then grows at its end, as it does in the app, rather than at
 * random places (which on 10 million rows made the load several times slower). `next(day)` pins the day.
 */
export function resultGenerator(seed: number, today: string, total?: number): { next(day?: string): CheckResultInput } {
  const rand = seeded(seed);
  const { days, weights, pick } = campaignDays(today);
  const first = Date.parse(days[0]!);
  const span = Date.parse(days[days.length - 1]!) - first + 1;
  // Day order: how many results each day gets (the largest remainders take the rounding's leftovers).
  let dayIndex = 0;
  let leftToday = 0;
  let perDay: number[] = [];
  if (total !== undefined) {
    const sum = weights.reduce((a, b) => a + b, 0);
    const exact = weights.map((w) => (w / sum) * total);
    perDay = exact.map(Math.floor);
    let rest = total - perDay.reduce((a, b) => a + b, 0);
    for (const i of exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]).map(([, i]) => i)) {
      if (rest-- <= 0) break;
      perDay[i]!++;
    }
    leftToday = perDay[0]!;
  }
  const inOrder = (): string => {
    while (leftToday === 0 && dayIndex < days.length - 1) leftToday = perDay[++dayIndex]!;
    leftToday--;
    return days[dayIndex]!;
  };
  return {
    next(dayGiven?: string): CheckResultInput {
      const day = dayGiven ?? (total !== undefined ? inOrder() : pick(rand()));
      const check = pickCheck(rand());
      const attrs = rand() >= 1 / 3;
      const give = () => attrs && rand() < 0.95;
      if (check === 'quiz') {
        let answers = '';
        let score = 0;
        for (let i = 0; i < 10; i++) {
          const ok = rand() < 0.68;
          answers += ok ? '1' : '0';
          score += ok ? 1 : 0;
        }
        return { check, definitionVersion: 1, answers, score, completedOn: day };
      }
      const ageBand = check === 'personal' && give() ? pickAge(rand()) : null;
      const sizeBand = check !== 'personal' && give() ? pickSize(rand()) : null;
      const industry = check !== 'personal' && give() ? pickIndustry(rand()) : null;
      const prefecture = give() ? pickPref(rand()) : null;
      const drift = (0.08 * (Date.parse(day) - first)) / span + audienceShift(ageBand, sizeBand);
      let answers = '';
      let score = 0;
      for (const base of EASY[check]) {
        const r = rand();
        const y = base + drift;
        const c = r < y ? 'y' : r < y + (1 - y) * 0.35 ? 'p' : r < y + (1 - y) * 0.85 ? 'n' : 'u';
        answers += c;
        score += check === 'diagnosis' ? (c === 'y' ? 4 : c === 'p' ? 2 : c === 'u' ? -1 : 0) : c === 'y' ? 1 : 0;
      }
      return { check, definitionVersion: 1, answers, score, completedOn: day, ageBand, prefecture, sizeBand, industry: industry as Industry | null };
    },
  };
}

const COLUMNS = ['check_kind', 'definition_version', 'completed_on', 'answers', 'score', 'age_band', 'prefecture', 'size_band', 'industry'] as const;
const toRow = (r: CheckResultInput) => ({
  check_kind: r.check,
  definition_version: r.definitionVersion ?? 0,
  completed_on: r.completedOn,
  answers: r.answers,
  score: r.score,
  age_band: r.ageBand ?? null,
  prefecture: r.prefecture ?? null,
  size_band: r.sizeBand ?? null,
  industry: r.industry ?? null,
});

/**
 * Stores `total` generated results, `perTransaction` at a time: the rows, then the stats hook on exactly
 * those rows, in one transaction (see the head comment). On SQLite the rows go through one prepared
 * multi-row INSERT on the connection under Kysely (the same connection and transaction), which is what
 * makes 10 million rows take minutes rather than tens of minutes; on PostgreSQL through Kysely.
 */
export async function loadResults(handle: DatabaseHandle, total: number, gen: { next(): CheckResultInput }, opts: { perTransaction?: number; progress?: (done: number) => void } = {}): Promise<void> {
  const per = opts.perTransaction ?? (handle.dialect === 'sqlite' ? 50_000 : 10_000);
  const hook = checkStatsUpdater(handle);
  const ROWS = 100;
  const insertMany = handle.sqlite?.prepare(`INSERT INTO check_results (${COLUMNS.join(', ')}) VALUES ${Array.from({ length: ROWS }, () => `(${COLUMNS.map(() => '?').join(',')})`).join(',')}`);
  const insertOne = handle.sqlite?.prepare(`INSERT INTO check_results (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(',')})`);
  const params = (rs: CheckResultInput[]) => rs.flatMap((r) => [r.check, r.definitionVersion ?? 0, r.completedOn, r.answers, r.score, r.ageBand ?? null, r.prefecture ?? null, r.sizeBand ?? null, r.industry ?? null]);
  for (let done = 0; done < total; ) {
    const n = Math.min(per, total - done);
    const batch = Array.from({ length: n }, () => gen.next());
    await handle.db.transaction().execute(async (trx) => {
      if (insertMany && insertOne) {
        let i = 0;
        for (; i + ROWS <= n; i += ROWS) insertMany.run(params(batch.slice(i, i + ROWS)));
        for (; i < n; i++) insertOne.run(params([batch[i]!]));
      } else {
        for (let i = 0; i < n; i += 1000) await trx.insertInto('check_results').values(batch.slice(i, i + 1000).map(toRow)).execute();
      }
      await hook(trx, batch);
    });
    done += n;
    opts.progress?.(done);
  }
}

// Declarations, as in src/declarations/bench.ts (invented names from common surnames, trade words and legal
// forms; Tokyo weighted), with a life: most active, some lapsed or withdrawn (ended on a later day), a quarter
// with two stars, a few still pending. Inserted as they stand, so the triggers record each start and ending.
const SURNAMES = ['山田', '田中', '佐藤', '鈴木', '高橋', '伊藤', '渡辺', '中村', '小林', '加藤', '吉田', '山本', '松本', '井上', '木村', '林', '清水', '山口', '森', '池田', 'あおば', 'みどり', 'ひかり', 'さくら', 'ABC', 'Tokyo'];
const WORDS = ['商店', '工業', '建設', '電機', '印刷', '運送', '設計', '食品', '不動産', 'システム', 'デザイン', '薬局', '歯科', '技研', '製作所', '商事', '会計事務所', 'クリニック', 'Trading', 'Works'];
const FORMS = ['株式会社', '有限会社', '合同会社', '', '', ''];

export async function loadDeclarations(handle: DatabaseHandle, total: number, seed: number, today: string, progress?: (done: number) => void): Promise<void> {
  const rand = seeded(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const { pick: pickDay } = campaignDays(today);
  const todayMs = Date.parse(today);
  const BATCH = 1000;
  for (let start = 0; start < total; start += BATCH) {
    const rows: Insertable<DeclarationsTable>[] = [];
    for (let i = start; i < Math.min(total, start + BATCH); i++) {
      const name = `${pick(FORMS)}${pick(SURNAMES)}${pick(WORDS)}${i % 7 === 0 ? i : ''}`;
      const day = pickDay(rand());
      const at = new Date(Date.parse(day) + Math.floor(rand() * 86_400_000) - 9 * 3_600_000).toISOString();
      const r = rand();
      const status = r < 0.02 ? 'pending' : r < 0.11 ? 'lapsed' : r < 0.14 ? 'withdrawn' : 'active';
      const ended = status === 'lapsed' || status === 'withdrawn' ? new Date(Math.min(todayMs, Date.parse(at) + (30 + Math.floor(rand() * 400)) * 86_400_000)).toISOString() : null;
      rows.push({
        number: status === 'pending' ? null : `LM-${at.slice(0, 4)}-${String(i + 1).padStart(7, '0')}`,
        status,
        star: rand() < 0.25 ? 2 : 1,
        name,
        name_kana: null,
        name_key: nameKey(name),
        sort_key: sortKey(name),
        search_text: searchText(name, null),
        corporate_number: i % 3 === 0 ? null : String(1_000_000_000_000 + i),
        prefecture: pickPref(rand()),
        industry: pickIndustry(rand()),
        size_band: pickSize(rand()),
        email: `firm${i}@example.jp`,
        locale: 'ja',
        created_at: at,
        updated_at: ended ?? at,
        declared_at: status === 'pending' ? null : at,
        renewal_due: status === 'pending' ? null : at.slice(0, 10),
        ended_at: ended,
      });
    }
    await handle.db.transaction().execute(async (trx) => {
      // ~20 columns a row: 1,000 rows stay under SQLite's 32,766 bound values.
      await trx.insertInto('declarations').values(rows).execute();
    });
    progress?.(Math.min(total, start + BATCH));
  }
  await sql`analyze`.execute(handle.db);
}
