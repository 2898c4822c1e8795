// The program's indicators: each is read from ONE cell of a published figure (stats/figures.ts FIGURES,
// stats/effort.ts EFFORT_FIGURES), never by scanning raw result rows, so a KPI always agrees with the
// dashboard's table and the API, and a cell suppressed there (a small group) is "not published" here,
// never 0.
//
// Which strategy measures each indicator informs is the editors' judgement (shown on /dashboard/measures
// with that note): the personal and firm measures inform the program's "basic measures" pillar and the
// priority audiences; events and participants inform the awareness month and the regional pillar; the
// portal's own use (materials, subscribers) informs the portal action.
import { readFileSync } from 'node:fs';
import type { DatabaseHandle } from '../db/database.ts';
import type { Text } from '../i18n/locale.ts';
import type { FigureDefinition, Period, StatCell, StatTable } from '../stats/model.ts';
import { periodKey } from '../stats/model.ts';
import { EFFORT_FIGURES } from '../stats/effort.ts';
import { FIGURES } from '../stats/figures.ts';
import type { KpiUnit } from './model.ts';
import type { Direction } from './status.ts';

export interface IndicatorValue {
  value: number | null;
  suppressed: boolean;
}

/** Builds figures once per evaluation: several indicators read cells of the same table. */
export class FigureCache {
  private readonly tables = new Map<string, Promise<StatTable | null>>();
  constructor(
    readonly handle: DatabaseHandle,
    readonly figures: ReadonlyMap<string, FigureDefinition>,
  ) {}

  /** The figure built for these params, or null when the figure does not exist or refuses the params. */
  table(id: string, params: Record<string, unknown>): Promise<StatTable | null> {
    const key = `${id}?${JSON.stringify(params)}`;
    let t = this.tables.get(key);
    if (!t) {
      const def = this.figures.get(id);
      if (!def) t = Promise.resolve(null);
      else {
        const parsed = def.params.safeParse(params);
        t = parsed.success ? def.build(this.handle, parsed.data) : Promise.resolve(null);
      }
      this.tables.set(key, t);
    }
    return t;
  }
}

export interface CellRef {
  figure: string;
  /** The figure's query params; `period` is filled in with the period's key ('fy2026' | 'all'). */
  params: Record<string, unknown>;
  /** Row key; omitted = the row marked total (or the only row). */
  row?: string;
  column: string;
}

export interface Indicator {
  key: string;
  label: Text;
  unit: KpiUnit;
  direction: Direction;
  /** Counts that build up over a fiscal year (events held) rather than levels (a share, active declarations). */
  accumulates: boolean;
  /** Strategy measure slugs it informs (judged). */
  measures: string[];
  /** Where the value comes from, in words. */
  source: Text;
  cell: CellRef;
}

/** One cell of a built table: the total row (or the named row) and the named column. */
export function pickCell(table: StatTable, row: string | undefined, column: string): StatCell | null {
  const c = table.columns.findIndex((x) => x.key === column);
  if (c < 0) return null;
  const r = row === undefined ? (table.rows.find((x) => x.total) ?? (table.rows.length === 1 ? table.rows[0] : undefined)) : table.rows.find((x) => x.key === row);
  return r?.cells[c] ?? null;
}

export async function computeIndicator(ind: Indicator, cache: FigureCache, period: Period): Promise<IndicatorValue> {
  const table = await cache.table(ind.cell.figure, { ...ind.cell.params, period: periodKey(period) });
  const cell = table ? pickCell(table, ind.cell.row, ind.cell.column) : null;
  if (!cell) return { value: null, suppressed: false };
  return { value: cell.suppressed ? null : cell.value, suppressed: cell.suppressed };
}

const PORTAL_NOTE: Text = { ja: 'このポータルの集計', en: "this portal's own figures" };
const src = (ja: string, en: string): Text => ({ ja: `${ja}（${PORTAL_NOTE.ja}）`, en: `${en} (${PORTAL_NOTE.en})` });

// The strategy measures each group of indicators informs (judged).
const PEOPLE = ['program', 'program-basic-measures', 'program-priority-audiences', 'safety-people-society', 'cross-participation'];
const FIRMS = ['program', 'program-basic-measures', 'program-priority-sme', 'economy-supply-chain'];
const EVENTS = ['program', 'program-action-month', 'program-priority-regional', 'cross-participation'];
const PORTAL = ['program', 'program-action-portal', 'program-action-tools'];
const EVALUATION = ['program', 'program-action-pdca'];

// The measures' names come from the shipped definitions (the office may reword a definition later;
// the indicator keeps the name it was defined with, which is what its targets were set against).
const personal = JSON.parse(readFileSync(new URL('../checks/data/personal.json', import.meta.url), 'utf8')) as { measures: { id: string; official: Text }[] };
const business5 = JSON.parse(readFileSync(new URL('../checks/data/business5.json', import.meta.url), 'utf8')) as { measures: { id: number; title: Text }[] };

const adoption = (check: string, column: string): CellRef => ({ figure: 'adoption', params: { check, dimension: 'all' }, column });

