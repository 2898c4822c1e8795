// The published figures of need and behaviour (issue 7): adoption of the basic measures by dimension and
// over time, score distributions, and the declarations register by star. Each builds a StatTable that is
// already suppressed (suppression.ts); the API, the dashboard, CSV and the KPIs enumerate FIGURES.
//
// Row keys: the attribute's code ('13', '60s', 'sme'…), 'none' for "not given", 'total' for the total row,
// months as 'YYYY-MM'. Column keys: 'respondents', 'item1'…, 'share', 'mean', 'star1', 'star2', 'total'.
//
// Suppression ACROSS tables. suppression.ts makes each table safe on its own; these tables are over the
// same people and some are sums of others, so a value withheld in one could come back from another.
// The links and how each is handled:
// - Audience is a coarsening of age band (personal) and firm size (firms); declarations by audience of
//   the size × star grid; the diagnosis bands of the score figure's 10-point buckets. The coarse table's
//   values are sums of the fine table's and its pattern is DERIVED from it (coarsen): withheld iff a
//   component is; 'none' and the total row are the fine table's. Every published coarse value is then a
//   sum of published fine values and every withheld one a new unknown defined by a sum, so the coarse
//   table adds no equation on the fine unknowns; a small coarse value has only small components, so its
//   own primary rule is implied.
// - Adoption for everyone in one prefecture is that prefecture's row of the prefecture table (values
//   and pattern). Adoption for everyone is every breakdown's total row: with two rows or more an
//   adoption table never takes its total row as a partner (suppression.ts), so that row is withheld by
//   the primary rule alone, the same in every table.
// - Period 'all' is the sum of the fiscal years for the figures about people (adoption in every form,
//   its trend, the scores and bands, new declarations per month): built from the years that have data
//   (overYears), a value withheld iff a year withholds it; the month tables show every year's months
//   with that year's pattern. Declarations active are stocks ('all' means now) and are not sums.
// - Declarations per month publish new ones and those active at month end only: the ended ones would
//   close active(m) − active(m−1) = new(m) − ended(m) around a withheld new(m). Active counts are
//   withheld on the primary rule (no published sum relates one month's to another's), both stars
//   together when one is small: the declarations tables publish their sum.
// - Totals published in several tables (a breakdown's total row, the 'all' figure, another breakdown's
//   total) are taken as partners only when no cell or row can serve (suppression.ts).
// What remains: adoption by audience within a prefecture counts only those who gave both, so its total
// is published nowhere else (it is a table of its own, safe by itself). Industry, prefecture and age or
// size are separate partitions of the same people whose only shared value is the total, never a
// partner (above). Declarations by prefecture, size and industry share their star totals with the
// active counts per month; a star total withheld as the partner of the other star's small total (the
// total row's only partners are margins) is withheld per month too (both stars together). Fiscal-year tables are not checked against one
// another month by month beyond the sum (a month belongs to one year only, so none is needed).
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { DatabaseHandle } from '../db/database.ts';
import { AGE_BAND_LABELS, AGE_BANDS, INDUSTRIES, INDUSTRY_LABELS, SIZE_BAND_LABELS, SIZE_BANDS } from '../taxonomy/attributes.ts';
import { isPrefectureCode, PREFECTURES, prefectureByCode } from '../taxonomy/prefectures.ts';
import { AUDIENCE_LABELS, type Audience, type Label } from '../taxonomy/taxonomy.ts';
import { AGE_AUDIENCE, AUDIENCE_NOTE, INDIVIDUAL_AUDIENCES, ORGANISATION_AUDIENCES, SIZE_AUDIENCE } from './audiences.ts';
import { ADOPTION_CHECKS, MIN_PUBLISHED, parsePeriod, periodLabel, periodMonths, type AdoptionCheck, type Dimension, type FigureDefinition, type Period, type StatCell, type StatColumn, type StatRow, type StatTable } from './model.ts';
import { readActiveDeclarations, readAdoption, readDeclarationMonths, readMonthRange, readScores, type DeclarationMonth } from './repository.ts';
import { suppressAdoption, suppressGrid } from './suppression.ts';

// ——— Labels and notes ———

const data = (name: string) => JSON.parse(readFileSync(new URL(`../checks/data/${name}.json`, import.meta.url), 'utf8'));
/** Item names from the shipped definitions (the stored answers follow their order). */
const ITEM_LABELS: Record<AdoptionCheck, Label[]> = {
  personal: (data('personal').measures as { official: Label }[]).map((m, i) => ({ ja: `${i + 1}. ${m.official.ja}`, en: `${i + 1}. ${m.official.en}` })),
  business5: (data('business5').measures as { title: Label }[]).map((m, i) => ({ ja: `${i + 1}. ${m.title.ja}`, en: `${i + 1}. ${m.title.en}` })),
  diagnosis: (data('diagnosis').items as { question: Label }[]).map((m, i) => ({ ja: `${i + 1}. ${m.question.ja}`, en: `${i + 1}. ${m.question.en}` })),
};
const DIAGNOSIS_BANDS = data('diagnosis').bands as { min: number; max: number; title: Label }[];

