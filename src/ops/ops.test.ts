// Operations as an operator meets them, on SQLite and PostgreSQL, with one app whose log is captured through
// the app's real logger options (web/logging.ts, the ones main.ts uses):
// - health probes: live without the database, ready naming what failed (database, load);
// - /metrics: requests by route pattern (never the raw URL), errors, queue depth, page cache, process and
//   pool metrics; refused to the internet;
// - an error page shows the request id the log files its lines under;
// - the log of a flow that handles every kind of secret the portal has (a registration and a sign-in with
//   passwords, a failed sign-in, an email subscription confirmed by its token link, a webhook endpoint with
//   its signing secret, an error quoting an address): every line JSON with its request id, none holding a
//   password, an email address, a link token, a cookie, an Authorization header or a webhook secret.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { buildApp } from '../app.ts';
import { createMailer } from '../mail/smtp.ts';
import { seedCatalogue } from '../seed/seed.ts';
import { TEST_BASE_URL, testConfig } from '../../test/support/app.ts';
import { Client, createUser, organisationIdBySlug, signIn } from '../../test/support/client.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../test/support/databases.ts';
import { FIXTURE } from '../../test/support/fixture.ts';
import { linkIn, startSmtpSink, type SmtpSink } from '../../test/support/smtp-sink.ts';
import { loggableUrl, loggerOptions, requestIdGenerator, scrubLine } from '../web/logging.ts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { DatabaseHandle } from '../db/database.ts';
import { enqueueDispatch } from '../outbox/enqueue.ts';
import { metricsAllowed } from './metrics.ts';
import { healthRoutes } from './health.ts';
import Fastify from 'fastify';
import { overloadPage } from '../web/overload.ts';

const PASSWORD = 'うみがめ が 三匹 泳いでいる';
const OWNER_PASSWORD = 'a long enough test passphrase for logs';
const EMAIL_SHAPE = /[A-Za-z0-9._%+-]+(?:@|%40)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;

describe('metrics access', () => {
  const req = (remoteAddress: string, headers: Record<string, string> = {}) => ({ socket: { remoteAddress }, headers }) as unknown as FastifyRequest;
  test('with METRICS_TOKEN, only its bearer reads; without, only this machine without a proxy', () => {
    const token = 'metrics-token-0123456789';
    assert.ok(metricsAllowed(req('203.0.113.9', { authorization: `Bearer ${token}` }), token));
    assert.ok(!metricsAllowed(req('127.0.0.1', { authorization: 'Bearer wrong-token-0123456789' }), token));
    assert.ok(!metricsAllowed(req('127.0.0.1'), token));
    assert.ok(metricsAllowed(req('127.0.0.1'), null));
    assert.ok(metricsAllowed(req('::1'), null));
    assert.ok(!metricsAllowed(req('127.0.0.1', { 'x-forwarded-for': '203.0.113.9' }), null));
    assert.ok(!metricsAllowed(req('203.0.113.9'), null));
  });
});

describe('the overload 503 page', () => {
  test('shows the request id, escaped', () => {
    const page = overloadPage('/initiatives', 5, 'abc-123_XYZ');
    assert.ok(page.includes('<code>abc-123_XYZ</code>'));
    assert.match(page, /受付番号/);
  });
});

describe('log lines (helpers)', () => {
  test('link tokens and addresses are cut out of what is written', () => {
    assert.equal(loggableUrl('/subscribe/confirm?t=abc.def&x=1'), '/subscribe/confirm?t=[redacted]&x=1');
    assert.equal(loggableUrl('/reset-password?token=zzz'), '/reset-password?token=[redacted]');
    // A long run before the @ (bounded matching: the address's last 64 characters and its domain go).
    assert.equal(scrubLine(`/x/${'a'.repeat(20_000)}@example.jp/y`), `/x/${'a'.repeat(20_000 - 64)}[email]/y`);
    assert.equal(scrubLine('{"msg":"550 <Taro.Yamada@Example.co.jp> unknown","url":"/subscribe?email=a%40b.jp"}'), '{"msg":"550 <[email]> unknown","url":"/subscribe?email=[email]"}');
  });

  test("a request id from the trusted proxy is kept when it is a safe token, else a new one is made", () => {
    const fromProxy = requestIdGenerator(1);
    assert.equal(fromProxy({ headers: { 'x-request-id': '0123456789abcdef0123456789abcdef' } }), '0123456789abcdef0123456789abcdef');
    for (const bad of ['x', 'a'.repeat(65), 'abc def 123', '<script>alert(1)</script>', '"},{"level":60']) {
      assert.match(fromProxy({ headers: { 'x-request-id': bad } }), /^[0-9a-f-]{36}$/);
    }
    // A list of proxy addresses: only from one of them.
    const listed = requestIdGenerator(['10.0.0.5']);
    assert.equal(listed({ headers: { 'x-request-id': 'nginx-id-12345678' }, socket: { remoteAddress: '::ffff:10.0.0.5' } }), 'nginx-id-12345678');
    assert.match(listed({ headers: { 'x-request-id': 'client-id-12345678' }, socket: { remoteAddress: '203.0.113.9' } }), /^[0-9a-f-]{36}$/);
    // Without a trusted proxy, anyone could choose the id: it is ignored.
    assert.match(requestIdGenerator(false)({ headers: { 'x-request-id': '0123456789abcdef0123456789abcdef' } }), /^[0-9a-f-]{36}$/);
  });
});

