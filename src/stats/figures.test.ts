// The published figures: what they show for hand-made results, that the API's JSON and CSV carry the
// same numbers, that bad parameters are a 400 in Japanese and English, and (fast-check) that random data
// and random filter choices never publish a count of 1 to 9 nor a rate whose base, numerator or
// complement is 1 to 9; on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { startTestApp, type TestApp } from '../../test/support/app.ts';
import { FIXTURE } from '../../test/support/fixture.ts';
import { testDialects } from '../../test/support/databases.ts';
import { insertActiveDeclaration } from '../declarations/fixture.ts';
import type { CheckResultInput } from '../checks/results.ts';
import { AGE_BANDS, SIZE_BANDS } from '../taxonomy/attributes.ts';
import { statTableJson } from './api.ts';
import { adoptionByAudience, adoptionFigure, declarationsFigure, FIGURES, scoreFigure } from './figures.ts';
import type { StatTable } from './model.ts';

const personal = (over: Partial<CheckResultInput> = {}): CheckResultInput => ({ check: 'personal', definitionVersion: null, answers: 'yyyyyyyyy', score: 9, completedOn: '2026-05-10', ageBand: '70s', prefecture: '13', ...over });

/** Every published count is 0 or at least 10; every published rate has n, y and n − y each 0 or ≥ 10. */
function assertNothingSmall(t: StatTable) {
  const small = (v: number) => v > 0 && v < 10;
  const n = t.columns.findIndex((c) => c.key === 'respondents');
  for (const r of t.rows) {
    r.cells.forEach((c, i) => {
      if (c.suppressed) return assert.equal(c.value, null);
      if (c.value === null) return;
      const col = t.columns[i]!;
      if (col.unit === 'count') assert.ok(!small(c.value), `${t.id} ${r.key} ${col.key} publishes ${c.value}`);
      if (col.unit === 'percent' && n >= 0 && col.key.startsWith('item')) {
        const base = r.cells[n]!;
        assert.ok(!base.suppressed && base.value !== null, `${t.id} ${r.key}: a rate without its base`);
        const y = Math.round((c.value * base.value!) / 100);
        assert.ok(!small(y) && !small(base.value! - y), `${t.id} ${r.key} ${col.key}: ${c.value}% of ${base.value}`);
      }
    });
  }
}

