// Email subscriptions end to end through a real SMTP server on loopback: double opt-in, changing the
// choices, RFC 8058 one-click unsubscribe, and an advisory delivered through the outbox to exactly the
// subscribers it concerns — on SQLite and PostgreSQL.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, TEST_BASE_URL, type TestApp } from '../../test/support/app.ts';
import { Client } from '../../test/support/client.ts';
import { testDialects } from '../../test/support/databases.ts';
import { FIXTURE } from '../../test/support/fixture.ts';
import { linkIn, startSmtpSink, type SmtpSink } from '../../test/support/smtp-sink.ts';
import { enqueueDispatch } from '../outbox/enqueue.ts';
import type { DispatchPayload } from '../outbox/model.ts';
import { drainOutbox } from '../outbox/worker.ts';
import { createEmailSender } from './email-sender.ts';
import { subscriptionLinkKey } from './tokens.ts';

const quiet = { info() {}, warn() {}, error() {} };

function advisory(over: Partial<DispatchPayload> = {}): DispatchPayload {
  return {
    topic: 'advisory',
    action: 'published',
    subjectId: 1,
    title: { ja: '宅配業者を装ったSMSに注意', en: 'Beware of SMS pretending to be a delivery company' },
    summary: { ja: '不在通知を装うSMSのリンクを開かないでください。', en: 'Do not open links in SMS that pretend to be missed-delivery notices.' },
    url: { ja: `${TEST_BASE_URL}/advisories/1`, en: `${TEST_BASE_URL}/en/advisories/1` },
    severity: 'warning',
    audiences: ['seniors'],
    prefectures: ['23'],
    nationwide: false,
    publishedAt: '2026-11-20T00:00:00.000Z',
    ...over,
  };
}

