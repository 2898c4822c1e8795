// Webhooks end to end through the outbox, on SQLite and PostgreSQL, against a loopback receiver that
// misbehaves on purpose: an advisory is enqueued in a transaction, drainOutbox sends it with this
// channel's sender, and the receiver checks every signature with the `standardwebhooks` package.
// 500 then 200 (retried with the same webhook-id); 429 with Retry-After (respected); a timeout
// (retried); 410 (endpoint disabled, its other deliveries cancelled); always 500 (dead after
// maxAttempts, then replayed by its owner from the endpoint's page and delivered).
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { startTestApp, type TestApp } from '../../test/support/app.ts';
import { Client, createUser, organisationIdBySlug, signIn } from '../../test/support/client.ts';
import { testDialects } from '../../test/support/databases.ts';
import { FIXTURE } from '../../test/support/fixture.ts';
import { enqueueDispatch } from '../outbox/enqueue.ts';
import { drainOutbox } from '../outbox/worker.ts';
import { newWebhookSecret } from './secret.ts';
import { createWebhookSender } from './sender.ts';
import { testAdvisory } from '../../test/support/outbox.ts';

interface Hit {
  path: string;
  id: string;
  verified: boolean;
}

type Answer = { status: number; headers?: Record<string, string> } | 'hang';

const SECRET = newWebhookSecret();
const hits: Hit[] = [];
/** Per path, the answers to give in order (the last one repeats). */
const script = new Map<string, Answer[]>();

const receiver = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    let verified = true;
    try {
      new Webhook(SECRET).verify(body, req.headers as Record<string, string>);
    } catch {
      verified = false;
    }
    hits.push({ path: req.url!, id: String(req.headers['webhook-id']), verified });
    const answers = script.get(req.url!) ?? [{ status: 200 }];
    const a = answers.length > 1 ? answers.shift()! : answers[0]!;
    if (a === 'hang') return;
    res.writeHead(a.status, a.headers).end('ok');
  });
});

let port = 0;
before(async () => {
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  port = (receiver.address() as AddressInfo).port;
});
after(async () => {
  receiver.closeAllConnections();
  await new Promise<void>((r) => receiver.close(() => r()));
});

const quiet = { info() {}, warn() {}, error() {} };