/** The program's indicators (the registry the office sets targets for). */
export const INDICATORS: readonly Indicator[] = [
  ...personal.measures.map((m, i): Indicator => ({
    key: `personal_${m.id}`,
    label: { ja: `個人の対策${i + 1}「${m.official.ja}」を実践している人の割合`, en: `People applying measure ${i + 1}: ${m.official.en}` },
    unit: 'percent',
    direction: 'higher',
    accumulates: false,
    measures: PEOPLE,
    source: src('個人のセルフチェックの結果（「できている」と答えた人の割合、全体の行）', 'Results of the personal self-check (share answering "yes", total row)'),
    cell: adoption('personal', `item${i + 1}`),
  })),
  ...business5.measures.map((m, i): Indicator => ({
    key: `firm_${m.id}`,
    label: { ja: `企業の対策${i + 1}「${m.title.ja}」を実施している企業の割合`, en: `Firms applying measure ${i + 1}: ${m.title.en}` },
    unit: 'percent',
    direction: 'higher',
    accumulates: false,
    measures: FIRMS,
    source: src('中小企業の5つの基本対策チェックの結果（全体の行）', "Results of the small firms' five basic measures check (total row)"),
    cell: adoption('business5', `item${i + 1}`),
  })),
  {
    key: 'diagnosis_mean',
    label: { ja: '情報セキュリティ自社診断の平均点', en: 'Mean score of the 25-item self-diagnosis' },
    unit: 'score',
    direction: 'higher',
    accumulates: false,
    measures: FIRMS,
    source: src('25項目の自社診断の得点分布', 'Score distribution of the 25-item self-diagnosis'),
    cell: { figure: 'scores', params: { check: 'diagnosis' }, column: 'mean' },
  },
  {
    key: 'respondents',
    label: { ja: '個人のセルフチェックの回答数', en: 'Personal self-checks completed' },
    unit: 'count',
    direction: 'higher',
    accumulates: true,
    measures: [...PEOPLE, ...EVALUATION],
    source: src('個人のセルフチェックの結果（回答数）', 'Results of the personal self-check (respondents)'),
    cell: adoption('personal', 'respondents'),
  },
  {
    key: 'declarations_1star',
    label: { ja: '有効な自己宣言（一つ星）', en: 'Active self-declarations (one star)' },
    unit: 'count',
    direction: 'higher',
    accumulates: false,
    measures: FIRMS,
    source: src('自己宣言の登録（有効なもの）', 'The self-declaration register (active)'),
    cell: { figure: 'declarations', params: { dimension: 'prefecture' }, column: 'star1' },
  },
  {
    key: 'declarations_2star',
    label: { ja: '有効な自己宣言（二つ星）', en: 'Active self-declarations (two stars)' },
    unit: 'count',
    direction: 'higher',
    accumulates: false,
    measures: FIRMS,
    source: src('自己宣言の登録（有効なもの）', 'The self-declaration register (active)'),
    cell: { figure: 'declarations', params: { dimension: 'prefecture' }, column: 'star2' },
  },
  {
    key: 'events_held',
    label: { ja: '開催されたイベント', en: 'Events held' },
    unit: 'count',
    direction: 'higher',
    accumulates: true,
    measures: EVENTS,
    source: src('掲載イベント（中止を除く、期間内に開催）', 'Listed events (not cancelled, held in the period)'),
    cell: { figure: 'effort-events-campaign', params: {}, column: 'held' },
  },
  {
    key: 'participants',
    label: { ja: '報告された参加者数', en: 'Participants reported' },
    unit: 'count',
    direction: 'higher',
    accumulates: true,
    measures: EVENTS,
    source: src('イベントの開催報告', 'Event reports'),
    cell: { figure: 'effort-events-campaign', params: {}, column: 'participants' },
  },
  {
    key: 'initiatives_active',
    label: { ja: '実施中の取組', en: 'Active initiatives' },
    unit: 'count',
    direction: 'higher',
    accumulates: false,
    measures: [...PORTAL, 'program-priority-audiences'],
    source: src('取組の一覧（期間内に実施中）', 'The initiative catalogue (active in the period)'),
    cell: { figure: 'effort-initiatives-prefecture', params: {}, column: 'initiatives' },
  },
  {
    key: 'material_downloads',
    label: { ja: '教材のダウンロード数（公開からの累計）', en: 'Material downloads (to date)' },
    unit: 'count',
    direction: 'higher',
    accumulates: false,
    measures: PORTAL,
    source: src('期間の終わりまでに公開された教材の、公開からのダウンロード数の累計（期間では分けられません）', 'Downloads to date of materials published by the end of the period (they cannot be split by period)'),
    cell: { figure: 'effort-materials-audience', params: {}, column: 'downloads' },
  },
  {
    key: 'subscribers',
    label: { ja: '情報配信の登録者（確認済み）', en: 'Confirmed subscribers to alerts' },
    unit: 'count',
    direction: 'higher',
    accumulates: false,
    measures: PORTAL,
    source: src('配信の登録（確認済み）', 'Subscriptions (confirmed)'),
    cell: { figure: 'effort-subscribers-channel', params: {}, column: 'subscribers' },
  },
];

/** Every published figure the indicators and reports read, by id. */
export function evaluationFigures(): ReadonlyMap<string, FigureDefinition> {
  return FIGURE_MAP;
}
const FIGURE_MAP: ReadonlyMap<string, FigureDefinition> = new Map([...FIGURES, ...EFFORT_FIGURES].map((f) => [f.id, f]));
