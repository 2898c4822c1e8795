// The six-month reminder through a real SMTP server on loopback: double opt-in (opening the link
// changes nothing, the button confirms), the same answer whether or not the address is known, a cap on
// emails per address, the due reminder sent once and the address deleted, one-click unsubscribe (RFC
// 8058) without cookies or CSRF, bad and expired links, and the cleanup of unconfirmed requests.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../test/support/app.ts';
import { Client } from '../../test/support/client.ts';
import { testDialects } from '../../test/support/databases.ts';
import { FIXTURE } from '../../test/support/fixture.ts';
import { linkIn, startSmtpSink, type ReceivedMail, type SmtpSink } from '../../test/support/smtp-sink.ts';
import { addMonths } from './model.ts';
import { runCheckMaintenance } from './reminders.ts';

test('addMonths clamps to the end of the month', () => {
  assert.equal(addMonths('2026-11-26', 6), '2027-05-26');
  assert.equal(addMonths('2026-08-31', 6), '2027-02-28');
  assert.equal(addMonths('2027-08-31', 6), '2028-02-29');
  assert.equal(addMonths('2026-12-15', 12), '2027-12-15');
});

for (const dialect of testDialects()) {
  describe(`check reminders (${dialect})`, () => {
    let t: TestApp;
    let sink: SmtpSink;
    let clock = new Date('2026-11-26T03:00:00.000Z');

    before(async () => {
      sink = await startSmtpSink();
      t = await startTestApp(dialect, FIXTURE, { now: () => clock, env: { SMTP_URL: sink.url } });
    });
    after(async () => {
      await t?.close();
      await sink?.close();
    });

    const rows = () => t.db.handle.db.selectFrom('check_reminders').selectAll().orderBy('id').execute();
    const maintenance = () => runCheckMaintenance({ handle: t.db.handle, mailer: t.app.deps.mailer, baseUrl: 'http://lastmile.test', now: clock, log: { error() {} } });

    async function request(email: string, prefix = ''): Promise<string> {
      const c = new Client(t.app);
      await c.get(`${prefix}/check`);
      const r = await c.post(`${prefix}/check/reminder`, { email });
      assert.equal(r.statusCode, 200, r.body.slice(0, 300));
      return r.body;
    }

    const path = (url: string) => {
      const u = new URL(url);
      return u.pathname + u.search;
    };

    function assertUnsubscribeHeaders(mail: ReceivedMail) {
      const stop = linkIn(mail, '/check/reminder/stop');
      assert.equal(mail.headers['list-unsubscribe'], `<http://lastmile.test${stop}>`);
      assert.equal(mail.headers['list-unsubscribe-post'], 'List-Unsubscribe=One-Click');
      assert.equal(mail.headers['auto-submitted'], 'auto-generated');
      return stop;
    }

    test('double opt-in: the email has confirm and stop links; opening the link changes nothing, the button confirms', async () => {
      sink.clear();
      const page = await request(' Hanako@Example.JP ');
      assert.match(page, /確認のメールを送りました/);
      const mail = await sink.waitFor((m) => m.to.includes('hanako@example.jp'));
      assert.match(mail.subject, /チェックのお知らせの確認/);
      assert.match(mail.text, /令和9年5月26日（2027-05-26）ごろ/);
      assertUnsubscribeHeaders(mail);
      const [row] = await rows();
      assert.equal(row!.email, 'hanako@example.jp');
      assert.equal(row!.status, 'pending');
      assert.equal(row!.due_on, '2027-05-26');

      const confirm = linkIn(mail, '/check/reminder/confirm');
      const c = new Client(t.app);
      const shown = await c.get(confirm);
      assert.equal(shown.statusCode, 200);
      assert.equal(shown.headers['referrer-policy'], 'no-referrer');
      assert.match(shown.body, /お知らせを受け取る/);
      assert.equal((await rows())[0]!.status, 'pending', 'a GET (a mail scanner) confirms nothing');
      const token = new URL(`http://x${confirm}`).searchParams.get('t')!;
      const done = await c.post('/check/reminder/confirm', { t: token });
      assert.equal(done.statusCode, 200);
      assert.match(done.body, /申込みが完了しました/);
      assert.equal((await rows())[0]!.status, 'active');
      // Confirming again is harmless.
      await c.get(confirm);
      assert.equal((await c.post('/check/reminder/confirm', { t: token })).statusCode, 200);
    });

    test('the same answer whether or not the address is known; the owner is told; at most 3 emails a day per address', async () => {
      sink.clear();
      const fresh = await request('new-person@example.jp');
      const known = await request('hanako@example.jp');
      const strip = (b: string) => b.replace(/name="_csrf" value="[^"]*"/g, '').replace(/(new-person|hanako)@example\.jp/g, 'X');
      assert.equal(strip(known), strip(fresh));
      const already = await sink.waitFor((m) => m.to.includes('hanako@example.jp'));
      assert.match(already.subject, /すでに受け付けています/);
      assertUnsubscribeHeaders(already);
      assert.equal((await rows()).find((r) => r.email === 'hanako@example.jp')!.status, 'active', 'unchanged');
      // hanako: 1 (sign-up, earlier day window) … the cap counts emails of this day.
      sink.clear();
      for (let i = 0; i < 4; i++) await request('flood@example.jp');
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(sink.messages.filter((m) => m.to.includes('flood@example.jp')).length, 3);
    });

    test('bad input: empty or malformed address is a 400 naming the field; nothing stored', async () => {
      const before = (await rows()).length;
      const c = new Client(t.app);
      await c.get('/check');
      const csrf = c.csrf('/check/start');
      for (const email of ['', 'not-an-address', 'a@b', `${'x'.repeat(250)}@example.jp`]) {
        const r = await c.post('/check/reminder', { email }, csrf);
        assert.equal(r.statusCode, 400, email);
        assert.match(r.body, /href="#field-email"/);
      }
      assert.equal((await rows()).length, before);
    });

    test('links: malformed or forged → 400, an expired confirmation → 400, unconfirmed requests deleted after 7 days', async () => {
      for (const t0 of ['', 'abc', '1.AAAAAAAAAAAAAAAAAAAAAA', '999.AAAAAAAAAAAAAAAAAAAAAA']) {
        assert.equal((await new Client(t.app).get(`/check/reminder/confirm?t=${t0}`)).statusCode, 400, t0);
      }
      assert.equal((await new Client(t.app).get('/check/reminder/stop?t=1.AAAAAAAAAAAAAAAAAAAAAA')).statusCode, 400, 'forged stop link');
      sink.clear();
      await request('late@example.jp', '/en');
      const mail = await sink.waitFor((m) => m.to.includes('late@example.jp'));
      assert.match(mail.subject, /Confirm your check reminder/);
      const confirm = linkIn(mail, '/en/check/reminder/confirm');
      const saved = clock;
      try {
        clock = new Date(clock.getTime() + 8 * 24 * 3_600_000);
        const r = await new Client(t.app).get(confirm);
        assert.equal(r.statusCode, 400);
        assert.match(r.body, /expired/);
        const counts = await maintenance();
        assert.ok(counts.unconfirmed >= 1);
        assert.ok(!(await rows()).some((x) => x.email === 'late@example.jp'));
        assert.ok((await rows()).some((x) => x.email === 'hanako@example.jp'), 'confirmed reminders stay');
      } finally {
        clock = saved;
      }
    });

    test('the due reminder is sent once with a link to /check and one-click headers, then the address is deleted', async () => {
      sink.clear();
      assert.equal((await maintenance()).sent, 0, 'nothing due yet');
      const saved = clock;
      try {
        clock = new Date('2027-05-26T00:30:00+09:00');
        const counts = await maintenance();
        assert.equal(counts.sent, 1);
        const mail = await sink.waitFor((m) => m.to.includes('hanako@example.jp') && /もう一度/.test(m.subject));
        assert.equal(linkIn(mail, '/check'), '/check');
        const stop = assertUnsubscribeHeaders(mail);
        assert.ok(!(await rows()).some((x) => x.email === 'hanako@example.jp'), 'deleted after sending');
        assert.equal((await maintenance()).sent, 0, 'sent once');
        // Its stop link now says the reminder is gone (200), and changes nothing.
        const gone = await new Client(t.app).get(stop);
        assert.equal(gone.statusCode, 200);
        assert.match(gone.body, /お知らせは止まっています/);
      } finally {
        clock = saved;
      }
    });

    test('one-click unsubscribe (RFC 8058): a cookieless POST to the header URL deletes the address; the page\'s GET only shows a button', async () => {
      sink.clear();
      await request('stopper@example.jp');
      const mail = await sink.waitFor((m) => m.to.includes('stopper@example.jp'));
      const stop = assertUnsubscribeHeaders(mail);
      const page = await new Client(t.app).get(stop);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /お知らせを止める/);
      assert.doesNotMatch(page.body, /name="_csrf"/);
      assert.ok((await rows()).some((x) => x.email === 'stopper@example.jp'), 'a GET deletes nothing');
      const res = await t.app.inject({ method: 'POST', url: stop, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /お知らせを止めました/);
      assert.ok(!(await rows()).some((x) => x.email === 'stopper@example.jp'));
      // A forged signature on a live reminder is refused and deletes nothing.
      await request('keeper@example.jp');
      const keeper = linkIn(await sink.waitFor((m) => m.to.includes('keeper@example.jp')), '/check/reminder/stop');
      const forged = path(`http://lastmile.test${keeper}`).replace(/\.[A-Za-z0-9_-]{22}$/, '.AAAAAAAAAAAAAAAAAAAAAA');
      assert.equal((await t.app.inject({ method: 'POST', url: forged, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' })).statusCode, 400);
      assert.ok((await rows()).some((x) => x.email === 'keeper@example.jp'));
    });
  });
}
