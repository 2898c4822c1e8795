// Issue 9, "Webhook receivers, the SMTP server and the push endpoint down or slow: the portal's own
// pages stay fast; deliveries wait and resume."
//
// What the channel tests already check one by one (src/webhooks/sender.test.ts and delivery.test.ts:
// timeouts, refused connections, 5xx, 429 and Retry-After, dead letters; src/push/push.test.ts: push
// outcomes) is not repeated. This test runs the long-lived worker (startOutboxWorker, as main.ts does)
// beside the app, with all three channels failing at once, and checks what a user and an operator see:
//   - while the worker holds a request to a webhook receiver that never answers, and an SMTP connection
//     to a server that has not even greeted, page and API requests through the same app complete
//     (ordering, not timing: they complete while those are still held);
//   - the deliveries wait: pending, attempts counted, the next attempt later than the last, none dead;
//   - when the receivers come back, the same worker delivers everything, without a restart.
// Each receiver sits behind a gate on a fixed port that is down (connection refused), holds new
// connections without answering (never answers / slow), or passes them to the real receiver.
import assert from 'node:assert/strict';
import http from 'node:http';
import net, { type AddressInfo, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { enqueueDispatch } from '../src/outbox/enqueue.ts';
import type { DispatchPayload } from '../src/outbox/model.ts';
import { startOutboxWorker, type OutboxWorker } from '../src/outbox/worker.ts';
import { startLoopbackPushService, type LoopbackPushService } from '../src/push/loopback-push-service.ts';
import { createPushSender } from '../src/push/sender.ts';
import { vapidKeys } from '../src/push/vapid.ts';
import { createEmailSender } from '../src/subscriptions/email-sender.ts';
import { subscriptionLinkKey } from '../src/subscriptions/tokens.ts';
import { newWebhookSecret } from '../src/webhooks/secret.ts';
import { createWebhookSender } from '../src/webhooks/sender.ts';
import { startTestApp, TEST_BASE_URL, type TestApp } from './support/app.ts';
import { organisationIdBySlug } from './support/client.ts';
import { testDialects } from './support/databases.ts';
import { FIXTURE } from './support/fixture.ts';
import { startSmtpSink, type SmtpSink } from './support/smtp-sink.ts';
import { until } from './support/outbox.ts';

type GateMode = 'down' | 'hold' | 'pass';

interface Gate {
  port: number;
  /** Connections accepted and held without a byte of answer. */
  held: number;
  set(mode: GateMode): Promise<void>;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** A TCP port in front of a receiver: down (refused), holding connections, or passing them through. */
async function gate(targetPort: number): Promise<Gate> {
  const port = await freePort();
  let server: net.Server | null = null;
  let mode: GateMode = 'down';
  const sockets = new Set<Socket>();
  const waiting: Socket[] = [];
  const pass = (s: Socket) => {
    const t = net.connect(targetPort, '127.0.0.1');
    sockets.add(t);
    t.on('close', () => sockets.delete(t));
    s.on('error', () => t.destroy());
    t.on('error', () => s.destroy());
    s.pipe(t).pipe(s);
    s.resume();
  };
  const g: Gate = {
    port,
    held: 0,
    async set(next) {
      mode = next;
      if (next === 'down') {
        await g.close();
        return;
      }
      if (!server) {
        server = net.createServer({ pauseOnConnect: true }, (s) => {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          if (mode === 'hold') {
            waiting.push(s);
            g.held++;
          } else pass(s);
        });
        await new Promise<void>((r) => server!.listen(port, '127.0.0.1', r));
      }
      // Released: what was held goes through now (a slow receiver that answers in the end).
      if (next === 'pass') for (const s of waiting.splice(0)) pass(s);
    },
    async close() {
      for (const s of sockets) s.destroy();
      waiting.length = 0;
      const s = server;
      server = null;
      if (s) await new Promise<void>((r) => s.close(() => r()));
    },
  };
  return g;
}

const ADVISORY: DispatchPayload = {
  topic: 'advisory',
  action: 'published',
  subjectId: 1,
  title: { ja: '注意喚起：偽のSMS', en: 'Advisory: fake SMS' },
  summary: { ja: '偽のSMSに注意してください。', en: 'Beware of fake SMS messages.' },
  url: { ja: 'http://lastmile.test/advisories/1', en: 'http://lastmile.test/en/advisories/1' },
  severity: 'warning',
  audiences: [],
  prefectures: [],
  nationwide: true,
  publishedAt: new Date().toISOString(),
};

for (const dialect of testDialects()) {
  describe(`receivers down or slow while the worker runs (${dialect})`, () => {
    let t: TestApp;
    let sink: SmtpSink;
    let push: LoopbackPushService;
    let webhookHits = 0;
    const webhookServer = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        webhookHits++;
        res.writeHead(204).end();
      });
    });
    const gates: Gate[] = [];
    let worker: OutboxWorker | undefined;
    const senders: { close?(): Promise<void> }[] = [];

    before(async () => {
      t = await startTestApp(dialect, FIXTURE);
      sink = await startSmtpSink();
      const keys = await vapidKeys(t.db.handle.db);
      push = await startLoopbackPushService({ publicKey: keys.publicKey, subject: TEST_BASE_URL });
      // Through the gate the VAPID audience is the gate's origin: this test counts arrivals; push.test.ts checks contents.
      push.verify = false;
      await new Promise<void>((r) => webhookServer.listen(0, '127.0.0.1', r));
      gates.push(await gate((webhookServer.address() as AddressInfo).port), await gate(Number(new URL(sink.url).port)), await gate(Number(new URL(push.origin).port)));
    });

    after(async () => {
      await worker?.stop(500).catch(() => {});
      for (const s of senders) await s.close?.().catch(() => {});
      for (const g of gates) await g.close();
      webhookServer.closeAllConnections();
      await new Promise<void>((r) => webhookServer.close(() => r()));
      await push?.close();
      await sink?.close();
      await t?.close();
    });

    test('pages answer while the worker waits on receivers; deliveries wait, none dead; the same worker delivers when they are back', async () => {
      const [webhookGate, smtpGate, pushGate] = gates as [Gate, Gate, Gate];
      const db = t.db.handle.db;
      const now = new Date().toISOString();
      const base = { status: 'active', locale: 'ja', prefecture: null, all_audiences: 1, created_at: now, updated_at: now };
      // One row at a time: SQLite has no DEFAULT in a multi-row VALUES, and the rows set different columns.
      for (const row of [
        { ...base, channel: 'webhook', owner_organisation_id: await organisationIdBySlug(t.db.handle, 'jnsa'), name: 'Receiver', webhook_url: `http://127.0.0.1:${webhookGate.port}/hook`, webhook_secret: newWebhookSecret(), allow_private: 1 },
        { ...base, channel: 'email', email: 'reader@example.jp', confirmed_at: now },
        { ...base, channel: 'push', push_endpoint: `http://127.0.0.1:${pushGate.port}/device`, push_p256dh: push.keysFor('/device').p256dh, push_auth: push.keysFor('/device').auth },
      ]) {
        await db.insertInto('subscriptions').values(row).execute();
      }
      assert.equal((await db.transaction().execute((trx) => enqueueDispatch(trx, ADVISORY, new Date(Date.now() - 1000).toISOString()))).recipients, 3);

      // The webhook receiver accepts and never answers; the SMTP server and the push service refuse connections.
      await webhookGate.set('hold');
      const keys = await vapidKeys(db);
      const webhook = createWebhookSender({ userAgent: 'Lastmile-Webhooks/test', timeoutMs: 60_000, concurrency: 4 });
      const email = createEmailSender({ smtpUrl: `smtp://127.0.0.1:${smtpGate.port}`, from: 'Lastmile <no-reply@lastmile.invalid>', baseUrl: TEST_BASE_URL, linkKey: await subscriptionLinkKey(db), concurrency: 1, log: { info() {} } });
      const pushSender = createPushSender({ vapid: { ...keys, subject: TEST_BASE_URL }, timeoutMs: 60_000, concurrency: 4, allowPrivate: true });
      senders.push(webhook, email, pushSender);
      const maxAttempts = 8;
      worker = startOutboxWorker({ handle: t.db.handle, senders: [email, webhook, pushSender], workerId: 'faults-receivers', batch: 10, leaseMs: 120_000, maxAttempts, retryBaseMs: 1000, retryMaxMs: 2000, pollMs: 50, log: { info() {}, warn() {}, error() {} } });

      const deliveries = async () => {
        const rows = await db.selectFrom('deliveries').select(['channel', 'status', 'attempts', 'next_attempt_at', 'last_attempt_at', 'last_error']).execute();
        return new Map(rows.map((r) => [r.channel, r]));
      };
      await until('the webhook request is held and the email and push attempts failed', async () => {
        const d = await deliveries();
        return webhookGate.held === 1 && Number(d.get('email')?.attempts) >= 1 && d.get('email')?.last_error != null && Number(d.get('push')?.attempts) >= 1 && d.get('push')?.last_error != null;
      });

      // The portal's own pages and API answer while the worker waits on the receiver that never answers.
      for (const url of ['/', '/initiatives', '/en/initiatives', '/api/v1/initiatives', '/subscribe']) {
        const res = await t.app.inject({ method: 'GET', url });
        assert.equal(res.statusCode, 200, url);
      }
      assert.equal(webhookGate.held, 1, 'the webhook request was still held when the pages answered');
      assert.equal(webhookHits, 0);

      // The deliveries wait: pending, counted, the next attempt later than the last failed one, none dead.
      let d = await deliveries();
      for (const channel of ['email', 'push'] as const) {
        const row = d.get(channel)!;
        assert.equal(row.status, 'pending', channel);
        assert.ok(Number(row.attempts) >= 1 && Number(row.attempts) < maxAttempts, `${channel}: ${row.attempts} attempts`);
        assert.ok(new Date(row.next_attempt_at).getTime() > new Date(row.last_attempt_at!).getTime(), `${channel}: next attempt after the last`);
      }
      assert.match(d.get('email')!.last_error!, /ECONNREFUSED|connect/i);
      // The held webhook delivery is claimed: pending until the lease ends, never sent twice meanwhile.
      assert.equal(d.get('webhook')!.status, 'pending');
      assert.equal(Number(d.get('webhook')!.attempts), 1);
      assert.ok(new Date(d.get('webhook')!.next_attempt_at).getTime() > Date.now());

      // A slow SMTP server: it accepts the connection and has not greeted yet. Pages still answer.
      await smtpGate.set('hold');
      await until('the SMTP connection is held', () => smtpGate.held >= 1);
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/organisations' })).statusCode, 200);
      assert.equal(sink.messages.length, 0);

      // Back: the slow ones answer at last, the refused one listens again. The same worker delivers all three.
      await webhookGate.set('pass');
      await smtpGate.set('pass');
      await pushGate.set('pass');
      await until('all three are delivered', async () => [...(await deliveries()).values()].every((r) => r.status === 'delivered'));
      d = await deliveries();
      assert.equal(d.size, 3);
      assert.equal(Number(d.get('webhook')!.attempts), 1, 'the slow webhook answered its first attempt');
      assert.equal(webhookHits, 1);
      assert.equal(push.count, 1);
      assert.equal(sink.messages.filter((m) => m.to.includes('reader@example.jp')).length, 1);
    });
  });
}
