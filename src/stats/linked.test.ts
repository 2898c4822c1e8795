// Suppression that holds ACROSS the published tables (figures.ts header): the portal publishes several
// tables over the same people, some of them sums of others, so a value withheld in one table must not
// come back by combining it with another. Each test builds the situation a reader could exploit, with
// results recorded through the real result writer and its stats hook (declarations through the
// register's triggers), and checks that the subtraction is no longer possible; on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestDatabase, testDialects, type TestDatabase } from '../../test/support/databases.ts';
import { CheckResultWriter, type CheckResultInput } from '../checks/results.ts';
import { insertActiveDeclaration } from '../declarations/fixture.ts';
import type { SizeBand } from '../taxonomy/attributes.ts';
import { checkStatsUpdater } from './aggregates.ts';
import { adoptionFigure, adoptionTrendFigure, declarationMonthsFigure, declarationsFigure, scoreBandFigure, scoreFigure } from './figures.ts';
import type { StatTable } from './model.ts';

const FY2026 = { kind: 'fy', year: 2026 } as const;

async function withResults(dialect: Parameters<typeof createTestDatabase>[0], results: CheckResultInput[], body: (db: TestDatabase) => Promise<void>): Promise<void> {
  const db = await createTestDatabase(dialect);
  try {
    const w = new CheckResultWriter(db.handle, { onBatch: checkStatsUpdater(db.handle) });
    await Promise.all(results.map((r) => w.record(r)));
    await w.close();
    await body(db);
  } finally {
    await db.cleanup();
  }
}

const times = <T>(k: number, make: (i: number) => T): T[] => Array.from({ length: k }, (_, i) => make(i));
const personal = (ageBand: CheckResultInput['ageBand'], over: Partial<CheckResultInput> = {}): CheckResultInput => ({ check: 'personal', definitionVersion: null, answers: 'yyyyyyyyy', score: 9, completedOn: '2026-05-10', ageBand, prefecture: '13', ...over });
const cellOf = (t: StatTable, row: string, col: string) => {
  const r = t.rows.find((x) => x.key === row);
  assert.ok(r, `${t.id} has a row ${row}`);
  return r.cells[t.columns.findIndex((c) => c.key === col)]!;
};

/**
 * `coarse` sums rows of `fine` (groups: coarse row → fine rows). A published coarse value minus the
 * published components gives the withheld one back, so every column a coarse row publishes must be
 * published in each of its components, and (counts) be their sum.
 */
function assertNoSubtraction(fine: StatTable, coarse: StatTable, groups: Record<string, string[]>) {
  for (const [ck, parts] of Object.entries(groups)) {
    coarse.columns.forEach((col, j) => {
      const c = cellOf(coarse, ck, col.key);
      if (c.suppressed || !fine.columns.some((f) => f.key === col.key)) return;
      const shown = parts.map((p) => cellOf(fine, p, col.key));
      const hidden = parts.filter((_, i) => shown[i]!.suppressed);
      assert.deepEqual(hidden, [], `${coarse.id} publishes ${ck} ${col.key} = ${c.value}, but ${fine.id} withholds ${hidden.join(', ')}: subtraction recovers it`);
      if (col.unit === 'count') assert.equal(c.value, shown.reduce((s, x) => s + (x.value ?? 0), 0), `${ck} ${col.key} is the sum of ${parts.join(', ')}`);
      void j;
    });
  }
}

