// The small firms' journeys through the real pages (a cookie-keeping client, CSRF tokens from the forms),
// on SQLite and PostgreSQL: what is stored (only the allowed columns, once), bad input (skipped answers,
// tampered hidden fields, old versions: 400 and nothing stored), the result and report pages, and the
// policy generator (escaping, required fields, the download).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../test/support/app.ts';
import { Client } from '../../test/support/client.ts';
import { testDialects } from '../../test/support/databases.ts';
import { FIXTURE } from '../../test/support/fixture.ts';

const NOW = new Date('2026-11-26T23:30:00Z'); // 08:30 on 27 November in Japan
const DAY = '2026-11-27';
const COLUMNS = ['age_band', 'answers', 'check_kind', 'completed_on', 'definition_version', 'id', 'industry', 'prefecture', 'score', 'size_band'];

/** Form fields answering items from..to with the codes of `answers` (one per item). */
function itemFields(prefix: string, from: number, answers: string): Record<string, string> {
  return Object.fromEntries([...answers].map((c, i) => [`${prefix}${from + i}`, c]));
}

function hidden(body: string, name: string): string | undefined {
  return new RegExp(`<input type="hidden" name="${name}" value="([^"]*)"`).exec(body)?.[1];
}

/** Answers for the three parts: items 1–5, 6–18, 19–25. */
const P1 = 'yyypn'; // 4+4+4+2+0 = 14
const P2 = 'yyyyyyyyyyyuy'; // 12×4 − 1 = 47
const P3 = 'nypyyyy'; // 0+4+2+4+4+4+4 = 22   → total 83 (部分的に不十分)
const ALL = P1 + P2 + P3;

