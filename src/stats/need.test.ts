// The "act on first" ranking: low adoption AND little coverage first; withheld or unmeasured audiences
// after the ranked ones; reasons in words; the same input in any order gives the same answer.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { AUDIENCES, type Audience } from '../taxonomy/taxonomy.ts';
import { loadNeed, needCheckFor, rankNeed, type NeedCoverage, type NeedInput } from './need.ts';

const FY: { kind: 'fy'; year: number } = { kind: 'fy', year: 2026 };
const cov = (initiatives: number, events: number, materials = 0): NeedCoverage => ({ initiatives, events, materials });
const input = (audience: Audience, adoption: number | null, coverage: NeedCoverage, respondents: number | null = adoption === null ? null : 50): NeedInput => ({
  audience,
  check: needCheckFor(audience, 'business5'),
  respondents,
  adoption,
  coverage,
});

test('low adoption and little coverage together come first; either alone does not', () => {
  const rows = rankNeed(
    [
      input('youth', 70, cov(5, 3)),
      input('working_age', 55, cov(1, 0)), // adoption 2nd lowest, coverage lowest → score 3
      input('seniors', 38, cov(20, 9)), // adoption lowest, coverage highest → score 7
      input('micro_business', 50, cov(2, 1)), // adoption lowest-but-one… see below
      input('sme', 80, cov(0, 0, 0)), // no coverage at all but highest adoption
      input('large_enterprise', 90, cov(30, 4)),
      input('education', null, cov(0, 0)),
      input('local_government', null, cov(3, 0)),
    ],
    FY,
  );
  // Adoption ranks: seniors 1, micro 2, working 3, youth 4, sme 5, large 6.
  // Coverage ranks: sme 1, working 2, micro 3, youth 4, seniors 5, large 6.
  // Scores: micro 5, working 5, seniors 6, sme 6, youth 8, large 12. Ties → lower adoption first.
  assert.deepEqual(
    rows.map((r) => [r.audience, r.rank, r.score]),
    [
      ['micro_business', 1, 5],
      ['working_age', 2, 5],
      ['seniors', 3, 6],
      ['sme', 4, 6],
      ['youth', 5, 8],
      ['large_enterprise', 6, 12],
      ['education', null, null],
      ['local_government', null, null],
    ],
  );
  assert.equal(rows[6]!.status, 'not_measured');
  assert.match(rows[6]!.reason.en, /no self-check measures/);
});

test('the reason says the adoption, its place, the coverage and its place, in both languages', () => {
  const rows = rankNeed(
    [input('youth', 38, cov(2, 0)), input('working_age', 60, cov(8, 5, 2)), input('seniors', 45, cov(3, 1, 1))],
    FY,
  );
  const youth = rows.find((r) => r.audience === 'youth')!;
  assert.equal(youth.rank, 1);
  assert.equal(youth.reason.en, 'adoption 38.0% (lowest of 3); 2 initiatives, 0 events and 0 materials in FY2026 (fewest of 3)');
  assert.equal(youth.reason.ja, '対策の実施率 38.0%（3区分中で最も低い）、2026年度に取組2件・イベント0件・教材0件（3区分中で最も少ない）');
  const seniors = rows.find((r) => r.audience === 'seniors')!;
  assert.match(seniors.reason.en, /\(2nd lowest of 3\)/);
  assert.match(seniors.reason.ja, /低い方から2番目/);
  assert.match(rows.find((r) => r.audience === 'working_age')!.reason.en, /\(highest of 3\).*\(most of 3\)/);
});

test('a withheld adoption is "not enough answers to judge" and is never ranked above a judged audience', () => {
  const rows = rankNeed([input('youth', 90, cov(50, 50)), input('seniors', null, cov(0, 0)), input('sme', 95, cov(40, 40))], FY);
  assert.deepEqual(
    rows.map((r) => [r.audience, r.status, r.rank]),
    [
      ['youth', 'ranked', 1],
      ['sme', 'ranked', 2],
      ['seniors', 'not_enough_answers', null],
    ],
  );
  assert.match(rows[2]!.reason.en, /^not enough answers to judge/);
  assert.match(rows[2]!.reason.ja, /判断できません/);
});

