// Web push, checked from the outside: a loopback push service decrypts every message with its own
// RFC 8291 code and verifies the VAPID signature and claims (loopback-push-service.ts); registration
// goes through the API the page's script calls, with its CSRF token; a 404/410 from the push service
// deletes the subscription through the real worker; the VAPID keys survive a restart.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../app.ts';
import type { ChannelSender, DispatchPayload, OutgoingDelivery } from '../outbox/model.ts';
import { messageIdOf } from '../outbox/model.ts';
import { enqueueDispatch } from '../outbox/enqueue.ts';
import { startTestApp, testConfig, TEST_BASE_URL, type TestApp } from '../../test/support/app.ts';
import { testDialects } from '../../test/support/databases.ts';
import { FIXTURE } from '../../test/support/fixture.ts';
import { browserKeys, decryptAes128gcm, startLoopbackPushService, type LoopbackPushService } from './loopback-push-service.ts';
import { aes128gcmEncrypter, createPushSender, notificationBody, parseRetryAfter, timeToLive, urgencyOf } from './sender.ts';
import { vapidKeys } from './vapid.ts';
import webpush from 'web-push';

// http_ece is what web-push encrypts with: a third, independent implementation to decrypt ours.
const ece = createRequire(import.meta.url)('http_ece') as { decrypt(body: Buffer, params: Record<string, unknown>): Buffer };

const SUBJECT = 'mailto:push@lastmile.example';

const ADVISORY: DispatchPayload = {
  topic: 'advisory',
  action: 'published',
  subjectId: 42,
  title: { ja: '宅配業者を装うSMSに注意', en: 'Beware of SMS posing as parcel carriers' },
  summary: {
    ja: '不在通知を装ったSMSから偽サイトに誘導する手口が増えています。\nリンクを開かず、公式アプリで確認してください。',
    en: 'Text messages posing as missed-delivery notices lead to fake sites.\nDo not open the link; check in the official app.',
  },
  url: { ja: 'http://lastmile.test/advisories/42', en: 'http://lastmile.test/en/advisories/42' },
  severity: 'warning',
  audiences: [],
  prefectures: [],
  nationwide: true,
  publishedAt: '2026-11-01T00:00:00.000Z',
  validUntil: null,
};

function delivery(service: LoopbackPushService, path: string, over: Partial<OutgoingDelivery['target']> = {}, payload: DispatchPayload = ADVISORY, dispatchId = 1): OutgoingDelivery {
  const k = service.keysFor(path);
  const subscriptionId = Number(path.replace(/\D/g, '')) || 1;
  return {
    deliveryId: subscriptionId,
    messageId: messageIdOf(dispatchId, subscriptionId),
    attempt: 1,
    dispatch: { id: dispatchId, createdAt: ADVISORY.publishedAt, payload },
    target: {
      subscriptionId,
      channel: 'push',
      locale: 'ja',
      email: null,
      webhookUrl: null,
      webhookSecret: null,
      allowPrivate: false,
      pushEndpoint: service.endpoint(path),
      pushP256dh: k.p256dh,
      pushAuth: k.auth,
      ...over,
    },
  };
}