for (const dialect of testDialects()) {
  describe(`small firms' checks (${dialect})`, () => {
    let t: TestApp;
    const rows = async () => t.db.handle.db.selectFrom('check_results').selectAll().orderBy('id').execute();

    before(async () => {
      t = await startTestApp(dialect, FIXTURE, { now: () => NOW });
    });
    after(async () => t?.close());

    test('the start page explains both stars, links to the checks and declarations, and says what is kept', async () => {
      const c = new Client(t.app);
      for (const [path, words] of [
        ['/business/check', [/情報セキュリティ5か条/, /自社診断/, /href="\/declarations"/, /会社名、氏名、メールアドレス、IPアドレスは保存しません/, /href="\/business\/check\/diagnosis\/1"/, /href="\/business\/policy"/]],
        ['/en/business/check', [/five principles/, /self-diagnosis/, /href="\/en\/declarations"/, /never keeps a company name/]],
      ] as const) {
        const res = await c.get(path);
        assert.equal(res.statusCode, 200);
        for (const w of words) assert.match(res.body, w, `${path}: ${w}`);
      }
    });

    test('five measures: skipped answers give 400 with links to each, the others kept, nothing stored', async () => {
      const before = (await rows()).length;
      const c = new Client(t.app);
      const form = await c.get('/business/check/five');
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /<legend class="item-legend"><span class="item-number">1\.<\/span><span class="item-text">OSやソフトウェアは常に最新の状態にしよう<\/span><span class="required-mark">※必須<\/span><\/legend>/);
      const res = await c.post('/business/check/five', { v: hidden(form.body, 'v')!, t: hidden(form.body, 't')!, m1: 'y', m3: 'n', m4: 'zz', pref: '13' });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /<div class="error-summary" role="alert"/);
      for (const id of [2, 4, 5]) assert.match(res.body, new RegExp(`<a href="#field-m${id}-0">${id}\\. [^<]+：選んでください</a>`));
      assert.doesNotMatch(res.body, /href="#field-m1-0"/);
      assert.match(res.body, /id="field-m1-0" name="m1" value="y" checked/);
      assert.match(res.body, /id="field-m3-2" name="m3" value="n" checked/);
      assert.match(res.body, /<option value="13" selected>東京都<\/option>/);
      assert.equal((await rows()).length, before);
    });

    test('five measures: a complete answer is stored once with only the allowed columns; the result reloads without storing', async () => {
      const before = (await rows()).length;
      const c = new Client(t.app);
      const form = await c.get('/en/business/check/five');
      const csrf = c.csrf();
      const fields = { v: hidden(form.body, 'v')!, t: hidden(form.body, 't')!, m1: 'y', m2: 'p', m3: 'n', m4: 'u', m5: 'y', size: '2-5', industry: 'I', pref: '27' };
      const res = await c.post('/en/business/check/five', fields);
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/en/business/check/five/result?v=1&a=ypnuy&pref=27');
      // The same form sent again (a double click) stores nothing more.
      assert.equal((await c.post('/en/business/check/five', fields, csrf)).statusCode, 303);
      const stored = (await rows()).slice(before);
      assert.equal(stored.length, 1);
      assert.deepEqual(Object.keys(stored[0]!).sort(), COLUMNS);
      const { id: _id, ...row } = stored[0]!;
      assert.deepEqual({ ...row, score: Number(row.score) }, { check_kind: 'business5', definition_version: 1, completed_on: DAY, answers: 'ypnuy', score: 2, age_band: null, prefecture: '27', size_band: '2-5', industry: 'I' });

      for (let i = 0; i < 2; i++) {
        const page = await c.get(res.headers.location as string);
        assert.equal(page.statusCode, 200);
        assert.match(page.body, /<span class="score-big">2<\/span> of 5 principles in place/);
        // Not done: 2, 3, 4 with what to do; done: 1 and 5.
        assert.match(page.body, /<h3>2\. Install security software<\/h3>[\s\S]*<h3>3\. Make passwords stronger<\/h3>[\s\S]*<h3>4\. Review sharing settings<\/h3>/);
        assert.match(page.body, /Your answer: Only partly/);
        assert.match(page.body, /href="\/en\/materials\?q=%E3%83%91%E3%82%B9%E3%83%AF%E3%83%BC%E3%83%89"/);
        assert.match(page.body, /href="\/en\/desks\?topic=account_takeover&amp;for=sme&amp;prefecture=27"/);
        assert.match(page.body, /What you already do[\s\S]*1\. Keep operating systems[\s\S]*5\. Learn about threats/);
      }
      assert.equal((await rows()).length, before + 1);
    });

    test('five measures: a damaged result URL or form is 400, not 500', async () => {
      const c = new Client(t.app);
      for (const url of ['/business/check/five/result?v=1&a=ypnu', '/business/check/five/result?v=1&a=ypnuX', '/business/check/five/result?v=x&a=ypnuy', '/business/check/five/result?v=77&a=ypnuy', '/business/check/five/result?v=1&a=ypnuy&pref=99']) {
        const res = await c.get(url);
        assert.equal(res.statusCode, 400, url);
        assert.match(res.body, /最初から回答してください/);
      }
      await c.get('/business/check/five');
      assert.equal((await c.post('/business/check/five', { v: 'abc', m1: 'y' })).statusCode, 400);
    });

    test('diagnosis: the whole journey stores one row, once; reloading the result stores nothing', async () => {
      const before = (await rows()).length;
      const c = new Client(t.app);
      const p1 = await c.get('/business/check/diagnosis');
      assert.equal(p1.statusCode, 303);
      assert.equal(p1.headers.location, '/business/check/diagnosis/1');
      const page1 = await c.get('/business/check/diagnosis/1');
      assert.equal(page1.statusCode, 200);
      assert.match(page1.body, /3ページ中1ページ目/);
      assert.equal((page1.body.match(/<fieldset class="fieldset" id="field-q\d+"/g) ?? []).length, 5);
      assert.match(page1.body, /<span class="item-text">パスワードは破られにくい「長く」「複雑な」パスワードを設定していますか？<\/span>/);
      let res = await c.post('/business/check/diagnosis/1', { v: '1', a: '', ...itemFields('q', 1, P1) });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, `/business/check/diagnosis/2?v=1&a=${P1}`);
      const page2 = await c.get(res.headers.location as string);
      assert.equal(hidden(page2.body, 'a'), P1);
      assert.equal((page2.body.match(/<fieldset class="fieldset" id="field-q\d+"/g) ?? []).length, 13);
      res = await c.post('/business/check/diagnosis/2', { v: '1', a: P1, ...itemFields('q', 6, P2) });
      assert.equal(res.headers.location, `/business/check/diagnosis/3?v=1&a=${P1 + P2}`);
      await c.get(res.headers.location as string);
      res = await c.post('/business/check/diagnosis/3', { v: '1', a: P1 + P2, ...itemFields('q', 19, P3) });
      assert.equal(res.headers.location, `/business/check/diagnosis/about?v=1&a=${ALL}`);
      await c.get(res.headers.location as string);
      res = await c.post('/business/check/diagnosis/about', { v: '1', a: ALL, size: '6-20', industry: 'E', pref: '23' });
      assert.equal(res.headers.location, `/business/check/diagnosis/check?v=1&a=${ALL}&size=6-20&industry=E&pref=23`);
      const check = await c.get(res.headers.location as string);
      assert.equal(check.statusCode, 200);
      // 25 answers, each with a change link to its part that comes back here; the attributes with theirs.
      assert.equal((check.body.match(/<dd class="answer-value">/g) ?? []).length, 28);
      assert.match(check.body, new RegExp(`href="/business/check/diagnosis/2\\?v=1&amp;a=${ALL}&amp;size=6-20&amp;industry=E&amp;pref=23&amp;return=check#field-q17"`));
      assert.match(check.body, /<dd class="answer-value">愛知県<\/dd>/);
      assert.match(check.body, /<dd class="answer-value">製造業<\/dd>/);
      assert.equal((await rows()).length, before, 'nothing is stored before the answers are confirmed');

      const fields = { v: '1', a: ALL, size: '6-20', industry: 'E', pref: '23', t: hidden(check.body, 't')! };
      const csrf = c.csrf();
      res = await c.post('/business/check/diagnosis/complete', fields);
      assert.equal(res.statusCode, 303);
      const resultUrl = res.headers.location as string;
      assert.equal(resultUrl, `/business/check/diagnosis/result?v=1&a=${ALL}&pref=23`);
      // Sent twice (a double click): still one row.
      assert.equal((await c.post('/business/check/diagnosis/complete', fields, csrf)).statusCode, 303);
      for (let i = 0; i < 3; i++) assert.equal((await c.get(resultUrl)).statusCode, 200);
      assert.equal((await c.get(resultUrl.replace('/result', '/report'))).statusCode, 200);
      const stored = (await rows()).slice(before);
      assert.equal(stored.length, 1);
      assert.deepEqual(Object.keys(stored[0]!).sort(), COLUMNS);
      const { id: _id, ...row } = stored[0]!;
      assert.deepEqual({ ...row, score: Number(row.score) }, { check_kind: 'diagnosis', definition_version: 1, completed_on: DAY, answers: ALL, score: 83, age_band: null, prefecture: '23', size_band: '6-20', industry: 'E' });
    });

    test('diagnosis: changing an answer from the check page returns there with the other answers kept', async () => {
      const c = new Client(t.app);
      const page = await c.get(`/business/check/diagnosis/2?v=1&a=${ALL}&pref=23&return=check`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<input type="hidden" name="return" value="check"/);
      assert.match(page.body, /id="field-q17-3" name="q17" value="u" checked/);
      const changed = P2.slice(0, 10) + 'n' + P2.slice(11);
      const res = await c.post('/business/check/diagnosis/2', { v: '1', a: ALL, pref: '23', return: 'check', ...itemFields('q', 6, changed) });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, `/business/check/diagnosis/check?v=1&a=${P1 + changed + P3}&pref=23`);
    });

    test('diagnosis: skipped answers give 400 with a link to each, the others kept, nothing stored', async () => {
      const before = (await rows()).length;
      const c = new Client(t.app);
      await c.get(`/en/business/check/diagnosis/2?v=1&a=${P1}`);
      const partial = itemFields('q', 6, P2);
      delete partial.q7;
      delete partial.q15;
      partial.q9 = '4'; // not a code
      const res = await c.post('/en/business/check/diagnosis/2', { v: '1', a: P1, ...partial });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /<title>Error: /);
      const links = [...res.body.matchAll(/<li><a href="#(field-q\d+-0)">/g)].map((m) => m[1]);
      assert.deepEqual(links, ['field-q7-0', 'field-q9-0', 'field-q15-0']);
      assert.match(res.body, /<a href="#field-q7-0">7\. Do you take steps to prevent sending email or faxes to the wrong recipient\?: Choose an answer<\/a>/);
      assert.match(res.body, /id="field-q17-3" name="q17" value="u" checked/);
      assert.match(res.body, /id="field-q6-0" name="q6" value="y" checked/);
      assert.equal(hidden(res.body, 'a'), P1);
      assert.equal((await rows()).length, before);
    });

    test('diagnosis: tampered or damaged hidden fields are 400 with a way to start again; nothing stored', async () => {
      const before = (await rows()).length;
      const c = new Client(t.app);
      await c.get('/business/check/diagnosis/1');
      const csrf = c.csrf();
      const cases: [string, Record<string, string>][] = [
        ['/business/check/diagnosis/2', { v: '1', a: 'yyyy', ...itemFields('q', 6, P2) }], // not a part boundary
        ['/business/check/diagnosis/2', { v: '1', a: 'yyyyX', ...itemFields('q', 6, P2) }], // unknown code
        ['/business/check/diagnosis/3', { v: '1', a: P1, ...itemFields('q', 19, P3) }], // part 2 missing
        ['/business/check/diagnosis/2', { v: '1;drop', a: P1, ...itemFields('q', 6, P2) }],
        ['/business/check/diagnosis/about', { v: '1', a: P1 + P2 }], // answers incomplete
        ['/business/check/diagnosis/complete', { v: '1', a: ALL.slice(0, 18) }],
        ['/business/check/diagnosis/complete', { v: '1', a: ALL.slice(0, 24) + 'x' }],
        ['/business/check/diagnosis/complete', { v: '1', a: ALL, pref: '48' }],
        ['/business/check/diagnosis/complete', { v: '1', a: ALL, size: 'huge' }],
        ['/business/check/diagnosis/complete', { v: '1', a: ALL + 'y' }],
      ];
      for (const [url, fields] of cases) {
        const res = await c.post(url, fields, csrf);
        assert.equal(res.statusCode, 400, `${url} ${JSON.stringify(fields)}`);
        assert.match(res.body, /回答の記録を読み取れませんでした/);
        assert.match(res.body, /書き換えられています/);
        assert.match(res.body, /<a class="button button-primary" href="\/business\/check\/diagnosis\/1">最初からやり直す<\/a>/);
      }
      // A version that does not exist (say, a bookmark from another server).
      const old = await c.post('/business/check/diagnosis/complete', { v: '42', a: ALL }, csrf);
      assert.equal(old.statusCode, 400);
      assert.match(old.body, /改訂されたため/);
      // Without the CSRF token: refused before anything else.
      assert.equal((await c.post('/business/check/diagnosis/complete', { v: '1', a: ALL }, null)).statusCode, 403);
      for (const url of [`/business/check/diagnosis/result?v=1&a=${ALL.slice(0, 20)}`, '/business/check/diagnosis/result?v=1&a=', `/business/check/diagnosis/report?v=1&a=${ALL}&pref=xx`, `/business/check/diagnosis/2?v=1&a=yyy`]) {
        assert.equal((await c.get(url)).statusCode, 400, url);
      }
      assert.equal((await c.get(`/business/check/diagnosis/9?v=1&a=${ALL}`)).statusCode, 404);
      assert.equal((await rows()).length, before);
    });

    test('diagnosis: an unknown attribute on the attributes page is the person\u2019s error to fix (400, answers kept)', async () => {
      const c = new Client(t.app);
      await c.get(`/business/check/diagnosis/about?v=1&a=${ALL}`);
      const res = await c.post('/business/check/diagnosis/about', { v: '1', a: ALL, size: '6-20', pref: '99' });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /<a href="#field-pref">所在地の都道府県：一覧から選んでください<\/a>/);
      assert.match(res.body, /<option value="6-20" selected>/);
      assert.equal(hidden(res.body, 'a'), ALL);
    });

    test('diagnosis: a shortened URL of a later part goes to the first part without answers', async () => {
      const c = new Client(t.app);
      const res = await c.get(`/business/check/diagnosis/3?v=1&a=${P1}`);
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, `/business/check/diagnosis/2?v=1&a=${P1}`);
      const check = await c.get(`/business/check/diagnosis/check?v=1&a=${P1 + P2}`);
      assert.equal(check.headers.location, `/business/check/diagnosis/3?v=1&a=${P1 + P2}`);
    });

    test('the result: total, band, scores by part (chart and table), items to fix in order, materials and desk links', async () => {
      const c = new Client(t.app);
      const res = await c.get(`/business/check/diagnosis/result?v=1&a=${ALL}&pref=23`);
      assert.equal(res.statusCode, 200);
      const b = res.body;
      assert.match(b, /<span class="score-big">83<\/span> \/ 100点/);
      assert.match(b, /<p class="band-title">部分的に不十分<\/p>/);
      // Chart: an image named by its title, with the data table beside it.
      assert.match(b, /<svg [^>]*role="img"[^>]*>/);
      assert.match(b, /aria-labelledby="parts-chart-title"/);
      assert.match(b, /<th scope="row">Part 1 基本的対策<\/th><td class="num">14 \/ 20点<\/td>/);
      assert.match(b, /<th scope="row">Part 2 従業員としての対策<\/th><td class="num">47 \/ 52点<\/td>/);
      assert.match(b, /<th scope="row">Part 3 組織としての対策<\/th><td class="num">22 \/ 28点<\/td>/);
      // To fix: not done / don't know by priority (item 5 p2, 17 p3 "don't know", 19 p2 → 5, 19, 17),
      // then partial ones (item 4 p1, 21 p3 → 4, 21).
      const order = [...b.matchAll(/<li class="fix-item"><h3>(\d+)\. /g)].map((m) => Number(m[1]));
      assert.deepEqual(order, [5, 19, 17, 4, 21]);
      assert.match(b, /あなたの回答：わからない/);
      assert.match(b, /まずすること<\/strong>：注意喚起を確かめる担当を決め/);
      assert.match(b, /href="\/materials\?q=%E6%89%8B%E5%8F%A3"/);
      assert.match(b, /href="\/desks\?topic=data_leak&amp;for=sme&amp;prefecture=23"/);
      // Desks for small firms: the Aichi police desk before national ones.
      assert.match(b, /<h2 id="desks-title">相談できる窓口<\/h2>/);
      const desks = [...b.matchAll(/<article class="desk-card">\s*<h3 class="desk-card-title">(?:<a [^>]*>)?([^<]+)/g)].map((m) => m[1]);
      assert.ok(desks.length > 0, 'no desks listed');
      assert.match(b, /href="\/business\/check\/diagnosis\/report\?v=1&amp;a=[a-z]{25}&amp;pref=23"/);
      assert.match(b, /href="\/business\/policy"/);
    });

    test('the result at 100 and at the minimum', async () => {
      const c = new Client(t.app);
      const top = await c.get(`/en/business/check/diagnosis/result?v=1&a=${'y'.repeat(25)}`);
      assert.match(top.body, /<p class="band-title">Entry level achieved<\/p>/);
      assert.match(top.body, /Every item is in place/);
      assert.equal((top.body.match(/class="fix-item"/g) ?? []).length, 0);
      const low = await c.get(`/business/check/diagnosis/result?v=1&a=${'u'.repeat(25)}`);
      assert.match(low.body, /<span class="score-big">-25<\/span>/);
      assert.match(low.body, /いつ事故が起きても不思議ではない/);
      assert.equal((low.body.match(/class="fix-item"/g) ?? []).length, 25);
    });

    test('the printable report: date, total and band, part scores, all 25 answers, the to-do list, print button as enhancement', async () => {
      const c = new Client(t.app);
      const res = await c.get(`/business/check/diagnosis/report?v=1&a=${ALL}`);
      assert.equal(res.statusCode, 200);
      const b = res.body;
      assert.match(b, /令和8年11月27日/);
      assert.match(b, /83 \/ 100点<\/strong>（部分的に不十分）/);
      assert.match(b, /<th scope="row">Part 2 従業員としての対策<\/th><td>47 \/ 52点<\/td>/);
      assert.equal((b.match(/<tr><td class="num">\d+<\/td>/g) ?? []).length, 25);
      assert.match(b, /<tr><td class="num">17<\/td><td>[^<]+<\/td><td>わからない<\/td><td class="num">-1<\/td><\/tr>/);
      assert.equal((b.match(/<span class="report-box"/g) ?? []).length, 5);
      assert.match(b, /<button type="button" class="button button-primary" hidden data-print="true">印刷する<\/button>/);
      // The script runs only with this response's CSP nonce (web/script.tsx).
      const nonce = /script-src 'nonce-([^']+)'/.exec(String(res.headers['content-security-policy']))?.[1];
      assert.ok(nonce, 'the policy names a nonce');
      assert.ok(b.includes(`<script src="${/\/assets\/print\.js\?v=[0-9a-f]{12}/.exec(b)![0]}" defer nonce="${nonce}"></script>`), 'the print script carries the nonce');
      const js = await c.get(/src="(\/assets\/print\.js\?v=[0-9a-f]+)"/.exec(b)![1]!);
      assert.equal(js.statusCode, 200);
    });

    test('policy: the form marks required fields; missing ones give 400 with a summary and the input kept', async () => {
      const c = new Client(t.app);
      const form = await c.get('/business/policy');
      assert.equal(form.statusCode, 200);
      assert.equal((form.body.match(/<span class="required-mark">※必須<\/span>/g) ?? []).length, 4);
      assert.match(form.body, /value="2026-11-27"/);
      assert.match(form.body, /保存しません/);
      const res = await c.post('/business/policy', { company: 'さくら商店', representative_title: '', representative: '山田 花子', date: '2026-02-30', options: ['training', 'bogus'] });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /<a href="#field-representative_title">代表者の役職を入力してください<\/a>/);
      assert.match(res.body, /<a href="#field-date">制定日は 2026-04-01 のように、実在する日付で入力してください<\/a>/);
      assert.match(res.body, /name="company" type="text" value="さくら商店"/);
      assert.match(res.body, /name="options" value="training" checked/);
      assert.doesNotMatch(res.body, /name="options" value="personal_data" checked/);
    });

    test('policy: every value is escaped (HTML, plain text, the HTML to paste, the download)', async () => {
      const c = new Client(t.app);
      await c.get('/business/policy');
      const evil = '<script>alert("x")</script>&{date}';
      const res = await c.post('/business/policy', { company: evil, representative_title: '代表取締役', representative: '"><img src=x onerror=alert(1)>', date: '２０２６年４月１日', options: ['contractors'] });
      assert.equal(res.statusCode, 200);
      assert.doesNotMatch(res.body, /<script>alert/);
      assert.doesNotMatch(res.body, /<img src=x/);
      assert.match(res.body, /&lt;script>alert\(&quot;x&quot;\)&lt;\/script>&amp;\{date\}（以下「当社」といいます）/);
      assert.match(res.body, /制定日：令和8年4月1日/);
      // Optional clauses: contractors in, training and disclosure out; the sections renumbered.
      assert.match(res.body, /<h3>5\. 委託先の管理<\/h3>/);
      assert.doesNotMatch(res.body, /定期的に行います/);
      // The HTML to paste is itself escaped once more inside the textarea.
      assert.match(res.body, /<textarea class="textarea policy-copy" id="policy-html"[^>]*>&lt;article>/);
      assert.match(res.body, /&amp;lt;script>alert\(&amp;quot;x&amp;quot;\)/);
      const csrf = c.csrf('/business/policy/download');
      const dl = await c.post('/business/policy/download', { company: evil, representative_title: '代表取締役', representative: '山田 花子', date: '2026-04-01', options: ['contractors'] }, csrf);
      assert.equal(dl.statusCode, 200);
      assert.match(String(dl.headers['content-type']), /^text\/plain; charset=utf-8/);
      assert.match(String(dl.headers['content-disposition']), /^attachment; .*filename\*=UTF-8''%E6%83%85/);
      assert.ok(dl.body.startsWith('情報セキュリティ基本方針\n\n<script>alert("x")</script>&{date}（以下「当社」といいます）'));
      assert.match(dl.body, /\n代表取締役　山田 花子\n$/);
      const bad = await c.post('/business/policy/download', { company: '' }, csrf);
      assert.equal(bad.statusCode, 400);
    });

    test('policy in English', async () => {
      const c = new Client(t.app);
      await c.get('/en/business/policy');
      const res = await c.post('/en/business/policy', { company: 'Sakura Trading', representative_title: 'President', representative: 'Hanako Yamada', date: '2026-04-01', options: ['training', 'personal_data', 'disclosure'] });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /Sakura Trading \(“the Company”\)/);
      assert.match(res.body, /Adopted on 1 April 2026<br\/>Sakura Trading<br\/>Hanako Yamada, President/);
      assert.doesNotMatch(res.body, /Contractors<\/h3>/);
    });
  });
}
