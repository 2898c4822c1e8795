// The personal check through its real pages, as a browser without JavaScript: scores and plans
// computed by hand (incl. "don't know" and "partly"), the plan's materials, events near the person and
// desks; resume by link (valid, unknown, expired); skipped, invalid and out-of-order answers (400 or a
// redirect, nothing stored); completing twice stores once; and what the tables hold: no token, no
// email, nothing personal beside the answers.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_PERSONAL_TEXT, parsePersonalCheck, scorePersonal } from '../checks/personal-definition.ts';
import { FIXTURE_NOW, publishFixtureEvents } from '../events/fixture.ts';
import { seedMaterialsForScreens } from '../materials/screenshot-seed.ts';
import { startTestApp, type TestApp } from '../../test/support/app.ts';
import { Client } from '../../test/support/client.ts';
import { testDialects } from '../../test/support/databases.ts';
import { FIXTURE } from '../../test/support/fixture.ts';
import { addMonths } from './model.ts';
import { runCheckMaintenance } from './reminders.ts';

const DEF = parsePersonalCheck(DEFAULT_PERSONAL_TEXT).value!;
const official = (i: number) => DEF.measures[i - 1]!.official.ja;

test('the shipped definition: 9 measures, answers y/p/n/u with only y done, every editors\' field marked', () => {
  assert.equal(DEF.measures.length, 9);
  assert.deepEqual(
    DEF.answers.map((a) => [a.code, a.done]),
    [['y', true], ['p', false], ['n', false], ['u', false]],
  );
  assert.equal(DEF.measures[8]!.alwaysDesks, true);
  for (const m of DEF.measures) {
    assert.deepEqual(m.judged, ['official.en', 'question', 'hint', 'plan'], m.id);
    assert.ok(m.plan.length >= 2 && m.plan.length <= 4, m.id);
  }
  assert.equal(DEF.editorial.label.ja, '編集部の案');
});

test('scoring by hand: done measures count, partly and don\'t know go to the plan in order', () => {
  const o = scorePersonal(DEF, 'ynnpuynyu');
  assert.equal(o.score, 3);
  assert.deepEqual(o.done.map((m) => m.id), ['updates', 'shopping', 'loss_theft']);
  assert.deepEqual(o.todo.map((x) => `${x.measure.id}:${x.answer.code}`), ['passwords:n', 'never_tell:n', 'attachments:p', 'antivirus:u', 'backup:n', 'ask:u']);
  assert.equal(scorePersonal(DEF, 'uuuuuuuuu').score, 0);
  assert.equal(scorePersonal(DEF, 'ppppppppp').score, 0);
  assert.equal(scorePersonal(DEF, 'yyyyyyyyy').todo.length, 0);
  assert.throws(() => scorePersonal(DEF, 'yyyy'), /expected 9 answers/);
  assert.throws(() => scorePersonal(DEF, 'yyyyyyyyz'), /unknown answer code/);
});

test('definition cross-checks name the JSON path: duplicate ids and codes, no "done" answer', () => {
  const doc = JSON.parse(DEFAULT_PERSONAL_TEXT);
  doc.measures[1].id = doc.measures[0].id;
  doc.answers[1].code = 'y';
  const r = parsePersonalCheck(JSON.stringify(doc));
  assert.equal(r.value, null);
  assert.deepEqual(r.issues.map((i) => i.path).sort(), ['answers[1].code', 'measures[1].id']);
  const none = JSON.parse(DEFAULT_PERSONAL_TEXT);
  for (const a of none.answers) a.done = false;
  assert.match(parsePersonalCheck(JSON.stringify(none)).issues[0]!.message.en, /No answer counts as done/);
  const badTopic = JSON.parse(DEFAULT_PERSONAL_TEXT);
  badTopic.measures[2].deskTopics = ['aliens'];
  assert.equal(parsePersonalCheck(JSON.stringify(badTopic)).issues[0]!.path, 'measures[2].deskTopics[0]');
  const shortPlan = JSON.parse(DEFAULT_PERSONAL_TEXT);
  shortPlan.measures[0].plan = [shortPlan.measures[0].plan[0]];
  assert.equal(parsePersonalCheck(JSON.stringify(shortPlan)).issues[0]!.path, 'measures[0].plan');
});

