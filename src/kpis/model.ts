// Domain objects of the KPIs and of the strategy measures' implementation status, with their labels.
import type { Text } from '../i18n/locale.ts';
import type { Direction, KpiStatus, Trend } from './status.ts';

export type KpiUnit = 'percent' | 'count' | 'score';

export interface KpiTarget {
  id: number;
  indicator: string;
  period: string;
  target: number;
  note: string;
  setAt: string;
}

/** One KPI as pages and reports show it: plain data (it is also what an issued report's snapshot keeps). */
export interface KpiView {
  key: string;
  label: Text;
  unit: KpiUnit;
  direction: Direction;
  /** Strategy measure slugs this indicator informs (the editors' judgement). */
  measures: string[];
  /** What the value is read from, in words. */
  source: Text;
  value: number | null;
  suppressed: boolean;
  target: number | null;
  targetNote: string;
  status: KpiStatus;
  /** Where the value should be by now on the pro-rata line (kpis/status.ts). */
  expected: number | null;
  trend: Trend | null;
}

export const MEASURE_STATUSES = ['not_started', 'in_progress', 'implemented', 'under_review'] as const;
export type MeasureStatus = (typeof MEASURE_STATUSES)[number];

export function isMeasureStatus(s: unknown): s is MeasureStatus {
  return typeof s === 'string' && (MEASURE_STATUSES as readonly string[]).includes(s);
}

export const MEASURE_STATUS_LABELS: Record<MeasureStatus, Text> = {
  not_started: { ja: '未着手', en: 'Not started' },
  in_progress: { ja: '実施中', en: 'In progress' },
  implemented: { ja: '実施済み', en: 'Implemented' },
  under_review: { ja: '見直し中', en: 'Under review' },
};

export interface MeasureStatusRecord {
  slug: string;
  status: MeasureStatus;
  note: Text;
  updatedAt: string;
}

export const KPI_STATUS_LABELS: Record<KpiStatus, Text> = {
  achieved: { ja: '達成', en: 'Achieved' },
  on_track: { ja: '順調', en: 'On track' },
  behind: { ja: '遅れ', en: 'Behind' },
  no_target: { ja: '目標なし', en: 'No target' },
  not_published: { ja: '非公表', en: 'Not published' },
};

/** The status rule in words (kpis/status.ts), shown beside every KPI table. */
export const KPI_RULE: Text[] = [
  {
    ja: '「達成」は値が目標に届いていること（高いほど良い指標は目標以上、低いほど良い指標は目標以下）です。',
    en: '"Achieved" means the value meets the target (at or above it when higher is better, at or below it when lower is better).',
  },
  {
    ja: '年度の途中は、4月1日からの経過日数に応じた目安と比べます。件数のように年度内に積み上がる指標は「目標×経過割合」、割合や平均点のような水準の指標は「前年度の値から目標へ向かう直線」上の値が目安です（前年度の値が公表されていないときは目標そのもの）。目安以上なら「順調」、届かなければ「遅れ」です。年度が終わった後と「全期間」では、達成か遅れのどちらかです。',
    en: 'During a fiscal year the value is compared with a pro-rata mark by days elapsed since 1 April: for counts that build up over the year, target × share of the year elapsed; for levels such as shares and mean scores, the point on a straight line from last year\'s value to the target (the target itself when last year\'s value is not published). At or beyond the mark is "on track", short of it is "behind". After the year, and for "all time", a KPI is either achieved or behind.',
  },
  {
    ja: '回答が10件未満などで秘匿された値は「非公表」とし、0とは扱いません。増減は前年度の値との差です。',
    en: 'A value withheld to protect small groups (fewer than 10) is "not published", never read as 0. The trend is the change from the previous fiscal year.',
  },
];
