// What each dashboard page shows, built from the published figures (FigureDefinitions of src/stats and
// src/surveys, passed in by app.ts so that this folder does not depend on how they are registered) and the
// need ranking (src/stats/need.ts). Everything returned is plain: StatTables, need rows, survey figures.
import type { DatabaseHandle } from '../db/database.ts';
import type { Locale, Text } from '../i18n/locale.ts';
import { periodKey, type FigureDefinition, type Period, type StatColumn, type StatTable } from '../stats/model.ts';
import { loadNeed, type NeedRow, type NeedSources } from '../stats/need.ts';
import { surveyFiguresFor } from '../surveys/repository.ts';
import type { SurveyFigure } from '../surveys/model.ts';
import { AUDIENCE_LABELS } from '../taxonomy/taxonomy.ts';
import { prefectureByCode } from '../taxonomy/prefectures.ts';
import { figureLinks, type ChartChoice } from './figure.tsx';
import type { DashboardQuery } from './query.ts';
import type { FigureSection, Headline, ShownFigure } from './views.tsx';

export interface DashboardDeps {
  /** Every published figure the API serves (FIGURES, EFFORT_FIGURES, SURVEY_FIGURES). */
  figures: FigureDefinition[];
  /** Adoption and coverage per audience for the need view. */
  need: NeedSources;
}

/** The figure's parameters as a query: the raw strings the page was given, kept for CSV and API links. */
type RawParams = Record<string, string | undefined>;

export interface BuiltFigure {
  def: FigureDefinition;
  params: RawParams;
  table: StatTable;
}

/**
 * Builds a figure with the parameters its definition accepts among those given. A definition may take
 * fewer parameters than the page has (effort figures take only the period): the others are dropped,
 * so the CSV and API links carry exactly what the figure used. null when the definition refuses them.
 */
export async function buildFigure(handle: DatabaseHandle, def: FigureDefinition, given: RawParams): Promise<BuiltFigure | null> {
  const keys = Object.keys(given).filter((k) => given[k] !== undefined);
  // Try with everything, then drop parameters one at a time from the end until the schema accepts.
  for (let n = keys.length; n >= 0; n--) {
    const params: RawParams = Object.fromEntries(keys.slice(0, n).map((k) => [k, given[k]]));
    const parsed = def.params.safeParse(params);
    if (!parsed.success) continue;
    const accepted = parsed.data && typeof parsed.data === 'object' ? Object.keys(parsed.data as object) : [];
    const used: RawParams = Object.fromEntries(Object.entries(params).filter(([k]) => accepted.includes(k)));
    return { def, params: used, table: await def.build(handle, parsed.data) };
  }
  return null;
}

export function shown(locale: Locale, f: BuiltFigure, chart?: ChartChoice, rowHeading?: Text): ShownFigure {
  return { table: f.table, links: figureLinks(locale, f.def.id, f.params), chart, rowHeading };
}

const byPrefix = (figures: FigureDefinition[], ...prefixes: string[]) => figures.filter((d) => prefixes.some((p) => d.id.startsWith(p)));

function periodParam(period: Period): string | undefined {
  const k = periodKey(period);
  return k === 'all' ? undefined : k;
}

// ------------------------------------------------------------------------------------------- headlines

/** The total row's value in the first column of the unit (respondents, declarations…). */
export function totalOf(table: StatTable, unit: StatColumn['unit'] = 'count', columnKey?: string): { value: number | null; suppressed: boolean } | null {
  const col = columnKey ? table.columns.findIndex((c) => c.key === columnKey) : table.columns.findIndex((c) => c.unit === unit);
  if (col < 0) return null;
  const row = table.rows.find((r) => r.total) ?? (table.rows.length === 1 ? table.rows[0] : undefined);
  const cell = row?.cells[col];
  return cell ? { value: cell.suppressed ? null : cell.value, suppressed: cell.suppressed } : null;
}

export interface OverviewModel {
  headlines: Headline[];
  sections: FigureSection[];
}

/**
 * The overview: respondents of each check in the period, the share applying each of the 9 measures (the
 * personal check's total row), declarations active by star, and initiatives and events in the period.
 */
