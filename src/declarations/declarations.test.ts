// The self-declaration registry end to end, on SQLite and PostgreSQL, through the real forms (CSRF,
// cookies) and a real SMTP server on loopback: declare → confirm → active with its number; bad input
// and duplicates (concurrent ones too); the firm's management link; "send my links again"; public search
// and the API; the renewal job with a moved clock; revocation by the program office.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, TEST_BASE_URL, type TestApp } from '../../test/support/app.ts';
import { Client } from '../../test/support/client.ts';
import { testDialects } from '../../test/support/databases.ts';
import { FIXTURE } from '../../test/support/fixture.ts';
import { linkIn, startSmtpSink, type ReceivedMail, type SmtpSink } from '../../test/support/smtp-sink.ts';
import { createMailer } from '../mail/smtp.ts';
import { runDeclarationRenewals } from './renewals.ts';
import { declare, MAILS_PER_ADDRESS_PER_DAY } from './service.ts';
import { SAMPLE_INPUT } from './fixture.ts';

const quiet = { info() {}, warn() {}, error() {} };
const DAY = 24 * 3_600_000;

/** A complete, valid one-star form for a firm with a corporate number. */
function form(over: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    name: '株式会社テスト電機',
    name_kana: 'テストデンキ',
    has_corporate_number: 'yes',
    corporate_number: '7000012050002',
    prefecture: '23',
    municipality: '名古屋市中区',
    industry: 'E',
    size: '21-50',
    website: 'https://www.example.co.jp/',
    star: '1',
    commit_measures: 'yes',
    email: 'owner@example.jp',
    ...over,
  };
}

const tokenOf = (link: string) => new URL(link, TEST_BASE_URL).searchParams.get('t')!;

