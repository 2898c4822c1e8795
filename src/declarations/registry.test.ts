// Search of the register (names of 1–2 characters, kana either way, English, every filter, paging and
// sorting, bad parameters), the JSON API and its OpenAPI document, the renewal job under a moved clock
// (reminders once each, lapse), and revocation by the program office — on SQLite and PostgreSQL.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, TEST_BASE_URL, type TestApp } from '../../test/support/app.ts';
import { Client, createUser, signIn } from '../../test/support/client.ts';
import { testDialects } from '../../test/support/databases.ts';
import { FIXTURE } from '../../test/support/fixture.ts';
import { linkIn, startSmtpSink, type SmtpSink } from '../../test/support/smtp-sink.ts';
import { createMailer } from '../mail/smtp.ts';
import type { Mailer } from '../mail/mailer.ts';
import { insertActiveDeclaration } from './fixture.ts';
import { runDeclarationRenewals } from './renewals.ts';

const quiet = { info() {}, warn() {}, error() {} };
const DAY = 24 * 3_600_000;
const START = new Date('2026-04-01T01:00:00.000Z');

for (const dialect of testDialects()) {
  describe(`declaration register: search, API, renewals, revocation (${dialect})`, () => {
    let t: TestApp;
    let sink: SmtpSink;
    let mailer: Mailer;
    let clock = START;
    const c = () => new Client(t.app);
    const json = async (url: string) => {
      const res = await t.app.inject({ method: 'GET', url });
      return { status: res.statusCode, body: JSON.parse(res.body) };
    };
    const names = async (url: string) => (await json(url)).body.items.map((i: { name: string }) => i.name);

    before(async () => {
      sink = await startSmtpSink();
      t = await startTestApp(dialect, FIXTURE, { env: { SMTP_URL: sink.url }, now: () => clock });
      mailer = createMailer({ smtpUrl: sink.url, from: 'Lastmile <no-reply@lastmile.invalid>', log: quiet });
      const h = t.db.handle;
      // Declared on different days, so "newest first" has a known order.
      const at = (n: number) => new Date(START.getTime() + n * DAY);
      await insertActiveDeclaration(h, { name: '株式会社山田商店', nameKana: 'ヤマダショウテン', corporateNumber: '7000012050002', prefecture: '13', industry: 'I', sizeBand: '2-5' }, 'yamada@example.jp', at(0));
      await insertActiveDeclaration(h, { name: '有限会社あおば印刷', nameKana: 'アオバインサツ', prefecture: '04', industry: 'E', sizeBand: '6-20', star: 2, diagnosisDone: true, policyUrl: 'https://aoba.example.jp/policy' }, 'aoba@example.jp', at(1));
      await insertActiveDeclaration(h, { name: 'ABC Trading Co., Ltd.', prefecture: '27', industry: 'I', sizeBand: '21-50' }, 'abc@example.jp', at(2));
      await insertActiveDeclaration(h, { name: '詐欺対策ラボ', prefecture: '13', industry: 'G', sizeBand: 'sole', star: 2, diagnosisDone: true, policyUrl: 'https://lab.example.jp/p' }, 'lab@example.jp', at(3));
      await insertActiveDeclaration(h, { name: '窓口サービス合同会社', nameKana: 'マドグチサービス', prefecture: '23', industry: 'R', sizeBand: '2-5' }, 'mado@example.jp', at(4));
      // 25 more in Hokkaido for paging, named so that name order is known.
      for (let i = 1; i <= 25; i++) await insertActiveDeclaration(h, { name: `ページ送り${String(i).padStart(2, '0')}`, prefecture: '01', industry: 'D', sizeBand: '101-300' }, `p${i}@example.jp`, at(5 + i));
    });
    after(async () => {
      await mailer?.close();
      await t?.close();
      await sink?.close();
    });

    test('names: one and two characters, part of a word, kana in either script, full-width and English', async () => {
      assert.deepEqual(await names('/api/v1/declarations?q=' + encodeURIComponent('山')), ['株式会社山田商店']);
      assert.deepEqual(await names('/api/v1/declarations?q=' + encodeURIComponent('詐欺')), ['詐欺対策ラボ']);
      assert.deepEqual(await names('/api/v1/declarations?q=' + encodeURIComponent('窓')), ['窓口サービス合同会社']);
      // Longer than the index's grams: the substring test decides ("山田商" is in 山田商店).
      assert.deepEqual(await names('/api/v1/declarations?q=' + encodeURIComponent('山田商')), ['株式会社山田商店']);
      assert.deepEqual(await names('/api/v1/declarations?q=' + encodeURIComponent('やまだ')), ['株式会社山田商店'], 'hiragana finds the katakana reading');
      assert.deepEqual(await names('/api/v1/declarations?q=' + encodeURIComponent('インサツ')), ['有限会社あおば印刷']);
      assert.deepEqual(await names('/api/v1/declarations?q=' + encodeURIComponent('アオバ')), ['有限会社あおば印刷'], 'katakana finds a hiragana name');
      assert.deepEqual(await names('/api/v1/declarations?q=abc'), ['ABC Trading Co., Ltd.']);
      assert.deepEqual(await names('/api/v1/declarations?q=' + encodeURIComponent('ＡＢＣ　trading')), ['ABC Trading Co., Ltd.']);
      assert.deepEqual(await names('/api/v1/declarations?q=' + encodeURIComponent('山田 印刷')), [], 'every word must occur');
      assert.deepEqual(await names('/api/v1/declarations?q=100%25'), [], 'LIKE wildcards are literal');
      const page = await c().get('/declarations?q=' + encodeURIComponent('やまだ'));
      assert.match(page.body, /株式会社山田商店/);
      assert.match(page.body, /（1件中 1〜1件を表示）/);
      const none = await c().get('/en/declarations?q=zzzz');
      assert.match(none.body, /No declaration matches/);
    });

    test('filters: corporate number (typed any way), prefecture, industry, size, star; counts', async () => {
      assert.deepEqual(await names('/api/v1/declarations?corporate_number=' + encodeURIComponent('７０００-０１２０-５０００２')), ['株式会社山田商店']);
      assert.deepEqual(await names('/api/v1/declarations?prefecture=13&sort=date'), ['詐欺対策ラボ', '株式会社山田商店']);
      assert.deepEqual(await names('/api/v1/declarations?industry=I'), ['ABC Trading Co., Ltd.', '株式会社山田商店']);
      assert.deepEqual(await names('/api/v1/declarations?size=2-5'), ['窓口サービス合同会社', '株式会社山田商店']);
      assert.deepEqual(await names('/api/v1/declarations?star=2'), ['有限会社あおば印刷', '詐欺対策ラボ']);
      assert.deepEqual(await names('/api/v1/declarations?star=2&prefecture=04'), ['有限会社あおば印刷']);
      const all = await json('/api/v1/declarations');
      assert.equal(all.body.total, 30);
      assert.equal(all.body.totalExact, true);
      // The same filters as a GET form without JavaScript: selected values stay selected.
      const page = await c().get('/declarations?prefecture=04&star=2');
      assert.match(page.body, /<option value="04" selected>/);
      assert.match(page.body, /id="star-2" name="star" value="2" checked/);
      assert.match(page.body, /（1件中 1〜1件を表示）/);
    });

    test('sorting by name ignores legal forms; paging 20 at a time; dates newest first', async () => {
      // By the reading when there is one (マドグチ before ヤマダ, though 山 comes before 窓 in code points),
      // legal forms ignored (有限会社あおば印刷 sorts as アオバインサツ).
      assert.deepEqual(await names('/api/v1/declarations?industry=I&sort=name'), ['ABC Trading Co., Ltd.', '株式会社山田商店']);
      const all = [...(await names('/api/v1/declarations?sort=name')), ...(await names('/api/v1/declarations?sort=name&page=2'))].filter((n: string) => !n.startsWith('ページ'));
      assert.deepEqual(all, ['ABC Trading Co., Ltd.', '有限会社あおば印刷', '窓口サービス合同会社', '株式会社山田商店', '詐欺対策ラボ']);
      const p1 = await json('/api/v1/declarations?prefecture=01');
      const p2 = await json('/api/v1/declarations?prefecture=01&page=2');
      assert.equal(p1.body.total, 25);
      assert.equal(p1.body.items.length, 20);
      assert.equal(p2.body.items.length, 5);
      assert.deepEqual(p2.body.items.map((i: { name: string }) => i.name), ['ページ送り21', 'ページ送り22', 'ページ送り23', 'ページ送り24', 'ページ送り25']);
      const newest = await json('/api/v1/declarations?prefecture=01&sort=date');
      assert.equal(newest.body.items[0].name, 'ページ送り25');
      const html = await c().get('/declarations?prefecture=01&page=2');
      assert.match(html.body, /（25件中 21〜25件を表示）/);
      assert.match(html.body, /rel="prev"/);
      // Past the last page: an empty page, not an error; past the offset cap: a 400 that says why.
      assert.equal((await json('/api/v1/declarations?prefecture=01&page=3')).body.items.length, 0);
      const far = await json('/api/v1/declarations?page=501');
      assert.equal(far.status, 400);
      assert.match(far.body.error.details[0].message, /ページ番号（page）は1から500まで/);
    });

    test('bad parameters: 400 naming each one, in the page’s or the caller’s language', async () => {
      const r = await t.app.inject({ method: 'GET', url: '/api/v1/declarations?prefecture=99&star=3&industry=Z&size=huge&sort=x&status=gone&corporate_number=1234', headers: { 'accept-language': 'en' } });
      assert.equal(r.statusCode, 400);
      const params = JSON.parse(r.body).error.details.map((d: { param: string }) => d.param).sort();
      assert.deepEqual(params, ['corporate_number', 'industry', 'prefecture', 'size', 'sort', 'star', 'status']);
      assert.match(r.body, /13 digits \(4 were given\)/);
      const page = await c().get('/declarations?prefecture=99');
      assert.equal(page.statusCode, 400);
      assert.match(page.body, /都道府県コード（01〜47/);
      assert.equal((await c().get('/declarations?q=' + encodeURIComponent('a\nb'))).statusCode, 400);
      assert.equal((await c().get('/declarations?q=' + 'x'.repeat(101))).statusCode, 400);
    });

    test('API: one declaration, 404, and the OpenAPI document with the declarations tag; never an address or a token', async () => {
      const list = await json('/api/v1/declarations?q=' + encodeURIComponent('あおば'));
      const d = list.body.items[0];
      assert.equal(d.star, 2);
      assert.equal(d.selfDeclared, true);
      assert.equal(d.policyUrl, 'https://aoba.example.jp/policy');
      assert.deepEqual(d.prefecture, { code: '04', name: { ja: '宮城県', en: 'Miyagi' } });
      assert.equal(d.links.html, `${TEST_BASE_URL}/declarations/${d.number}`);
      const one = await json(`/api/v1/declarations/${d.number}`);
      assert.equal(one.status, 200);
      assert.deepEqual(one.body, d);
      const everything = JSON.stringify((await json('/api/v1/declarations?status=all&prefecture=04')).body) + JSON.stringify(one.body);
      assert.doesNotMatch(everything, /@example\.jp/);
      assert.doesNotMatch(everything, /email|token/i);
      assert.equal((await json('/api/v1/declarations/LM-2026-0999999')).status, 404);
      const doc = await json('/api/v1/openapi.json');
      assert.ok(doc.body.paths['/api/v1/declarations'].get.tags.includes('declarations'));
      assert.ok(doc.body.paths['/api/v1/declarations/{number}'].get);
      assert.ok(doc.body.tags.some((tag: { name: string }) => tag.name === 'declarations'));
      assert.ok(doc.body.components.schemas.Declaration);
      assert.doesNotMatch(JSON.stringify(doc.body.components.schemas.Declaration), /email/i);
    });

    test('renewal: a request 30 days before and on the due date (each once), lapse 30 days after; renewing resets the date', async () => {
      sink.clear();
      const run = (at: Date) => runDeclarationRenewals({ handle: t.db.handle, mailer, baseUrl: TEST_BASE_URL, now: at, log: quiet });
      // 株式会社山田商店 was declared 2026-04-01 (Japan): due 2027-04-01.
      const at = (date: string) => new Date(`${date}T09:00:00+09:00`);
      let r = await run(at('2027-03-01'));
      assert.equal(r.remindedEarly, 0, 'not yet 30 days before');
      r = await run(at('2027-03-02'));
      assert.equal(r.remindedEarly, 1);
      const early = await sink.waitFor((m) => m.to.includes('yamada@example.jp'));
      assert.match(early.subject, /更新のお願い（期限 2027-04-01）/);
      assert.match(early.text, /令和9年5月1日（2027-05-01）を過ぎると/);
      const manage = linkIn(early, '/declarations/manage');
      r = await run(at('2027-03-03'));
      assert.equal(r.remindedEarly, 1, 'the next declaration (declared a day later) only');
      r = await run(at('2027-03-02'));
      assert.equal(r.remindedEarly, 0, 'never twice for the same due date');
      r = await run(at('2027-04-01'));
      assert.equal(r.remindedDue, 1);
      assert.ok(sink.messages.some((m) => m.to.includes('yamada@example.jp') && /更新期限は本日です/.test(m.subject)));
      r = await run(at('2027-04-02'));
      assert.equal(r.remindedDue, 1, 'only the next one; the first is not asked again');
      // 30 days after the due date it is still active; the day after, lapsed.
      r = await run(at('2027-05-01'));
      assert.equal(r.lapsed, 0);
      r = await run(at('2027-05-02'));
      assert.equal(r.lapsed, 1);
      assert.ok(sink.messages.some((m) => m.to.includes('yamada@example.jp') && /期限切れになりました/.test(m.subject)));
      const number = (await json('/api/v1/declarations?status=all&q=' + encodeURIComponent('山田'))).body.items[0].number;
      assert.deepEqual(await names('/api/v1/declarations?q=' + encodeURIComponent('山田')), [], 'lapsed: out of the default search');
      assert.equal((await json(`/api/v1/declarations/${number}`)).body.status, 'lapsed');
      const page = await c().get(`/declarations/${number}`);
      assert.match(page.body, /この宣言は期限切れです/);

      // The firm renews through the link in the reminder: active again, the same number, due a year on.
      clock = at('2027-05-10');
      const client = c();
      await client.get(manage);
      const res = await client.post('/declarations/manage/renew', { t: new URL(manage, TEST_BASE_URL).searchParams.get('t')!, still_applies: 'yes' });
      assert.equal(res.statusCode, 303);
      const after = (await json(`/api/v1/declarations/${number}`)).body;
      assert.equal(after.status, 'active');
      assert.equal(after.renewalDue, '2028-05-10');
      // The audit trail has the lapse (system) and the renewal (declarant).
      const actions = (await t.db.handle.db.selectFrom('audit_events').select(['action', 'actor_name']).where('subject_kind', '=', 'declaration').orderBy('id').execute()).map((e) => e.action);
      assert.ok(actions.includes('declaration_lapsed') && actions.includes('declaration_renewed'));
      // A renewed declaration gets its reminders again for the new date.
      r = await run(at('2028-04-10'));
      assert.ok(r.remindedEarly >= 1);
      clock = START;
    });

    test('the program office lists every declaration (pending too) and revokes one with a reason shown on its page; nobody else can', async () => {
      sink.clear();
      // Sign-in checks TOTP codes against the app's clock: the real time here.
      clock = new Date();
      const member = await createUser(t.db.handle, { email: 'member@office.example' });
      const memberClient = c();
      await signIn(memberClient, member);
      assert.equal((await memberClient.get('/admin/declarations')).statusCode, 403);
      assert.equal((await c().get('/admin/declarations')).statusCode, 303, 'anonymous: to sign-in');

      const admin = await createUser(t.db.handle, { email: 'admin@office.example', displayName: '事務局 太郎', role: 'admin', totp: true });
      const a = c();
      await signIn(a, admin);
      // A pending declaration is listed for the office.
      await a.get('/declarations/new');
      await a.post('/declarations/new', { name: '確認待ち商会', has_corporate_number: 'no', prefecture: '13', industry: 'I', size: 'sole', star: '1', commit_measures: 'yes', email: 'pending@example.jp' });
      const list = await a.get('/admin/declarations?status=pending');
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /確認待ち商会/);
      assert.doesNotMatch(list.body, /\d+\.[A-Za-z0-9_-]{22}/, 'no tokens');

      const d = await t.db.handle.db.selectFrom('declarations').select(['id', 'number']).where('name', '=', '窓口サービス合同会社').executeTakeFirstOrThrow();
      const detail = await a.get(`/admin/declarations/${d.id}`);
      assert.match(detail.body, /mado@example\.jp/, 'the office sees the contact address');
      let res = await a.post(`/admin/declarations/${d.id}/revoke`, { reason: '' });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /取消しの理由を書いてください/);
      res = await a.post(`/admin/declarations/${d.id}/revoke`, { reason: '実在しない事業者による宣言と判明したため' });
      assert.equal(res.statusCode, 303);
      const pub = await c().get(`/declarations/${d.number}`);
      assert.match(pub.body, /この宣言は事務局により取り消されました/);
      assert.match(pub.body, /実在しない事業者による宣言と判明したため/);
      assert.equal((await json(`/api/v1/declarations/${d.number}`)).body.revocationReason, '実在しない事業者による宣言と判明したため');
      await sink.waitFor((m) => m.to.includes('mado@example.jp') && /取り消されました/.test(m.subject));
      const audit = await t.db.handle.db.selectFrom('audit_events').selectAll().where('subject_kind', '=', 'declaration').where('subject_id', '=', d.id).where('action', '=', 'declaration_revoked').executeTakeFirstOrThrow();
      assert.equal(audit.actor_user_id, admin.id);
      assert.equal(audit.note, '実在しない事業者による宣言と判明したため');
      const history = await a.get(`/admin/declarations/${d.id}`);
      assert.match(history.body, /自己宣言の取消し（事務局）/);
      // A member cannot revoke, even with a valid CSRF token of their own.
      await memberClient.get('/declarations/new');
      const other = await insertActiveDeclaration(t.db.handle, { name: '取消しされない商店', prefecture: '40' }, 'keep@example.jp', clock);
      assert.equal((await memberClient.post(`/admin/declarations/${other.id}/revoke`, { reason: 'x' })).statusCode, 403);
      assert.equal((await t.db.handle.db.selectFrom('declarations').select('status').where('id', '=', other.id).executeTakeFirstOrThrow()).status, 'active');
      assert.equal((await a.get('/admin/declarations/999999')).statusCode, 404);
      clock = START;
    });
  });
}