export async function overview(handle: DatabaseHandle, deps: DashboardDeps, locale: Locale, q: DashboardQuery, hrefs: Record<'adoption' | 'effort' | 'declarations', string>): Promise<OverviewModel> {
  const period = periodParam(q.period);
  const headlines: Headline[] = [];
  const sections: FigureSection[] = [];
  const adoption = deps.figures.find((d) => d.id === 'adoption');
  const checks = [
    { check: 'personal', label: { ja: '個人のセルフチェックの回答数', en: 'Personal self-checks completed' } },
    { check: 'business5', label: { ja: '企業の5か条の回答数', en: 'Firms’ 5-measure checks completed' } },
    { check: 'diagnosis', label: { ja: '企業の自社診断の回答数', en: 'Firms’ self-diagnoses completed' } },
  ] as const;
  for (const c of checks) {
    const f = adoption ? await buildFigure(handle, adoption, { period, check: c.check, dimension: 'all' }) : null;
    const total = f ? totalOf(f.table, 'count') : null;
    if (total) headlines.push({ key: `respondents-${c.check}`, label: c.label, value: total.value, unit: 'count', href: `${hrefs.adoption}${hrefs.adoption.includes('?') ? '&' : '?'}check=${c.check}` });
    if (c.check === 'personal' && f) {
      const row = f.table.rows.find((r) => r.total) ?? f.table.rows[0];
      const measures = f.table.columns.filter((col) => col.unit === 'percent').map((col) => col.key);
      if (row)
        sections.push({
          id: 'measures',
          heading: { ja: '9か条それぞれを実施している人の割合', en: 'Share of people applying each of the 9 measures' },
          figures: [shown(locale, f, { kind: 'columns', row: row.key, columns: measures }, { ja: '対策', en: 'Measure' })],
        });
    }
  }
  for (const def of byPrefix(deps.figures, 'declarations')) {
    const f = await buildFigure(handle, def, { period, dimension: 'prefecture' });
    if (!f || f.table.rows.some((r) => /^\d{4}-\d{2}$/.test(r.key))) continue;
    for (const [i, col] of f.table.columns.entries()) {
      if (col.unit !== 'count') continue;
      const total = totalOf(f.table, 'count', col.key);
      if (total) headlines.push({ key: `declarations-${col.key}`, label: { ja: `有効な自己宣言（${col.label.ja}）`, en: `Active self-declarations (${col.label.en})` }, value: total.value, unit: 'count', href: hrefs.declarations });
      if (i > 2) break;
    }
    break;
  }
  // Effort in the period: initiatives active (the total row's last column, every method together), events
  // held and participants reported (the campaign figure's total row).
  const effort: { figure: string; column: 'last' | string; key: string; label: Text }[] = [
    { figure: 'effort-initiatives-audience-method', column: 'last', key: 'initiatives', label: { ja: '有効な取組', en: 'Initiatives active' } },
    { figure: 'effort-events-campaign', column: 'held', key: 'events', label: { ja: '開催したイベント', en: 'Events held' } },
    { figure: 'effort-events-campaign', column: 'participants', key: 'participants', label: { ja: '報告された参加者', en: 'Participants reported' } },
  ];
  const built = new Map<string, BuiltFigure | null>();
  for (const e of effort) {
    const def = deps.figures.find((d) => d.id === e.figure);
    if (!def) continue;
    if (!built.has(e.figure)) built.set(e.figure, await buildFigure(handle, def, { period }));
    const f = built.get(e.figure);
    if (!f) continue;
    const col = e.column === 'last' ? f.table.columns[f.table.columns.length - 1]?.key : e.column;
    const total = col ? totalOf(f.table, 'count', col) : null;
    if (total) headlines.push({ key: e.key, label: e.label, value: total.value, unit: 'count', href: hrefs.effort });
  }
  return { headlines, sections };
}

// ---------------------------------------------------------------------------------- figure pages

export async function effortSections(handle: DatabaseHandle, deps: DashboardDeps, locale: Locale, q: DashboardQuery): Promise<FigureSection[]> {
  const figures: ShownFigure[] = [];
  for (const def of deps.figures.filter((d) => !d.id.startsWith('adoption') && !d.id.startsWith('scores') && !d.id.startsWith('declarations') && !d.id.startsWith('surveys'))) {
    const f = await buildFigure(handle, def, { period: periodParam(q.period) });
    if (f) figures.push(shown(locale, f));
  }
  return figures.map((f) => ({ id: `section-${f.table.id}`, heading: f.table.title, figures: [f] }));
}

/** Survey figures about the same people as the check: linked to one of its measures, or about that audience. */
export function surveysFor(check: DashboardQuery['check'], all: SurveyFigure[]): SurveyFigure[] {
  const people = ['all', 'individuals', 'youth', 'working_age', 'seniors'];
  const firms = ['organisations', 'micro_business', 'sme', 'large_enterprise'];
  const measures = check === 'personal' ? ['personal:'] : ['business5:', 'diagnosis:'];
  return all.filter((s) => (s.measure ? measures.some((m) => s.measure.startsWith(m)) : (check === 'personal' ? people : firms).includes(s.audience)));
}

