// The public dashboard over HTTP on SQLite and PostgreSQL: every page in Japanese and English with the
// figures a reader expects, the CSV equal to the table beside the chart, a small group shown as "X",
// and bad parameters answered with a 400 page in the reader's language (never a 500).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { startTestApp, type TestApp } from '../../test/support/app.ts';
import { testDialects } from '../../test/support/databases.ts';
import { FIXTURE } from '../../test/support/fixture.ts';
import { coverageByAudience } from '../stats/effort.ts';
import { AUDIENCE_LABELS, AUDIENCES } from '../taxonomy/taxonomy.ts';

/** The text of each row of a figure's data table, as a reader sees it (hidden explanations removed). */
function tableRows(html: string, figureId: string): string[][] {
  const start = html.indexOf(`id="${figureId}"`);
  assert.ok(start >= 0, `figure ${figureId} is on the page`);
  const figure = html.slice(start, html.indexOf('</figure>', start));
  const body = figure.slice(figure.indexOf('<tbody>'), figure.indexOf('</tbody>'));
  return [...body.matchAll(/<tr[^>]*>(.*?)<\/tr>/gs)].map((m) =>
    [...m[1]!.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/gs)].map((c) =>
      c[1]!
        .replace(/<span class="visually-hidden">.*?<\/span>/gs, '')
        .replace(/<[^>]+>/g, '')
        .replace(/&amp;/g, '&')
        .trim(),
    ),
  );
}

