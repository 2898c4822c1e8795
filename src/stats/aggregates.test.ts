// The maintained self-check figures equal a full recomputation over the raw rows, whatever arrives:
// random results of every check (fast-check), recorded through the real CheckResultWriter, in concurrent
// batches from two writers, with declined and failing callers; on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { createTestDatabase, testDialects, type TestDatabase } from '../../test/support/databases.ts';
import { CheckResultWriter, type CheckResultInput } from '../checks/results.ts';
import { AGE_BANDS, INDUSTRIES, SIZE_BANDS } from '../taxonomy/attributes.ts';
import { checkStatsUpdater, foldResults, readCheckStats, statKey } from './aggregates.ts';
import { rebuildStats, recomputeCheckStats } from './recompute.ts';

const LENGTHS = { personal: 9, business5: 5, diagnosis: 25, quiz: 10 } as const;
const PREFS = ['01', '13', '27', '47'];
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });

const resultArb: fc.Arbitrary<CheckResultInput> = fc
  .record({
    check: fc.constantFrom('personal', 'business5', 'diagnosis', 'quiz' as const),
    seed: fc.array(fc.constantFrom('y', 'p', 'n', 'u'), { minLength: 25, maxLength: 25 }),
    quiz: fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { minLength: 10, maxLength: 10 }),
    score: fc.option(fc.integer({ min: -25, max: 100 }), { nil: null, freq: 8 }),
    month: fc.integer({ min: 0, max: 17 }),
    day: fc.integer({ min: 1, max: 28 }),
    ageBand: opt(fc.constantFrom(...AGE_BANDS)),
    prefecture: opt(fc.constantFrom(...PREFS)),
    sizeBand: opt(fc.constantFrom(...SIZE_BANDS)),
    industry: opt(fc.constantFrom(...INDUSTRIES)),
  })
  .map((r) => {
    const y = 2025 + Math.floor((r.month + 3) / 12);
    const m = ((r.month + 3) % 12) + 1;
    const individual = r.check === 'personal' || r.check === 'quiz';
    return {
      check: r.check,
      definitionVersion: null,
      answers: r.check === 'quiz' ? r.quiz.join('') : r.seed.slice(0, LENGTHS[r.check]).join(''),
      score: r.score === null ? null : r.check === 'diagnosis' ? r.score : Math.abs(r.score) % (LENGTHS[r.check] + 1),
      completedOn: `${y}-${String(m).padStart(2, '0')}-${String(r.day).padStart(2, '0')}`,
      // Each check asks for its own attributes (personal: age and prefecture; the firms' checks: size,
      // industry and prefecture; the quiz: none).
      ageBand: r.check === 'personal' ? r.ageBand : null,
      prefecture: r.check === 'quiz' ? null : r.prefecture,
      sizeBand: individual ? null : r.sizeBand,
      industry: individual ? null : r.industry,
    } satisfies CheckResultInput;
  });

for (const dialect of testDialects()) {
  describe(`maintained self-check figures (${dialect})`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createTestDatabase(dialect);
    });
    after(async () => db.cleanup());

    it('counts one hand-made batch as a person would: per item, per dimension, the score buckets', async () => {
      const w = new CheckResultWriter(db.handle, { onBatch: checkStatsUpdater(db.handle) });
      await Promise.all([
        w.record({ check: 'personal', definitionVersion: null, answers: 'yyypnuyyy', score: 6, completedOn: '2030-05-02', ageBand: '70s', prefecture: '13' }),
        w.record({ check: 'personal', definitionVersion: null, answers: 'nyyyyyyyy', score: 8, completedOn: '2030-05-31', ageBand: '20s', prefecture: null }),
        w.record({ check: 'diagnosis', definitionVersion: null, answers: 'y'.repeat(25), score: 100, completedOn: '2030-05-02', sizeBand: '6-20' }),
        w.record({ check: 'diagnosis', definitionVersion: null, answers: 'u'.repeat(25), score: -25, completedOn: '2030-05-02', sizeBand: '301p' }),
      ]);
      await w.close();
      const s = await readCheckStats(db.handle.db);
      const all = s.get(statKey('personal', '2030-05', 'all', ''))!;
      assert.equal(all.n, 2);
      assert.deepEqual(all.y.slice(0, 9), [1, 2, 2, 1, 1, 1, 2, 2, 2]);
      assert.deepEqual(all.no.slice(0, 9), [1, 0, 0, 0, 1, 0, 0, 0, 0]);
      assert.equal(all.scoreSum, 14);
      assert.equal(s.get(statKey('personal', '2030-05', 'audience', 'seniors'))!.n, 1);
      assert.equal(s.get(statKey('personal', '2030-05', 'audience', 'youth'))!.n, 1);
      assert.equal(s.get(statKey('personal', '2030-05', 'audience_prefecture', 'seniors|13'))!.n, 1);
      // The one who gave no prefecture is counted under "not given".
      assert.equal(s.get(statKey('personal', '2030-05', 'prefecture', ''))!.n, 1);
      const d = s.get(statKey('diagnosis', '2030-05', 'all', ''))!;
      assert.equal(d.h[10], 1, '100 points is its own bucket');
      assert.equal(d.h[0], 1, 'a negative total (every answer "don’t know") falls in the lowest bucket');
      assert.equal(s.get(statKey('diagnosis', '2030-05', 'audience', 'micro_business'))!.y[24], 1);
      assert.equal(s.get(statKey('diagnosis', '2030-05', 'audience', 'large_enterprise'))!.u[0], 1);
      // Personal results are not counted by firm size, nor the firms' by age band.
      assert.equal(s.get(statKey('personal', '2030-05', 'size', '')), undefined);
      assert.equal(s.get(statKey('diagnosis', '2030-05', 'age', '')), undefined);
      assert.deepEqual(s, await recomputeCheckStats(db.handle));
    });

    it('equals the full recomputation after random results in concurrent batches from two writers, declined and failing callers included', async () => {
      const a = new CheckResultWriter(db.handle, { onBatch: checkStatsUpdater(db.handle) });
      const b = new CheckResultWriter(db.handle, { onBatch: checkStatsUpdater(db.handle) });
      await fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(resultArb, fc.constantFrom('store', 'store', 'store', 'decline', 'fail'), fc.boolean()), { minLength: 1, maxLength: 700 }), async (items) => {
          await Promise.allSettled(
            items.map(([r, fate, second]) =>
              (second ? b : a).record(r, fate === 'store' ? undefined : async () => {
                if (fate === 'fail') throw new Error('the caller’s own step failed');
                return false;
              }),
            ),
          );
          assert.deepEqual(await readCheckStats(db.handle.db), await recomputeCheckStats(db.handle));
        }),
        { numRuns: 6 },
      );
      await Promise.all([a.close(), b.close()]);
    });

    it('rebuildStats replaces the maintained rows by the recomputation (after results stored without the hook)', async () => {
      const plain = new CheckResultWriter(db.handle);
      const extra = fc.sample(resultArb, { numRuns: 200, seed: 7 });
      await Promise.all(extra.map((r) => plain.record(r)));
      await plain.close();
      const before = await readCheckStats(db.handle.db);
      assert.notDeepEqual(before, await recomputeCheckStats(db.handle));
      await rebuildStats(db.handle);
      assert.deepEqual(await readCheckStats(db.handle.db), await recomputeCheckStats(db.handle));
      // And the in-memory fold agrees with both on a batch by itself.
      const fold = foldResults(extra);
      const one = [...fold.values()].find((r) => r.dim === 'all')!;
      assert.ok(one.n > 0);
    });
  });
}