export const CHECK_LABELS: Record<AdoptionCheck | 'quiz', Label> = {
  personal: { ja: '個人のセルフチェック（9か条）', en: 'Personal self-check (9 measures)' },
  business5: { ja: '中小企業の5つの基本対策', en: "Small firms' five basic measures" },
  diagnosis: { ja: '情報セキュリティ自社診断（25項目）', en: '25-item information security self-diagnosis' },
  quiz: { ja: 'だまされないクイズ', en: 'Scam quiz' },
};

const DIMENSION_LABELS: Record<Dimension, Label> = {
  all: { ja: '全体', en: 'Everyone' },
  audience: { ja: '対象層別', en: 'by audience' },
  age: { ja: '年齢層別', en: 'by age band' },
  prefecture: { ja: '都道府県別', en: 'by prefecture' },
  size: { ja: '従業員規模別', en: 'by firm size' },
  industry: { ja: '業種別', en: 'by industry' },
};

export const NOTE_SUPPRESSED: Label = {
  ja: `「X」は秘匿です。${MIN_PUBLISHED}人（社）未満の数と、それをもとにした割合は公表しません。また、合計などから差し引きで求められないよう、ほかの値も一部秘匿しています。`,
  en: `"X" = withheld: counts of fewer than ${MIN_PUBLISHED} people or firms, and rates built on them, are not published; some other values are withheld too so that they cannot be recovered from the totals by subtraction.`,
};
const NOTE_BASE: Label = {
  ja: '割合の分母は、その設問に回答した人（回答数）です。「実施している」と答えた割合で、「一部」「わからない」は含みません。',
  en: 'Percentages are of those who answered the question (respondents): the share answering "yes"; "partly" and "don\'t know" are not counted as applying.',
};
const NOTE_ANONYMOUS: Label = {
  ja: 'ポータルのセルフチェックで匿名で記録された結果です。回答者は自分で選んで受けた人で、無作為の標本ではありません。',
  en: 'Anonymous results of the self-checks taken on the portal. Respondents chose to take them: they are not a random sample.',
};
const NOTE_REGISTER: Label = {
  ja: '自己宣言は各事業者の申告で、認証ではありません。宣言の一覧は公開されていますが、数の少ない区分は他の統計と同じく秘匿しています。',
  en: 'Self-declarations are what each business states, not a certification. The register itself is public; small counts are still withheld like every other figure.',
};
const SOURCE = { kind: 'portal' as const, label: { ja: 'ラストワンマイル・ポータルの集計', en: 'Lastmile portal figures' } };
const NOT_GIVEN: Label = { ja: '回答なし', en: 'Not given' };
const TOTAL: Label = { ja: '合計', en: 'Total' };

function titled(title: Label, p: Period): Label {
  const pl = periodLabel(p);
  return { ja: `${title.ja}（${pl.ja}）`, en: `${title.en} (${pl.en})` };
}

const cell = (value: number | null, suppressed = false): StatCell => ({ value: suppressed ? null : value, suppressed });
const pct = (y: number | null, n: number | null): StatCell => (y === null || n === null ? cell(null, n !== 0) : n === 0 ? cell(null) : cell(Math.round((y / n) * 1000) / 10));
const count = (v: number | null): StatCell => cell(v, v === null);

/** The values a dimension's rows take, in their published order, with labels. */
export function dimensionValues(dim: Dimension, check: AdoptionCheck | 'quiz'): { key: string; label: Label }[] {
  switch (dim) {
    case 'all':
      return [];
    case 'age':
      return AGE_BANDS.map((a) => ({ key: a, label: AGE_BAND_LABELS[a] }));
    case 'prefecture':
      return PREFECTURES.map((p) => ({ key: p.code, label: { ja: p.ja, en: p.en } }));
    case 'size':
      return SIZE_BANDS.map((s) => ({ key: s, label: SIZE_BAND_LABELS[s] }));
    case 'industry':
      return INDUSTRIES.map((i) => ({ key: i, label: INDUSTRY_LABELS[i] }));
    case 'audience':
      return (check === 'personal' || check === 'quiz' ? INDIVIDUAL_AUDIENCES : ORGANISATION_AUDIENCES).map((a) => ({ key: a, label: { ja: AUDIENCE_LABELS[a].ja, en: AUDIENCE_LABELS[a].en } }));
  }
}

/** The dimensions each check is broken down by (personal: no firm size or industry; firms: no age). */
export function dimensionsOf(check: AdoptionCheck): Dimension[] {
  return check === 'personal' ? ['all', 'audience', 'age', 'prefecture'] : ['all', 'audience', 'size', 'industry', 'prefecture'];
}

// ——— Params ———

const period = z
  .string()
  .optional()
  .transform((s, ctx) => {
    const p = parsePeriod(s);
    if (!p) {
      ctx.addIssue({ code: 'custom', message: "period: use 'all' or a fiscal year such as 'fy2026' / 期間は all か fy2026 のような年度で指定してください" });
      return z.NEVER;
    }
    return p;
  });
const prefecture = z
  .string()
  .refine(isPrefectureCode, { message: 'prefecture: a JIS code 01 to 47 / 都道府県は01〜47のコードで指定してください' })
  .optional();