test('ties share a rank and say so; the order of ties is the taxonomy order', () => {
  const rows = rankNeed([input('seniors', 50, cov(1, 1)), input('youth', 50, cov(1, 1))], { kind: 'all' });
  assert.deepEqual(rows.map((r) => [r.audience, r.rank, r.adoptionRank, r.coverageRank]), [
    ['youth', 1, 1, 1],
    ['seniors', 2, 1, 1],
  ]);
  assert.match(rows[0]!.reason.en, /lowest of 2, tied/);
  assert.match(rows[0]!.reason.en, /over all time/);
});

const arbInput = fc.record({
  audience: fc.constantFrom(...AUDIENCES),
  adoption: fc.option(fc.integer({ min: 0, max: 1000 }).map((n) => n / 10), { nil: null }),
  coverage: fc.record({ initiatives: fc.nat(5), events: fc.nat(5), materials: fc.nat(5) }),
});

test('property: any order of the same audiences gives the same ranking; ranked before unjudged; lower adoption and coverage never ranked after higher both', () => {
  fc.assert(
    fc.property(fc.uniqueArray(arbInput, { selector: (i) => i.audience, minLength: 1, maxLength: 8 }), fc.nat(), (raw, seed) => {
      const inputs = raw.map((r) => input(r.audience, r.adoption, r.coverage));
      const shuffled = [...inputs].sort((a, b) => ((a.audience.length * 31 + seed) % 7) - ((b.audience.length * 31 + seed) % 7) || b.audience.localeCompare(a.audience));
      const a = rankNeed(inputs, FY);
      const b = rankNeed(shuffled, FY);
      assert.deepEqual(a, b);
      assert.equal(a.length, inputs.length);
      const firstUnranked = a.findIndex((r) => r.rank === null);
      if (firstUnranked >= 0) assert.ok(a.slice(firstUnranked).every((r) => r.rank === null));
      const ranked = a.filter((r) => r.rank !== null);
      for (const x of ranked)
        for (const y of ranked) {
          const total = (r: NeedInput) => r.coverage.initiatives + r.coverage.events + r.coverage.materials;
          // x dominates y in need (strictly lower adoption and no more coverage): x comes first.
          if (x.adoption! < y.adoption! && total(x) <= total(y)) assert.ok(x.rank! < y.rank!, `${x.audience} before ${y.audience}`);
        }
    }),
  );
});

test('the loader asks each source once per check and includes audiences nothing reaches', async () => {
  const asked: string[] = [];
  const rows = await loadNeed(
    {
      async adoption(check, period, prefecture) {
        asked.push(`${check}:${period.kind}:${prefecture ?? ''}`);
        return check === 'personal'
          ? { youth: { respondents: 40, adoption: 30 }, working_age: { respondents: 12, adoption: 60 }, seniors: { respondents: null, adoption: null } }
          : { micro_business: { respondents: 20, adoption: 45 }, sme: { respondents: 15, adoption: 70 } };
      },
      async coverage() {
        return Object.fromEntries(AUDIENCES.map((a) => [a, a === 'youth' ? cov(3, 2, 1) : cov(0, 0, 0)])) as Record<Audience, NeedCoverage>;
      },
    },
    FY,
    { prefecture: '13', firmCheck: 'diagnosis' },
  );
  assert.deepEqual(asked.sort(), ['diagnosis:fy:13', 'personal:fy:13']);
  assert.equal(rows.length, AUDIENCES.length);
  assert.deepEqual(rows.filter((r) => r.status === 'ranked').map((r) => r.audience), ['micro_business', 'working_age', 'youth', 'sme']);
  // large_enterprise had no answers at all: not enough to judge; education and local governments: not measured.
  assert.deepEqual(rows.filter((r) => r.status !== 'ranked').map((r) => [r.audience, r.status]), [
    ['seniors', 'not_enough_answers'],
    ['large_enterprise', 'not_enough_answers'],
    ['education', 'not_measured'],
    ['local_government', 'not_measured'],
  ]);
  assert.equal(rows.find((r) => r.audience === 'sme')!.check, 'diagnosis');
});