for (const dialect of testDialects()) {
  describe(`published figures and /api/v1/stats (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect, FIXTURE);
    });
    after(async () => t.close());

    it('adoption by audience: the percentages a person would compute, small groups withheld, the judged mapping noted', async () => {
      const w = t.app.checkResults;
      // 12 seniors in Tokyo: 9 apply measure 1, 3 do not; 3 young people and 4 of working age (both
      // withheld: two small groups, so neither is the total minus the rest).
      await Promise.all([
        ...Array.from({ length: 12 }, (_, i) => w.record(personal({ answers: (i < 9 ? 'y' : 'n') + 'yyyyyyyy' }))),
        ...Array.from({ length: 3 }, () => w.record(personal({ ageBand: '20s' }))),
        ...Array.from({ length: 4 }, () => w.record(personal({ ageBand: '40s' }))),
      ]);
      const table = await adoptionFigure(t.db.handle, { period: { kind: 'fy', year: 2026 }, check: 'personal', dimension: 'audience' });
      const seniors = table.rows.find((r) => r.key === 'seniors')!;
      assert.deepEqual(seniors.cells[0], { value: 12, suppressed: false });
      // 9 of 12 apply measure 1 (75%), but 3 do not: a complement under 10, so the rate is withheld.
      assert.equal(seniors.cells[1]!.suppressed, true);
      assert.deepEqual(seniors.cells[2], { value: 100, suppressed: false });
      assert.equal(table.rows.find((r) => r.key === 'youth')!.cells[0]!.suppressed, true);
      assert.equal(table.rows.find((r) => r.key === 'working_age')!.cells[0]!.suppressed, true);
      assert.deepEqual(table.rows.find((r) => r.total)!.cells[0], { value: 19, suppressed: false });
      assert.ok(table.notes.some((n) => n.ja.includes('編集部の判断')));
      assert.ok(table.notes.some((n) => n.en.includes('"X" = withheld')));
      assertNothingSmall(table);
      // The view beside effort reads the same withheld table.
      const byAudience = await adoptionByAudience(t.db.handle, { kind: 'fy', year: 2026 }, '13');
      assert.deepEqual(byAudience.find((a) => a.audience === 'seniors'), { audience: 'seniors', check: 'personal', respondents: 12, meanShare: null });
      assert.equal(byAudience.find((a) => a.audience === 'youth')!.respondents, null);
      // Another fiscal year has nobody: zeros are published, percentages are empty, nothing is withheld.
      const other = await adoptionFigure(t.db.handle, { period: { kind: 'fy', year: 2020 }, check: 'personal', dimension: 'all' });
      assert.deepEqual(other.rows[0]!.cells.slice(0, 2), [{ value: 0, suppressed: false }, { value: null, suppressed: false }]);
    });

    it('the API gives the same table as JSON and CSV (the JSON revalidated by ETag, the CSV kept a minute); bad parameters are a 400 in Japanese and English', async () => {
      const table = await adoptionFigure(t.db.handle, { period: { kind: 'all' }, check: 'personal', dimension: 'age' });
      const res = await t.app.inject('/api/v1/stats/adoption?check=personal&dimension=age');
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['cache-control'], 'public, no-cache');
      assert.equal((await t.app.inject({ url: '/api/v1/stats/adoption?check=personal&dimension=age', headers: { 'if-none-match': String(res.headers.etag) } })).statusCode, 304);
      assert.deepEqual(res.json(), JSON.parse(JSON.stringify(statTableJson(table))));

      const csv = await t.app.inject('/api/v1/stats/adoption.csv?check=personal&dimension=age&lang=en');
      assert.equal(csv.statusCode, 200);
      assert.equal(csv.headers['cache-control'], 'public, max-age=60');
      assert.match(String(csv.headers['content-type']), /text\/csv/);
      assert.ok(csv.rawPayload.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), 'UTF-8 with a BOM');
      const lines = parse(csv.body, { bom: true }) as string[][];
      assert.equal(lines[0]![0], 'Group');
      assert.equal(lines.length, table.rows.length + 1);
      table.rows.forEach((r, i) => assert.deepEqual(lines[i + 1], [r.label.en, ...r.cells.map((c) => (c.suppressed ? 'X' : c.value === null ? '' : String(c.value)))]));
      const ja = await t.app.inject('/api/v1/stats/adoption.csv?check=personal&dimension=age&lang=ja');
      assert.equal((parse(ja.body, { bom: true }) as string[][])[0]![0], '区分');

      const list = await t.app.inject('/api/v1/stats');
      assert.ok(FIGURES.every((f) => list.json().figures.some((g: { id: string }) => g.id === f.id)));

      for (const [q, param] of [
        ['/api/v1/stats/adoption?check=personal&dimension=size', 'dimension'],
        ['/api/v1/stats/adoption?period=2026', 'period'],
        ['/api/v1/stats/adoption?check=nope', 'check'],
        ['/api/v1/stats/adoption?dimension=age&prefecture=13', 'prefecture'],
      ] as const) {
        const ja = await t.app.inject(q);
        assert.equal(ja.statusCode, 400, q);
        assert.equal(ja.json().error.details[0].param, param);
        assert.match(ja.json().error.details[0].message, /[ぁ-んァ-ン一-龥]/);
        const en = await t.app.inject({ url: q, headers: { 'accept-language': 'en' } });
        assert.match(en.json().error.details[0].message, /^[\x20-\x7e’]+$/);
      }
      assert.equal((await t.app.inject('/api/v1/stats/nothing-here')).statusCode, 404);
      const doc = (await t.app.inject('/api/v1/openapi.json')).json();
      assert.ok(doc.paths['/api/v1/stats/{figure}']);
      assert.ok(doc.components.schemas.StatTable);
    });

    it('declarations active by star and prefecture: counted from the triggers, small ones withheld', async () => {
      // 10 one-star firms in Osaka, 12 in Tokyo, and one two-star firm in Kyoto (withheld).
      const truth: Record<string, [number, number]> = { '27': [10, 0], '13': [12, 0], '26': [0, 1] };
      let i = 0;
      for (const [pref, [one, two]] of Object.entries(truth))
        for (const star of [...Array<1>(one).fill(1), ...Array<2>(two).fill(2)]) await insertActiveDeclaration(t.db.handle, { name: `テスト${i}`, prefecture: pref, star }, `s${i++}@example.jp`);
      const table = await declarationsFigure(t.db.handle, { period: { kind: 'all' }, dimension: 'prefecture' });
      assert.equal(table.rows.find((r) => r.key === '26')!.cells[1]!.suppressed, true);
      for (const r of table.rows) {
        const expected = r.total ? [22, 1, 23] : [...(truth[r.key] ?? [0, 0]), (truth[r.key] ?? [0, 0]).reduce((a, b) => a + b, 0)];
        r.cells.forEach((c, j) => c.suppressed || assert.equal(c.value, expected[j], `${r.key} ${j}`));
      }
      assertNothingSmall(table);
      const api = await t.app.inject('/api/v1/stats/declarations?dimension=prefecture');
      assert.deepEqual(api.json(), JSON.parse(JSON.stringify(statTableJson(table))));
    });

    it('random results and random filter choices never publish a small count or a rate built on one', async () => {
      const w = t.app.checkResults;
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.record({ check: fc.constantFrom('personal', 'business5', 'diagnosis' as const), age: fc.constantFrom(...AGE_BANDS), size: fc.constantFrom(...SIZE_BANDS), pref: fc.constantFrom('13', '27', '01'), y: fc.nat(31), month: fc.constantFrom('2026-04', '2026-09', '2027-02', '2027-05'), score: fc.integer({ min: -5, max: 100 }) }), { maxLength: 120 }),
          fc.record({ figure: fc.constantFrom('adoption', 'adoption-trend', 'scores', 'scores-bands', 'declarations', 'declarations-months'), check: fc.constantFrom('personal', 'business5', 'diagnosis', 'quiz'), dimension: fc.constantFrom('all', 'audience', 'age', 'prefecture', 'size', 'industry'), period: fc.constantFrom('all', 'fy2026', 'fy2027'), prefecture: fc.constantFrom(undefined, '13', '27') }),
          async (results, q) => {
            await Promise.all(
              results.map((r) => {
                const len = r.check === 'personal' ? 9 : r.check === 'business5' ? 5 : 25;
                const answers = Array.from({ length: len }, (_, i) => ((r.y >> i % 5) & 1 ? 'y' : 'n')).join('');
                return w.record({ check: r.check, definitionVersion: null, answers, score: r.check === 'diagnosis' ? r.score : 3, completedOn: `${r.month}-15`, prefecture: r.pref, ...(r.check === 'personal' ? { ageBand: r.age } : { sizeBand: r.size }) });
              }),
            );
            const def = FIGURES.find((f) => f.id === q.figure)!;
            const parsed = def.params.safeParse(Object.fromEntries(Object.entries(q).filter(([k, v]) => k !== 'figure' && v !== undefined)));
            if (!parsed.success) return;
            assertNothingSmall(await def.build(t.db.handle, parsed.data));
          },
        ),
        { numRuns: 40 },
      );
      // The diagnosis mean is published with its distribution.
      const s = await scoreFigure(t.db.handle, { period: { kind: 'all' }, check: 'diagnosis' });
      assert.equal(s.rows.at(-1)!.total, true);
    });
  });
}