export const AdoptionParams = z
  .object({
    period,
    check: z.enum(ADOPTION_CHECKS).default('personal'),
    dimension: z.enum(['all', 'audience', 'age', 'prefecture', 'size', 'industry']).default('all'),
    /** Only with dimension all or audience: the figure for the respondents of one prefecture. */
    prefecture,
  })
  .superRefine((p, ctx) => {
    if (!dimensionsOf(p.check).includes(p.dimension))
      ctx.addIssue({ code: 'custom', path: ['dimension'], message: p.check === 'personal' ? 'dimension: the personal check has no firm size or industry / 個人のチェックは従業員規模・業種では分けられません' : 'dimension: the firms’ checks have no age band / 企業のチェックは年齢層では分けられません' });
    if (p.prefecture && p.dimension !== 'all' && p.dimension !== 'audience')
      ctx.addIssue({ code: 'custom', path: ['prefecture'], message: 'prefecture: only with dimension all or audience / 都道府県の指定は dimension が all か audience のときだけ使えます' });
  });
export type AdoptionParams = z.infer<typeof AdoptionParams>;

export const TrendParams = z.object({ period, check: z.enum(ADOPTION_CHECKS).default('personal') });
export const ScoreParams = z.object({ period, check: z.enum(['diagnosis', 'quiz']).default('diagnosis') });
export const DeclarationParams = z.object({ period, dimension: z.enum(['prefecture', 'size', 'industry', 'audience']).default('prefecture') });
export const DeclarationMonthParams = z.object({ period });

// ——— Withheld patterns ———

/** One row of raw counts with which of them are withheld, before they become StatCells. */
interface MaskedRow {
  key: string;
  label: Label;
  v: number[];
  /** Per value: withheld. For adoption, h[0] is n and h[1 + i] the rate of item i. */
  h: boolean[];
}
/** A suppressed table kept as raw counts and its pattern: the rows and the total row. */
interface Masked {
  rows: MaskedRow[];
  total: MaskedRow;
}

/** The sum of rows: each value the sum of the parts', withheld iff withheld in any part. */
function sumRows(key: string, label: Label, parts: MaskedRow[], width: number): MaskedRow {
  const v = new Array<number>(width).fill(0);
  const h = new Array<boolean>(width).fill(false);
  for (const r of parts) {
    for (let j = 0; j < width; j++) {
      v[j]! += r.v[j]!;
      h[j] ||= r.h[j]!;
    }
  }
  return { key, label, v, h };
}

/**
 * The coarser table whose rows are sums of `fine`'s rows (an audience of age bands, a band of score
 * buckets), its pattern DERIVED from the fine table's: a coarse value is withheld iff a component is,
 * and the total row is the fine table's. Every published coarse value is then a sum of published fine
 * values, and every withheld one a new unknown defined by a sum, so the coarse table adds no equation
 * on the fine table's unknowns; and a small coarse value has only small (withheld) components, so its
 * own primary rule holds too.
 */
function coarsen(fine: Masked, groups: { key: string; label: Label; parts: string[] }[]): Masked {
  const byKey = new Map(fine.rows.map((r) => [r.key, r]));
  const width = fine.total.v.length;
  return { rows: groups.map((g) => sumRows(g.key, g.label, g.parts.map((k) => byKey.get(k)!), width)), total: fine.total };
}

/** The audiences' groups of age bands (personal) or firm sizes (firms), with 'none' kept as it is. */
function audienceGroups(check: AdoptionCheck | 'declarations'): { key: string; label: Label; parts: string[] }[] {
  const personal = check === 'personal';
  const map: Record<string, string> = personal ? AGE_AUDIENCE : SIZE_AUDIENCE;
  const groups = (personal ? INDIVIDUAL_AUDIENCES : ORGANISATION_AUDIENCES).map((a) => ({ key: a as string, label: { ja: AUDIENCE_LABELS[a].ja, en: AUDIENCE_LABELS[a].en }, parts: Object.keys(map).filter((k) => map[k] === a) }));
  return check === 'declarations' ? groups : [...groups, { key: 'none', label: NOT_GIVEN, parts: ['none'] }];
}

// ——— Period 'all' as the sum of the fiscal years ———

/** The Japanese fiscal year (April to March) of a month YYYY-MM. */
const fiscalYearOf = (month: string): number => Number(month.slice(0, 4)) - (Number(month.slice(5, 7)) < 4 ? 1 : 0);

/** The fiscal years from the first month with data to the last. */
function fiscalYears(range: { first: string; last: string } | null): Period[] {
  if (!range) return [];
  const out: Period[] = [];
  for (let y = fiscalYearOf(range.first); y <= fiscalYearOf(range.last); y++) out.push({ kind: 'fy', year: y });
  return out;
}

/** Tables of the same rows summed value by value, withheld iff withheld in any of them. */
function sumTables(ts: Masked[]): Masked {
  const width = ts[0]!.total.v.length;
  return { rows: ts[0]!.rows.map((r, i) => sumRows(r.key, r.label, ts.map((t) => t.rows[i]!), width)), total: sumRows('total', TOTAL, ts.map((t) => t.total), width) };
}

