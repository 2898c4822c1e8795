// Accounts end to end, through the real forms, a real SMTP server on loopback, SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../test/support/app.ts';
import { Client, createUser, organisationIdBySlug, signIn, totpNow } from '../../test/support/client.ts';
import { testDialects } from '../../test/support/databases.ts';
import { FIXTURE } from '../../test/support/fixture.ts';
import { linkIn, startSmtpSink, type SmtpSink } from '../../test/support/smtp-sink.ts';

const REGISTRATION = {
  orgNameJa: '港区シニアネット安全会',
  orgNameEn: 'Minato Senior Net Safety',
  orgKind: 'community',
  orgSector: 'private',
  orgWebsite: 'https://example.org/',
  displayName: '佐藤 花子',
  email: 'hanako@example.org',
  password: 'うみがめ が 三匹 泳いでいる',
};

for (const dialect of testDialects()) {
  describe(`accounts (${dialect})`, () => {
    let t: TestApp;
    let sink: SmtpSink;
    // A clock the tests can move forward (token expiry, session timeouts).
    let offsetMs = 0;
    before(async () => {
      sink = await startSmtpSink();
      t = await startTestApp(dialect, FIXTURE, { env: { SMTP_URL: sink.url }, now: () => new Date(Date.now() + offsetMs) });
    });
    after(async () => {
      await t.close();
      await sink.close();
    });

    test('registration: errors re-render with the input kept; then verify by email and sign in', async () => {
      const c = new Client(t.app);
      await c.get('/register');
      const bad = await c.post('/register', { ...REGISTRATION, email: 'not-an-address', password: 'short', orgKind: 'spaceship' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /メールアドレスを name@example\.jp の形で入力してください。/);
      assert.match(bad.body, /パスワードは8文字以上/);
      assert.match(bad.body, /団体の種類を選んでください。/);
      assert.match(bad.body, /value="港区シニアネット安全会"/, 'the input is kept');
      assert.doesNotMatch(bad.body, /value="short"/, 'a password is never sent back');
      assert.match(bad.body, /href="#field-email"/, 'the error summary links to the field');

      const common = await c.post('/register', { ...REGISTRATION, password: 'password123' }, c.csrf());
      assert.equal(common.statusCode, 400);
      assert.match(common.body, /よく使われていて/);

      const ok = await c.post('/register', REGISTRATION, c.csrf());
      assert.equal(ok.statusCode, 303);
      assert.equal(ok.headers.location, '/register/sent');
      const mail = await sink.waitFor((m) => m.to.includes(REGISTRATION.email) && /確認/.test(m.subject));
      const link = linkIn(mail, '/verify-email');

      // Not verified yet: sign-in says so.
      await c.get('/login');
      const early = await c.post('/login', { email: REGISTRATION.email, password: REGISTRATION.password });
      assert.equal(early.statusCode, 403);
      assert.match(early.body, /メールアドレスの確認が済んでいません/);

      const v = await c.get(link);
      assert.equal(v.statusCode, 303);
      assert.equal((await c.get(link)).statusCode, 400, 'a verification link works once');

      await c.get('/login');
      const signedIn = await c.post('/login', { email: 'HANAKO@example.org', password: REGISTRATION.password });
      assert.equal(signedIn.statusCode, 303);
      assert.equal(signedIn.headers.location, '/my');
      const my = await c.get('/my');
      assert.equal(my.statusCode, 200);
      assert.match(my.body, /港区シニアネット安全会/);
      assert.match(my.body, /まだ一覧に表示されていません/);
      // A pending organisation is not listed publicly.
      assert.doesNotMatch((await c.get('/organisations')).body, /港区シニアネット安全会/);
    });

    test('duplicates get a clear message: same email, same organisation name (also in full-width/other spacing)', async () => {
      const c = new Client(t.app);
      await c.get('/register');
      const r = await c.post('/register', { ...REGISTRATION, orgNameJa: '港区シニアネット安全会 ', orgNameEn: 'Another', email: 'other@example.org' });
      assert.equal(r.statusCode, 409);
      assert.match(r.body, /この名前の団体は既に登録されています/);
      const r2 = await c.post('/register', { ...REGISTRATION, orgNameJa: '別の団体', email: 'Hanako@Example.org' }, c.csrf());
      assert.equal(r2.statusCode, 409);
      assert.match(r2.body, /このメールアドレスは既に登録されています/);
      const n = await t.db.handle.db.selectFrom('organisations').select((eb) => eb.fn.countAll<number>().as('n')).where('name_ja', '=', '別の団体').executeTakeFirstOrThrow();
      assert.equal(Number(n.n), 0, 'nothing half-written');
    });

    test('a form without its CSRF token is refused and changes nothing', async () => {
      const c = new Client(t.app);
      await c.get('/register');
      const r = await c.post('/register', { ...REGISTRATION, orgNameJa: 'CSRF団体', email: 'csrf@example.org' }, null);
      assert.equal(r.statusCode, 403);
      assert.match(r.body, /フォームの有効期限が切れたか/);
      const forged = await c.post('/register', { ...REGISTRATION, orgNameJa: 'CSRF団体', email: 'csrf@example.org' }, 'forged-token');
      assert.equal(forged.statusCode, 403);
      assert.equal(await t.db.handle.db.selectFrom('users').select('id').where('email', '=', 'csrf@example.org').executeTakeFirst(), undefined);
    });

    test('oversized bodies get 413', async () => {
      const c = new Client(t.app);
      await c.get('/login');
      const r = await c.post('/login', { email: 'x@example.org', password: 'x'.repeat(400_000) });
      assert.equal(r.statusCode, 413);
    });

    test('session fixation: a session cookie planted before sign-in is not the one after it; sign-out ends the session', async () => {
      const u = await createUser(t.db.handle, { email: 'fixation@example.org', organisationId: await organisationIdBySlug(t.db.handle, 'jnsa') });
      const victim = new Client(t.app);
      victim.cookies.set('lm_session', 'attacker-chosen-value');
      await signIn(victim, u);
      const after = victim.cookies.get('lm_session');
      assert.ok(after && after !== 'attacker-chosen-value');
      assert.equal((await victim.get('/my')).statusCode, 200);
      // Sign out, then reuse the old cookie: it no longer works.
      const stolen = after!;
      await victim.get('/my');
      await victim.post('/logout', {});
      const replay = new Client(t.app);
      replay.cookies.set('lm_session', stolen);
      const r = await replay.get('/my');
      assert.equal(r.statusCode, 303);
      assert.match(String(r.headers.location), /^\/login/);
    });

    test('sign-in failures: generic message; the client is throttled after 5, the right password too; the known device still gets in', async () => {
      const u = await createUser(t.db.handle, { email: 'brute@example.org', organisationId: await organisationIdBySlug(t.db.handle, 'npa') });
      // The owner signs in once from their own browser, which then carries a device cookie.
      const owner = new Client(t.app, '10.0.0.1');
      await signIn(owner, u);
      await owner.get('/my');
      await owner.post('/logout', {}, owner.csrf());

      const attacker = new Client(t.app, '10.6.6.6');
      for (let i = 0; i < 5; i++) {
        await attacker.get('/login');
        const r = await attacker.post('/login', { email: u.email, password: `guess-${i}-wrong-password` });
        assert.equal(r.statusCode, 401);
        assert.match(r.body, /メールアドレスまたはパスワードが正しくありません。/);
      }
      await attacker.get('/login');
      const blocked = await attacker.post('/login', { email: u.email, password: u.password });
      assert.equal(blocked.statusCode, 429, 'throttled even with the right password');
      // An unknown account gets the same generic message (no enumeration).
      await attacker.get('/login');
      const unknown = await new Client(t.app, '10.6.6.7').submit('/login', '/login', { email: 'nobody@example.org', password: 'whatever password' });
      assert.equal(unknown.statusCode, 401);
      assert.match(unknown.body, /メールアドレスまたはパスワードが正しくありません。/);

      // Many attackers from many addresses: unknown clients wait, the owner's known device does not.
      for (let i = 0; i < 30; i++) await new Client(t.app, `10.7.${i}.1`).submit('/login', '/login', { email: u.email, password: 'wrong wrong wrong' });
      const fresh = await new Client(t.app, '10.8.0.1').submit('/login', '/login', { email: u.email, password: u.password });
      assert.equal(fresh.statusCode, 429);
      await owner.get('/login');
      const ownerAgain = await owner.post('/login', { email: u.email, password: u.password });
      assert.equal(ownerAgain.statusCode, 303, 'the real user is not locked out');
    });

    test('password reset: generic answer, link works once and expires, other sessions end', async () => {
      const u = await createUser(t.db.handle, { email: 'reset@example.org', organisationId: await organisationIdBySlug(t.db.handle, 'ipa') });
      const elsewhere = new Client(t.app);
      await signIn(elsewhere, u);
      const c = new Client(t.app);
      const unknown = await c.submit('/password/forgot', '/password/forgot', { email: 'ghost@example.org' });
      const known = await c.submit('/password/forgot', '/password/forgot', { email: u.email });
      assert.equal(unknown.statusCode, 200);
      assert.equal(known.statusCode, 200);
      assert.match(unknown.body, /このアドレスが登録されていれば/);
      assert.match(known.body, /このアドレスが登録されていれば/);
      const link = linkIn(await sink.waitFor((m) => m.to.includes(u.email) && /パスワードの再設定/.test(m.subject)), '/password/reset');
      const form = await c.get(link);
      assert.equal(form.statusCode, 200);
      assert.equal(form.headers['referrer-policy'], 'no-referrer');
      const token = new URL(link, 'http://x').searchParams.get('token')!;
      const weak = await c.post('/password/reset', { token, password: '12345678' });
      assert.equal(weak.statusCode, 400);
      const done = await c.post('/password/reset', { token, password: 'a brand new passphrase 2026' }, c.csrf());
      assert.equal(done.statusCode, 303);
      await sink.waitFor((m) => m.to.includes(u.email) && /パスワードが変更されました/.test(m.subject));
      assert.equal((await c.get(link)).statusCode, 400, 'used once');
      const r = await elsewhere.get('/my');
      assert.equal(r.statusCode, 303, 'the other session was ended');
      await signIn(new Client(t.app), { ...u, password: 'a brand new passphrase 2026' });

      // A link older than an hour no longer works.
      await c.submit('/password/forgot', '/password/forgot', { email: u.email });
      const link2 = linkIn(await sink.waitFor((m) => m.to.includes(u.email) && /パスワードの再設定/.test(m.subject) && !m.text.includes(token)), '/password/reset');
      offsetMs = 61 * 60_000;
      try {
        assert.equal((await c.get(link2)).statusCode, 400);
      } finally {
        offsetMs = 0;
      }
    });

    test('sessions end after the idle timeout and after the absolute timeout; "log out my other sessions"', async () => {
      const u = await createUser(t.db.handle, { email: 'timeouts@example.org', organisationId: await organisationIdBySlug(t.db.handle, 'ipa') });
      const a = new Client(t.app);
      await signIn(a, u);
      offsetMs = 31 * 60_000;
      try {
        assert.equal((await a.get('/my')).statusCode, 303, 'idle for 31 minutes: signed out');
      } finally {
        offsetMs = 0;
      }
      await signIn(a, u);
      // Active every 20 minutes, but 12 hours after sign-in the session ends anyway.
      for (let m = 20; m < 12 * 60; m += 20) {
        offsetMs = m * 60_000;
        assert.equal((await a.get('/my')).statusCode, 200, `still signed in after ${m} minutes`);
      }
      offsetMs = 12 * 60 * 60_000 + 60_000;
      try {
        assert.equal((await a.get('/my')).statusCode, 303, 'absolute timeout');
      } finally {
        offsetMs = 0;
      }

      const b = new Client(t.app);
      const c2 = new Client(t.app);
      await signIn(a, u);
      await signIn(b, u);
      await signIn(c2, u);
      const page = await a.get('/my/account');
      assert.match(page.body, /ログイン中の端末/);
      await a.post('/my/account/sessions/end-others', {}, a.csrf('/my/account/sessions/end-others'));
      assert.equal((await a.get('/my')).statusCode, 200);
      assert.equal((await b.get('/my')).statusCode, 303);
      assert.equal((await c2.get('/my')).statusCode, 303);
    });

    test('two-factor: set up with a code, then required at sign-in; a used code is refused; a recovery code works once', async () => {
      const u = await createUser(t.db.handle, { email: 'totp@example.org', organisationId: await organisationIdBySlug(t.db.handle, 'ipa') });
      const c = new Client(t.app);
      await signIn(c, u);
      const setup = await c.get('/my/account/two-factor');
      assert.equal(setup.statusCode, 200);
      assert.match(setup.body, /<svg/);
      const secret = /<code>([A-Z2-7 ]+)<\/code>/.exec(setup.body)![1]!.replace(/ /g, '');
      const wrong = await c.post('/my/account/two-factor', { code: '000000' });
      assert.equal(wrong.statusCode, 400);
      const ok = await c.post('/my/account/two-factor', { code: totpNow(secret) }, c.csrf('/my/account/two-factor'));
      assert.equal(ok.statusCode, 200);
      const codes = [...ok.body.matchAll(/<code>([a-z2-9-]{29})<\/code>/g)].map((m) => m[1]!);
      assert.equal(codes.length, 10);

      const d = new Client(t.app, '10.9.9.9');
      await d.get('/login');
      const step1 = await d.post('/login', { email: u.email, password: u.password });
      assert.equal(step1.headers.location, '/login/two-factor');
      assert.equal((await d.get('/my')).statusCode, 303, 'password alone is not enough');
      await d.get('/login/two-factor');
      // The code used to turn 2FA on (same time step) cannot be replayed.
      const replay = await d.post('/login/two-factor', { code: totpNow(secret) });
      assert.equal(replay.statusCode, 401);
      const rec = await d.post('/login/two-factor', { code: codes[0]!.toUpperCase() }, d.csrf());
      assert.equal(rec.statusCode, 303);
      assert.equal((await d.get('/my')).statusCode, 200);

      const e = new Client(t.app, '10.9.9.10');
      await e.get('/login');
      await e.post('/login', { email: u.email, password: u.password });
      await e.get('/login/two-factor');
      assert.equal((await e.post('/login/two-factor', { code: codes[0]! })).statusCode, 401, 'a recovery code works once');
    });

    test('moderators must set up two-factor before anything else', async () => {
      const m = await createUser(t.db.handle, { email: 'new-moderator@example.org', role: 'moderator' });
      const c = new Client(t.app);
      await signIn(c, m);
      const r = await c.get('/my');
      assert.equal(r.statusCode, 303);
      assert.equal(r.headers.location, '/my/account/two-factor');
      assert.equal((await c.get('/my/account/two-factor')).statusCode, 200);
      // Turning it off is not offered to, and not accepted from, privileged accounts.
      const secret = /<code>([A-Z2-7 ]+)<\/code>/.exec(c.last!.body)![1]!.replace(/ /g, '');
      await c.post('/my/account/two-factor', { code: totpNow(secret) });
      const acct = await c.get('/en/my/account');
      assert.doesNotMatch(acct.body, /Turn off two-factor/);
    });

    test('invitations: an admin invites, the colleague joins, a member cannot invite', async () => {
      const orgId = await organisationIdBySlug(t.db.handle, 'jnsa');
      const admin = await createUser(t.db.handle, { email: 'jnsa-admin@example.org', organisationId: orgId, orgRole: 'admin', displayName: '管理 太郎' });
      const c = new Client(t.app);
      await signIn(c, admin);
      const bad = await c.submit('/my/members', '/my/members/invite', { email: 'nope', role: 'member' });
      assert.equal(bad.statusCode, 400);
      const ok = await c.submit('/my/members', '/my/members/invite', { email: 'colleague@example.org', role: 'member' });
      assert.equal(ok.statusCode, 303);
      const mail = await sink.waitFor((m) => m.to.includes('colleague@example.org'));
      assert.match(mail.subject, /日本ネットワークセキュリティ協会への招待/);
      const link = linkIn(mail, '/invite');
      const n = new Client(t.app);
      const form = await n.get(link);
      assert.match(form.body, /colleague@example\.org/);
      const token = new URL(link, 'http://x').searchParams.get('token')!;
      const joined = await n.post('/invite', { token, displayName: '同僚 次郎', password: 'zebra crossing at dawn' });
      assert.equal(joined.statusCode, 303);
      await signIn(n, { id: 0, email: 'colleague@example.org', password: 'zebra crossing at dawn', totpSecret: null });
      const members = await n.get('/my/members');
      assert.match(members.body, /同僚 次郎/);
      assert.doesNotMatch(members.body, /メンバーを招待する/, 'members do not see the invite form');
      const denied = await n.post('/my/members/invite', { email: 'sneaky@example.org', role: 'admin' }, n.csrf());
      assert.equal(denied.statusCode, 403);
      // The last admin cannot be demoted away.
      const self = await c.get('/my/members');
      assert.equal(self.statusCode, 200);
    });

    test('rate limit on sign-in form posts from one address', async () => {
      const s2 = await startTestApp(dialect, FIXTURE, { env: { AUTH_RATE_LIMIT_PER_MINUTE: '3' } });
      try {
        const c = new Client(s2.app, '10.1.1.1');
        const codes: number[] = [];
        for (let i = 0; i < 4; i++) {
          await c.get('/en/login');
          codes.push((await c.post('/en/login', { email: 'x@example.org', password: 'whatever it is' })).statusCode);
        }
        assert.deepEqual(codes, [401, 401, 401, 429]);
        assert.match(c.last!.body, /Too many requests/);
      } finally {
        await s2.close();
      }
    });
  });
}
