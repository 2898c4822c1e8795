// Scoring against hand-computed cases: every band edge (100, 99, 70, 69, 50, 49, the minimum −25), "don't
// know" answers, scores by part, the order of the items to fix, and the five measures. No database.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { business5Kind } from '../checks/business5-definition.ts';
import { diagnosisKind, parseDiagnosis, type Diagnosis } from '../checks/diagnosis-definition.ts';
import { bandOf, scoreBusiness5, scoreDiagnosis } from './scoring.ts';

const D = diagnosisKind.parse(diagnosisKind.defaultText).value!;
const B5 = business5Kind.parse(business5Kind.defaultText).value!;

/** 25 answers from runs: a('y', 17, 'p', 1, 'u', 1, 'n', 6). */
function a(...runs: (string | number)[]): string {
  let s = '';
  for (let i = 0; i < runs.length; i += 2) s += String(runs[i]).repeat(Number(runs[i + 1]));
  assert.equal(s.length, 25, `answers ${s} are not 25`);
  return s;
}

const BANDS = { top: '入門レベル達成', partly: '部分的に不十分', thin: '対策が行き届いていない', risk: 'いつ事故が起きても不思議ではない' };

describe('self-diagnosis scoring', () => {
  const cases: { name: string; answers: string; total: number; band: string; parts: [number, number, number] }[] = [
    // 25 × 4 = 100.
    { name: 'everything done: 100', answers: a('y', 25), total: 100, band: BANDS.top, parts: [20, 52, 28] },
    // 24 × 4 + 2 = 98: the highest total below 100 (99 cannot be reached, see below).
    { name: 'one item partly done: 98', answers: a('y', 24, 'p', 1), total: 98, band: BANDS.partly, parts: [20, 52, 26] },
    // 17 × 4 + 2 = 70; part 2 = items 6–17 (12 × 4) + item 18 partly (2) = 50.
    { name: 'lower edge of 70–99', answers: a('y', 17, 'p', 1, 'n', 7), total: 70, band: BANDS.partly, parts: [20, 50, 0] },
    // 17 × 4 + 2 − 1 = 69: one "don't know" (item 19, part 3) moves it down a band.
    { name: "69: a 'don't know' costs a point", answers: a('y', 17, 'p', 1, 'u', 1, 'n', 6), total: 69, band: BANDS.thin, parts: [20, 50, -1] },
    // 12 × 4 + 2 = 50.
    { name: 'lower edge of 50–69', answers: a('y', 12, 'p', 1, 'n', 12), total: 50, band: BANDS.thin, parts: [20, 30, 0] },
    // 12 × 4 + 2 − 1 = 49.
    { name: '49', answers: a('y', 12, 'p', 1, 'u', 1, 'n', 11), total: 49, band: BANDS.risk, parts: [20, 29, 0] },
    // 25 × −1 = −25: the minimum.
    { name: "all 'don't know': −25", answers: a('u', 25), total: -25, band: BANDS.risk, parts: [-5, -13, -7] },
    // 25 × 0.
    { name: 'nothing done: 0', answers: a('n', 25), total: 0, band: BANDS.risk, parts: [0, 0, 0] },
    // Part 1: 2+2+2+2+2 = 10; part 2: 13 × −1 = −13; part 3: 7 × 4 = 28; total 25.
    { name: "mixed parts with 'don't know'", answers: a('p', 5, 'u', 13, 'y', 7), total: 25, band: BANDS.risk, parts: [10, -13, 28] },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const s = scoreDiagnosis(D, c.answers);
      assert.equal(s.total, c.total);
      assert.equal(s.band.title.ja, c.band);
      assert.deepEqual(
        s.parts.map((p) => p.score),
        c.parts,
      );
      assert.deepEqual(
        s.parts.map((p) => p.max),
        [20, 52, 28],
      );
      assert.equal(s.max, 100);
      assert.equal(s.min, -25);
    });
  }

  test('band edges by total, including 99 (which no set of answers reaches)', () => {
    const expect: [number, string][] = [
      [100, BANDS.top],
      [99, BANDS.partly],
      [70, BANDS.partly],
      [69, BANDS.thin],
      [50, BANDS.thin],
      [49, BANDS.risk],
      [-25, BANDS.risk],
    ];
    for (const [total, band] of expect) assert.equal(bandOf(D, total).title.ja, band, `total ${total}`);
  });

  test('every reachable total lies in exactly one band; 99 and 97 are not reachable', () => {
    const reachable = new Set<number>();
    for (let y = 0; y <= 25; y++) for (let p = 0; p + y <= 25; p++) for (let u = 0; u + p + y <= 25; u++) reachable.add(4 * y + 2 * p - u);
    for (const t of reachable) assert.equal(D.bands.filter((b) => t >= b.min && t <= b.max).length, 1, `total ${t}`);
    assert.ok(!reachable.has(99) && !reachable.has(97) && reachable.has(98) && reachable.has(96));
    assert.equal(Math.min(...reachable), -25);
    assert.equal(Math.max(...reachable), 100);
  });

  test('items to fix: not done and don\u2019t know first (by priority, then number), partial ones after', () => {
    // Item 1 (priority 1) partial; item 5 (priority 2) not done; item 11 (priority 1) don't know;
    // item 12 (priority 3) not done; item 24 (priority 1) partial; item 6 (priority 1) not done.
    const s = 'y'.repeat(25).split('');
    s[0] = 'p';
    s[4] = 'n';
    s[10] = 'u';
    s[11] = 'n';
    s[23] = 'p';
    s[5] = 'n';
    const r = scoreDiagnosis(D, s.join(''));
    assert.deepEqual(
      r.toFix.map((x) => x.position),
      [6, 11, 5, 12, 1, 24],
    );
    // 19 × 4 + 2 × 2 + 3 × 0 − 1 = 79.
    assert.equal(r.total, 79);
    assert.deepEqual(
      r.toFix.map((x) => x.answer.code),
      ['n', 'u', 'n', 'n', 'p', 'p'],
    );
  });

  test('nothing to fix at 100', () => {
    assert.deepEqual(scoreDiagnosis(D, 'y'.repeat(25)).toFix, []);
  });

  test('answers of the wrong length or with an unknown code are refused', () => {
    assert.throws(() => scoreDiagnosis(D, 'y'.repeat(24)));
    assert.throws(() => scoreDiagnosis(D, 'y'.repeat(24) + 'x'));
  });
});