/** Month tables: every year's months with that year's pattern, between `first` and `last`; the totals summed. */
function joinYears(ts: Masked[], range: { first: string; last: string }): Masked {
  const width = ts[0]!.total.v.length;
  return { rows: ts.flatMap((t) => t.rows).filter((r) => r.key >= range.first && r.key <= range.last), total: sumRows('total', TOTAL, ts.map((t) => t.total), width) };
}

/**
 * A figure about people for period 'all', built from the fiscal years that have data: raw counts are
 * the sums of the years', and a value is withheld iff a year's table withholds it (its own primary rule
 * is then implied: a small sum has only small parts). 'All' is the sum of the years, so a value a year
 * withholds (even as a partner) would otherwise come back as all time minus the other years. As for
 * coarsen, the all-time table then adds no equation on the years' unknowns. Months: see joinYears.
 */
async function overYears(handle: DatabaseHandle, check: string, p: Period, build: (p: Period) => Promise<Masked>, months = false): Promise<Masked> {
  if (p.kind !== 'all') return build(p);
  const range = await readMonthRange(handle.db, check);
  const years = fiscalYears(range);
  if (years.length === 0) return build(p); // nothing recorded: zeros, nothing withheld
  const ts = await Promise.all(years.map(build));
  return months ? joinYears(ts, range!) : sumTables(ts);
}

// ——— Adoption ———

type AdoptionRow = { key: string; label: Label; n: number; y: number[] };

function maskAdoption(rows: AdoptionRow[], items: number): Masked {
  const s = suppressAdoption(
    rows.map((r) => r.n),
    rows.map((r) => r.y),
  );
  const N = rows.reduce((sum, r) => sum + r.n, 0);
  const Y = Array.from({ length: items }, (_, i) => rows.reduce((sum, r) => sum + r.y[i]!, 0));
  return {
    rows: rows.map((r, i) => ({ key: r.key, label: r.label, v: [r.n, ...r.y], h: [s.n[i] === null, ...s.y[i]!.map((x) => x === null)] })),
    total: { key: 'total', label: TOTAL, v: [N, ...Y], h: [s.totalN === null, ...s.totalY.map((x) => x === null)] },
  };
}

function adoptionTable(id: string, title: Label, description: Label, p: Period, check: AdoptionCheck, t: Masked, notes: Label[], rowIsTotal = false): StatTable {
  const items = ITEM_LABELS[check];
  const columns: StatColumn[] = [{ key: 'respondents', label: { ja: '回答数', en: 'Respondents' }, unit: 'count' }, ...items.map((l, i): StatColumn => ({ key: `item${i + 1}`, label: l, unit: 'percent' }))];
  const row = (r: MaskedRow): StatCell[] => {
    const n = r.h[0] ? null : r.v[0]!;
    return [count(n), ...items.map((_, j) => pct(r.h[j + 1] ? null : r.v[j + 1]!, n))];
  };
  const out: StatRow[] = rowIsTotal ? [] : t.rows.map((r) => ({ key: r.key, label: r.label, cells: row(r) }));
  out.push({ key: 'total', label: TOTAL, total: true, cells: row(t.total) });
  return { id, title: titled(title, p), description, source: SOURCE, period: p, columns, rows: out, notes: [NOTE_BASE, NOTE_SUPPRESSED, NOTE_ANONYMOUS, ...notes] };
}

/** The suppressed table of one breakdown (age, size, industry, prefecture) with its 'not given' row. */
async function adoptionBreakdown(handle: DatabaseHandle, check: AdoptionCheck, dim: Exclude<Dimension, 'all' | 'audience'>, p: Period): Promise<Masked> {
  const items = ITEM_LABELS[check].length;
  const m = await readAdoption(handle.db, check, dim, p, items);
  const zero = () => ({ n: 0, y: new Array<number>(items).fill(0) });
  const rows = [...dimensionValues(dim, check).map((v) => ({ ...v, ...(m.get(v.key) ?? zero()) })), { key: 'none', label: NOT_GIVEN, ...(m.get('') ?? zero()) }];
  return maskAdoption(rows, items);
}

/** The adoption figure's rows and pattern for one period (see adoptionFigure). */
async function adoptionMasked(handle: DatabaseHandle, check: AdoptionCheck, dimension: Dimension, p: Period, prefCode: string | undefined): Promise<Masked> {
  const items = ITEM_LABELS[check].length;
  const zero = () => ({ n: 0, y: new Array<number>(items).fill(0) });
  if (dimension === 'all' && prefCode) {
    // Everyone in one prefecture is that prefecture's row of the prefecture table: its values and its
    // pattern, not a one-row table suppressed on its own (which would publish what the row withholds).
    const row = (await adoptionBreakdown(handle, check, 'prefecture', p)).rows.find((r) => r.key === prefCode)!;
    return { rows: [], total: { ...row, key: 'total', label: TOTAL } };
  }
  if (dimension === 'all') {
    // Everyone: the total row of any breakdown. With two rows or more, an adoption table's total row is
    // withheld only by its own primary rule (suppression.ts never takes it as a partner then), so this
    // one-row table has the same pattern as every breakdown's total row.
    const r = (await readAdoption(handle.db, check, 'all', p, items)).get('') ?? zero();
    return maskAdoption([{ key: 'total', label: TOTAL, ...r }], items);
  }
  if (dimension === 'audience' && prefCode) {
    // Audiences within one prefecture (audience_prefecture keeps only those who gave both).
    const m = await readAdoption(handle.db, check, 'audience_prefecture', p, items);
    return maskAdoption(
      dimensionValues('audience', check).map((v) => ({ ...v, ...(m.get(`${v.key}|${prefCode}`) ?? zero()) })),
      items,
    );
  }
  if (dimension === 'audience') return coarsen(await adoptionBreakdown(handle, check, check === 'personal' ? 'age' : 'size', p), audienceGroups(check));
  return adoptionBreakdown(handle, check, dimension, p);
}