export async function adoptionSections(handle: DatabaseHandle, deps: DashboardDeps, locale: Locale, q: DashboardQuery): Promise<{ sections: FigureSection[]; surveys: SurveyFigure[] }> {
  const period = periodParam(q.period);
  const sections: FigureSection[] = [];
  for (const def of byPrefix(deps.figures, 'adoption', 'scores')) {
    const f = await buildFigure(handle, def, { period, check: def.id.startsWith('scores') ? (q.check === 'personal' ? 'diagnosis' : q.check) : q.check, dimension: q.dimension });
    if (f) sections.push({ id: `section-${f.table.id}`, heading: f.table.title, figures: [shown(locale, f)] });
  }
  const surveys = surveysFor(q.check, await surveyFiguresFor(handle));
  return { sections, surveys };
}

export async function declarationSections(handle: DatabaseHandle, deps: DashboardDeps, locale: Locale, q: DashboardQuery): Promise<FigureSection[]> {
  const sections: FigureSection[] = [];
  for (const def of byPrefix(deps.figures, 'declarations')) {
    const f = await buildFigure(handle, def, { period: periodParam(q.period), dimension: q.declarationDimension });
    if (f) sections.push({ id: `section-${f.table.id}`, heading: f.table.title, figures: [shown(locale, f)] });
  }
  return sections;
}

// ------------------------------------------------------------------------------------------------ need

export const NEED_FIGURE_IDS = ['need-adoption', 'need-coverage'] as const;

/** The need rows as two published tables (adoption by audience, coverage by audience) for chart and CSV. */
export function needTables(rows: NeedRow[], period: Period, prefecture: string | null): StatTable[] {
  const where: Text = prefecture ? { ja: prefectureByCode(prefecture)!.ja, en: prefectureByCode(prefecture)!.en } : { ja: '全国', en: 'whole country' };
  const measured = rows.filter((r) => r.check !== null);
  const order = (a: NeedRow, b: NeedRow) => Object.keys(AUDIENCE_LABELS).indexOf(a.audience) - Object.keys(AUDIENCE_LABELS).indexOf(b.audience);
  const source = { kind: 'portal' as const, label: { ja: 'ラストワンマイル・ポータルの集計', en: 'Lastmile portal figures' } };
  return [
    {
      id: 'need-adoption',
      title: { ja: `対象ごとの対策の実施率（${where.ja}）`, en: `Adoption by audience (${where.en})` },
      description: { ja: '各対象の回答者が基本的な対策を実施している割合の平均。', en: 'Mean share of each audience’s respondents applying the basic measures.' },
      source,
      period,
      columns: [
        { key: 'respondents', label: { ja: '回答数', en: 'Respondents' }, unit: 'count' },
        { key: 'adoption', label: { ja: '実施率（平均）', en: 'Adoption (mean)' }, unit: 'percent' },
      ],
      rows: [...measured].sort(order).map((r) => ({
        key: r.audience,
        label: AUDIENCE_LABELS[r.audience],
        cells: [
          { value: r.respondents, suppressed: r.respondents === null },
          { value: r.adoption, suppressed: r.adoption === null },
        ],
      })),
      notes: [{ ja: '個人は個人のセルフチェック、企業は選んだ企業のチェックの結果です。', en: 'People: the personal check; firms: the chosen firm check.' }],
    },
    {
      id: 'need-coverage',
      title: { ja: `対象ごとの取組の量（${where.ja}）`, en: `Coverage by audience (${where.en})` },
      description: { ja: 'その対象に届く取組・イベント・教材の件数。', en: 'Initiatives, events and materials reaching each audience.' },
      source,
      period,
      columns: [
        { key: 'initiatives', label: { ja: '取組', en: 'Initiatives' }, unit: 'count' },
        { key: 'events', label: { ja: 'イベント', en: 'Events' }, unit: 'count' },
        { key: 'materials', label: { ja: '教材', en: 'Materials' }, unit: 'count' },
      ],
      rows: [...rows].sort(order).map((r) => ({
        key: r.audience,
        label: AUDIENCE_LABELS[r.audience],
        cells: [r.coverage.initiatives, r.coverage.events, r.coverage.materials].map((value) => ({ value, suppressed: false })),
      })),
      notes: [{ ja: '取組・イベント・教材の件数は個人を特定する数ではないため、そのまま公表しています。', en: 'Counts of initiatives, events and materials do not describe people, so they are published as they are.' }],
    },
  ];
}

export async function needModel(deps: DashboardDeps, q: DashboardQuery): Promise<{ rows: NeedRow[]; tables: StatTable[] }> {
  const rows = await loadNeed(deps.need, q.period, { prefecture: q.prefecture ?? undefined, firmCheck: q.firm });
  return { rows, tables: needTables(rows, q.period, q.prefecture) };
}
