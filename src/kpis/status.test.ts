// The KPI status rule (kpis/status.ts): every status, both directions, accumulating counts and levels,
// the pro-rata line through the fiscal year, and the trend against the previous year.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { elapsedShare, fiscalYearOf, kpiStatus, kpiTrend, type KpiStatusInput } from './status.ts';

const base: KpiStatusInput = { value: 50, suppressed: false, target: 60, direction: 'higher', accumulates: false, baseline: null, elapsed: 0.5 };
const s = (over: Partial<KpiStatusInput>) => kpiStatus({ ...base, ...over }).status;

describe('kpiStatus', () => {
  test('a suppressed or missing value is not published, never behind, even with a target', () => {
    assert.equal(s({ value: null, suppressed: true }), 'not_published');
    assert.equal(s({ value: null }), 'not_published');
    assert.equal(s({ value: 0, suppressed: true }), 'not_published');
  });

  test('no target set', () => {
    assert.equal(s({ target: null }), 'no_target');
  });

  test('higher is better: meeting the target is achieved at any time of the year', () => {
    assert.equal(s({ value: 60 }), 'achieved');
    assert.equal(s({ value: 75, elapsed: 0.1 }), 'achieved');
    assert.equal(s({ value: 60, elapsed: null }), 'achieved');
  });

  test('higher is better, accumulating: on track when at or above target × elapsed, else behind', () => {
    // Target 100 events, half the year gone: 50 expected.
    const r = kpiStatus({ ...base, accumulates: true, target: 100, value: 50, elapsed: 0.5 });
    assert.deepEqual(r, { status: 'on_track', expected: 50 });
    assert.equal(s({ accumulates: true, target: 100, value: 49, elapsed: 0.5 }), 'behind');
    assert.equal(s({ accumulates: true, target: 100, value: 30, elapsed: 0.25 }), 'on_track');
  });

  test('higher is better, level: the line runs from last year\'s value to the target', () => {
    // Baseline 40 %, target 60 %, a quarter through: 45 % expected.
    assert.deepEqual(kpiStatus({ ...base, baseline: 40, value: 45, elapsed: 0.25 }), { status: 'on_track', expected: 45 });
    assert.equal(s({ baseline: 40, value: 44.9, elapsed: 0.25 }), 'behind');
    // Without a baseline there is no line: below target is behind.
    assert.equal(s({ baseline: null, value: 59.9, elapsed: 0.1 }), 'behind');
  });

  test('after the year (or for all time) not achieved is behind', () => {
    assert.equal(s({ accumulates: true, target: 100, value: 99, elapsed: 1 }), 'behind');
    assert.equal(s({ value: 10, elapsed: null }), 'behind');
  });

  test('lower is better, level: at or under the target is achieved; the line falls from the baseline', () => {
    const low = { direction: 'lower' as const, target: 10 };
    assert.equal(s({ ...low, value: 10 }), 'achieved');
    assert.equal(s({ ...low, value: 8, elapsed: null }), 'achieved');
    // Baseline 30, target 10, half the year: 20 expected.
    assert.deepEqual(kpiStatus({ ...base, ...low, baseline: 30, value: 20, elapsed: 0.5 }), { status: 'on_track', expected: 20 });
    assert.equal(s({ ...low, baseline: 30, value: 21, elapsed: 0.5 }), 'behind');
    assert.equal(s({ ...low, value: 11, elapsed: null }), 'behind');
  });

  test('lower is better, accumulating: under the target counts only once the year is over', () => {
    const low = { direction: 'lower' as const, accumulates: true, target: 100 };
    assert.equal(s({ ...low, value: 40, elapsed: 0.5 }), 'on_track');
    assert.equal(s({ ...low, value: 60, elapsed: 0.5 }), 'behind');
    assert.equal(s({ ...low, value: 90, elapsed: 1 }), 'achieved');
    assert.equal(s({ ...low, value: 101, elapsed: 1 }), 'behind');
  });
});

describe('kpiTrend and the fiscal year', () => {
  test('change against the previous year with the number; none when either is not published', () => {
    assert.deepEqual(kpiTrend(52.5, 50), { direction: 'up', change: 2.5, previous: 50 });
    assert.deepEqual(kpiTrend(10, 12), { direction: 'down', change: -2, previous: 12 });
    assert.deepEqual(kpiTrend(7, 7), { direction: 'flat', change: 0, previous: 7 });
    assert.equal(kpiTrend(null, 7), null);
    assert.equal(kpiTrend(7, null), null);
  });

  test('fiscal years start on 1 April in Japan time', () => {
    assert.equal(fiscalYearOf(new Date('2026-03-31T14:59:59Z')), 2025);
    assert.equal(fiscalYearOf(new Date('2026-03-31T15:00:00Z')), 2026);
    assert.equal(elapsedShare({ kind: 'fy', year: 2026 }, new Date('2026-03-31T15:00:00Z')), 0);
    assert.equal(elapsedShare({ kind: 'fy', year: 2026 }, new Date('2027-04-02T00:00:00Z')), 1);
    const mid = elapsedShare({ kind: 'fy', year: 2026 }, new Date('2026-10-01T00:00:00+09:00'))!;
    assert.ok(mid > 0.49 && mid < 0.51, String(mid));
    assert.equal(elapsedShare({ kind: 'all' }, new Date()), null);
  });
});
