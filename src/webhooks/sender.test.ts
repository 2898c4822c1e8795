// The webhook sender against a real HTTP receiver on loopback: signatures checked by an independent
// implementation (the `standardwebhooks` package), outcome classification (2xx, 410, 3xx, 4xx, 429 with
// Retry-After, 5xx, timeouts, resets), keep-alive reuse, and every SSRF form refused both at
// registration (checkWebhookUrl) and at delivery (including DNS rebinding and redirects).
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import type { DispatchMessage, OutgoingDelivery } from '../outbox/model.ts';
import { classifyResponse, createWebhookSender, parseRetryAfter } from './sender.ts';
import { checkWebhookUrl, type Resolver } from './url.ts';
import { newWebhookSecret } from './secret.ts';

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  socket: number;
}

const received: Received[] = [];
let port = 0;
let sockets = 0;
const socketIds = new WeakMap<object, number>();
/** path → how the receiver answers (status, headers, or 'hang'). */
const behaviour = new Map<string, { status: number; headers?: Record<string, string>; body?: string } | 'hang'>();

const receiver = http.createServer((req, res) => {
  if (!socketIds.has(req.socket)) socketIds.set(req.socket, ++sockets);
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    received.push({ path: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), socket: socketIds.get(req.socket)! });
    const b = behaviour.get(req.url!) ?? { status: 204 };
    if (b === 'hang') return;
    res.writeHead(b.status, b.headers).end(b.body ?? '');
  });
});

before(async () => {
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  port = (receiver.address() as AddressInfo).port;
});
after(async () => {
  receiver.closeAllConnections();
  await new Promise<void>((r) => receiver.close(() => r()));
});

const DISPATCH: DispatchMessage = {
  id: 7,
  createdAt: '2026-11-20T01:02:03.000Z',
  payload: {
    topic: 'advisory',
    action: 'published',
    subjectId: 12,
    title: { ja: 'フィッシングに注意', en: 'Beware of phishing' },
    summary: { ja: '宅配業者を装うSMSが増えています。', en: 'Fake delivery SMS messages are increasing.' },
    url: { ja: 'http://lastmile.test/advisories/12', en: 'http://lastmile.test/en/advisories/12' },
    severity: 'warning',
    audiences: [],
    prefectures: [],
    nationwide: true,
    publishedAt: '2026-11-20T01:02:03.000Z',
  },
};

const SECRET = newWebhookSecret();

function delivery(url: string, o: { allowPrivate?: boolean; id?: number; locale?: 'ja' | 'en'; secret?: string; dispatch?: DispatchMessage } = {}): OutgoingDelivery {
  const id = o.id ?? 1;
  return {
    deliveryId: id,
    messageId: `msg_test${id}`,
    attempt: 1,
    dispatch: o.dispatch ?? DISPATCH,
    target: {
      subscriptionId: id,
      channel: 'webhook',
      locale: o.locale ?? 'ja',
      email: null,
      webhookUrl: url,
      webhookSecret: o.secret ?? SECRET,
      allowPrivate: o.allowPrivate ?? false,
      pushEndpoint: null,
      pushP256dh: null,
      pushAuth: null,
    },
  };
}

const signal = new AbortController().signal;
const local = (path: string) => `http://127.0.0.1:${port}${path}`;