export async function adoptionFigure(handle: DatabaseHandle, params: AdoptionParams): Promise<StatTable> {
  const { check, dimension } = params;
  const p = params.period ?? { kind: 'all' };
  const pref = params.prefecture ? prefectureByCode(params.prefecture) : undefined;
  const where: Label = pref ? { ja: `、${pref.ja}`, en: `, ${pref.en}` } : { ja: '', en: '' };
  const title: Label = { ja: `${CHECK_LABELS[check].ja}の実施率（${DIMENSION_LABELS[dimension].ja}${where.ja}）`, en: `Adoption: ${CHECK_LABELS[check].en}, ${DIMENSION_LABELS[dimension].en}${where.en}` };
  const description: Label = { ja: '各対策を「実施している」と答えた回答者の割合。', en: 'Share of respondents answering that they apply each measure.' };
  const id = `adoption-${check}-${dimension}${pref ? `-${pref.code}` : ''}`;
  const t = await overYears(handle, check, p, (fy) => adoptionMasked(handle, check, dimension, fy, pref?.code));
  const notes = dimension === 'audience' ? [AUDIENCE_NOTE] : [];
  if (dimension === 'all') return adoptionTable(id, title, description, p, check, t, [], true);
  if (pref) return adoptionTable(id, title, description, p, check, t, [...notes, { ja: 'この表は、その都道府県を回答し、年齢層（企業は従業員規模）も回答した人だけを数えています。', en: 'This table counts only those who gave the prefecture and also their age band (firms: their size).' }]);
  return adoptionTable(id, title, description, p, check, t, notes);
}

/** Months of the period that have figures (all: from the first month with results to the last). */
function monthsOf(p: Period, have: Iterable<string>): string[] {
  const range = periodMonths(p);
  const known = [...have].sort();
  const from = range?.from ?? known[0];
  const to = range?.to ?? known[known.length - 1];
  if (!from || !to) return [];
  const out: string[] = [];
  for (let [y, m] = from.split('-').map(Number) as [number, number]; `${y}-${String(m).padStart(2, '0')}` <= to; m === 12 ? ((y += 1), (m = 1)) : (m += 1)) out.push(`${y}-${String(m).padStart(2, '0')}`);
  return out;
}

const monthLabel = (m: string): Label => ({ ja: `${m.slice(0, 4)}年${Number(m.slice(5))}月`, en: m });

export async function adoptionTrendFigure(handle: DatabaseHandle, params: z.infer<typeof TrendParams>): Promise<StatTable> {
  const p = params.period ?? { kind: 'all' };
  const items = ITEM_LABELS[params.check].length;
  const year = async (fy: Period): Promise<Masked> => {
    const m = await readAdoption(handle.db, params.check, 'all', fy, items, { byMonth: true });
    return maskAdoption(
      monthsOf(fy, m.keys()).map((month) => ({ key: month, label: monthLabel(month), ...(m.get(month) ?? { n: 0, y: new Array<number>(items).fill(0) }) })),
      items,
    );
  };
  // Period 'all': each fiscal year's months with that year's pattern (overYears).
  const t = await overYears(handle, params.check, p, year, true);
  return adoptionTable(
    `adoption-trend-${params.check}`,
    { ja: `${CHECK_LABELS[params.check].ja}の実施率の推移`, en: `Adoption over time: ${CHECK_LABELS[params.check].en}` },
    { ja: '月ごとの回答数と、各対策を「実施している」と答えた割合。', en: 'Respondents per month and the share applying each measure.' },
    p,
    params.check,
    t,
    [],
  );
}

// ——— Scores ———

const BUCKET_LABELS = {
  diagnosis: Array.from({ length: 11 }, (_, b): Label => (b === 10 ? { ja: '100点', en: '100 points' } : b === 0 ? { ja: '10点未満', en: 'Under 10 points' } : { ja: `${b * 10}〜${b * 10 + 9}点`, en: `${b * 10}–${b * 10 + 9} points` })),
  quiz: Array.from({ length: 11 }, (_, b): Label => ({ ja: `${b}問正解`, en: `${b} correct` })),
};

/** A one-column count table (score buckets) suppressed as a grid: rows and the grand total. */
function maskCounts(rows: { key: string; label: Label; c: number }[]): Masked {
  const g = suppressGrid(rows.map((r) => [r.c]));
  const N = rows.reduce((sum, r) => sum + r.c, 0);
  return { rows: rows.map((r, i) => ({ key: r.key, label: r.label, v: [r.c], h: [g.cells[i]![0] === null] })), total: { key: 'total', label: TOTAL, v: [N], h: [g.grand === null] } };
}