describe('web push sender against a loopback push service', () => {
  const vapid = webpush.generateVAPIDKeys();
  let service: LoopbackPushService;
  let other: LoopbackPushService;
  const signal = new AbortController().signal;

  before(async () => {
    service = await startLoopbackPushService({ publicKey: vapid.publicKey, subject: SUBJECT });
    other = await startLoopbackPushService({ publicKey: vapid.publicKey, subject: SUBJECT });
  });
  after(async () => {
    await service.close();
    await other.close();
  });

  const sender = (over: Partial<Parameters<typeof createPushSender>[0]> = {}) =>
    createPushSender({ vapid: { ...vapid, subject: SUBJECT }, timeoutMs: 2000, concurrency: 4, allowPrivate: true, ...over });

  test('a message arrives encrypted (aes128gcm), decrypts to the notification in the subscriber\'s language, with TTL and Urgency', async () => {
    const s = sender();
    try {
      const ja = await s.send(delivery(service, '/ok/1'), signal);
      assert.deepEqual(ja, { kind: 'delivered', status: 201 });
      const en = await s.send(delivery(service, '/ok/2', { locale: 'en' }), signal);
      assert.equal(en.kind, 'delivered');
      const [a, b] = service.received.slice(-2);
      assert.equal(a!.error, null, a!.error ?? '');
      assert.equal(b!.error, null, b!.error ?? '');
      assert.deepEqual(a!.message, {
        title: '【注意喚起】宅配業者を装うSMSに注意',
        body: '不在通知を装ったSMSから偽サイトに誘導する手口が増えています。 リンクを開かず、公式アプリで確認してください。',
        url: 'http://lastmile.test/advisories/42',
        severity: 'warning',
        lang: 'ja',
        topic: 'advisory',
        action: 'published',
        tag: 'msg_lm1x1',
      });
      assert.equal(b!.message!.title, '[Advisory] Beware of SMS posing as parcel carriers');
      assert.equal(b!.message!.url, 'http://lastmile.test/en/advisories/42');
      assert.equal(b!.message!.tag, 'msg_lm1x2');
      assert.equal(a!.headers['content-encoding'], 'aes128gcm');
      assert.equal(a!.headers.ttl, String(24 * 3600));
      assert.equal(a!.headers.urgency, 'high');
      assert.equal(a!.headers.topic, 'advisory-42');
    } finally {
      await s.close?.();
    }
  });

  test('corrections and withdrawals say so in the title; the body is cut at 180 characters', async () => {
    const s = sender();
    try {
      const long = { ...ADVISORY, action: 'corrected' as const, note: { ja: 'あ'.repeat(300), en: 'x'.repeat(300) } };
      await s.send(delivery(service, '/ok/3', {}, long, 2), signal);
      await s.send(delivery(service, '/ok/4', { locale: 'en' }, { ...ADVISORY, action: 'withdrawn' }, 3), signal);
      const [c, w] = service.received.slice(-2);
      assert.match(String(c!.message!.title), /^【訂正】/);
      assert.equal([...String(c!.message!.body)].length, 180);
      assert.ok(String(c!.message!.body).endsWith('…'));
      assert.match(String(w!.message!.title), /^\[Withdrawn\] /);
    } finally {
      await s.close?.();
    }
  });

  test('the VAPID JWT is signed once per push service and reused, then renewed before it expires', async () => {
    let clock = Date.now();
    const s = sender({ now: () => clock });
    try {
      for (const p of ['/v/1', '/v/2', '/v/3']) await s.send(delivery(service, p), signal);
      await s.send(delivery(other, '/v/4'), signal);
      const tokens = service.received.slice(-3).map((r) => r.vapid?.token);
      assert.ok(tokens[0]);
      assert.equal(new Set(tokens).size, 1, 'one JWT for three messages to the same origin');
      const otherVapid = other.received.at(-1)!.vapid!;
      assert.equal(otherVapid.aud, other.origin, 'aud is the origin of the push service');
      assert.notEqual(otherVapid.token, tokens[0]);
      // 11.5 hours later the 12-hour token has less than an hour left: a new one is signed.
      clock += 11.5 * 3600 * 1000;
      await s.send(delivery(service, '/v/5'), signal);
      const renewed = service.received.at(-1)!;
      assert.notEqual(renewed.vapid?.token ?? renewed.error, tokens[0]);
    } finally {
      await s.close?.();
    }
  });

  test('outcomes: 404 and 410 gone; 429 with Retry-After, 5xx and timeouts retried; 400, 403, 413 failed', async () => {
    const s = sender({ timeoutMs: 300 });
    try {
      const cases: [number, Record<string, string>, string][] = [
        [200, {}, 'delivered'],
        [202, {}, 'delivered'],
        [404, {}, 'gone'],
        [410, {}, 'gone'],
        [429, { 'retry-after': '120' }, 'retry'],
        [500, {}, 'retry'],
        [503, {}, 'retry'],
        [400, {}, 'failed'],
        [403, {}, 'failed'],
        [413, {}, 'failed'],
      ];
      for (const [status, headers, kind] of cases) {
        const path = `/status/${status}`;
        service.respond(path, status, headers);
        const outcome = await s.send(delivery(service, path), signal);
        assert.equal(outcome.kind, kind, `${status}`);
        if (status === 429) assert.equal((outcome as { retryAfterMs?: number }).retryAfterMs, 120_000);
      }
      service.respond('/slow/1', 201, {}, 1000);
      const slow = await s.send(delivery(service, '/slow/1'), signal);
      assert.deepEqual(slow, { kind: 'retry', error: 'timeout' });
      // The worker stopping aborts every request in flight through the one signal it passed.
      service.respond('/slow/2', 201, {}, 1000);
      const stop = new AbortController();
      const inFlight = [1, 2, 3].map(() => s.send(delivery(service, '/slow/2'), stop.signal));
      setTimeout(() => stop.abort(), 50);
      for (const o of await Promise.all(inFlight)) assert.deepEqual(o, { kind: 'retry', error: 'aborted' });
      // A send that starts after the worker began stopping is a retry too, and must not crash the process
      // (destroying a request emits 'error'; the benchmark once died of one with no listener yet).
      assert.deepEqual(await s.send(delivery(service, '/ok/8'), stop.signal), { kind: 'retry', error: 'aborted' });
      await new Promise((r) => setTimeout(r, 20));
      // The connection is usable again after a timeout.
      assert.equal((await s.send(delivery(service, '/ok/9'), signal)).kind, 'delivered');
    } finally {
      await s.close?.();
    }
  });

  test('SSRF: without allowPrivate, http endpoints, private IP literals and names resolving to private addresses are refused before any request', async () => {
    const before = service.count;
    const s = sender({ allowPrivate: false, resolve: async () => [{ address: '127.0.0.1', family: 4 }] });
    try {
      const port = new URL(service.origin).port;
      for (const endpoint of [
        service.endpoint('/x/1'),
        `https://127.0.0.1:${port}/x/2`,
        `https://[::ffff:7f00:1]:${port}/x/3`,
        `https://10.1.2.3/x/4`,
        `https://push.example:${port}/x/5`,
      ]) {
        const outcome = await s.send(delivery(service, '/x/1', { pushEndpoint: endpoint }), signal);
        assert.equal(outcome.kind, 'failed', endpoint);
        assert.match((outcome as { error: string }).error, /refused/, endpoint);
      }
      assert.equal(service.count, before, 'nothing reached the loopback service');
    } finally {
      await s.close?.();
    }
  });

  test('keys that cannot be used fail at once instead of being retried', async () => {
    const s = sender();
    try {
      const outcome = await s.send(delivery(service, '/bad/1', { pushP256dh: Buffer.alloc(65, 1).toString('base64url') }), signal);
      assert.equal(outcome.kind, 'failed');
    } finally {
      await s.close?.();
    }
  });

  test('the encryption is RFC 8291: http_ece (web-push\'s library) decrypts it too, and every message has its own ephemeral key', () => {
    const encrypt = aes128gcmEncrypter();
    const k = browserKeys();
    const text = Buffer.from(JSON.stringify({ title: '【注意喚起】テスト', body: 'x'.repeat(500) }));
    const one = encrypt(Buffer.from(k.p256dh, 'base64url'), Buffer.from(k.auth, 'base64url'), text);
    const two = encrypt(Buffer.from(k.p256dh, 'base64url'), Buffer.from(k.auth, 'base64url'), text);
    for (const body of [one, two]) {
      assert.deepEqual(ece.decrypt(body, { version: 'aes128gcm', privateKey: k.ecdh, authSecret: k.auth }), text);
      assert.deepEqual(decryptAes128gcm(body, k), text);
    }
    assert.notDeepEqual(one.subarray(21, 86), two.subarray(21, 86), 'a fresh sender key per message');
    assert.notDeepEqual(one.subarray(0, 16), two.subarray(0, 16), 'a fresh salt per message');
    assert.throws(() => encrypt(Buffer.alloc(65, 4), Buffer.from(k.auth, 'base64url'), text), 'a point not on the curve');
    assert.throws(() => encrypt(Buffer.from(k.p256dh, 'base64url'), Buffer.from(k.auth, 'base64url'), Buffer.alloc(4000)), /too large/);
  });

  test('TTL, Urgency and Retry-After rules', () => {
    const now = Date.parse('2026-11-01T00:00:00Z');
    assert.equal(timeToLive(ADVISORY, now), 86400);
    assert.equal(timeToLive({ ...ADVISORY, validUntil: '2026-11-02' }, now), Date.parse('2026-11-02T23:59:59+09:00') / 1000 - now / 1000);
    assert.equal(timeToLive({ ...ADVISORY, validUntil: '2027-12-31' }, now), 7 * 86400);
    assert.equal(timeToLive({ ...ADVISORY, validUntil: '2020-01-01' }, now), 3600);
    assert.equal(timeToLive({ ...ADVISORY, topic: 'event', startsAt: '2026-11-01T03:00:00Z' }, now), 3 * 3600);
    assert.equal(urgencyOf({ ...ADVISORY, severity: 'emergency' }), 'high');
    assert.equal(urgencyOf({ ...ADVISORY, severity: 'info' }), 'normal');
    assert.equal(urgencyOf({ ...ADVISORY, topic: 'event' }), 'low');
    assert.equal(parseRetryAfter('30', now), 30_000);
    assert.equal(parseRetryAfter('Sun, 01 Nov 2026 00:01:00 GMT', now), 60_000);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(notificationBody({ ...ADVISORY, summary: { ja: '\n  一行目\n\n二行目 ', en: '' } }, 'en'), '一行目 二行目', 'falls back to Japanese');
  });
});