describe('webhook sender', () => {
  const sender = createWebhookSender({ userAgent: 'Lastmile-Webhooks/test', timeoutMs: 500, concurrency: 8 });
  after(() => sender.close());

  test('a delivery carries a Standard Webhooks signature that the reference library verifies', async () => {
    received.length = 0;
    const outcome = await sender.send(delivery(local('/ok'), { allowPrivate: true }), signal);
    assert.deepEqual(outcome, { kind: 'delivered', status: 204 });
    const r = received[0]!;
    assert.equal(r.headers['content-type'], 'application/json');
    assert.equal(r.headers['user-agent'], 'Lastmile-Webhooks/test');
    assert.equal(r.headers['webhook-id'], 'msg_test1');
    assert.match(String(r.headers['webhook-timestamp']), /^\d{10}$/);
    assert.match(String(r.headers['webhook-signature']), /^v1,[A-Za-z0-9+/]+=*$/);
    // An independent implementation, given only the secret, accepts the message…
    const verified = new Webhook(SECRET).verify(r.body, r.headers as Record<string, string>) as { type: string; timestamp: string; locale: string; data: { title: { ja: string } } };
    assert.equal(verified.type, 'advisory.published');
    assert.equal(verified.timestamp, DISPATCH.createdAt);
    assert.equal(verified.locale, 'ja');
    assert.equal(verified.data.title.ja, 'フィッシングに注意');
    // …and refuses it under another secret or with a changed body.
    assert.throws(() => new Webhook(newWebhookSecret()).verify(r.body, r.headers as Record<string, string>));
    assert.throws(() => new Webhook(SECRET).verify(r.body.replace('フィッシング', 'ﾌｨｯｼﾝｸﾞ'), r.headers as Record<string, string>));
  });

  test('the body is the same for every endpoint of a dispatch (built once), and the language is the endpoint’s', async () => {
    received.length = 0;
    await sender.send(delivery(local('/a'), { allowPrivate: true, id: 2 }), signal);
    await sender.send(delivery(local('/b'), { allowPrivate: true, id: 3, secret: newWebhookSecret() }), signal);
    await sender.send(delivery(local('/c'), { allowPrivate: true, id: 4, locale: 'en' }), signal);
    assert.equal(received[0]!.body, received[1]!.body);
    assert.notEqual(received[0]!.headers['webhook-signature'], received[1]!.headers['webhook-signature']);
    assert.equal(JSON.parse(received[2]!.body).locale, 'en');
    const corrected = { ...DISPATCH, id: 8, payload: { ...DISPATCH.payload, action: 'corrected' as const, note: { ja: '対象を訂正', en: 'Audience corrected' } } };
    await sender.send(delivery(local('/d'), { allowPrivate: true, id: 5, dispatch: corrected }), signal);
    assert.equal(JSON.parse(received[3]!.body).type, 'advisory.corrected');
  });

  test('connections are kept alive and reused', async () => {
    received.length = 0;
    for (let i = 0; i < 5; i++) await sender.send(delivery(local('/ok'), { allowPrivate: true, id: 10 + i }), signal);
    assert.equal(new Set(received.map((r) => r.socket)).size, 1);
  });

  test('answers are classified: 2xx delivered, 410 gone, 3xx and other 4xx failed, 408/409/425/429/5xx retried', async () => {
    const cases: [number, string][] = [
      [200, 'delivered'],
      [202, 'delivered'],
      [410, 'gone'],
      [301, 'failed'],
      [400, 'failed'],
      [401, 'failed'],
      [404, 'failed'],
      [413, 'failed'],
      [408, 'retry'],
      [409, 'retry'],
      [425, 'retry'],
      [429, 'retry'],
      [500, 'retry'],
      [502, 'retry'],
      [503, 'retry'],
    ];
    for (const [status, kind] of cases) {
      behaviour.set(`/s${status}`, { status, body: 'x'.repeat(1000) });
      const outcome = await sender.send(delivery(local(`/s${status}`), { allowPrivate: true }), signal);
      assert.equal(outcome.kind, kind, `HTTP ${status}`);
      assert.equal((outcome as { status?: number }).status, status);
    }
  });

  test('Retry-After is read as seconds or as an HTTP date, and capped', async () => {
    behaviour.set('/busy', { status: 429, headers: { 'retry-after': '120' } });
    assert.deepEqual(await sender.send(delivery(local('/busy'), { allowPrivate: true }), signal), { kind: 'retry', status: 429, error: 'HTTP 429', retryAfterMs: 120_000 });
    const now = Date.parse('2026-11-20T00:00:00Z');
    assert.equal(parseRetryAfter('Fri, 20 Nov 2026 00:01:30 GMT', 3_600_000, now), 90_000);
    assert.equal(parseRetryAfter('999999', 3_600_000, now), 3_600_000);
    assert.equal(parseRetryAfter('Thu, 19 Nov 2026 00:00:00 GMT', 3_600_000, now), 0);
    assert.equal(parseRetryAfter('soon', 3_600_000, now), undefined);
    assert.equal((classifyResponse(503, { 'retry-after': '5' }, 1000) as { retryAfterMs?: number }).retryAfterMs, 1000);
  });

  test('a redirect is not followed: it fails with its Location named, and the target is never contacted', async () => {
    received.length = 0;
    behaviour.set('/moved', { status: 307, headers: { location: 'http://169.254.169.254/latest/meta-data/' } });
    const outcome = await sender.send(delivery(local('/moved'), { allowPrivate: true }), signal);
    assert.equal(outcome.kind, 'failed');
    assert.match((outcome as { error: string }).error, /307 redirect to http:\/\/169\.254\.169\.254\/latest\/meta-data\/: redirects are not followed/);
    assert.equal(received.length, 1);
  });

  test('a receiver that does not answer in time is retried', async () => {
    behaviour.set('/hang', 'hang');
    const started = Date.now();
    const outcome = await sender.send(delivery(local('/hang'), { allowPrivate: true }), signal);
    assert.equal(outcome.kind, 'retry');
    assert.match((outcome as { error: string }).error, /timeout after 500 ms/);
    assert.ok(Date.now() - started < 2000);
  });

  test('a worker that stops aborts the requests in flight: they are retried later, not lost', async () => {
    behaviour.set('/hang', 'hang');
    const stop = new AbortController();
    const pending = Promise.all([1, 2, 3].map((i) => sender.send(delivery(local('/hang'), { allowPrivate: true, id: 40 + i }), stop.signal)));
    await new Promise((r) => setTimeout(r, 50));
    stop.abort();
    for (const outcome of await pending) assert.deepEqual(outcome, { kind: 'retry', error: 'aborted (the worker is stopping)' });
    assert.deepEqual(await sender.send(delivery(local('/ok'), { allowPrivate: true }), stop.signal), { kind: 'retry', error: 'aborted (the worker is stopping)' });
  });

  test('network errors are retried', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const p = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const outcome = await sender.send(delivery(`http://127.0.0.1:${p}/`, { allowPrivate: true }), signal);
    assert.equal(outcome.kind, 'retry');
    assert.match((outcome as { error: string }).error, /ECONNREFUSED/);
  });

  test('a receiver that closes idle keep-alive sockets does not cost a failed attempt', async () => {
    received.length = 0;
    await sender.send(delivery(local('/ok'), { allowPrivate: true }), signal);
    // The receiver drops every idle connection, as servers do after their keep-alive timeout.
    receiver.closeIdleConnections();
    await new Promise((r) => setTimeout(r, 50));
    assert.equal((await sender.send(delivery(local('/ok'), { allowPrivate: true }), signal)).kind, 'delivered');
  });
});

