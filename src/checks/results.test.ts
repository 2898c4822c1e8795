// The anonymous results store: what a completed check leaves in the database, on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, testDialects, type TestDatabase } from '../../test/support/databases.ts';
import { CheckResultWriter, resultsOn, type CheckResultInput } from './results.ts';

const base: CheckResultInput = { check: 'diagnosis', definitionVersion: 3, answers: 'yyyyypnnnuyyyyyyyyyyyyyyy', score: 83, completedOn: '2026-11-26' };

for (const dialect of testDialects()) {
  describe(`anonymous check results (${dialect})`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createTestDatabase(dialect);
    });
    after(async () => db.cleanup());

    it('keeps exactly what the person gave: check, version, answers, score, day and the chosen attributes', async () => {
      const w = new CheckResultWriter(db.handle);
      assert.equal(await w.record({ ...base, sizeBand: '6-20', industry: 'E', prefecture: '13' }), true);
      assert.equal(await w.record({ ...base, check: 'personal', definitionVersion: null, answers: 'yyynpuyyy', score: 6, ageBand: '70s', completedOn: '2026-11-26' }), true);
      await w.close();
      const [d] = await resultsOn(db.handle, 'diagnosis', '2026-11-26');
      assert.deepEqual(d, { check: 'diagnosis', definitionVersion: 3, completedOn: '2026-11-26', answers: base.answers, score: 83, ageBand: null, prefecture: '13', sizeBand: '6-20', industry: 'E' });
      const [p] = await resultsOn(db.handle, 'personal', '2026-11-26');
      assert.equal(p!.definitionVersion, 0);
      assert.equal(p!.ageBand, '70s');
      // The table itself has no place for anything that could identify a person or a session.
      const row = await db.handle.db.selectFrom('check_results').selectAll().limit(1).executeTakeFirstOrThrow();
      assert.deepEqual(Object.keys(row).sort(), ['age_band', 'answers', 'check_kind', 'completed_on', 'definition_version', 'id', 'industry', 'prefecture', 'score', 'size_band']);
    });

    it('commits results that arrive together in one transaction, and each caller hears only after the commit', async () => {
      const w = new CheckResultWriter(db.handle);
      const day = '2026-11-27';
      const n = 1200; // more than one batch
      const acks = await Promise.all(Array.from({ length: n }, (_, i) => w.record({ ...base, completedOn: day, score: i % 101 })));
      assert.equal(acks.filter(Boolean).length, n);
      assert.equal((await resultsOn(db.handle, 'diagnosis', day)).length, n);
      await w.close();
      await assert.rejects(w.record(base), /closed/);
    });

    it('runs the caller’s own step in the same transaction: declined results are not stored, and one caller’s failure is that caller’s alone', async () => {
      const w = new CheckResultWriter(db.handle);
      const day = '2026-11-28';
      const [a, b] = await Promise.all([w.record({ ...base, completedOn: day }, async () => false), w.record({ ...base, completedOn: day, score: 1 })]);
      assert.equal(a, false);
      assert.equal(b, true);
      assert.equal((await resultsOn(db.handle, 'diagnosis', day)).length, 1);

      const day2 = '2026-11-29';
      const results = await Promise.allSettled([
        w.record({ ...base, completedOn: day2 }),
        w.record({ ...base, completedOn: day2 }, async () => {
          throw new Error('boom');
        }),
      ]);
      assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected']);
      assert.equal((await resultsOn(db.handle, 'diagnosis', day2)).length, 1);
      // The writer keeps working after a failed batch.
      assert.equal(await w.record({ ...base, completedOn: day2 }), true);
      await w.close();
    });

    it('refuses malformed input before it reaches the database', async () => {
      const w = new CheckResultWriter(db.handle);
      assert.throws(() => w.record({ ...base, completedOn: '2026-11-26T10:00:00Z' }), /YYYY-MM-DD/);
      assert.throws(() => w.record({ ...base, answers: '' }), /answers/);
      assert.throws(() => w.record({ ...base, check: 'other' as never }), /unknown check/);
      await w.close();
    });
  });
}