for (const dialect of testDialects()) {
  describe(`self-declaration registry (${dialect})`, () => {
    let t: TestApp;
    let sink: SmtpSink;
    let clock = new Date('2026-04-01T01:00:00.000Z');

    before(async () => {
      sink = await startSmtpSink();
      t = await startTestApp(dialect, FIXTURE, { env: { SMTP_URL: sink.url }, now: () => clock });
    });
    after(async () => {
      await t?.close();
      await sink?.close();
    });

    const db = () => t.db.handle.db;
    const count = async () => Number((await db().selectFrom('declarations').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const mailTo = (to: string, subject: RegExp) => sink.waitFor((m) => m.to.includes(to) && subject.test(m.subject));

    /** Declares through the form and confirms through the emailed link; returns the number and the management link. */
    async function declareAndConfirm(c: Client, fields: Record<string, string | string[]>, en = false): Promise<{ number: string; manage: string; activeMail: ReceivedMail }> {
      const prefix = en ? '/en' : '';
      const res = await c.submit(`${prefix}/declarations/new`, `${prefix}/declarations/new`, fields);
      assert.equal(res.statusCode, 200, res.body);
      const email = String(fields.email);
      const mail = await mailTo(email, en ? /Confirm your self-declaration/ : /自己宣言の確認/);
      const link = linkIn(mail, `${prefix}/declarations/confirm`);
      const page = await c.get(link);
      assert.equal(page.statusCode, 200);
      assert.equal(page.headers['referrer-policy'], 'no-referrer');
      const done = await c.post(`${prefix}/declarations/confirm`, { t: tokenOf(link) });
      assert.equal(done.statusCode, 200, done.body);
      const number = /LM-\d{4}-\d{7}/.exec(done.body)![0];
      const activeMail = await mailTo(email, new RegExp(number));
      return { number, manage: linkIn(activeMail, `${prefix}/declarations/manage`), activeMail };
    }

    test('declare → the confirmation link opened (nothing yet) → the button → active with its number, a public page and a private management link', async () => {
      sink.clear();
      const c = new Client(t.app);
      const form1 = await c.get('/declarations/new');
      assert.equal(form1.statusCode, 200);
      assert.match(form1.body, /※必須/);
      assert.match(form1.body, /href="\/business\/check"/);
      assert.match(form1.body, /href="\/business\/policy"/);
      const res = await c.post('/declarations/new', form());
      assert.equal(res.statusCode, 200, res.body);
      assert.match(res.body, /確認メールを送りました/);
      const mail = await mailTo('owner@example.jp', /自己宣言の確認/);
      const link = linkIn(mail, '/declarations/confirm');
      const page = await c.get(link);
      assert.match(page.body, /宣言を確定する/);
      assert.equal(page.headers['cache-control'], 'no-store');
      // Opening the link (a mail scanner prefetching it) changes nothing.
      const row = await db().selectFrom('declarations').select(['status', 'number']).executeTakeFirstOrThrow();
      assert.deepEqual(row, { status: 'pending', number: null });
      // A pending declaration is nowhere public.
      const api = JSON.parse((await c.get('/api/v1/declarations?status=all')).body);
      assert.equal(api.total, 0);

      await c.get(link);
      const done = await c.post('/declarations/confirm', { t: tokenOf(link) });
      assert.equal(done.statusCode, 200);
      assert.match(done.body, /宣言が有効になりました/);
      assert.match(done.body, /LM-2026-0000001/);
      const active = await mailTo('owner@example.jp', /LM-2026-0000001/);
      assert.match(active.text, /http:\/\/lastmile\.test\/declarations\/LM-2026-0000001/);
      assert.match(active.text, /更新期限：令和9年4月1日/);
      const manage = linkIn(active, '/declarations/manage');
      assert.match(manage, /^\/declarations\/manage\?t=\d+\.[A-Za-z0-9_-]{22}$/);

      const pub = await c.get('/declarations/LM-2026-0000001');
      assert.equal(pub.statusCode, 200);
      assert.match(pub.body, /株式会社テスト電機/);
      assert.match(pub.body, /一つ星/);
      assert.match(pub.body, /自己宣言は認証ではありません/);
      assert.match(pub.body, /7000012050002/);
      assert.match(pub.body, /令和9年4月1日/);
      const en = await c.get('/en/declarations/LM-2026-0000001');
      assert.match(en.body, /One star/);
      assert.match(en.body, /not a certification/);
      // The contact address and the tokens appear on no public page nor in the API.
      const json = await c.get('/api/v1/declarations/LM-2026-0000001');
      const list = await c.get('/api/v1/declarations');
      for (const body of [pub.body, en.body, json.body, list.body, (await c.get('/declarations')).body]) {
        assert.doesNotMatch(body, /owner@example\.jp/);
        assert.doesNotMatch(body, new RegExp(tokenOf(manage).replace('.', '\\.')));
        assert.doesNotMatch(body, /\d+\.[A-Za-z0-9_-]{22}/);
      }
      // A second press of the button (or a replayed link) changes nothing and gives no management link.
      assert.match((await c.get(link)).body, /確定済み/);
      await c.get('/declarations/new');
      const again = await c.post('/declarations/confirm', { t: tokenOf(link) });
      assert.match(again.body, /確定済み/);
      assert.doesNotMatch(again.body, /declarations\/manage\?t=/);
      assert.equal(await count(), 1);
    });

    test('English: the emails and pages are in English; a sole proprietor has no corporate number', async () => {
      sink.clear();
      const c = new Client(t.app);
      const r = await declareAndConfirm(c, form({ name: 'Example Trading', name_kana: '', has_corporate_number: 'no', corporate_number: '', email: 'sole@example.jp', star: '2', diagnosis_done: 'yes', policy_url: 'https://example.com/policy' }), true);
      assert.match(r.activeMail.subject, /is active/);
      const page = await c.get(`/en/declarations/${r.number}`);
      assert.match(page.body, /Two stars/);
      assert.match(page.body, /None \(sole proprietor or similar\)/);
      assert.match(page.body, /https:\/\/example\.com\/policy/);
    });

    test('bad input: every mistake named in the summary and beside its field, input kept, nothing stored', async () => {
      const before = await count();
      const c = new Client(t.app);
      await c.get('/declarations/new');
      const empty = await c.post('/declarations/new', {});
      assert.equal(empty.statusCode, 400);
      for (const m of ['事業者名を入力してください', '法人番号があるかどうかを選んでください', '都道府県を選んでください', '業種を一覧から選んでください', '従業員数', '一つ星か二つ星か', '5か条', 'メールアドレスを入力してください']) assert.match(empty.body, new RegExp(m));
      assert.match(empty.body, /class="error-summary"/);

      const cases: [Record<string, string>, RegExp][] = [
        [{ corporate_number: '1000012050002' }, /チェックデジット/],
        [{ corporate_number: '700001205000' }, /法人番号は13桁です（入力されたのは12桁です）/],
        [{ corporate_number: '' }, /法人番号（13桁の数字）を入力してください/],
        [{ website: 'www.example.co.jp' }, /https:\/\/ または http:\/\/ で始まるアドレス/],
        [{ website: 'javascript:alert(1)' }, /https:\/\/ または http:\/\/ で始まるアドレス/],
        [{ star: '2' }, /25項目の自社診断の実施が必要/],
        [{ star: '2', diagnosis_done: 'yes' }, /基本方針を公開しているページのアドレスが必要/],
        [{ email: 'not-an-address' }, /メールアドレスの形式で/],
        [{ name_kana: 'yamada' }, /フリガナはカタカナかひらがなで/],
        [{ prefecture: '48' }, /都道府県を選んでください/],
        [{ commit_measures: '' }, /5か条」に取り組むことを確認し/],
      ];
      for (const [over, message] of cases) {
        await c.get('/declarations/new');
        const res = await c.post('/declarations/new', form(over));
        assert.equal(res.statusCode, 400, JSON.stringify(over));
        assert.match(res.body, message, JSON.stringify(over));
        assert.match(res.body, /value="株式会社テスト電機"/, 'the input is kept');
      }
      await c.get('/en/declarations/new');
      const en = await c.post('/en/declarations/new', form({ corporate_number: '１０００-０１２０-５０００２' }));
      assert.equal(en.statusCode, 400);
      assert.match(en.body, /does not match the other 12/);
      assert.equal(await count(), before);
    });

    test('duplicates: a live declaration for the corporate number is refused with a link to resend, also when two arrive at once', async () => {
      sink.clear();
      const c = new Client(t.app);
      const before = await count();
      // 7000012050002 is already active (first test); full-width and hyphens are the same number.
      await c.get('/declarations/new');
      const dup = await c.post('/declarations/new', form({ corporate_number: '７０００-０１２０-５０００２', email: 'someone@example.jp' }));
      assert.equal(dup.statusCode, 400);
      assert.match(dup.body, /すでに有効な宣言（LM-2026-0000001）があります/);
      assert.match(dup.body, /href="\/declarations\/resend\?identifier=7000012050002"/);
      assert.equal(await count(), before);

      // Two submissions of a new number at the same moment: exactly one is stored.
      const ctx = { database: t.db.handle, mailer: createMailer({ smtpUrl: sink.url, from: 'x <x@lastmile.invalid>', log: quiet }), baseUrl: TEST_BASE_URL, now: clock, log: quiet };
      const input = { ...SAMPLE_INPUT, name: '同時送信テスト', corporateNumber: '5000000000045' };
      const results = await Promise.all([1, 2, 3, 4].map((i) => declare(ctx, input, `race${i}@example.jp`, 'ja')));
      await ctx.mailer.close();
      assert.equal(results.filter((r) => r.kind === 'sent').length, 1, JSON.stringify(results));
      assert.equal(results.filter((r) => r.kind === 'duplicate').length, 3);
      assert.equal(Number((await db().selectFrom('declarations').select((eb) => eb.fn.countAll().as('n')).where('corporate_number', '=', '5000000000045').executeTakeFirstOrThrow()).n), 1);

      // Sole proprietors: the same name (spaces, width and kana aside), prefecture and address is a duplicate.
      await c.get('/declarations/new');
      const first = await c.post('/declarations/new', form({ name: 'やまだ デザイン', has_corporate_number: 'no', corporate_number: '', email: 'yamada@example.jp' }));
      assert.equal(first.statusCode, 200);
      await c.get('/declarations/new');
      const second = await c.post('/declarations/new', form({ name: 'ヤマダデザイン', has_corporate_number: 'no', corporate_number: '', email: 'YAMADA@example.jp' }));
      assert.equal(second.statusCode, 400);
      assert.match(second.body, /同じ事業者名・都道府県・メールアドレスで、すでにメール確認待ちの宣言/);
      await c.get('/declarations/new');
      const other = await c.post('/declarations/new', form({ name: 'ヤマダデザイン', has_corporate_number: 'no', corporate_number: '', prefecture: '13', email: 'yamada@example.jp' }));
      assert.equal(other.statusCode, 200, 'another prefecture is another business');
    });

    test('the database refuses a second live declaration even when the check is bypassed', async () => {
      const now = clock.toISOString();
      const row = { number: null, status: 'pending', star: 1, name: 'x', name_key: 'x', sort_key: 'x', search_text: 'x', corporate_number: '7000012050002', prefecture: '13', industry: 'I', size_band: 'sole', email: 'z@example.jp', locale: 'ja', created_at: now, updated_at: now };
      await assert.rejects(db().insertInto('declarations').values(row).execute());
      // A withdrawn one does not count: the corporate number may declare again later.
      await db().insertInto('declarations').values({ ...row, status: 'withdrawn' }).execute();
    });

    test('management link: update details, move to two stars, renew, withdraw; each only on its own declaration', async () => {
      sink.clear();
      const c = new Client(t.app);
      const a = await declareAndConfirm(c, form({ name: '管理テスト株式会社', corporate_number: '9000000000009', email: 'manage@example.jp' }));
      const b = await declareAndConfirm(c, form({ name: '別の会社', corporate_number: '', has_corporate_number: 'no', email: 'other@example.jp' }));
      const ta = tokenOf(a.manage);
      const tb = tokenOf(b.manage);

      const page = await c.get(a.manage);
      assert.equal(page.statusCode, 200);
      assert.equal(page.headers['referrer-policy'], 'no-referrer');
      assert.match(page.body, /次の更新期限は令和9年4月1日/);
      assert.match(page.body, /二つ星にするには/);

      // Details: the name changes, the corporate number cannot (not read from the form).
      let res = await c.post('/declarations/manage/details', { t: ta, ...form({ name: '管理テスト株式会社（新）', corporate_number: '5000000000045', size: '51-100' }) });
      assert.equal(res.statusCode, 303);
      assert.match(res.headers.location as string, /done=saved/);
      let pub = await c.get(`/declarations/${a.number}`);
      assert.match(pub.body, /管理テスト株式会社（新）/);
      assert.match(pub.body, /51〜100人/);
      assert.match(pub.body, /9000000000009/);
      // A bad value: 400 on the management page, nothing saved.
      await c.get(a.manage);
      res = await c.post('/declarations/manage/details', { t: ta, ...form({ name: '' }) });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /事業者名を入力してください/);

      // Two stars need both statements.
      await c.get(a.manage);
      res = await c.post('/declarations/manage/upgrade', { t: ta, policy_url: 'https://example.co.jp/policy' });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /25項目の自社診断の実施が必要/);
      res = await c.post('/declarations/manage/upgrade', { t: ta, diagnosis_done: 'yes', policy_url: 'https://example.co.jp/policy' });
      assert.equal(res.statusCode, 303);
      pub = await c.get(`/declarations/${a.number}`);
      assert.match(pub.body, /二つ星/);
      assert.match(pub.body, /https:\/\/example\.co\.jp\/policy/);

      // Renewal half a year on: a year from that day.
      clock = new Date(clock.getTime() + 180 * DAY);
      await c.get(a.manage);
      res = await c.post('/declarations/manage/renew', { t: ta });
      assert.equal(res.statusCode, 400, 'the statement must be ticked');
      res = await c.post('/declarations/manage/renew', { t: ta, still_applies: 'yes' });
      assert.equal(res.statusCode, 303);
      const renewed = await db().selectFrom('declarations').select(['renewal_due', 'renewed_at']).where('number', '=', a.number).executeTakeFirstOrThrow();
      assert.equal(renewed.renewal_due, '2027-09-28');

      // A token can act on its own declaration only: another declaration's id with this MAC is refused.
      const forged = `${tb.split('.')[0]}.${ta.split('.')[1]}`;
      await c.get(a.manage);
      res = await c.post('/declarations/manage/withdraw', { t: forged, confirm: 'yes' });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /このリンクは使えません/);
      assert.equal((await c.get(`/declarations/manage?t=${forged}`)).statusCode, 400);
      assert.equal((await db().selectFrom('declarations').select('status').where('number', '=', b.number).executeTakeFirstOrThrow()).status, 'active');

      // Withdraw: a confirmation page first, then the public page stays with a banner.
      const ask = await c.get(`/declarations/manage/withdraw?t=${ta}`);
      assert.match(ask.body, /宣言を取り下げますか/);
      res = await c.post('/declarations/manage/withdraw', { t: ta, confirm: 'yes' });
      assert.equal(res.statusCode, 303);
      pub = await c.get(`/declarations/${a.number}`);
      assert.equal(pub.statusCode, 200);
      assert.match(pub.body, /この宣言は取り下げられました/);
      const search = JSON.parse((await c.get('/api/v1/declarations?q=管理テスト')).body);
      assert.equal(search.total, 0, 'withdrawn declarations leave the default search');
      const all = JSON.parse((await c.get('/api/v1/declarations?q=管理テスト&status=all')).body);
      assert.equal(all.items[0].status, 'withdrawn');
      // Withdrawn: no more renewing (the page offers no form; the POST is refused too).
      await c.get('/declarations/new');
      res = await c.post('/declarations/manage/renew', { t: ta, still_applies: 'yes' });
      assert.equal(res.statusCode, 400);
      clock = new Date('2026-04-01T01:00:00.000Z');
    });

    test('send my links again: the same answer whether or not known; a pending declaration gets a new confirmation link; a few emails per address per day', async () => {
      sink.clear();
      const c = new Client(t.app);
      await c.get('/declarations/resend');
      const unknown = await c.post('/declarations/resend', { identifier: '', email: 'nobody@example.jp' });
      await c.get('/declarations/resend');
      const known = await c.post('/declarations/resend', { identifier: 'LM-2026-0000001', email: 'owner@example.jp' });
      assert.equal(unknown.statusCode, 200);
      assert.equal(known.statusCode, 200);
      assert.equal(unknown.body.replace('nobody@example.jp', 'X'), known.body.replace('owner@example.jp', 'X'));
      const mail = await mailTo('owner@example.jp', /管理用リンク/);
      assert.match(linkIn(mail, '/declarations/manage'), /t=/);
      // A wrong number with the right address sends nothing.
      await c.get('/declarations/resend');
      await c.post('/declarations/resend', { identifier: 'LM-2026-0000999', email: 'owner@example.jp' });
      // The pending sole proprietor of the duplicates test: a fresh confirmation link.
      await c.get('/declarations/resend');
      await c.post('/declarations/resend', { identifier: '', email: 'yamada@example.jp' });
      const pendingMail = await mailTo('yamada@example.jp', /管理用リンク/);
      assert.match(pendingMail.text, /宣言を確定するリンク/);
      linkIn(pendingMail, '/declarations/confirm');
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(sink.messages.filter((m) => m.to.includes('nobody@example.jp')).length, 0);
      assert.equal(sink.messages.filter((m) => m.to.includes('owner@example.jp')).length, 1);
      // Bad input is still explained.
      await c.get('/declarations/resend');
      const bad = await c.post('/declarations/resend', { identifier: '123', email: '' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /宣言番号（例：LM-2026-0000123）か13桁の法人番号/);
      // Quota: owner@ has had 1 today (plus the confirmation and the resend above); the rest are dropped silently.
      for (let i = 0; i < MAILS_PER_ADDRESS_PER_DAY + 2; i++) {
        await c.get('/declarations/resend');
        assert.equal((await c.post('/declarations/resend', { identifier: '', email: 'owner@example.jp' })).statusCode, 200);
      }
      await new Promise((r) => setTimeout(r, 300));
      assert.ok(sink.messages.filter((m) => m.to.includes('owner@example.jp')).length <= MAILS_PER_ADDRESS_PER_DAY, 'at most a few emails per address per day');
    });

    test('an expired or tampered confirmation link gets a clear page, never a 500', async () => {
      sink.clear();
      const c = new Client(t.app);
      await c.get('/declarations/new');
      await c.post('/declarations/new', form({ name: '期限切れテスト', corporate_number: '', has_corporate_number: 'no', email: 'late@example.jp' }));
      const link = linkIn(await mailTo('late@example.jp', /自己宣言の確認/), '/declarations/confirm');
      clock = new Date(clock.getTime() + 8 * DAY);
      const page = await c.get(link);
      assert.equal(page.statusCode, 410);
      assert.match(page.body, /リンクの有効期限が切れています/);
      await c.get('/declarations/new');
      const post = await c.post('/declarations/confirm', { t: tokenOf(link) });
      assert.equal(post.statusCode, 410);
      // An unconfirmed declaration does not block the business for ever: declaring again replaces it…
      await c.get('/declarations/new');
      const again = await c.post('/declarations/new', form({ name: '期限切れテスト', corporate_number: '', has_corporate_number: 'no', email: 'late@example.jp' }));
      assert.equal(again.statusCode, 200);
      // …and the daily job deletes those never confirmed (nothing of an unproven address is kept).
      const mailer = createMailer({ smtpUrl: sink.url, from: 'x <x@lastmile.invalid>', log: quiet });
      const r = await runDeclarationRenewals({ handle: t.db.handle, mailer, baseUrl: TEST_BASE_URL, now: new Date(clock.getTime() + 9 * DAY), log: quiet });
      await mailer.close();
      assert.ok(r.purgedPending >= 1);
      assert.equal(await db().selectFrom('declarations').select('id').where('email', '=', 'late@example.jp').executeTakeFirst(), undefined);
      clock = new Date('2026-04-01T01:00:00.000Z');
      for (const bad of ['', 'abc', '1.AAAAAAAAAAAAAAAAAAAAAA', '99999999.AAAAAAAAAAAAAAAAAAAAAA', '<script>']) {
        const r = await c.get(`/declarations/confirm?t=${encodeURIComponent(bad)}`);
        assert.equal(r.statusCode, 400, bad);
        const m = await c.get(`/en/declarations/manage?t=${encodeURIComponent(bad)}`);
        assert.equal(m.statusCode, 400, bad);
        assert.match(m.body, /This link does not work/);
      }
      assert.equal((await c.get('/declarations/LM-2026-9999999')).statusCode, 404);
      assert.equal((await c.get('/declarations/not-a-number')).statusCode, 404);
      assert.equal((await c.get('/api/v1/declarations/LM-2026-9999999')).statusCode, 404);
      // Without the CSRF token the form is refused.
      assert.equal((await c.post('/declarations/new', form(), null)).statusCode, 403);
    });
  });
}