// ---------------------------------------------------------------- SSRF

/** Every spelling of an internal address that a URL can carry. */
const PRIVATE_URLS = [
  'https://127.0.0.1/hook',
  'https://2130706433/hook', // decimal
  'https://0x7f000001/hook', // hex
  'https://0x7f.0.0.1/hook',
  'https://0177.0.0.1/hook', // octal
  'https://017700000001/hook',
  'https://127.1/hook', // short form
  'https://127.0.1/hook',
  'https://0/hook',
  'https://[::1]/hook',
  'https://[0:0:0:0:0:0:0:1]/hook',
  'https://[::ffff:127.0.0.1]/hook', // IPv4-mapped, dotted
  'https://[::ffff:7f00:1]/hook', // IPv4-mapped, hex
  'https://[::ffff:169.254.169.254]/hook',
  'https://[fe80::1]/hook', // link-local
  'https://169.254.169.254/latest/meta-data/', // cloud metadata
  'https://[fd00:ec2::254]/latest/meta-data/', // AWS metadata over IPv6
  'https://10.0.0.1/hook',
  'https://172.16.5.4/hook',
  'https://192.168.1.1/hook',
  'https://100.64.0.1/hook', // carrier-grade NAT
  'https://[fc00::1]/hook',
  'https://[64:ff9b::a00:1]/hook', // NAT64 of 10.0.0.1
  'https://[2002:7f00:1::1]/hook', // 6to4 of 127.0.0.1
  'https://localhost/hook',
];