for (const dialect of testDialects()) {
  describe(`personal check (${dialect})`, () => {
    let t: TestApp;
    let uploadDir: string;
    let clock = new Date(FIXTURE_NOW);
    let eventIds: number[];
    let materialId: (titleStart: string) => Promise<number>;

    before(async () => {
      uploadDir = mkdtempSync(join(tmpdir(), 'lastmile-check-'));
      t = await startTestApp(dialect, FIXTURE, { now: () => clock, env: { UPLOAD_DIR: uploadDir } });
      await seedMaterialsForScreens(t.app);
      eventIds = await publishFixtureEvents(t.db.handle);
      materialId = async (s) => (await t.db.handle.db.selectFrom('materials').select('id').where('title_ja', 'like', `${s}%`).executeTakeFirstOrThrow()).id;
    });
    after(async () => {
      await t?.close();
      rmSync(uploadDir, { recursive: true, force: true });
    });

    const results = () => t.db.handle.db.selectFrom('check_results').selectAll().where('check_kind', '=', 'personal').orderBy('id').execute();
    const progressRows = () => t.db.handle.db.selectFrom('check_progress').selectAll().execute();

    /** Starts a journey and answers the given codes, one POST per question, checking each redirect. */
    async function answer(c: Client, codes: string, prefix = ''): Promise<void> {
      await c.get(`${prefix}/check`);
      const start = await c.post(`${prefix}/check/start`, {});
      assert.equal(start.statusCode, 303);
      assert.equal(start.headers.location, `${prefix}/check/q/1`);
      for (let n = 1; n <= codes.length; n++) {
        const page = await c.get(`${prefix}/check/q/${n}`);
        assert.equal(page.statusCode, 200);
        assert.match(page.body, new RegExp(`${n} / 9`));
        const r = await c.post(`${prefix}/check/q/${n}`, { answer: codes[n - 1]! });
        assert.equal(r.statusCode, 303, `question ${n}: ${r.body.slice(0, 200)}`);
        assert.equal(r.headers.location, n < 9 ? `${prefix}/check/q/${n + 1}` : `${prefix}/check/about`);
      }
    }

    async function complete(c: Client, codes: string, about: { age?: string; prefecture?: string } = {}, prefix = ''): Promise<string> {
      await answer(c, codes, prefix);
      await c.get(`${prefix}/check/about`);
      const a = await c.post(`${prefix}/check/about`, { age: about.age ?? '', prefecture: about.prefecture ?? '' });
      assert.equal(a.statusCode, 303);
      assert.equal(a.headers.location, `${prefix}/check/review`);
      const review = await c.get(`${prefix}/check/review`);
      assert.equal(review.statusCode, 200);
      const done = await c.post(`${prefix}/check/complete`, {});
      assert.equal(done.statusCode, 303);
      assert.equal(done.headers.location, `${prefix}/check/result`);
      const result = await c.get(`${prefix}/check/result`);
      assert.equal(result.statusCode, 200);
      return result.body;
    }

    const section = (body: string, id: string) => new RegExp(`<section aria-labelledby="${id}"[\\s\\S]*?</section>`).exec(body)?.[0] ?? '';

    test('a 75-year-old in Tokyo: score, what is done, the plan in order with notes, materials, the Tokyo event and Tokyo desks', async () => {
      const before = (await results()).length;
      const c = new Client(t.app);
      const body = await complete(c, 'ynnpuynyu', { age: '70s', prefecture: '13' });
      assert.match(body, /9つの対策のうち、3つができています/);
      const done = section(body, 'done-title');
      for (const i of [1, 6, 8]) assert.ok(done.includes(official(i)), `measure ${i} listed as done`);
      for (const i of [2, 3, 4, 5, 7, 9]) assert.ok(!done.includes(official(i)), `measure ${i} not done`);
      const plan = section(body, 'plan-title');
      const order = [2, 3, 4, 5, 7, 9].map((i) => plan.indexOf(official(i)));
      assert.ok(order.every((x) => x >= 0), 'every open measure has a step');
      assert.deepEqual([...order].sort((a, b) => a - b), order, 'steps in the measures\' order');
      for (const i of [1, 6, 8]) assert.ok(!plan.includes(official(i)));
      assert.match(plan, /少しできています。いつもできるようにしましょう。/, 'the note for "partly"');
      assert.match(plan, /家族や相談窓口といっしょに確かめましょう/, 'the note for "don\'t know"');
      assert.match(plan, /（編集部の案）/);
      // Materials: the password poster under passwords, the phishing leaflet once (under the first step that finds it).
      const poster = await materialId('パスワードを使い回さない');
      const leaflet = await materialId('フィッシング詐欺に気をつけよう');
      assert.equal(plan.split(`href="/materials/${poster}"`).length - 1, 1);
      assert.equal(plan.split(`href="/materials/${leaflet}"`).length - 1, 1);
      assert.ok(plan.indexOf(`/materials/${poster}"`) < plan.indexOf(official(3)), 'the poster is under passwords (before measure 3)');
      assert.ok(plan.indexOf(`/materials/${leaflet}"`) > plan.indexOf(official(3)) && plan.indexOf(`/materials/${leaflet}"`) < plan.indexOf(official(4)), 'the leaflet under measure 3');
      assert.match(plan, /href="\/materials\?q=%E3%83%90%E3%83%83%E3%82%AF%E3%82%A2%E3%83%83%E3%83%97"/, 'a search link for backups');
      // Events: the Tokyo one, not Osaka's nor the online one; a link to more events in Tokyo.
      const events = section(body, 'events-title');
      assert.match(events, /近くのイベント（東京都）/);
      assert.ok(events.includes(`href="/events/${eventIds[0]}"`));
      assert.ok(!events.includes(`href="/events/${eventIds[1]}"`));
      assert.ok(events.includes('href="/events?prefecture=13"'));
      // Desks: the Tokyo police desk first (prefectural first), national ones after; not another prefecture's.
      const slugs = await deskSlugs(section(body, 'desks-title'));
      assert.equal(slugs[0], 'police-cyber-13');
      assert.ok(slugs.includes('ipa-anshin'), slugs.join());
      assert.ok(!slugs.some((s) => /police-cyber-(?!13)/.test(s)), slugs.join());
      assert.ok(slugs.length <= 6);
      // The stored anonymous row.
      const rows = await results();
      assert.equal(rows.length, before + 1);
      const row = rows.at(-1)!;
      assert.equal(row.answers, 'ynnpuynyu');
      assert.equal(Number(row.score), 3);
      assert.equal(row.age_band, '70s');
      assert.equal(row.prefecture, '13');
      assert.equal(row.completed_on, '2026-11-26');
      assert.equal(row.definition_version, 1);
    });

    async function deskSlugs(html: string): Promise<string[]> {
      const slugOf = new Map((await t.db.handle.db.selectFrom('desks').select(['id', 'slug']).execute()).map((r) => [r.id, r.slug]));
      return [...html.matchAll(/class="desk-card-title"><a href="(?:\/en)?\/desks\/(\d+)"/g)].map((m) => slugOf.get(Number(m[1]))!);
    }

    test('everything done, no prefecture: 9 of 9, no plan, online events, and desks still listed (measure 9 always)', async () => {
      const body = await complete(new Client(t.app), 'yyyyyyyyy');
      assert.match(body, /9つの対策のうち、9つができています/);
      assert.match(section(body, 'plan-title'), /9つすべてできています/);
      const events = section(body, 'events-title');
      assert.match(events, /オンラインで参加できるイベント/);
      assert.ok(events.includes(`href="/events/${eventIds[2]}"`), 'the online event');
      assert.ok(!events.includes(`href="/events/${eventIds[0]}"`), 'not the Tokyo one');
      const slugs = await deskSlugs(section(body, 'desks-title'));
      assert.ok(slugs.length > 0 && slugs.every((s) => !s.startsWith('police-cyber-')), slugs.join());
      const row = (await results()).at(-1)!;
      assert.equal(row.answers, 'yyyyyyyyy');
      assert.equal(Number(row.score), 9);
      assert.equal(row.age_band, null);
      assert.equal(row.prefecture, null);
    });

    test('"don\'t know" everywhere, in English: 0 of 9, nothing done yet, a step for every measure', async () => {
      const body = await complete(new Client(t.app), 'uuuuuuuuu', { age: '80p' }, '/en');
      assert.match(body, /You already do 0 of the 9 measures/);
      assert.match(section(body, 'done-title'), /Nothing yet/);
      const plan = section(body, 'plan-title');
      for (const m of DEF.measures) assert.ok(plan.includes(m.official.en), m.id);
      assert.match(plan, /Editors&#39; wording, to be verified|Editors' wording, to be verified/);
      assert.equal(Number((await results()).at(-1)!.score), 0);
    });

    test('change links return to the review; "about you" is kept; back links', async () => {
      const c = new Client(t.app);
      await answer(c, 'nnnnnnnnn');
      await c.get('/check/about');
      await c.post('/check/about', { age: '60s', prefecture: '23' });
      const review = await c.get('/check/review');
      assert.match(review.body, /href="\/check\/q\/3\?change=1"/);
      assert.match(review.body, /60歳代/);
      assert.match(review.body, /愛知県/);
      const q3 = await c.get('/check/q/3?change=1');
      assert.match(q3.body, /name="change" value="1"/);
      assert.match(q3.body, /class="back-link" href="\/check\/review"/);
      assert.match(q3.body, /value="n" checked/);
      const r = await c.post('/check/q/3', { answer: 'y', change: '1' });
      assert.equal(r.headers.location, '/check/review');
      assert.match((await c.get('/check/review')).body, /している/);
      const q2 = await c.get('/check/q/2');
      assert.match(q2.body, /class="back-link" href="\/check\/q\/1"/);
      assert.match((await c.get('/check/q/1')).body, /class="back-link" href="\/check"/);
    });

    test('skipped and invalid answers: 400 on the same page with an error summary, nothing stored; order kept', async () => {
      const before = (await results()).length;
      const c = new Client(t.app);
      await c.get('/check');
      await c.post('/check/start', {});
      await c.get('/check/q/1');
      const skipped = await c.post('/check/q/1', {});
      assert.equal(skipped.statusCode, 400);
      assert.match(skipped.body, /<div class="error-summary" role="alert"/);
      assert.match(skipped.body, /<a href="#answer-0">答えを1つ選んでください。<\/a>/);
      assert.match(skipped.body, /<title>エラー：/);
      assert.match(skipped.body, /aria-describedby="answer-hint answer-error"/);
      for (const bad of [{ answer: 'z' }, { answer: ['y', 'n'] }, { answer: 'yes' }]) {
        const r = await c.post('/check/q/1', bad);
        assert.equal(r.statusCode, 400, JSON.stringify(bad));
        assert.match(r.body, /もう一度、選んでください/);
      }
      // Out of order: question 5 before 1 is answered leads to 1; a POST to 5 changes nothing.
      const ahead = await c.get('/check/q/5');
      assert.equal(ahead.statusCode, 303);
      assert.equal(ahead.headers.location, '/check/q/1');
      await c.get('/check/q/1');
      assert.equal((await c.post('/check/q/5', { answer: 'y' })).headers.location, '/check/q/1');
      for (const n of ['0', '10', 'abc', '01', '999999']) assert.equal((await c.get(`/check/q/${n}`)).statusCode, 404, n);
      // Review, about and complete before all answers lead to the first open question; nothing is stored.
      assert.equal((await c.get('/check/review')).headers.location, '/check/q/1');
      assert.equal((await c.get('/check/about')).headers.location, '/check/q/1');
      await c.get('/check');
      assert.equal((await c.post('/check/complete', {})).headers.location, '/check/q/1');
      assert.equal((await c.get('/check/result')).headers.location, '/check/q/1');
      // "About you" with invalid values: 400, both named, journey kept.
      for (let n = 1; n <= 9; n++) {
        await c.get(`/check/q/${n}`);
        await c.post(`/check/q/${n}`, { answer: 'y' });
      }
      await c.get('/check/about');
      const about = await c.post('/check/about', { age: 'teen', prefecture: '99' });
      assert.equal(about.statusCode, 400);
      assert.match(about.body, /href="#field-age"/);
      assert.match(about.body, /href="#field-prefecture"/);
      assert.equal((await c.get('/check/review')).statusCode, 200);
      assert.equal((await results()).length, before, 'nothing stored');
      const mine = (await progressRows()).filter((r) => r.completed_on === null && r.answers === 'yyyyyyyyy');
      assert.equal(mine.length, 1);
      assert.equal(mine[0]!.about_done, 0);
    });

    test('no journey: pages and forms answer 404 with "start again"; a CSRF-less POST is refused', async () => {
      const c = new Client(t.app);
      await c.get('/check');
      const csrf = c.csrf('/check/start');
      for (const path of ['/check/q/1', '/check/review', '/check/result', '/check/save', '/en/check/about']) {
        const r = await c.get(path);
        assert.equal(r.statusCode, 404, path);
        assert.match(r.body, /はじめからやり直す|Start again/);
      }
      const post = await c.post('/check/q/1', { answer: 'y' }, csrf);
      assert.equal(post.statusCode, 404);
      assert.equal((await c.post('/check/complete', {}, csrf)).statusCode, 404);
      const noCsrf = await c.post('/check/start', {}, null);
      assert.equal(noCsrf.statusCode, 403);
    });

    test('completing twice (even at once) stores one result; the finished journey is read-only', async () => {
      const before = (await results()).length;
      const c = new Client(t.app);
      await answer(c, 'pppppppp');
      await c.get('/check/q/9');
      assert.equal((await c.post('/check/q/9', { answer: 's' })).statusCode, 400, "'s' is not an answer");
      await c.post('/check/q/9', { answer: 'p' });
      await c.get('/check/about');
      await c.post('/check/about', {});
      await c.get('/check/review');
      const csrf = c.csrf('/check/complete');
      const [a, b] = await Promise.all([c.post('/check/complete', {}, csrf), c.post('/check/complete', {}, csrf)]);
      assert.equal(a.statusCode, 303);
      assert.equal(b.statusCode, 303);
      assert.equal((await c.post('/check/complete', {}, csrf)).statusCode, 303);
      const rows = await results();
      assert.equal(rows.length, before + 1);
      assert.equal(rows.at(-1)!.answers, 'ppppppppp');
      // Answers can no longer change.
      assert.equal((await c.get('/check/q/2')).headers.location, '/check/result');
      assert.equal((await c.post('/check/q/2', { answer: 'y' }, csrf)).headers.location, '/check/result');
      assert.equal((await c.post('/check/about', { age: '20s' }, csrf)).headers.location, '/check/result');
      assert.equal((await results()).at(-1)!.answers, 'ppppppppp');
    });

    test('save and resume: the link works in another browser and leads to where the person was; unknown and expired links are 404', async () => {
      const c = new Client(t.app);
      await c.get('/check');
      await c.post('/check/start', {});
      for (const n of [1, 2, 3]) {
        await c.get(`/check/q/${n}`);
        await c.post(`/check/q/${n}`, { answer: 'n' });
      }
      const save = await c.get('/check/save');
      assert.equal(save.statusCode, 200);
      assert.equal(save.headers['referrer-policy'], 'no-referrer');
      assert.equal(save.headers['cache-control'], 'no-store');
      const link = /http:\/\/lastmile\.test\/check\/resume\?t=([A-Za-z0-9_-]{43})/.exec(save.body);
      assert.ok(link, 'the resume link is shown');
      const token = link[1]!;
      assert.equal(token, c.cookies.get('lm_check'), 'the link carries the cookie\'s token');

      // Another device: no cookie; the link sets it and continues at question 4.
      const other = new Client(t.app);
      const resumed = await other.get(`/check/resume?t=${token}`);
      assert.equal(resumed.statusCode, 303);
      assert.equal(resumed.headers.location, '/check/q/4');
      assert.equal(resumed.headers['referrer-policy'], 'no-referrer');
      const cookie = String(resumed.headers['set-cookie']);
      assert.match(cookie, /^lm_check=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/, cookie);
      assert.match((await other.get('/check/q/4')).body, /4 \/ 9/);
      assert.match((await other.get('/check')).body, /href="\/check\/q\/4"/, 'the start page offers to continue');
      // English resume keeps the language.
      assert.equal((await new Client(t.app).get(`/en/check/resume?t=${token}`)).headers.location, '/en/check/q/4');

      // A one-character change (never the token itself: its last character may be any of the 64).
      const changed = `${token.slice(0, 42)}${token.endsWith('A') ? 'B' : 'A'}`;
      for (const bad of ['', 'x', token.slice(0, 42), changed, 'A'.repeat(43), `${token}x`]) {
        const r = await new Client(t.app).get(`/check/resume?t=${encodeURIComponent(bad)}`);
        assert.equal(r.statusCode, 404, bad);
        assert.match(r.body, /保存されたチェックが見つかりません/);
        assert.match(r.body, /href="\/check">はじめからやり直す/);
      }

      // Twelve months after the last change the journey has expired (404), and the daily job deletes it.
      const saved = clock;
      try {
        clock = new Date(`${addMonths('2026-11-26', 12)}T00:00:00+09:00`);
        assert.equal((await new Client(t.app).get(`/check/resume?t=${token}`)).statusCode, 303, 'still valid on its last day');
        clock = new Date(`${addMonths('2026-11-26', 12)}T00:00:00+09:00`);
        clock = new Date(clock.getTime() + 24 * 3_600_000);
        const expired = await new Client(t.app).get(`/check/resume?t=${token}`);
        assert.equal(expired.statusCode, 404);
        const hash = createHash('sha256').update(token).digest('base64url');
        assert.ok((await progressRows()).some((r) => r.token_hash === hash));
        const counts = await runCheckMaintenance({ handle: t.db.handle, mailer: t.app.deps.mailer, baseUrl: 'http://lastmile.test', now: clock, log: { error() {} } });
        assert.ok(counts.expiredProgress >= 1);
        assert.ok(!(await progressRows()).some((r) => r.token_hash === hash));
      } finally {
        clock = saved;
      }
    });

    test('"start again" deletes the earlier journey', async () => {
      const c = new Client(t.app);
      await answer(c, 'yy');
      const first = c.cookies.get('lm_check')!;
      const hash = (x: string) => createHash('sha256').update(x).digest('base64url');
      assert.ok((await progressRows()).some((r) => r.token_hash === hash(first)));
      await c.get('/check');
      await c.post('/check/start', {});
      assert.notEqual(c.cookies.get('lm_check'), first);
      assert.ok(!(await progressRows()).some((r) => r.token_hash === hash(first)));
    });

    test('the person can delete the saved answers at once; the link stops working and the anonymous result stays', async () => {
      const c = new Client(t.app);
      await complete(c, 'ynnnnnnnn');
      const token = c.cookies.get('lm_check')!;
      const hash = createHash('sha256').update(token).digest('base64url');
      assert.ok((await progressRows()).some((r) => r.token_hash === hash));
      const stored = (await t.db.handle.db.selectFrom('check_results').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n;
      const save = await c.get('/check/save');
      assert.match(save.body, /保存した答えを今すぐ消す/);
      const r = await c.post('/check/forget', {}, c.csrf('/check/forget'));
      assert.equal(r.statusCode, 200);
      assert.match(r.body, /保存した答えを消しました/);
      assert.ok(!(await progressRows()).some((x) => x.token_hash === hash));
      assert.equal((await t.db.handle.db.selectFrom('check_results').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n, stored);
      const other = new Client(t.app);
      assert.equal((await other.get(`/check/resume?t=${token}`)).statusCode, 404);
    });

    test('stored rows hold no personal data: exact columns, dates only, no token or its hash beside the answers', async () => {
      const c = new Client(t.app);
      const body = await complete(c, 'nynynynyn', { age: '40s', prefecture: '01' });
      assert.match(body, /9つの対策のうち、4つができています/);
      const token = c.cookies.get('lm_check')!;
      const hash = createHash('sha256').update(token).digest('base64url');

      const result = (await results()).at(-1)!;
      assert.deepEqual(Object.keys(result).sort(), ['age_band', 'answers', 'check_kind', 'completed_on', 'definition_version', 'id', 'industry', 'prefecture', 'score', 'size_band']);
      assert.deepEqual({ ...result, id: 0, score: Number(result.score) }, { id: 0, check_kind: 'personal', definition_version: 1, completed_on: '2026-11-26', answers: 'nynynynyn', score: 4, age_band: '40s', prefecture: '01', size_band: null, industry: null });

      const progress = (await progressRows()).find((r) => r.token_hash === hash)!;
      assert.deepEqual(Object.keys(progress).sort(), ['about_done', 'age_band', 'answers', 'completed_on', 'created_on', 'definition_version', 'expires_on', 'prefecture', 'token_hash', 'updated_on']);
      assert.equal(progress.completed_on, '2026-11-26');
      for (const k of ['created_on', 'updated_on', 'expires_on', 'completed_on'] as const) assert.match(String(progress[k]), /^\d{4}-\d{2}-\d{2}$/, `${k} is a date without time`);
      assert.equal(progress.expires_on, '2027-11-26');
      // The token is nowhere in the database; its hash only as the journey's key.
      for (const table of ['check_results', 'check_progress', 'check_reminders'] as const) {
        const dump = JSON.stringify(await t.db.handle.db.selectFrom(table).selectAll().execute());
        assert.ok(!dump.includes(token), `${table} holds no token`);
        if (table !== 'check_progress') assert.ok(!dump.includes(hash), `${table} holds no token hash`);
      }
      const reminderColumns = ['confirm_sent_at', 'confirm_sent_count', 'created_at', 'due_on', 'email', 'id', 'locale', 'status'];
      const cols = await t.db.handle.db.introspection.getTables();
      const col = (name: string) => cols.find((x) => x.name === name)!.columns.map((x) => x.name).sort();
      assert.deepEqual(col('check_reminders'), reminderColumns, 'reminders: an address, a language, a date; no answers, no journey');
      assert.deepEqual(col('check_results'), ['age_band', 'answers', 'check_kind', 'completed_on', 'definition_version', 'id', 'industry', 'prefecture', 'score', 'size_band']);
      // The cookie is a session cookie (no Max-Age): it leaves with the browser.
      const start = await c.post('/check/start', {}, c.csrf('/check/start'));
      assert.doesNotMatch(String(start.headers['set-cookie']), /Max-Age|Expires/i);
    });

    test('the start page says what is stored, in plain words, in both languages', async () => {
      const ja = await new Client(t.app).get('/check');
      assert.equal(ja.statusCode, 200);
      assert.match(ja.body, /お名前やメールアドレスは聞きません。答えは、だれのものか分からない形で統計に使います。/);
      assert.match(ja.body, /3分ほど/);
      assert.match(ja.body, /出典：内閣サイバーセキュリティセンター（NISC）/);
      assert.match(ja.body, /編集部の案（2026-11-26）/);
      const en = await new Client(t.app).get('/en/check');
      assert.match(en.body, /We do not ask for your name or email address/);
      assert.match(en.body, /lang="en"/);
    });
  });
}