for (const dialect of testDialects()) {
  describe(`suppression across the published tables (${dialect})`, () => {
    it('audiences are sums of age bands: seniors minus the 60s and 70s never gives the withheld 80+', async () => {
      // 3 people of 80 or over and 4 under 20 (withheld, each other's partner), 20 in every other band.
      const results = [...times(3, () => personal('80p')), ...times(4, () => personal('u20')), ...(['20s', '30s', '40s', '50s', '60s', '70s'] as const).flatMap((a) => times(20, () => personal(a)))];
      await withResults(dialect, results, async (db) => {
        const age = await adoptionFigure(db.handle, { period: FY2026, check: 'personal', dimension: 'age' });
        assert.equal(cellOf(age, '80p', 'respondents').suppressed, true);
        const audience = await adoptionFigure(db.handle, { period: FY2026, check: 'personal', dimension: 'audience' });
        assertNoSubtraction(age, audience, { youth: ['u20', '20s'], working_age: ['30s', '40s', '50s'], seniors: ['60s', '70s', '80p'], none: ['none'] });
        // Working age has no withheld band: published as it is.
        assert.deepEqual(cellOf(audience, 'working_age', 'respondents'), { value: 60, suppressed: false });
        assert.deepEqual(cellOf(audience, 'total', 'respondents'), cellOf(age, 'total', 'respondents'));
      });
    });

    it('everyone in one prefecture is that row of the prefecture table: a partner withheld there is withheld here', async () => {
      // 4 people in Kyoto (withheld); Tokyo's 20 is their partner, so the prefecture table withholds it.
      const results = [...times(4, () => personal('30s', { prefecture: '26' })), ...times(20, () => personal('30s', { prefecture: '13', answers: 'nyyyyyyyy' })), ...times(30, () => personal('30s', { prefecture: '01' }))];
      await withResults(dialect, results, async (db) => {
        const byPref = await adoptionFigure(db.handle, { period: FY2026, check: 'personal', dimension: 'prefecture' });
        assert.equal(cellOf(byPref, '26', 'respondents').suppressed, true);
        assert.equal(cellOf(byPref, '13', 'respondents').suppressed, true);
        const tokyo = await adoptionFigure(db.handle, { period: FY2026, check: 'personal', dimension: 'all', prefecture: '13' });
        // Published, Tokyo's 20 would give Kyoto's 4 back: 54 − 30 − 20.
        assert.deepEqual(tokyo.rows, [{ ...byPref.rows.find((r) => r.key === '13')!, key: 'total', label: tokyo.rows[0]!.label, total: true }]);
        const hokkaido = await adoptionFigure(db.handle, { period: FY2026, check: 'personal', dimension: 'all', prefecture: '01' });
        assert.deepEqual(hokkaido.rows[0]!.cells.slice(0, 2), [{ value: 30, suppressed: false }, { value: 100, suppressed: false }]);
      });
    });

    it('all time is the sum of the fiscal years: all time minus FY2026 never gives a value FY2025 withholds', async () => {
      // FY2025: 4 people of 80 or over (withheld) and the 70s (20) as their partner; FY2026: 20 in each.
      const in2025 = (a: CheckResultInput['ageBand'], k: number) => times(k, () => personal(a, { completedOn: '2025-06-10' }));
      const in2026 = (a: CheckResultInput['ageBand'], k: number) => times(k, () => personal(a, { completedOn: '2026-06-10' }));
      const results = [...in2025('80p', 4), ...in2025('70s', 20), ...in2025('60s', 30), ...in2026('80p', 20), ...in2026('70s', 20), ...in2026('60s', 30)];
      await withResults(dialect, results, async (db) => {
        const [fy2025, fy2026, all] = await Promise.all([{ kind: 'fy', year: 2025 } as const, FY2026, { kind: 'all' } as const].map((period) => adoptionFigure(db.handle, { period, check: 'personal', dimension: 'age' })));
        assert.equal(cellOf(fy2025!, '80p', 'respondents').suppressed, true);
        for (const r of fy2025!.rows)
          for (const c of fy2025!.columns)
            if (cellOf(fy2025!, r.key, c.key).suppressed) assert.ok(cellOf(all!, r.key, c.key).suppressed || cellOf(fy2026!, r.key, c.key).suppressed, `${r.key} ${c.key}: all time minus FY2026 gives FY2025's withheld value`);
        assert.deepEqual(cellOf(all!, '60s', 'respondents'), { value: 60, suppressed: false });
        // Month by month, all time shows each fiscal year's months exactly as that year's table does.
        const [t2025, tAll] = await Promise.all([{ kind: 'fy', year: 2025 } as const, { kind: 'all' } as const].map((period) => adoptionTrendFigure(db.handle, { period, check: 'personal' })));
        assert.deepEqual(cellOf(tAll!, '2025-06', 'respondents'), cellOf(t2025!, '2025-06', 'respondents'));
        assert.deepEqual(tAll!.rows[0]!.key, '2025-06');
        assert.deepEqual(tAll!.rows.at(-2)!.key, '2026-06');
        assert.deepEqual(cellOf(tAll!, 'total', 'respondents'), { value: 124, suppressed: false });
      });
    });

    it('declarations by audience are sums of firm sizes: micro businesses minus 2–5 and 6–20 never gives the withheld sole traders', async () => {
      const db = await createTestDatabase(dialect);
      try {
        const sizes: [SizeBand, number][] = [['sole', 3], ['2-5', 12], ['6-20', 12], ['21-50', 15], ['301p', 11]];
        let i = 0;
        for (const [sizeBand, k] of sizes) for (let j = 0; j < k; j++) await insertActiveDeclaration(db.handle, { name: `テスト${i}`, sizeBand }, `d${i++}@example.jp`);
        const size = await declarationsFigure(db.handle, { period: { kind: 'all' }, dimension: 'size' });
        assert.equal(cellOf(size, 'sole', 'star1').suppressed, true);
        const audience = await declarationsFigure(db.handle, { period: { kind: 'all' }, dimension: 'audience' });
        assertNoSubtraction(size, audience, { micro_business: ['sole', '2-5', '6-20'], sme: ['21-50', '51-100', '101-300'], large_enterprise: ['301p'], total: ['total'] });
        assert.deepEqual(cellOf(audience, 'sme', 'star1'), { value: 15, suppressed: false });
      } finally {
        await db.cleanup();
      }
    });

    it('declarations month by month: new ones withheld cannot be rebuilt from the change in those active', async () => {
      const db = await createTestDatabase(dialect);
      try {
        // 15 one-star declarations in May 2026 and 3 in June (withheld): active at the end of June minus
        // active at the end of May plus those that ended in June would be June's 3 new ones.
        let i = 0;
        for (const [at, k] of [['2026-05-12T03:00:00Z', 15], ['2026-06-12T03:00:00Z', 3]] as const) for (let j = 0; j < k; j++) await insertActiveDeclaration(db.handle, { name: `テスト${i}` }, `m${i++}@example.jp`, new Date(at));
        for (const period of [FY2026, { kind: 'all' } as const]) {
          const t = await declarationMonthsFigure(db.handle, { period });
          assert.equal(cellOf(t, '2026-06', 'new1').suppressed, true);
          const shown = (row: string, col: string) => t.columns.some((c) => c.key === col) && t.rows.some((r) => r.key === row) && !cellOf(t, row, col).suppressed;
          for (const r of t.rows) {
            if (r.total || !cellOf(t, r.key, 'new1').suppressed) continue;
            const [y, m] = r.key.split('-').map(Number) as [number, number];
            const prev = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
            assert.ok(!(shown(r.key, 'active1') && shown(prev, 'active1') && shown(r.key, 'ended1')), `${r.key}: new = active − active before + ended recovers the withheld new count`);
          }
          // Active at month end is a stock: 15, then 18, published on its own.
          assert.deepEqual(cellOf(t, '2026-06', 'active1'), { value: 18, suppressed: false });
          assert.deepEqual(cellOf(t, 'total', 'active1'), { value: 18, suppressed: false });
          assert.ok(t.notes.some((n) => n.en.includes('Ended')));
        }
        // 3 two-star declarations in July: the register by prefecture withholds the two-star total and,
        // as its partner, the one-star total, but publishes their sum (21). Active one-star at the end
        // would give the 3 back: both stars' stocks are withheld from July on.
        for (let j = 0; j < 3; j++) await insertActiveDeclaration(db.handle, { name: `テスト${i}`, star: 2, diagnosisDone: true, policyUrl: 'https://www.example.com/policy' }, `m${i++}@example.jp`, new Date('2026-07-12T03:00:00Z'));
        const register = await declarationsFigure(db.handle, { period: { kind: 'all' }, dimension: 'prefecture' });
        assert.deepEqual(cellOf(register, 'total', 'total'), { value: 21, suppressed: false });
        assert.equal(cellOf(register, 'total', 'star2').suppressed, true);
        const t = await declarationMonthsFigure(db.handle, { period: { kind: 'all' } });
        assert.ok(cellOf(t, 'total', 'active1').suppressed || !cellOf(register, 'total', 'star1').suppressed, 'one-star active at the end, with the register sum, gives the two-star total back');
        assert.equal(cellOf(t, '2026-07', 'active1').suppressed, true);
        assert.deepEqual(cellOf(t, '2026-06', 'active1'), { value: 18, suppressed: false });
      } finally {
        await db.cleanup();
      }
    });

    it('diagnosis bands are sums of the 10-point buckets: the 70–99 band minus the published buckets never gives a withheld one', async () => {
      const diagnosis = (score: number): CheckResultInput => ({ check: 'diagnosis', definitionVersion: null, answers: 'y'.repeat(25), score, completedOn: '2026-06-01', sizeBand: '2-5' });
      // 3 perfect scores (withheld; the smallest bucket, 70–79, is their partner), 20 in each of 70s,
      // 80s and 90s, 30 in the 50s and 40 in the 30s.
      const results = [...times(3, () => diagnosis(100)), ...[95, 85, 75].flatMap((s) => times(20, () => diagnosis(s))), ...times(30, () => diagnosis(55)), ...times(40, () => diagnosis(35))];
      await withResults(dialect, results, async (db) => {
        const buckets = await scoreFigure(db.handle, { period: FY2026, check: 'diagnosis' });
        assert.equal(cellOf(buckets, 'b10', 'respondents').suppressed, true);
        const bands = await scoreBandFigure(db.handle, { period: FY2026 });
        assertNoSubtraction(buckets, bands, { band1: ['b10'], band2: ['b7', 'b8', 'b9'], band3: ['b5', 'b6'], band4: ['b0', 'b1', 'b2', 'b3', 'b4'], total: ['total'] });
        assert.deepEqual(cellOf(bands, 'band3', 'respondents'), { value: 30, suppressed: false });
      });
    });
  });
}