function distribution(id: string, title: Label, description: Label, p: Period, t: Masked, mean: number | null, notes: Label[]): StatTable {
  const grand = t.total.h[0] ? null : t.total.v[0]!;
  const share = (v: number | null) => (v === null || grand === null ? cell(null, true) : grand === 0 ? cell(null) : cell(Math.round((v / grand) * 1000) / 10));
  const shown = (r: MaskedRow) => (r.h[0] ? null : r.v[0]!);
  return {
    id,
    title: titled(title, p),
    description,
    source: SOURCE,
    period: p,
    columns: [
      { key: 'respondents', label: { ja: '回答数', en: 'Respondents' }, unit: 'count' },
      { key: 'share', label: { ja: '割合', en: 'Share' }, unit: 'percent' },
      { key: 'mean', label: { ja: '平均点', en: 'Mean score' }, unit: 'score' },
    ],
    rows: [
      ...t.rows.map((r) => ({ key: r.key, label: r.label, cells: [count(shown(r)), share(shown(r)), cell(null)] })),
      { key: 'total', label: TOTAL, total: true, cells: [count(grand), share(grand), grand === null ? cell(null, true) : cell(mean)] },
    ],
    notes: [NOTE_SUPPRESSED, NOTE_ANONYMOUS, ...notes],
  };
}

/** The score buckets of one period, suppressed, with the mean. */
async function scoresMasked(handle: DatabaseHandle, check: 'diagnosis' | 'quiz', p: Period): Promise<{ t: Masked; scoreN: number; scoreSum: number }> {
  let scoreN = 0;
  let scoreSum = 0;
  // Period 'all' from the fiscal years (overYears); the mean from the same reads.
  const t = await overYears(handle, check, p, async (fy) => {
    const s = await readScores(handle.db, check, 'all', '', fy);
    scoreN += s.scoreN;
    scoreSum += s.scoreSum;
    return maskCounts(s.h.map((c, b) => ({ key: `b${b}`, label: BUCKET_LABELS[check][b]!, c })));
  });
  return { t, scoreN, scoreSum };
}

const meanOf = (s: { scoreN: number; scoreSum: number }) => (s.scoreN ? Math.round((s.scoreSum / s.scoreN) * 10) / 10 : null);

export async function scoreFigure(handle: DatabaseHandle, params: z.infer<typeof ScoreParams>): Promise<StatTable> {
  const p = params.period ?? { kind: 'all' };
  const s = await scoresMasked(handle, params.check, p);
  return distribution(
    `scores-${params.check}`,
    { ja: `${CHECK_LABELS[params.check].ja}の得点分布`, en: `Score distribution: ${CHECK_LABELS[params.check].en}` },
    { ja: '得点ごとの回答数と割合。', en: 'Respondents and their share by score.' },
    p,
    s.t,
    meanOf(s),
    params.check === 'diagnosis' ? [{ ja: '自社診断は「わからない」が−1点のため、合計が0点未満になることがあり、「10点未満」に含めています。', en: 'The self-diagnosis scores "don\'t know" as −1, so a total can be below 0: it is counted under "under 10 points".' }] : [],
  );
}

/**
 * The IPA bands of the shipped self-diagnosis (100, 70–99, 50–69, under 50): sums of the 10-point
 * buckets of the score figure, with the pattern derived from it (coarsen): a band is withheld iff one of
 * its buckets is, so band minus published buckets never gives a withheld bucket back.
 */
export async function scoreBandFigure(handle: DatabaseHandle, params: { period?: Period }): Promise<StatTable> {
  const p = params.period ?? { kind: 'all' };
  const s = await scoresMasked(handle, 'diagnosis', p);
  const bands = [...DIAGNOSIS_BANDS].sort((a, b) => b.min - a.min);
  // Bucket b covers b*10..b*10+9 (10: 100; 0: everything under 10); each goes to the band holding its lowest score.
  const bandOf = (b: number) => bands.find((x) => (b === 0 ? x.min <= 0 : x.min <= b * 10 && b * 10 <= x.max));
  const groups = bands.map((band, i) => ({
    key: `band${i + 1}`,
    label: band.min <= 0 ? { ja: `${band.title.ja}（${band.max}点以下）`, en: `${band.title.en} (${band.max} or under)` } : band.min === band.max ? { ja: `${band.title.ja}（${band.min}点）`, en: `${band.title.en} (${band.min})` } : { ja: `${band.title.ja}（${band.min}〜${band.max}点）`, en: `${band.title.en} (${band.min}–${band.max})` },
    parts: s.t.rows.filter((_, b) => bandOf(b) === band).map((r) => r.key),
  }));
  return distribution(
    'scores-diagnosis-bands',
    { ja: '自社診断の判定の分布', en: 'Self-diagnosis results by band' },
    { ja: 'IPAの判定区分ごとの回答数と割合。', en: 'Respondents and their share by the IPA result band.' },
    p,
    coarsen(s.t, groups),
    meanOf(s),
    [],
  );
}