describe('the diagnosis definition is checked', () => {
  const edit = (f: (d: Diagnosis) => void) => {
    const d = JSON.parse(diagnosisKind.defaultText) as Diagnosis;
    f(d);
    return parseDiagnosis(JSON.stringify(d));
  };
  const paths = (r: ReturnType<typeof parseDiagnosis>) => r.issues.map((i) => `${i.path}: ${i.message.en}`);

  test('the shipped default is valid', () => assert.ok(diagnosisKind.parse(diagnosisKind.defaultText).value));
  test('a gap between bands is named', () => {
    const r = edit((d) => (d.bands[1]!.min = 72));
    assert.deepEqual(paths(r), ['bands[1].min: Totals 70 to 71 are in no band.']);
  });
  test('overlapping bands are named', () => {
    const r = edit((d) => (d.bands[2]!.max = 75));
    assert.match(paths(r).join('\n'), /bands\[1\]\.min: Totals 70 to 75 overlap/);
  });
  test('bands that do not reach the minimum are named', () => {
    const r = edit((d) => (d.bands[3]!.min = 0));
    assert.deepEqual(paths(r), ['bands[3].min: Totals -25 to -1 are in no band.']);
  });
  test('24 items, a duplicate id and parts that do not cover the items are refused', () => {
    const r = edit((d) => {
      d.items.pop();
      d.items[3]!.id = 1;
      d.parts[1]!.from = 7;
    });
    const p = paths(r).join('\n');
    assert.match(p, /items: There must be exactly 25 items \(there are 24\)/);
    assert.match(p, /items\[3\]\.id: The item number 1 is used twice/);
    assert.match(p, /parts\[1\]\.from: Items 6–6 are in no part/);
    assert.match(p, /parts\[2\]\.to: The last part goes past the number of items \(24\)/);
  });
  test('a duplicate answer code is refused', () => {
    const r = edit((d) => (d.answers[1]!.code = 'y'));
    assert.deepEqual(paths(r), ['answers[1].code: The answer code "y" is used twice.']);
  });
  test('an unknown desk topic and a two-letter answer code are refused by the shape', () => {
    const r = edit((d) => {
      d.answers[1]!.code = 'pp';
      (d.items[0]!.deskTopics as string[]) = ['aliens'];
    });
    assert.deepEqual(r.issues.map((i) => i.path).sort(), ['answers[1].code', 'items[0].deskTopics[0]']);
    assert.equal(r.issues.find((i) => i.path === 'answers[1].code')!.message.en, 'use one lower-case letter or digit');
  });
});

describe('the five measures', () => {
  test('score is the number of measures done; partial and don\u2019t know are not done', () => {
    const s = scoreBusiness5(B5, 'ypnuy');
    assert.equal(s.score, 2);
    assert.deepEqual(
      s.notDone.map((x) => [x.measure.id, x.answer.code]),
      [
        [2, 'p'],
        [3, 'n'],
        [4, 'u'],
      ],
    );
    assert.equal(scoreBusiness5(B5, 'yyyyy').score, 5);
    assert.equal(scoreBusiness5(B5, 'nnnnn').score, 0);
    assert.throws(() => scoreBusiness5(B5, 'yyyy'));
  });
});