/** The CSV's data rows (header left out), numbers as the table shows them. */
function csvRows(csv: string, n: number): string[][] {
  const all = parse(csv.replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
  return all.slice(1, 1 + n);
}
const plain = (s: string) => s.replace(/[,%]/g, '').replace(/^—$/, '');

for (const dialect of testDialects()) {
  describe(`dashboard pages (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect, FIXTURE, { now: () => new Date('2026-11-26T03:00:00Z') });
      // Results go through the real group-committing writer, so the incremental figures are what is read.
      const personal = (i: number, ageBand: '20s' | '70s', answers: string) => ({ check: 'personal' as const, definitionVersion: null, answers, score: null, completedOn: `2026-0${5 + (i % 3)}-1${i % 9}`, ageBand, prefecture: '13' });
      await Promise.all([
        ...Array.from({ length: 12 }, (_, i) => t.app.checkResults.record(personal(i, '20s', i < 6 ? 'yyyyyyyyy' : 'nnnnnnnnn'))),
        // Three older people only: a small group, never published.
        ...Array.from({ length: 3 }, (_, i) => t.app.checkResults.record(personal(i, '70s', 'yyyyyyyyy'))),
      ]);
    });
    after(async () => t?.close());

    const get = (url: string) => t.app.inject({ method: 'GET', url });

    test('every page answers 200 in Japanese and English, with its title and the privacy note', async () => {
      const pages: [string, string, string][] = [
        ['/dashboard', '評価ダッシュボード（PDCA）', 'Evaluation dashboard (PDCA)'],
        ['/dashboard/effort', '取組の実施状況（Do）', 'Effort (Do)'],
        ['/dashboard/adoption', '基本的な対策の実施率', 'How far the basic measures are applied'],
        ['/dashboard/need', '取組と必要性の比較', 'Effort beside need'],
        ['/dashboard/declarations', 'セキュリティ対策自己宣言', 'Security self-declarations'],
      ];
      for (const [path, ja, en] of pages) {
        const rj = await get(path);
        assert.equal(rj.statusCode, 200, path);
        assert.match(rj.body, new RegExp(`<h1>${ja.replace(/[()（）]/g, '.')}</h1>`));
        assert.match(rj.body, /<html lang="ja"/);
        assert.match(rj.body, /10人（10社）未満の集団の値は「X」と表示して公表しません/);
        const re = await get(`/en${path}`);
        assert.equal(re.statusCode, 200, `/en${path}`);
        assert.match(re.body, new RegExp(`<h1>${en.replace(/[()]/g, '.')}</h1>`));
        assert.match(re.body, /fewer than 10 people or firms are shown as &quot;X&quot;/);
      }
    });

    test('the overview says what the dashboard is for and keeps the chosen period in its links', async () => {
      const r = await get('/en/dashboard?period=fy2026');
      assert.equal(r.statusCode, 200);
      assert.match(r.body, /Plan-Do-Check-Act/);
      assert.match(r.body, /how far each measure is carried out and how far people and firms apply countermeasures/);
      assert.match(r.body, /<option value="fy2026" selected>FY2026/);
      assert.match(r.body, /href="\/en\/dashboard\/need\?period=fy2026"/);
      assert.match(r.body, /id="kpis"/);
    });

    test('effort beside need: every audience with its coverage, including those nothing reaches, and the unjudged said in words', async () => {
      const coverage = await coverageByAudience(t.db.handle, { kind: 'all' });
      const r = await get('/en/dashboard/need');
      assert.equal(r.statusCode, 200);
      const rows = tableRows(r.body, 'need-coverage');
      assert.equal(rows.length, AUDIENCES.length, 'every audience, reached or not');
      for (const a of AUDIENCES) {
        const row = rows.find((x) => x[0] === AUDIENCE_LABELS[a].en)!;
        assert.deepEqual(row.slice(1).map(Number), [coverage[a].initiatives, coverage[a].events, coverage[a].materials], a);
      }
      assert.ok(AUDIENCES.some((a) => coverage[a].initiatives === 0), 'the fixture has an audience with no initiative');
      // No self-check measures educational institutions: listed, not ranked.
      assert.match(r.body, /id="need-education"><strong>Educational institutions<\/strong>: no self-check measures this audience/);
      // Three older people: too few to judge, and their count is withheld.
      assert.match(r.body, /id="need-seniors"><strong>Older people<\/strong>: not enough answers to judge/);
      const ja = await get('/dashboard/need?prefecture=13&firm=diagnosis');
      assert.equal(ja.statusCode, 200);
      assert.match(ja.body, /東京都/);
      assert.match(ja.body, /<option value="diagnosis" selected>/);
    });

    test('the CSV of a figure equals its table, in the page language', async () => {
      const page = await get('/dashboard/effort');
      const href = /href="(\/dashboard\/figures\/effort-initiatives-audience-method\.csv[^"]*)"/.exec(page.body)?.[1];
      assert.ok(href, 'the figure links to its CSV');
      const csv = await get(href!.replace(/&amp;/g, '&'));
      assert.equal(csv.statusCode, 200);
      assert.match(String(csv.headers['content-type']), /^text\/csv; charset=utf-8/);
      assert.ok(csv.body.startsWith('\uFEFF区分,'), 'BOM and a Japanese header');
      const table = tableRows(page.body, 'effort-initiatives-audience-method');
      assert.ok(table.length >= AUDIENCES.length);
      assert.deepEqual(csvRows(csv.body, table.length), table.map((r) => r.map(plain)));
      assert.match(page.body, /href="\/api\/v1\/stats\/effort-initiatives-audience-method"/);
      const en = await get('/en/dashboard/figures/need-coverage.csv?period=fy2026');
      assert.equal(en.statusCode, 200);
      assert.ok(en.body.startsWith('\uFEFFGroup,Initiatives,Events,Materials'));
    });

    test('a small group is shown as "X" with its explanation, never as a number', async () => {
      const r = await get('/dashboard/need');
      const row = tableRows(r.body, 'need-adoption').find((x) => x[0] === '高齢者')!;
      assert.deepEqual(row, ['高齢者', 'X', 'X']);
      assert.match(r.body, /<abbr title="秘匿（10人・10社未満の小さな集団[^"]*" aria-hidden="true">X<\/abbr><span class="visually-hidden">秘匿/);
      const csv = await get('/dashboard/figures/need-adoption.csv');
      assert.match(csv.body, /\r\n高齢者,X,X\r\n/);
      assert.ok(!/高齢者,3/.test(csv.body));
    });

    test('bad parameters get a 400 page in the reader’s language naming the parameter', async () => {
      const cases: [string, RegExp][] = [
        ['/dashboard?period=2026', /期間（period）に「2026」は使えません/],
        ['/en/dashboard/adoption?check=quiz', /Check \(check\) cannot be &quot;quiz&quot;/],
        ['/en/dashboard/adoption?check=personal&dimension=size', /The personal check cannot be broken down by firm size/],
        ['/dashboard/declarations?dimension=age', /内訳（dimension）に「age」は使えません/],
        ['/en/dashboard/need?prefecture=48', /Prefecture \(prefecture\) cannot be &quot;48&quot;/],
        ['/dashboard/need?period=all&period=fy2026', /期間（period）は1つだけ指定してください/],
        ['/en/dashboard/figures/effort-initiatives-prefecture.csv?period=fy20', /not valid/],
      ];
      for (const [url, message] of cases) {
        const r = await get(url);
        assert.equal(r.statusCode, 400, url);
        assert.match(r.body, message, url);
        assert.match(r.body, url.startsWith('/en/') ? /<html lang="en"/ : /<html lang="ja"/);
      }
      assert.equal((await get('/dashboard/figures/no-such-figure.csv')).statusCode, 404);
      assert.equal((await get('/dashboard/figures/effort-initiatives-prefecture.json')).statusCode, 404);
    });
  });
}