// ——— Declarations ———

const STAR_COLUMNS: StatColumn[] = [
  { key: 'star1', label: { ja: '一つ星', en: 'One star' }, unit: 'count' },
  { key: 'star2', label: { ja: '二つ星', en: 'Two stars' }, unit: 'count' },
  { key: 'total', label: { ja: '合計', en: 'Total' }, unit: 'count' },
];

/** The last month of the period that has passed, or null for 'now'. */
function endMonth(p: Period, now = new Date()): string | null {
  const m = periodMonths(p);
  const today = new Date(now.getTime() + 9 * 3_600_000).toISOString().slice(0, 7);
  return m && m.to < today ? m.to : null;
}

export async function declarationsFigure(handle: DatabaseHandle, params: z.infer<typeof DeclarationParams>): Promise<StatTable> {
  const p = params.period ?? { kind: 'all' };
  const dim = params.dimension;
  const to = endMonth(p);
  // By audience: sums of the firm sizes with the size table's pattern (coarsen), as for adoption.
  const fineDim = dim === 'audience' ? 'size' : dim;
  const m = await readActiveDeclarations(handle.db, fineDim, to);
  const values = dimensionValues(fineDim, 'business5');
  const g = suppressGrid(values.map((v) => m.get(v.key) ?? [0, 0]));
  const fine: Masked = {
    rows: values.map((v, i) => {
      const [a, b] = m.get(v.key) ?? [0, 0];
      return { key: v.key, label: v.label, v: [a, b, a + b], h: [g.cells[i]![0] === null, g.cells[i]![1] === null, g.rowTotals[i] === null] };
    }),
    total: { key: 'total', label: TOTAL, v: [0, 1].map((s) => values.reduce((sum, v) => sum + (m.get(v.key) ?? [0, 0])[s]!, 0)), h: [g.colTotals[0] === null, g.colTotals[1] === null, g.grand === null] },
  };
  fine.total.v.push(fine.total.v[0]! + fine.total.v[1]!);
  const t = dim === 'audience' ? coarsen(fine, audienceGroups('declarations')) : fine;
  const cells = (r: MaskedRow) => r.v.map((x, j) => count(r.h[j] ? null : x));
  return {
    id: `declarations-${dim}`,
    title: titled({ ja: `有効な自己宣言の数（${DIMENSION_LABELS[dim].ja}）`, en: `Active self-declarations ${DIMENSION_LABELS[dim].en}` }, p),
    description: to ? { ja: `${monthLabel(to).ja}末時点で有効な自己宣言の数（星の数別）。`, en: `Self-declarations active at the end of ${to}, by star.` } : { ja: '現在有効な自己宣言の数（星の数別）。', en: 'Self-declarations active now, by star.' },
    source: SOURCE,
    period: p,
    columns: STAR_COLUMNS,
    rows: [
      ...t.rows.map((r) => ({ key: r.key, label: r.label, cells: cells(r) })),
      { key: 'total', label: TOTAL, total: true, cells: cells(t.total) },
    ],
    notes: [NOTE_SUPPRESSED, NOTE_REGISTER, ...(dim === 'audience' ? [AUDIENCE_NOTE] : [])],
  };
}

/** New declarations per month and star in a period, suppressed as a months × stars grid. */
function maskNewDeclarations(months: string[], byMonth: Map<string, DeclarationMonth>): Masked {
  const counts = months.map((month) => byMonth.get(month)?.started ?? [0, 0]);
  const g = suppressGrid(counts);
  return {
    rows: months.map((month, i) => ({ key: month, label: monthLabel(month), v: [...counts[i]!], h: [g.cells[i]![0] === null, g.cells[i]![1] === null] })),
    total: { key: 'total', label: TOTAL, v: [0, 1].map((s) => counts.reduce((sum, c) => sum + c[s]!, 0)), h: [g.colTotals[0] === null, g.colTotals[1] === null] },
  };
}

/**
 * New declarations per month and those active at each month end, by star. Ended ones are not published:
 * active(m) − active(m−1) = new(m) − ended(m), so with the three others a withheld new(m) comes back.
 * Without them no published sum relates one month's stocks to another's, so active counts are withheld
 * on the primary rule (1 to 9), both stars together (see stocks), and the new counts are a grid of
 * their own.
 */