/** A browser without JavaScript would never call the API; the page's script does what this does. */
class PushClient {
  cookie = '';
  csrf = '';
  vapidKey = '';
  constructor(readonly app: FastifyInstance) {}
  async open(path = '/subscribe/push'): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({ url: path });
    const set = res.headers['set-cookie'];
    this.cookie = (Array.isArray(set) ? set : [set ?? '']).map((c) => c.split(';')[0]).join('; ');
    this.csrf = /data-csrf="([^"]+)"/.exec(res.body)?.[1] ?? '';
    this.vapidKey = /data-vapid-key="([^"]+)"/.exec(res.body)?.[1] ?? '';
    return res;
  }
  call(method: 'POST' | 'DELETE', body: Record<string, unknown>, opts: { csrf?: boolean; lang?: string } = {}) {
    return this.app.inject({
      method,
      url: '/api/v1/push-subscriptions',
      headers: { cookie: this.cookie, 'content-type': 'application/json', 'accept-language': opts.lang ?? 'ja' },
      payload: JSON.stringify(opts.csrf === false ? body : { ...body, _csrf: this.csrf }),
    });
  }
}

function subscriptionBody(endpoint: string, keys: { p256dh: string; auth: string }, over: Record<string, unknown> = {}) {
  return { subscription: { endpoint, expirationTime: null, keys }, locale: 'ja', audiences: [], prefecture: null, includeEvents: false, includeMaterials: false, ...over };
}