for (const dialect of testDialects()) {
  describe(`email subscriptions (${dialect})`, () => {
    let t: TestApp;
    let sink: SmtpSink;

    before(async () => {
      sink = await startSmtpSink();
      t = await startTestApp(dialect, FIXTURE, { env: { SMTP_URL: sink.url } });
    });
    after(async () => {
      await t?.close();
      await sink?.close();
    });

    async function subscribe(c: Client, email: string, fields: Record<string, string | string[]> = {}) {
      const res = await c.submit('/subscribe', '/subscribe', { email, language: 'ja', ...fields });
      assert.equal(res.statusCode, 200, res.body);
      return sink.waitFor((m) => m.to.includes(email) && /配信登録の確認|Confirm your subscription/.test(m.subject));
    }

    async function confirm(c: Client, email: string, fields: Record<string, string | string[]> = {}) {
      const mail = await subscribe(c, email, fields);
      const en = fields.language === 'en';
      const link = linkIn(mail, en ? '/en/subscribe/confirm' : '/subscribe/confirm');
      const page = await c.get(link);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, en ? /Confirm/ : /登録を完了する/);
      // Opening the link alone (a mail scanner prefetching it) does not subscribe.
      const row = await t.db.handle.db.selectFrom('subscriptions').select('status').where('email', '=', email).executeTakeFirstOrThrow();
      assert.equal(row.status, 'pending');
      const done = await c.post(en ? '/en/subscribe/confirm' : '/subscribe/confirm', { t: new URL(link, TEST_BASE_URL).searchParams.get('t')! });
      assert.equal(done.statusCode, 200);
      assert.match(done.body, en ? /You are subscribed/ : /登録が完了しました/);
      return mail;
    }

    async function drain() {
      const key = await subscriptionLinkKey(t.db.handle.db);
      const sender = createEmailSender({ smtpUrl: sink.url, from: 'Lastmile <no-reply@lastmile.invalid>', baseUrl: TEST_BASE_URL, linkKey: key, concurrency: 2, log: quiet });
      try {
        return await drainOutbox({ handle: t.db.handle, senders: [sender], workerId: 'test', batch: 50, leaseMs: 60_000, maxAttempts: 3, retryBaseMs: 0, retryMaxMs: 0, log: quiet });
      } finally {
        await sender.close?.();
      }
    }

    async function publish(payload: DispatchPayload) {
      return t.db.handle.db.transaction().execute((trx) => enqueueDispatch(trx, payload, new Date().toISOString()));
    }

    test('the form explains what to fix, in the page language', async () => {
      const c = new Client(t.app);
      await c.get('/en/subscribe');
      const res = await c.post('/en/subscribe', { email: 'not-an-address', prefecture: '99' });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /Enter an email address like name@example\.jp/);
      assert.match(res.body, /Choose a prefecture from the list/);
      const ja = await c.submit('/subscribe', '/subscribe', { email: '' });
      assert.equal(ja.statusCode, 400);
      assert.match(ja.body, /メールアドレスを入力してください/);
    });

    test('double opt-in: nothing is sent before the link is confirmed, then the advisory arrives with one-click unsubscribe', async () => {
      const c = new Client(t.app);
      const email = 'hanako.aichi@example.jp';
      await subscribe(c, email, { audiences: ['seniors'], prefecture: '23' });
      sink.clear();
      // Pending: a published advisory does not reach an unconfirmed address.
      const first = await publish(advisory({ subjectId: 101 }));
      assert.equal(first.recipients, 0);

      // Confirm with the newest link (a second request replaced the first link).
      const mail = await confirm(c, email, { audiences: ['seniors'], prefecture: '23' });
      assert.match(mail.text, /7日以内/);
      sink.clear();

      const sent = await publish(advisory({ subjectId: 102 }));
      assert.equal(sent.recipients, 1);
      const counts = await drain();
      assert.equal(counts.delivered, 1);
      const got = await sink.waitFor((m) => m.to.includes(email));
      assert.equal(got.subject, '【注意喚起・警戒】宅配業者を装ったSMSに注意');
      assert.match(got.text, /対象：高齢者|対象：シニア|対象：/);
      assert.match(got.text, /地域：愛知県/);
      assert.match(got.text, /http:\/\/lastmile\.test\/advisories\/1/);
      // RFC 2369 / 8058 headers, and a stable message id for receivers to drop repeats.
      const unsubscribe = /<([^>]+)>/.exec(got.headers['list-unsubscribe'] ?? '')?.[1];
      assert.ok(unsubscribe?.startsWith(`${TEST_BASE_URL}/subscribe/unsubscribe?t=`), got.headers['list-unsubscribe']);
      assert.equal(got.headers['list-unsubscribe-post'], 'List-Unsubscribe=One-Click');
      assert.match(got.headers['x-lastmile-message-id'] ?? '', /^msg_lm\d+x\d+$/);

      // The mail client's one-click POST: no cookie, no CSRF token, the RFC 8058 body.
      const path = new URL(unsubscribe!).pathname + new URL(unsubscribe!).search;
      const res = await t.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /配信を停止しました/);
      // The address is gone, not just flagged.
      const left = await t.db.handle.db.selectFrom('subscriptions').select('id').where('email', '=', email).execute();
      assert.equal(left.length, 0);
      // The same link again says so plainly.
      const again = await t.app.inject({ method: 'GET', url: path });
      assert.equal(again.statusCode, 200);
      assert.match(again.body, /配信は停止されています/);
      assert.equal((await publish(advisory({ subjectId: 103 }))).recipients, 0);
    });

    test('only matching subscribers receive it, a correction reaches whoever got the original, and an unsubscribe before sending cancels', async () => {
      const c = new Client(t.app);
      await confirm(c, 'osaka.sme@example.jp', { audiences: ['sme'], prefecture: '27' });
      await confirm(c, 'aichi.all@example.jp', { prefecture: '23' });
      await confirm(c, 'everywhere@example.jp', {});
      sink.clear();
      const original = await publish(advisory({ subjectId: 201 }));
      // Aichi + seniors: the Aichi subscriber (all audiences) and the one with no prefecture; not the Osaka SME.
      assert.equal(original.recipients, 2);
      assert.equal((await drain()).delivered, 2);
      assert.deepEqual(sink.messages.flatMap((m) => m.to).sort(), ['aichi.all@example.jp', 'everywhere@example.jp']);

      sink.clear();
      // The correction narrows the advisory to Osaka SMEs: the Osaka subscriber is now concerned, and the
      // two who were warned before learn of the correction.
      const correction = await publish(advisory({ subjectId: 201, action: 'corrected', prefectures: ['27'], audiences: ['sme'], note: { ja: '対象地域を訂正しました。', en: 'The region was corrected.' } }));
      assert.equal(correction.recipients, 3);
      assert.equal((await drain()).delivered, 3);
      const corr = sink.messages.find((m) => m.to.includes('aichi.all@example.jp'))!;
      assert.match(corr.subject, /^【訂正】/);
      assert.match(corr.text, /訂正の内容：対象地域を訂正しました。/);

      // Unsubscribing between the publication and the sending: the queued message is not sent.
      sink.clear();
      const queued = await publish(advisory({ subjectId: 202, nationwide: true, prefectures: [], audiences: [] }));
      assert.equal(queued.recipients, 3);
      const mail = await sink.waitFor(() => false, 1).catch(() => null);
      assert.equal(mail, null);
      const row = await t.db.handle.db.selectFrom('subscriptions').select('id').where('email', '=', 'everywhere@example.jp').executeTakeFirstOrThrow();
      const key = await subscriptionLinkKey(t.db.handle.db);
      const { linkToken } = await import('./tokens.ts');
      const res = await new Client(t.app).post('/subscribe/unsubscribe', { t: linkToken(key, 'manage', row.id, 'everywhere@example.jp') }, null);
      assert.equal(res.statusCode, 200);
      // Erased at once: no row holds the address, and what was queued for it was cancelled with it.
      assert.equal(await t.db.handle.db.selectFrom('subscriptions').select('id').where('email', '=', 'everywhere@example.jp').executeTakeFirst(), undefined);
      const queuedFor = await t.db.handle.db.selectFrom('deliveries').select('status').where('subscription_id', '=', row.id).where('dispatch_id', '=', queued.dispatchId).execute();
      assert.deepEqual(queuedFor.map((d) => d.status), ['cancelled']);
      const counts = await drain();
      assert.equal(counts.delivered, 2);
      assert.ok(!sink.messages.some((m) => m.to.includes('everywhere@example.jp')));
    });

    test('the manage page changes the choices; a tampered link changes nothing', async () => {
      const c = new Client(t.app);
      const mail = await confirm(c, 'kyoto@example.jp', { prefecture: '26', language: 'en' });
      assert.match(mail.subject, /Confirm your subscription/);
      sink.clear();
      await publish(advisory({ subjectId: 301, nationwide: true, prefectures: [], audiences: [] }));
      await drain();
      const got = await sink.waitFor((m) => m.to.includes('kyoto@example.jp'));
      assert.match(got.subject, /^\[Advisory: Warning\] Beware of SMS/);
      const manage = linkIn(got, '/en/subscribe/manage');
      const page = await c.get(manage);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /kyoto@example\.jp/);
      const token = new URL(manage, TEST_BASE_URL).searchParams.get('t')!;
      const saved = await c.post('/en/subscribe/manage', { t: token, audiences: ['youth'], prefecture: '', also: ['events'], language: 'ja' });
      assert.equal(saved.statusCode, 303);
      const after = await c.get(saved.headers.location as string);
      assert.match(after.body, /Your changes were saved/);
      const row = await t.db.handle.db.selectFrom('subscriptions').selectAll().where('email', '=', 'kyoto@example.jp').executeTakeFirstOrThrow();
      assert.equal(row.prefecture, null);
      assert.equal(row.include_events, 1);
      assert.equal(row.locale, 'ja');

      const tampered = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
      const bad = await c.post('/subscribe/manage', { t: tampered, prefecture: '13' }, c.csrf());
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /このリンクは使えません/);
      const one = await t.app.inject({ method: 'POST', url: `/subscribe/unsubscribe?t=${tampered}`, payload: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      assert.equal(one.statusCode, 400);
      assert.equal((await t.db.handle.db.selectFrom('subscriptions').select('id').where('email', '=', 'kyoto@example.jp').execute()).length, 1);
    });

    test('the form never tells whether an address is subscribed, and cannot flood an inbox', async () => {
      const c = new Client(t.app);
      await confirm(c, 'known@example.jp', { prefecture: '13' });
      sink.clear();
      const known = await c.submit('/subscribe', '/subscribe', { email: 'known@example.jp', prefecture: '47', language: 'ja' });
      const unknown = await c.submit('/subscribe', '/subscribe', { email: 'unknown@example.jp', language: 'ja' });
      const strip = (s: string) => s.replace(/(known|unknown)@example\.jp/g, 'X').replace(/name="_csrf" value="[^"]+"/g, '');
      assert.equal(strip(known.body), strip(unknown.body));
      // The owner learns of the attempt; the choices are not changed by whoever typed the address.
      const note = await sink.waitFor((m) => m.to.includes('known@example.jp'));
      assert.match(note.subject, /すでに配信登録されています/);
      const row = await t.db.handle.db.selectFrom('subscriptions').select('prefecture').where('email', '=', 'known@example.jp').executeTakeFirstOrThrow();
      assert.equal(row.prefecture, '13');
      // Three emails per address per day, whatever the number of requests.
      for (let i = 0; i < 5; i++) await c.submit('/subscribe', '/subscribe', { email: 'flood@example.jp', language: 'ja' });
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(sink.messages.filter((m) => m.to.includes('flood@example.jp')).length, 3);
    });
  });
}
