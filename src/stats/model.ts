// Domain objects of the evaluation's published figures (issue 7), shared by the statistics service
// (src/stats/), the dashboard (src/dashboard/), the API (/api/v1/stats), KPIs and the periodic reports.
//
// Every published figure is a StatTable: the chart, the HTML table, the CSV download and the API all
// derive from the same object, so they cannot disagree. A StatTable is already suppressed: a cell that
// would reveal a small group (fewer than MIN_PUBLISHED people or firms) carries value null and
// suppressed true, and so does every cell from which it could be recovered by subtraction
// (src/stats/suppression.ts).
import type { Label } from '../taxonomy/taxonomy.ts';

/** Counts of people or firms below this are never published, nor rates built on them. */
export const MIN_PUBLISHED = 10;

/**
 * The periods figures are published for: a Japanese fiscal year (年度, April to March) or everything.
 * Free date ranges are not offered: two overlapping ranges would let a reader subtract one from the
 * other and recover a month that suppression hid.
 */
export type Period = { kind: 'all' } | { kind: 'fy'; year: number };

/** 'all' or 'fy2026'. */
export function parsePeriod(s: string | undefined | null): Period | null {
  if (s === undefined || s === null || s === '' || s === 'all') return { kind: 'all' };
  const m = /^fy(\d{4})$/.exec(s);
  if (!m) return null;
  const year = Number(m[1]);
  return year >= 2000 && year <= 2100 ? { kind: 'fy', year } : null;
}

export function periodKey(p: Period): string {
  return p.kind === 'all' ? 'all' : `fy${p.year}`;
}

/** First and last month (YYYY-MM) of a fiscal year; null for 'all'. */
export function periodMonths(p: Period): { from: string; to: string } | null {
  if (p.kind === 'all') return null;
  return { from: `${p.year}-04`, to: `${p.year + 1}-03` };
}

export function periodLabel(p: Period): Label {
  if (p.kind === 'all') return { ja: '全期間', en: 'All time' };
  return { ja: `${p.year}年度（${p.year}年4月〜${p.year + 1}年3月）`, en: `FY${p.year} (April ${p.year} to March ${p.year + 1})` };
}

/** The checks whose anonymous results feed the figures on adoption ('quiz' feeds only scores). */
export const ADOPTION_CHECKS = ['personal', 'business5', 'diagnosis'] as const;
export type AdoptionCheck = (typeof ADOPTION_CHECKS)[number];

/** How respondents are broken down. 'audience' is derived from age band or firm size (judged). */
export const DIMENSIONS = ['all', 'audience', 'age', 'prefecture', 'size', 'industry'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Where a figure comes from. Survey figures are someone else's and are labelled as such. */
export interface StatSource {
  kind: 'portal' | 'survey';
  label: Label;
  /** YYYY-MM-DD or YYYY: when the figures were taken. */
  asOf?: string;
  url?: string;
}

export interface StatColumn {
  key: string;
  label: Label;
  /** 'percent' values are 0..100 with one decimal; 'count' are integers; 'score' are points. */
  unit: 'count' | 'percent' | 'score';
}

export interface StatCell {
  /** null when suppressed or when there is nothing to show (no respondents): see `suppressed`. */
  value: number | null;
  suppressed: boolean;
}

export interface StatRow {
  key: string;
  label: Label;
  /** The row that sums (or summarises) the others. */
  total?: boolean;
  cells: StatCell[];
}

export interface StatTable {
  /** Stable id, used in CSV and API paths and as the chart's element id: 'adoption-personal-age'. */
  id: string;
  title: Label;
  description: Label;
  source: StatSource;
  period: Period;
  columns: StatColumn[];
  rows: StatRow[];
  /** Footnotes: what was judged, what suppression means, the base of the percentages. */
  notes: Label[];
}

/** The mark shown for a suppressed cell in tables and CSV ("X" in Japanese official statistics style). */
export const SUPPRESSED_MARK = 'X';

/**
 * One published figure: the API (/api/v1/stats/{id}), the dashboard and the reports enumerate these.
 * `params` validates the query (period, check, dimension…); build returns the suppressed table.
 */
export interface FigureDefinition<P = any> {
  id: string;
  title: Label;
  params: import('zod').ZodType<P>;
  build(handle: import('../db/database.ts').DatabaseHandle, params: P): Promise<StatTable>;
}