/** A resolver from a fixed table (unknown names: not found). */
function table(entries: Record<string, string[]>): Resolver {
  return async (host) => {
    const list = entries[host];
    if (!list) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    return list.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

const names = table({
  'internal.example': ['10.1.2.3'],
  'meta.example': ['169.254.169.254'],
  'mixed.example': ['93.184.215.14', '127.0.0.1'],
  'mapped.example': ['::ffff:127.0.0.1'],
  'public.example': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
  localhost: ['127.0.0.1', '::1'],
});

describe('webhook URLs at registration', () => {
  for (const url of PRIVATE_URLS) {
    test(`refuses ${url}`, async () => {
      const r = await checkWebhookUrl(url, { allowPrivate: false, resolve: names });
      assert.equal(r.ok, false);
      if (!r.ok) {
        assert.match(r.reason.ja, /内部ネットワーク/);
        assert.match(r.reason.en, /internal network address/);
      }
    });
  }
  for (const host of ['internal.example', 'meta.example', 'mixed.example', 'mapped.example']) {
    test(`refuses a name that resolves to a private address (${host})`, async () => {
      const r = await checkWebhookUrl(`https://${host}/hook`, { allowPrivate: false, resolve: names });
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.reason.en, new RegExp(`${host.replace('.', '\\.')} → `));
    });
  }
  test('accepts a public https URL and returns it normalised', async () => {
    assert.deepEqual(await checkWebhookUrl(' https://PUBLIC.example/hooks/lastmile?x=1 ', { allowPrivate: false, resolve: names }), { ok: true, url: 'https://public.example/hooks/lastmile?x=1' });
    assert.deepEqual(await checkWebhookUrl('https://public.example:8443/h', { allowPrivate: false, resolve: names }), { ok: true, url: 'https://public.example:8443/h' });
  });
  test('refuses plain http, credentials, fragments, odd ports, unknown names and non-URLs, each with its reason', async () => {
    const cases: [string, RegExp][] = [
      ['http://public.example/hook', /https:\/\//],
      ['https://user:pass@public.example/hook', /user name or password/],
      ['https://public.example/hook#x', /fragment/],
      ['https://public.example:25/hook', /port/],
      ['https://public.example:22/hook', /port/],
      ['https://nowhere.example/hook', /was not found/],
      ['ftp://public.example/hook', /https:\/\//],
      ['javascript:alert(1)', /https:\/\//],
      ['not a url', /not a valid URL/],
      ['', /Enter the URL/],
      [`https://public.example/${'a'.repeat(2100)}`, /2000 characters/],
    ];
    for (const [url, reason] of cases) {
      const r = await checkWebhookUrl(url, { allowPrivate: false, resolve: names });
      assert.equal(r.ok, false, url);
      if (!r.ok) {
        assert.match(r.reason.en, reason, url);
        assert.ok(r.reason.ja.length > 0);
      }
    }
  });
  test('an endpoint an administrator allowed may use loopback, private addresses and plain http', async () => {
    for (const url of ['http://127.0.0.1:8080/hook', 'https://[::1]/hook', 'http://internal.example/hook']) {
      assert.equal((await checkWebhookUrl(url, { allowPrivate: true, resolve: names })).ok, true, url);
    }
  });
});

describe('webhook URLs at delivery', () => {
  const sender = createWebhookSender({ userAgent: 'Lastmile-Webhooks/test', timeoutMs: 1000, concurrency: 4, resolve: names });
  after(() => sender.close());

  for (const url of PRIVATE_URLS) {
    test(`refuses ${url} without connecting`, async () => {
      received.length = 0;
      // The receiver's port: a connection, if one were made, would reach the loopback receiver.
      const u = new URL(url);
      u.port = String(port);
      const outcome = await sender.send(delivery(u.href), signal);
      assert.equal(outcome.kind, 'failed', u.href);
      assert.match((outcome as { error: string }).error, /refused: .*private address/);
      assert.equal(received.length, 0);
    });
  }

  for (const host of ['internal.example', 'meta.example', 'mixed.example', 'mapped.example']) {
    test(`refuses a name that resolves to a private address now (${host})`, async () => {
      const outcome = await sender.send(delivery(`https://${host}:${port}/hook`), signal);
      assert.equal(outcome.kind, 'failed');
      assert.match((outcome as { error: string }).error, new RegExp(`refused: ${host.replace('.', '\\.')} resolves to the private address`));
    });
  }

  test('DNS rebinding: a name public at registration and loopback at delivery is refused, and nothing reaches the receiver', async () => {
    let answer = '93.184.215.14';
    const rebinding: Resolver = async () => [{ address: answer, family: 4 }];
    assert.equal((await checkWebhookUrl(`https://rebind.example:${port}/hook`, { allowPrivate: false, resolve: rebinding })).ok, true);
    answer = '127.0.0.1';
    const s = createWebhookSender({ userAgent: 'test', timeoutMs: 1000, concurrency: 1, resolve: rebinding });
    received.length = 0;
    const outcome = await s.send(delivery(`https://rebind.example:${port}/hook`), signal);
    await s.close();
    assert.equal(outcome.kind, 'failed');
    assert.match((outcome as { error: string }).error, /refused: rebind\.example resolves to the private address 127\.0\.0\.1/);
    assert.equal(received.length, 0);
  });

  test('the connection goes to the address that was vetted, resolved once per connection, not per request', async () => {
    let lookups = 0;
    // A name that resolves to the receiver; the endpoint is allowed private addresses, so it is reached.
    const counting: Resolver = async () => {
      lookups++;
      return [{ address: '127.0.0.1', family: 4 }];
    };
    const s = createWebhookSender({ userAgent: 'test', timeoutMs: 1000, concurrency: 1, resolve: counting });
    received.length = 0;
    for (let i = 0; i < 4; i++) assert.equal((await s.send(delivery(`http://receiver.example:${port}/ok`, { allowPrivate: true }), signal)).kind, 'delivered');
    await s.close();
    assert.equal(received.length, 4);
    assert.equal(received[0]!.headers.host, `receiver.example:${port}`);
    assert.equal(lookups, 1);
  });

  test('plain http to a public address is refused unless the endpoint is allowed', async () => {
    const outcome = await sender.send(delivery('http://public.example/hook'), signal);
    assert.equal(outcome.kind, 'failed');
    assert.match((outcome as { error: string }).error, /plain http/);
  });

  test('allowPrivate lets the loopback receiver through', async () => {
    received.length = 0;
    assert.equal((await sender.send(delivery(local('/ok'), { allowPrivate: true }), signal)).kind, 'delivered');
    assert.equal(received.length, 1);
  });
});
