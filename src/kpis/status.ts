// The status and trend of a KPI: pure functions over plain numbers, so the rule is tested on its own.
//
// The rule (shown on /dashboard/kpis in words):
// - not_published: the value is suppressed (a small group) or there is nothing to measure yet. A value
//   that is not published is never read as 0, so it never counts as "behind".
// - no_target: the office has set no target for this indicator and period.
// - achieved: the value meets the target (higher is better: value ≥ target; lower is better: value ≤
//   target). For an indicator that accumulates over the year (events held, participants…) with lower is
//   better, meeting the target only counts once the year is over, since the count can still grow.
// - on_track / behind, during a fiscal year: the value is compared with where it should be by now on a
//   straight line through the year (pro-rata by days elapsed in Japan time since 1 April):
//     accumulating indicators:  expected = target × elapsed
//     levels (shares, scores, active counts): expected = baseline + (target − baseline) × elapsed, where
//     the baseline is the previous fiscal year's value; without a published baseline there is no line to
//     follow, so expected = target (only achieved or behind).
//   on_track when the value is at or beyond the expected one in the indicator's direction, else behind.
//   Once the year is over (and for the period 'all', which has no year to pro-rate), not achieved = behind.
import type { Period } from '../stats/model.ts';

export const KPI_STATUSES = ['achieved', 'on_track', 'behind', 'no_target', 'not_published'] as const;
export type KpiStatus = (typeof KPI_STATUSES)[number];

export type Direction = 'higher' | 'lower';

export interface KpiStatusInput {
  value: number | null;
  suppressed: boolean;
  target: number | null;
  direction: Direction;
  /** Counts that grow through the year (events held) rather than levels (a share, active declarations). */
  accumulates: boolean;
  /** The previous fiscal year's value, when published (levels only). */
  baseline: number | null;
  /** Share of the fiscal year elapsed, 0..1; null for the period 'all'. */
  elapsed: number | null;
}

export interface KpiStatusResult {
  status: KpiStatus;
  /** Where the value should be by now (null when not computed). */
  expected: number | null;
}

export function kpiStatus(i: KpiStatusInput): KpiStatusResult {
  if (i.suppressed || i.value === null || !Number.isFinite(i.value)) return { status: 'not_published', expected: null };
  if (i.target === null || !Number.isFinite(i.target)) return { status: 'no_target', expected: null };
  const v = i.value;
  const t = i.target;
  const yearOver = i.elapsed === null || i.elapsed >= 1;
  const better = (a: number, b: number) => (i.direction === 'higher' ? a >= b : a <= b);
  if (better(v, t) && (i.direction === 'higher' || !i.accumulates || yearOver)) return { status: 'achieved', expected: t };
  if (yearOver) return { status: 'behind', expected: t };
  const f = Math.max(0, Math.min(1, i.elapsed!));
  let expected: number;
  if (i.accumulates) expected = t * f;
  else if (i.baseline !== null && Number.isFinite(i.baseline)) expected = i.baseline + (t - i.baseline) * f;
  else expected = t;
  return { status: better(v, expected) ? 'on_track' : 'behind', expected: round1(expected) };
}

export type TrendDirection = 'up' | 'down' | 'flat';

export interface Trend {
  direction: TrendDirection;
  /** value − previous value, one decimal. */
  change: number;
  previous: number;
}

/** Change against the previous fiscal year's value; null when either is not published. */
export function kpiTrend(value: number | null, previous: number | null): Trend | null {
  if (value === null || previous === null || !Number.isFinite(value) || !Number.isFinite(previous)) return null;
  const change = round1(value - previous);
  return { direction: change > 0 ? 'up' : change < 0 ? 'down' : 'flat', change, previous };
}

/** Share of a fiscal year elapsed at `now` (Japan time): 0 before 1 April, 1 from the next 1 April; null for 'all'. */
export function elapsedShare(period: Period, now: Date): number | null {
  if (period.kind === 'all') return null;
  const start = Date.parse(`${period.year}-04-01T00:00:00+09:00`);
  const end = Date.parse(`${period.year + 1}-04-01T00:00:00+09:00`);
  return Math.max(0, Math.min(1, (now.getTime() - start) / (end - start)));
}

/** The fiscal year (April to March, Japan time) that contains `now`. */
export function fiscalYearOf(now: Date): number {
  const jst = new Date(now.getTime() + 9 * 3_600_000);
  const y = jst.getUTCFullYear();
  return jst.getUTCMonth() >= 3 ? y : y - 1;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