export async function declarationMonthsFigure(handle: DatabaseHandle, params: { period?: Period }): Promise<StatTable> {
  const p = params.period ?? { kind: 'all' };
  const all = await readDeclarationMonths(handle.db);
  const byMonth = new Map(all.map((m) => [m.month, m]));
  const months = monthsOf(p, byMonth.keys());
  // Active at the end of a month with no change is the last month's.
  const activeAt = (month: string): [number, number] => {
    let last: [number, number] = [0, 0];
    for (const m of all) if (m.month <= month) last = m.active;
    return last;
  };
  // Period 'all': each fiscal year's months with that year's pattern, as for the adoption trend.
  const years = p.kind === 'all' && months.length ? fiscalYears({ first: months[0]!, last: months[months.length - 1]! }) : [];
  const started = years.length ? joinYears(years.map((fy) => maskNewDeclarations(monthsOf(fy, []), byMonth)), { first: months[0]!, last: months[months.length - 1]! }) : maskNewDeclarations(months, byMonth);
  // A month's two stocks are withheld together when either is small: the declarations tables publish
  // their sum (the grand total at a period's end), and with it one star's stock gives the other's.
  const stocks = (v: [number, number]): StatCell[] => (v.some((x) => x > 0 && x < MIN_PUBLISHED) ? [cell(null, true), cell(null, true)] : v.map((x) => cell(x)));
  const newCells = (r: MaskedRow) => r.v.map((x, j) => count(r.h[j] ? null : x));
  const col = (key: string, ja: string, en: string): StatColumn => ({ key, label: { ja, en }, unit: 'count' });
  const end = months.length ? activeAt(months[months.length - 1]!) : ([0, 0] as [number, number]);
  return {
    id: 'declarations-months',
    title: titled({ ja: '自己宣言の月ごとの推移', en: 'Self-declarations month by month' }, p),
    description: { ja: '月ごとの新規の数と、月末時点で有効な数（星の数別）。二つ星への変更は、二つ星の新規として数えます。', en: 'New declarations per month and those active at the end of each month, by star. A move to two stars counts as a start of two stars.' },
    source: SOURCE,
    period: p,
    columns: [col('new1', '新規（一つ星）', 'New (one star)'), col('new2', '新規（二つ星）', 'New (two stars)'), col('active1', '月末の有効数（一つ星）', 'Active at month end (one star)'), col('active2', '月末の有効数（二つ星）', 'Active at month end (two stars)')],
    rows: [
      ...started.rows.map((r) => ({ key: r.key, label: r.label, cells: [...newCells(r), ...stocks(activeAt(r.key))] })),
      { key: 'total', label: { ja: '期間計（有効数は期間末）', en: 'Period total (active: at the end)' }, total: true, cells: [...newCells(started.total), ...stocks(end)] },
    ],
    notes: [
      NOTE_SUPPRESSED,
      NOTE_REGISTER,
      { ja: '終了（取り下げ・失効・取消し・削除）の数は載せていません。月末の有効数の増減と合わせると、秘匿した新規の数が差し引きで求められてしまうためです。', en: 'Ended declarations (withdrawals, lapses, revocations and deletions) are not shown: with the change in those active they would give a withheld number of new ones back by subtraction.' },
    ],
  };
}

// ——— Adoption per audience (effort beside need) ———

export interface AudienceAdoption {
  audience: Audience;
  check: AdoptionCheck;
  /** null when withheld. */
  respondents: number | null;
  /** Mean share applying across the check's items, 0..100; null when withheld (any item withheld) or no respondents. */
  meanShare: number | null;
}

/**
 * Per audience (individuals from the personal check, firms from `firmCheck`), optionally in one
 * prefecture: respondents and the mean share applying across the items, read from the same suppressed
 * adoption tables the dashboard publishes, so it can never show what they withhold.
 */
export async function adoptionByAudience(handle: DatabaseHandle, p: Period, prefectureCode?: string, firmCheck: 'business5' | 'diagnosis' = 'business5'): Promise<AudienceAdoption[]> {
  const out: AudienceAdoption[] = [];
  for (const check of ['personal', firmCheck] as const) {
    const t = await adoptionFigure(handle, { period: p, check, dimension: 'audience', prefecture: prefectureCode });
    for (const r of t.rows) {
      if (r.total || r.key === 'none') continue;
      const [n, ...items] = r.cells;
      const meanShare = items.every((c) => !c.suppressed && c.value !== null) && items.length ? Math.round((items.reduce((s, c) => s + c.value!, 0) / items.length) * 10) / 10 : null;
      out.push({ audience: r.key as Audience, check, respondents: n!.suppressed ? null : n!.value, meanShare });
    }
  }
  return out;
}

// ——— Registry ———

const fig = <P>(id: string, title: Label, params: z.ZodType<P>, build: (h: DatabaseHandle, p: P) => Promise<StatTable>): FigureDefinition<P> => ({ id, title, params, build });

export const FIGURES: FigureDefinition[] = [
  fig('adoption', { ja: '対策の実施率', en: 'Adoption of the basic measures' }, AdoptionParams, adoptionFigure),
  fig('adoption-trend', { ja: '対策の実施率の推移', en: 'Adoption over time' }, TrendParams, adoptionTrendFigure),
  fig('scores', { ja: '得点分布', en: 'Score distribution' }, ScoreParams, scoreFigure),
  fig('scores-bands', { ja: '自社診断の判定の分布', en: 'Self-diagnosis result bands' }, DeclarationMonthParams, scoreBandFigure),
  fig('declarations', { ja: '有効な自己宣言', en: 'Active self-declarations' }, DeclarationParams, declarationsFigure),
  fig('declarations-months', { ja: '自己宣言の推移', en: 'Self-declarations over time' }, DeclarationMonthParams, declarationMonthsFigure),
];

export const FIGURE_MAP: ReadonlyMap<string, FigureDefinition> = new Map(FIGURES.map((f) => [f.id, f]));