for (const dialect of testDialects()) {
  describe(`operations: health, metrics, logs (${dialect})`, () => {
    let d: TestDatabase;
    let app: FastifyInstance;
    let sink: SmtpSink;
    let mailer: ReturnType<typeof createMailer>;
    const lines: string[] = [];
    const capture = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split('\n').filter((l) => l.length));
        done();
      },
    });

    before(async () => {
      sink = await startSmtpSink();
      d = await createTestDatabase(dialect);
      await seedCatalogue(d.handle, FIXTURE, '2026-11-01T00:00:00.000Z');
      const config = testConfig({ SMTP_URL: sink.url, LOG_LEVEL: 'info' });
      mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, log: { info() {} } });
      app = await buildApp({ config, database: d.handle, mailer, logger: loggerOptions(config, capture) });
      // A bug somewhere, whose message quotes an address (as an SMTP error does).
      app.get('/__test/boom', async () => {
        throw new Error('550 mailbox <victim.logs@example.jp> unknown');
      });
      await app.ready();
    });
    after(async () => {
      await app?.close();
      await mailer?.close();
      await d?.cleanup();
      await sink?.close();
    });

    test('liveness answers without the database; readiness checks it, the load and Redis', async () => {
      const live = await app.inject({ method: 'GET', url: '/health/live' });
      assert.equal(live.statusCode, 200);
      assert.deepEqual(live.json(), { status: 'ok' });
      assert.equal(live.headers['cache-control'], 'no-store');
      assert.match(String(live.headers['x-request-id']), /^[0-9a-f-]{36}$/);
      for (const url of ['/health/ready', '/health']) {
        const ready = await app.inject({ method: 'GET', url });
        assert.equal(ready.statusCode, 200);
        assert.deepEqual(ready.json(), { status: 'ok', checks: { database: 'ok', redis: 'not_configured', load: 'ok', lifecycle: 'ok' }, failed: [] });
        assert.equal(ready.headers['cache-control'], 'no-store');
      }

      // The database stops answering: not ready (the balancer sends traffic elsewhere), still alive.
      const closed = new SqliteDatabase(':memory:');
      closed.close();
      const real = app.deps.database;
      app.deps.database = { ...real, db: new Kysely({ dialect: new SqliteDialect({ database: closed }) }) } as DatabaseHandle;
      try {
        const down = await app.inject({ method: 'GET', url: '/health/ready' });
        assert.equal(down.statusCode, 503);
        assert.equal(down.json().status, 'unavailable');
        assert.deepEqual(down.json().failed, ['database']);
        assert.equal((await app.inject({ method: 'GET', url: '/health/live' })).statusCode, 200);
      } finally {
        app.deps.database = real;
      }
      // Redis unreachable: reported, but the instance still serves (rate limits counted locally), so still ready.
      app.deps.redis = { status: 'reconnecting' } as unknown as NonNullable<typeof app.deps.redis>;
      try {
        const degraded = await app.inject({ method: 'GET', url: '/health/ready' });
        assert.equal(degraded.statusCode, 200);
        assert.equal(degraded.json().checks.redis, 'unavailable');
      } finally {
        app.deps.redis = undefined;
      }
      // Beyond capacity: not ready either, so the crowd goes to the other instances.
      const underPressure = app.isUnderPressure;
      (app as { isUnderPressure: () => boolean }).isUnderPressure = () => true;
      try {
        const busy = await app.inject({ method: 'GET', url: '/health/ready' });
        assert.equal(busy.statusCode, 503);
        assert.deepEqual(busy.json().failed, ['load']);
      } finally {
        (app as { isUnderPressure: () => boolean }).isUnderPressure = underPressure;
      }
      assert.equal((await app.inject({ method: 'GET', url: '/health/ready' })).statusCode, 200);
    });

    test('from the start of shutdown (SIGTERM → app.close), readiness answers 503 so the balancer stops sending', async () => {
      const probe = Fastify();
      probe.decorate('deps', { ...app.deps, redis: null });
      await probe.register(healthRoutes);
      let during: { statusCode: number } | null = null;
      // A balancer's probe over the network while the server still listens (preClose runs before it stops).
      probe.addHook('preClose', async () => {
        const r = await fetch(`${base}/health/ready`, { headers: { connection: 'close' } });
        during = { statusCode: r.status };
      });
      const base = await probe.listen({ port: 0, host: '127.0.0.1' });
      assert.equal((await fetch(`${base}/health/ready`, { headers: { connection: 'close' } })).status, 200);
      await probe.close();
      // Fastify itself answers 503 from the start of close; the lifecycle check says the same to a probe that
      // a plugin's hook would let through.
      assert.deepEqual(during, { statusCode: 503 });
    });

    test('/metrics: requests by route pattern, errors, queue depth, cache, process; not for the internet', async () => {
      const id = (await d.handle.db.selectFrom('initiatives').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
      assert.equal((await app.inject({ method: 'GET', url: `/initiatives/${id}` })).statusCode, 200);
      assert.equal((await app.inject({ method: 'GET', url: '/initiatives/99999999' })).statusCode, 404);
      assert.equal((await app.inject({ method: 'GET', url: '/no/such/page/4711' })).statusCode, 404);
      await app.inject({ method: 'GET', url: '/initiatives' });
      await app.inject({ method: 'GET', url: '/initiatives' });
      // One active email subscriber and one message queued for it.
      const now = new Date().toISOString();
      await d.handle.db.insertInto('subscriptions').values({ channel: 'email', status: 'active', locale: 'ja', prefecture: null, all_audiences: 1, email: 'queued.metrics@example.jp', confirmed_at: now, created_at: now, updated_at: now }).execute();
      await d.handle.db.transaction().execute((trx) =>
        enqueueDispatch(trx, { topic: 'advisory', action: 'published', subjectId: 4711, title: { ja: '注意', en: 'Warning' }, summary: { ja: '注意', en: 'Warning' }, url: { ja: `${TEST_BASE_URL}/advisories/4711`, en: `${TEST_BASE_URL}/en/advisories/4711` }, severity: 'warning', audiences: [], prefectures: [], nationwide: true, publishedAt: now }, now),
      );

      const res = await app.inject({ method: 'GET', url: '/metrics' });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
      const text = res.body;
      assert.match(text, /lastmile_http_requests_total\{method="GET",route="\/initiatives\/:id",status_class="2xx"\} 1\n/);
      assert.match(text, /lastmile_http_requests_total\{method="GET",route="\/initiatives\/:id",status_class="4xx"\} 1\n/);
      assert.match(text, /lastmile_http_errors_total\{route="\/initiatives\/:id",status="404"\} 1\n/);
      assert.match(text, /route="\(unmatched\)"/);
      for (const raw of ['/initiatives/99999999', `/initiatives/${id}"`, '/no/such']) assert.ok(!text.includes(raw), `a raw URL (${raw}) became a label`);
      assert.match(text, /lastmile_http_request_duration_seconds_bucket\{le="0.1",method="GET",route="\/initiatives\/:id"\}/);
      assert.match(text, /lastmile_outbox_deliveries\{channel="email",status="pending"\} 1\n/);
      assert.match(text, /lastmile_database_up 1\n/);
      assert.match(text, /lastmile_page_cache_requests_total\{result="hit"\} [1-9]/);
      assert.match(text, /lastmile_overload_shed_total 0\n/);
      assert.match(text, /nodejs_eventloop_lag_seconds /);
      assert.match(text, /process_cpu_user_seconds_total /);
      if (dialect === 'postgres') assert.match(text, /lastmile_db_pool_connections\{state="total"\} [1-9]/);
      assert.ok(!text.includes('queued.metrics@example.jp'));

      // From the internet (directly or through the proxy): refused, with what to do.
      const outside = await app.inject({ method: 'GET', url: '/metrics', remoteAddress: '203.0.113.9' });
      assert.equal(outside.statusCode, 403);
      assert.match(outside.body, /METRICS_TOKEN/);
      assert.equal((await app.inject({ method: 'GET', url: '/metrics', headers: { 'x-forwarded-for': '203.0.113.9' } })).statusCode, 403);
    });

    test('a 500 page shows the request id its log lines carry, and no stack', async () => {
      const res = await app.inject({ method: 'GET', url: '/__test/boom' });
      assert.equal(res.statusCode, 500);
      const id = String(res.headers['x-request-id']);
      assert.match(id, /^[0-9a-f-]{36}$/);
      assert.ok(res.body.includes(id), 'the page shows the request id');
      assert.match(res.body, /受付番号/);
      assert.ok(!res.body.includes('victim.logs') && !/at .*\.ts:\d+/.test(res.body));
      const logged = lines.map((l) => JSON.parse(l) as { reqId?: string; msg?: string }).filter((l) => l.reqId === id);
      assert.ok(logged.some((l) => l.msg === 'unhandled error'), 'the error is logged under the same id');
      // The address in the error's message was taken out as the line was written.
      assert.ok(lines.some((l) => l.includes(id) && l.includes('550 mailbox <[email]> unknown')));
    });

    test('every line is JSON with its request id, and no secret or address is in any of them', async () => {
      const secrets: string[] = [PASSWORD, OWNER_PASSWORD];
      // Registration (password, address) and its verification link (?token=).
      const reg = new Client(app);
      await reg.get('/register');
      const registered = await reg.post('/register', { orgNameJa: 'ログ確認の会', orgNameEn: 'Log check', orgKind: 'community', orgSector: 'private', orgWebsite: 'https://example.org/', displayName: '佐藤 花子', email: 'hanako.logs@example.org', password: PASSWORD });
      assert.equal(registered.statusCode, 303);
      const verify = linkIn(await sink.waitFor((m) => m.to.includes('hanako.logs@example.org')), '/verify-email');
      secrets.push(new URL(verify, TEST_BASE_URL).searchParams.get('token') ?? new URL(verify, TEST_BASE_URL).searchParams.get('t')!);
      await reg.get(verify);
      // A failed sign-in and a good one.
      await reg.get('/login');
      await reg.post('/login', { email: 'hanako.logs@example.org', password: 'wrong password, logged nowhere' });
      secrets.push('wrong password, logged nowhere');
      await reg.get('/login');
      await reg.post('/login', { email: 'hanako.logs@example.org', password: PASSWORD });

      // An email subscription, confirmed through its token link.
      const sub = new Client(app);
      await sub.submit('/subscribe', '/subscribe', { email: 'subscriber.logs@example.jp', language: 'ja' });
      const confirm = linkIn(await sink.waitFor((m) => m.to.includes('subscriber.logs@example.jp')), '/subscribe/confirm');
      const t = new URL(confirm, TEST_BASE_URL).searchParams.get('t')!;
      secrets.push(t);
      await sub.get(confirm);
      await sub.post('/subscribe/confirm', { t });

      // A webhook endpoint: its signing secret is shown once, never logged.
      const jnsa = await organisationIdBySlug(d.handle, 'jnsa');
      const owner = await createUser(d.handle, { email: 'owner.logs@jnsa.example', password: OWNER_PASSWORD, organisationId: jnsa, orgRole: 'admin' });
      const org = new Client(app);
      await signIn(org, owner);
      const created = await org.submit('/my/webhooks/new', '/my/webhooks/new', { name: 'ログ確認', url: 'https://93.184.215.14/hooks/lastmile', scope: 'chosen', audiences: ['seniors', 'sme'], prefecture: '13', include: ['events'], locale: 'ja' });
      assert.ok(created.statusCode < 500, `webhook form answered ${created.statusCode}`);
      const endpoint = await d.handle.db.selectFrom('subscriptions').select('webhook_secret').where('channel', '=', 'webhook').executeTakeFirstOrThrow();
      secrets.push(endpoint.webhook_secret!);

      // An Authorization header and a cookie sent with a request that fails.
      await app.inject({ method: 'GET', url: '/no-such-page?t=leaky-token-123', headers: { authorization: 'Bearer sekret-bearer-value', cookie: 'lm_session=cookie-value-xyz' } });
      secrets.push('sekret-bearer-value', 'cookie-value-xyz', 'leaky-token-123');
      for (const c of [reg, sub, org]) for (const v of c.cookies.values()) secrets.push(v);

      assert.ok(lines.length >= 20, `only ${lines.length} log lines`);
      let withRequest = 0;
      for (const line of lines) {
        const entry = JSON.parse(line) as { reqId?: string; req?: unknown; res?: unknown };
        if (entry.req || entry.res) {
          assert.ok(entry.reqId, `a request's line without reqId: ${line}`);
          withRequest++;
        }
        assert.doesNotMatch(line, EMAIL_SHAPE, `an email address in: ${line}`);
        for (const s of secrets) assert.ok(!line.includes(s), `a secret (${s.slice(0, 4)}…) in: ${line}`);
        assert.ok(!/authorization|set-cookie|"cookie"/i.test(line), `a header in: ${line}`);
      }
      assert.ok(withRequest >= 20);
    });
  });
}