// The worker is written alongside (outbox/worker.ts); until it exists the end-to-end test is skipped.
const WORKER = new URL('../outbox/worker.ts', import.meta.url);
type DrainOutbox = (o: {
  handle: TestApp['db']['handle'];
  senders: ChannelSender[];
  workerId: string;
  batch: number;
  leaseMs: number;
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  log: { info(o: object, m: string): void; warn(o: object, m: string): void; error(o: object, m: string): void };
}) => Promise<{ delivered: number; retried: number; dead: number; gone: number }>;

for (const dialect of testDialects()) {
  describe(`web push subscriptions and delivery (${dialect})`, () => {
    let t: TestApp;
    /** A second app on the same database that may deliver to loopback endpoints (as in tests and benchmarks). */
    let open: FastifyInstance;
    let service: LoopbackPushService;

    before(async () => {
      t = await startTestApp(dialect, FIXTURE);
      open = await buildApp({ config: testConfig({ PUSH_ALLOW_PRIVATE: 'true' }), database: t.db.handle, mailer: t.app.deps.mailer });
      await open.ready();
    });
    after(async () => {
      await service?.close();
      await open?.close();
      await t.close();
    });
    const db = () => t.db.handle.db;
    const pushRows = () => db().selectFrom('subscriptions').selectAll().where('channel', '=', 'push').orderBy('id').execute();

    test('the VAPID keys are made once, kept in the database, and the same for a second app on it (a restart, another instance)', async () => {
      const first = new PushClient(t.app);
      const page = await first.open();
      assert.equal(page.statusCode, 200);
      assert.equal(Buffer.from(first.vapidKey, 'base64url').length, 65);
      const second = new PushClient(open);
      await second.open('/en/subscribe/push');
      assert.equal(second.vapidKey, first.vapidKey);
      const again = await Promise.all([vapidKeys(db()), vapidKeys(db()), vapidKeys(db())]);
      assert.equal(new Set(again.map((k) => k.privateKey)).size, 1);
      assert.equal(again[0]!.publicKey, first.vapidKey);
      const secrets = await db().selectFrom('instance_secrets').select('name').where('name', 'like', 'vapid%').execute();
      assert.equal(secrets.length, 1);
    });

    test('/sw.js is served from the root as JavaScript, never cached stale, under the CSP that lets it run', async () => {
      const res = await t.app.inject('/sw.js');
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'text/javascript; charset=utf-8');
      assert.equal(res.headers['cache-control'], 'no-cache');
      assert.match(res.body, /addEventListener\('push'/);
      assert.match(res.body, /addEventListener\('notificationclick'/);
      assert.match(String(res.headers['content-security-policy']), /worker-src 'self'/);
      const page = await t.app.inject('/subscribe/push');
      const script = /<script src="(\/assets\/push\.js\?v=[0-9a-f]{12})"/.exec(page.body)?.[1];
      assert.ok(script, 'the page loads its script from /assets/');
      assert.equal((await t.app.inject(script!)).statusCode, 200);
    });

    test('the page explains push in both languages and says plainly, before any script runs, that this browser may not receive it', async () => {
      const ja = await t.app.inject('/subscribe/push');
      assert.match(ja.body, /<h1>プッシュ通知で受け取る<\/h1>/);
      assert.match(ja.body, /id="push-unsupported"/);
      assert.match(ja.body, /このブラウザでは通知を受け取れません/);
      assert.match(ja.body, /href="\/subscribe"/);
      assert.match(ja.body, /<form id="push-form"[^>]* hidden/);
      const en = await t.app.inject('/en/subscribe/push');
      assert.match(en.body, /This browser cannot receive notifications/);
      assert.match(en.body, /href="\/en\/subscribe"/);
      assert.match(en.body, /<html lang="en"/);
    });

    test('registration: created, then updated in place (choices and audiences replaced); keys and endpoint are validated with messages that say what to fix', async () => {
      const c = new PushClient(open);
      await c.open();
      const k = browserKeys();
      const endpoint = 'https://push.example.net/wpush/abc';
      const created = await c.call('POST', subscriptionBody(endpoint, k, { audiences: ['seniors', 'sme'], prefecture: '13', includeEvents: true }));
      assert.equal(created.statusCode, 201, created.body);
      assert.deepEqual(created.json(), { status: 'created' });
      let [row] = (await pushRows()).filter((r) => r.push_endpoint === endpoint);
      assert.ok(row);
      assert.equal(row.status, 'active');
      assert.equal(row.prefecture, '13');
      assert.equal(row.all_audiences, 0);
      assert.equal(row.include_events, 1);
      assert.equal(row.include_materials, 0);
      assert.equal(row.push_p256dh, k.p256dh);
      const audiences = async (id: number) => (await db().selectFrom('subscription_audiences').select('audience').where('subscription_id', '=', id).orderBy('audience').execute()).map((a) => a.audience);
      assert.deepEqual(await audiences(row.id), ['seniors', 'sme']);

      const updated = await c.call('POST', subscriptionBody(endpoint, k, { locale: 'en', includeMaterials: true }));
      assert.equal(updated.statusCode, 200, updated.body);
      [row] = (await pushRows()).filter((r) => r.push_endpoint === endpoint);
      assert.equal(row!.all_audiences, 1);
      assert.equal(row!.prefecture, null);
      assert.equal(row!.locale, 'en');
      assert.equal(row!.include_materials, 1);
      assert.deepEqual(await audiences(row!.id), []);

      // Someone who learned the endpoint but not the keys cannot take it over.
      const hijack = await c.call('POST', subscriptionBody(endpoint, browserKeys()));
      assert.equal(hijack.statusCode, 409);

      const bad: [Record<string, unknown>, RegExp, RegExp][] = [
        [subscriptionBody(endpoint, { p256dh: k.p256dh.slice(0, 40), auth: k.auth }), /keys\.p256dh.*65バイト/, /keys\.p256dh must be .*65 bytes/],
        [subscriptionBody(endpoint, { p256dh: Buffer.alloc(65, 5).toString('base64url'), auth: k.auth }), /keys\.p256dh/, /uncompressed point/],
        [subscriptionBody(endpoint, { p256dh: k.p256dh, auth: Buffer.alloc(8).toString('base64url') }), /keys\.auth.*16バイト/, /16-byte authentication secret/],
        [subscriptionBody(endpoint, { p256dh: k.p256dh, auth: 'not base64!' }), /keys\.auth/, /keys\.auth/],
        [subscriptionBody('not a url', k), /endpoint/, /push service \(https:/],
        [subscriptionBody('ftp://push.example.net/x', k), /endpoint/, /https:/],
        [subscriptionBody(endpoint, k, { audiences: ['aliens'] }), /audiences/, /audiences accepts only/],
        [subscriptionBody(endpoint, k, { prefecture: '99' }), /prefecture/, /01 to 47/],
        [{ subscription: { endpoint } }, /keys/, /keys/],
      ];
      for (const [body, ja, en] of bad) {
        const r = await c.call('POST', body);
        assert.equal(r.statusCode, 400, JSON.stringify(body));
        assert.match(JSON.stringify(r.json().error.details), ja, JSON.stringify(body));
        const e = await c.call('POST', body, { lang: 'en' });
        assert.match(JSON.stringify(e.json().error.details), en, JSON.stringify(body));
      }
    });

    test('registration refuses http and private or loopback endpoints unless PUSH_ALLOW_PRIVATE, and needs the page\'s CSRF token', async () => {
      const c = new PushClient(t.app);
      await c.open();
      const k = browserKeys();
      const before = (await pushRows()).length;
      for (const endpoint of ['http://push.example.net/x', 'https://127.0.0.1:8443/x', 'https://localhost/x', 'https://10.0.0.7/x', 'https://[::1]/x', 'https://169.254.169.254/latest', 'https://[::ffff:192.168.0.1]/x']) {
        const r = await c.call('POST', subscriptionBody(endpoint, k));
        assert.equal(r.statusCode, 400, endpoint);
        assert.match(r.json().error.details[0].message, endpoint.startsWith('http:') ? /https/ : /プライベートまたはループバック/, endpoint);
      }
      const noToken = await c.call('POST', subscriptionBody('https://push.example.net/y', k), { csrf: false });
      assert.equal(noToken.statusCode, 403);
      const noCookie = await t.app.inject({ method: 'POST', url: '/api/v1/push-subscriptions', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ ...subscriptionBody('https://push.example.net/y', k), _csrf: c.csrf }) });
      assert.equal(noCookie.statusCode, 403);
      assert.equal((await pushRows()).length, before, 'nothing stored');
    });

    test('unsubscribing needs the endpoint and its auth secret, deletes the row and cancels what was waiting for it', async () => {
      const c = new PushClient(open);
      await c.open();
      const k = browserKeys();
      const endpoint = 'https://push.example.net/wpush/leaving';
      assert.equal((await c.call('POST', subscriptionBody(endpoint, k))).statusCode, 201);
      const id = (await pushRows()).find((r) => r.push_endpoint === endpoint)!.id;
      await db().transaction().execute((trx) => enqueueDispatch(trx, { ...ADVISORY, subjectId: 900 }, new Date().toISOString()));
      const pending = () => db().selectFrom('deliveries').select('status').where('subscription_id', '=', id).execute();
      assert.deepEqual((await pending()).map((d) => d.status), ['pending']);
      assert.equal((await c.call('DELETE', { endpoint, auth: browserKeys().auth })).statusCode, 404, 'someone else\'s auth');
      assert.equal((await c.call('DELETE', { endpoint, auth: k.auth }, { csrf: false })).statusCode, 403);
      const r = await c.call('DELETE', { endpoint, auth: k.auth });
      assert.equal(r.statusCode, 204, r.body);
      assert.equal((await pushRows()).find((x) => x.push_endpoint === endpoint), undefined);
      assert.deepEqual((await pending()).map((d) => d.status), ['cancelled']);
      // Delivered or not, a cancelled delivery is never sent.
      await db().updateTable('deliveries').set({ status: 'cancelled' }).where('status', '=', 'pending').execute();
    });

    test('end to end through the worker: the matching subscribers receive the advisory; 404 and 410 delete their subscriptions', { skip: existsSync(WORKER) ? false : 'outbox/worker.ts not written yet' }, async () => {
      const { drainOutbox } = (await import(WORKER.href)) as { drainOutbox: DrainOutbox };
      // Only this test's subscribers (earlier tests left some at push.example.net, which does not exist).
      await db().deleteFrom('subscriptions').where('channel', '=', 'push').execute();
      const keys = await vapidKeys(db());
      service = await startLoopbackPushService({ publicKey: keys.publicKey, subject: TEST_BASE_URL });
      service.respond('/gone/410', 410);
      service.respond('/gone/404', 404);
      const c = new PushClient(open);
      await c.open();
      const register = async (path: string, over: Record<string, unknown> = {}) => {
        const r = await c.call('POST', subscriptionBody(service.endpoint(path), service.keysFor(path), over));
        assert.equal(r.statusCode, 201, r.body);
      };
      await register('/ok/tokyo', { prefecture: '13', audiences: ['seniors'] });
      await register('/ok/en', { locale: 'en' });
      await register('/other/osaka', { prefecture: '27' });
      await register('/other/youth', { audiences: ['youth'] });
      await register('/gone/410');
      await register('/gone/404');

      const payload: DispatchPayload = { ...ADVISORY, subjectId: 77, nationwide: false, prefectures: ['13'], audiences: ['seniors'] };
      const { recipients } = await db().transaction().execute((trx) => enqueueDispatch(trx, payload, new Date().toISOString()));
      assert.equal(recipients, 4, 'Tokyo seniors, and the three who chose all of Japan and every audience');

      const sender = createPushSender({ vapid: { ...keys, subject: open.deps.config.delivery.vapidSubject }, timeoutMs: 2000, concurrency: 8, allowPrivate: true });
      const quiet = { info() {}, warn() {}, error() {} };
      try {
        const counts = await drainOutbox({ handle: t.db.handle, senders: [sender], workerId: 'push-test', batch: 100, leaseMs: 60_000, maxAttempts: 3, retryBaseMs: 1000, retryMaxMs: 60_000, log: quiet });
        assert.equal(counts.delivered, 2);
        assert.equal(counts.gone, 2);
      } finally {
        await sender.close?.();
      }
      const got = new Map(service.received.map((r) => [r.path, r]));
      assert.deepEqual([...got.keys()].sort(), ['/gone/404', '/gone/410', '/ok/en', '/ok/tokyo']);
      for (const r of got.values()) assert.equal(r.error, null, `${r.path}: ${r.error}`);
      assert.equal(got.get('/ok/tokyo')!.message!.title, '【注意喚起】宅配業者を装うSMSに注意');
      assert.equal(got.get('/ok/en')!.message!.url, 'http://lastmile.test/en/advisories/42');
      assert.equal(got.get('/ok/tokyo')!.vapid!.sub, TEST_BASE_URL);
      const left = (await pushRows()).map((r) => new URL(r.push_endpoint!).pathname);
      assert.ok(!left.includes('/gone/410') && !left.includes('/gone/404'), 'gone subscriptions deleted');
      assert.ok(left.includes('/ok/tokyo') && left.includes('/other/osaka'));
      // Nothing is left to send.
      const idle = createPushSender({ vapid: { ...keys, subject: SUBJECT }, timeoutMs: 2000, concurrency: 8, allowPrivate: true });
      const again = await drainOutbox({ handle: t.db.handle, senders: [idle], workerId: 'push-test', batch: 100, leaseMs: 60_000, maxAttempts: 3, retryBaseMs: 1000, retryMaxMs: 60_000, log: quiet });
      await idle.close?.();
      assert.equal(again.delivered + again.gone + again.retried, 0);
    });
  });
}