for (const dialect of testDialects()) {
  describe(`webhook delivery through the outbox (${dialect})`, () => {
    let t: TestApp;
    let jnsaId: number;
    let owner: Client;
    let clock = new Date();
    const sender = createWebhookSender({ userAgent: 'Lastmile-Webhooks/test', timeoutMs: 300, concurrency: 4 });
    let subjects = 0;

    before(async () => {
      t = await startTestApp(dialect, FIXTURE);
      jnsaId = await organisationIdBySlug(t.db.handle, 'jnsa');
      const user = await createUser(t.db.handle, { email: 'admin@jnsa.example', organisationId: jnsaId, orgRole: 'admin' });
      owner = new Client(t.app);
      await signIn(owner, user);
    });
    after(async () => {
      await sender.close();
      await t?.close();
    });
    beforeEach(() => {
      hits.length = 0;
      clock = new Date();
    });

    /** A webhook subscription to the loopback receiver (allowed private addresses, as an administrator would). */
    async function endpoint(path: string): Promise<number> {
      const now = new Date().toISOString();
      // Only this test's endpoint is active: older ones would receive the next advisories too.
      await t.db.handle.db.updateTable('subscriptions').set({ status: 'disabled', disabled_reason: 'test over' }).where('status', '=', 'active').execute();
      const r = await t.db.handle.db
        .insertInto('subscriptions')
        .values({ channel: 'webhook', status: 'active', locale: 'ja', prefecture: null, all_audiences: 1, owner_organisation_id: jnsaId, name: `Receiver ${path}`, webhook_url: `http://127.0.0.1:${port}${path}`, webhook_secret: SECRET, allow_private: 1, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(r.id);
    }

    async function publish(): Promise<number> {
      const r = await t.db.handle.db.transaction().execute((trx) => enqueueDispatch(trx, testAdvisory(++subjects), new Date(clock.getTime() - 1).toISOString()));
      assert.equal(r.recipients, 1);
      return r.dispatchId;
    }

    const drain = (o: { maxAttempts?: number; retryMaxMs?: number; batch?: number } = {}) =>
      drainOutbox({ handle: t.db.handle, senders: [sender], workerId: 'test-worker', batch: o.batch ?? 10, leaseMs: 60_000, maxAttempts: o.maxAttempts ?? 5, retryBaseMs: 0, retryMaxMs: o.retryMaxMs ?? 0, now: () => clock, log: quiet });

    const deliveriesOf = (subscriptionId: number) => t.db.handle.db.selectFrom('deliveries').selectAll().where('subscription_id', '=', subscriptionId).orderBy('id').execute();

    test('500 then 200: delivered after a retry, with the same webhook-id and a valid signature each time', async () => {
      const sub = await endpoint('/flaky');
      script.set('/flaky', [{ status: 500 }, { status: 200 }]);
      await publish();
      const counts = await drain();
      assert.equal(counts.retried, 1);
      assert.equal(counts.delivered, 1);
      assert.equal(hits.length, 2);
      assert.equal(hits[0]!.id, hits[1]!.id);
      assert.ok(hits.every((h) => h.verified));
      const [d] = await deliveriesOf(sub);
      assert.equal(d!.status, 'delivered');
      assert.equal(Number(d!.attempts), 2);
      assert.equal(Number(d!.last_status), 200);
    });

    test('429 with Retry-After: the next attempt waits as long as the receiver asked', async () => {
      const sub = await endpoint('/busy');
      script.set('/busy', [{ status: 429, headers: { 'retry-after': '120' } }, { status: 204 }]);
      await publish();
      let counts = await drain({ retryMaxMs: 3_600_000 });
      assert.deepEqual([counts.retried, counts.delivered], [1, 0]);
      let [d] = await deliveriesOf(sub);
      assert.equal(d!.status, 'pending');
      assert.equal(Number(d!.last_status), 429);
      assert.equal(new Date(d!.next_attempt_at).getTime() - clock.getTime(), 120_000);
      // Not before…
      clock = new Date(clock.getTime() + 119_000);
      assert.equal((await drain({ retryMaxMs: 3_600_000 })).delivered, 0);
      // …but once the time has come.
      clock = new Date(clock.getTime() + 1_000);
      counts = await drain({ retryMaxMs: 3_600_000 });
      assert.equal(counts.delivered, 1);
      [d] = await deliveriesOf(sub);
      assert.equal(d!.status, 'delivered');
      assert.equal(hits.length, 2);
    });

    test('a receiver that does not answer in time is retried, then delivered', async () => {
      const sub = await endpoint('/slow');
      script.set('/slow', ['hang', { status: 200 }]);
      await publish();
      const counts = await drain();
      assert.deepEqual([counts.retried, counts.delivered], [1, 1]);
      const [d] = await deliveriesOf(sub);
      assert.equal(d!.status, 'delivered');
    });

    test('410 Gone disables the endpoint and cancels its other pending deliveries', async () => {
      const sub = await endpoint('/gone');
      script.set('/gone', [{ status: 410 }]);
      await publish();
      await publish();
      const counts = await drain({ batch: 1 });
      assert.equal(counts.gone, 1);
      assert.equal(hits.length, 1);
      const row = await t.db.handle.db.selectFrom('subscriptions').selectAll().where('id', '=', sub).executeTakeFirstOrThrow();
      assert.equal(row.status, 'disabled');
      assert.match(row.disabled_reason ?? '', /410/);
      const ds = await deliveriesOf(sub);
      assert.deepEqual(ds.map((d) => d.status), ['dead', 'cancelled']);
      const page = await owner.get(`/my/webhooks/${sub}`);
      assert.match(page.body, /停止（受信側の応答による）/);
    });

    test('always 500: dead after maxAttempts; the owner replays it from the endpoint page and it is delivered with the same id', async () => {
      const sub = await endpoint('/down');
      script.set('/down', [{ status: 500 }]);
      await publish();
      let counts = await drain({ maxAttempts: 3 });
      assert.deepEqual([counts.retried, counts.dead], [2, 1]);
      assert.equal(hits.length, 3);
      let [d] = await deliveriesOf(sub);
      assert.equal(d!.status, 'dead');
      assert.equal(Number(d!.attempts), 3);
      assert.equal(Number(d!.last_status), 500);

      // The log shows it, with the replay buttons.
      const page = await owner.get(`/my/webhooks/${sub}`);
      assert.match(page.body, /配信できず/);
      assert.match(page.body, /HTTP 500/);
      assert.ok(page.body.includes(hits[0]!.id));

      // The receiver is fixed; the owner replays all the dead deliveries.
      script.set('/down', [{ status: 200 }]);
      const r = await owner.post(`/my/webhooks/${sub}/replay-dead`, {}, owner.csrf(`/my/webhooks/${sub}/replay-dead`));
      assert.equal(r.statusCode, 303);
      [d] = await deliveriesOf(sub);
      assert.equal(d!.status, 'pending');
      assert.equal(Number(d!.attempts), 0);
      assert.equal(d!.locked_by, null);
      clock = new Date();
      counts = await drain({ maxAttempts: 3 });
      assert.equal(counts.delivered, 1);
      assert.equal(hits.length, 4);
      assert.equal(hits[3]!.id, hits[0]!.id);
      assert.ok(hits[3]!.verified);
      [d] = await deliveriesOf(sub);
      assert.equal(d!.status, 'delivered');

      // A single finished delivery can be sent again too (the receiver drops the repeat by its id).
      await owner.get(`/my/webhooks/${sub}`);
      const one = await owner.post(`/my/webhooks/${sub}/deliveries/${Number(d!.id)}/replay`, {}, owner.csrf(`/my/webhooks/${sub}/deliveries/${Number(d!.id)}/replay`));
      assert.equal(one.statusCode, 303);
      clock = new Date();
      assert.equal((await drain()).delivered, 1);
      assert.equal(hits[4]!.id, hits[0]!.id);
      const events = await t.db.handle.db.selectFrom('audit_events').select('action').where('action', 'like', 'webhook_%').execute();
      assert.deepEqual(events.map((e) => e.action).sort(), ['webhook_dead_replayed', 'webhook_delivery_replayed']);
    });

    test('an endpoint whose address became private is refused at delivery (dead at once, nothing sent)', async () => {
      const sub = await endpoint('/ok');
      // As if the administrator revoked the permission: the loopback address is refused now.
      await t.db.handle.db.updateTable('subscriptions').set({ allow_private: 0 }).where('id', '=', sub).execute();
      await publish();
      const counts = await drain();
      assert.equal(counts.dead, 1);
      assert.equal(hits.length, 0);
      const [d] = await deliveriesOf(sub);
      assert.match(d!.last_error ?? '', /refused: 127\.0\.0\.1 is a private address/);
    });
  });
}
