// The link checker against real HTTP servers on loopback (answers, redirects, silence, HEAD-refusing
// servers, SSRF refusals, DNS rebinding), then link-check rounds and the moderators' list on SQLite and
// PostgreSQL.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { LookupAddress } from 'node:dns';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, testDialects, type TestDatabase } from '../../test/support/databases.ts';
import { FIXTURE } from '../../test/support/fixture.ts';
import { seedCatalogue } from '../seed/seed.ts';
import { checkUrl, isPrivateAddress, type CheckOptions } from './link-checker.ts';
import { brokenLinks, dueLinks, recordCheck } from './repository.ts';
import { runLinkCheckRound } from './service.ts';

interface Seen {
  server: string;
  method: string;
  path: string;
}

const seen: Seen[] = [];
let port = 0;

/** The main test site, on 127.0.0.1. */
function site(name: string) {
  return http.createServer((req, res) => {
    seen.push({ server: name, method: req.method!, path: req.url! });
    const path = req.url!.split('?')[0];
    switch (path) {
      case '/ok':
        res.writeHead(200, { 'content-type': 'text/plain' }).end('fine');
        return;
      case '/missing':
        res.writeHead(404).end('gone');
        return;
      case '/error':
        res.writeHead(503).end();
        return;
      case '/moved':
        res.writeHead(301, { location: '/ok' }).end();
        return;
      case '/loop-a':
        res.writeHead(302, { location: '/loop-b' }).end();
        return;
      case '/loop-b':
        res.writeHead(302, { location: `http://127.0.0.1:${port}/loop-a` }).end();
        return;
      case '/hang':
        // Accepts the request and never answers.
        return;
      case '/no-head':
        if (req.method === 'HEAD') res.writeHead(405, { allow: 'GET' }).end();
        else res.writeHead(200).end('x'.repeat(100_000));
        return;
      case '/reset-head':
        if (req.method === 'HEAD') req.socket.destroy();
        else res.writeHead(200).end('ok');
        return;
      case '/to-localhost':
        res.writeHead(302, { location: `http://localhost:${port}/ok` }).end();
        return;
      case '/to-metadata':
        res.writeHead(307, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
        return;
      case '/to-ftp':
        res.writeHead(302, { location: 'ftp://127.0.0.1/file' }).end();
        return;
      default:
        res.writeHead(404).end();
    }
  });
}

const main = site('main');
// A second site on 127.0.0.2, same port: the tests treat this address as "public" to exercise the
// checks that only matter past the first hop (redirects, DNS rebinding).
const other = site('other');

function listen(server: http.Server, p: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(p, host, () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: http.Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

before(async () => {
  port = await listen(main, 0, '127.0.0.1');
  await listen(other, port, '127.0.0.2');
});
after(async () => {
  await close(main);
  await close(other);
});

const UA = 'Lastmile-LinkChecker/test';
const open: CheckOptions = { timeoutMs: 2000, allowPrivate: true, userAgent: UA };
const guarded: CheckOptions = { timeoutMs: 2000, allowPrivate: false, userAgent: UA };
/** As in production, except that 127.0.0.2 counts as a public address. */
const asIfPublic: CheckOptions = { ...guarded, isBlockedAddress: (ip) => ip !== '127.0.0.2' && isPrivateAddress(ip) };
const url = (path: string, host = '127.0.0.1') => `http://${host}:${port}${path}`;

describe('checkUrl', () => {
  test('a page that answers 200 is ok, with one HEAD request', async () => {
    seen.length = 0;
    assert.deepEqual(await checkUrl(url('/ok'), open), { ok: true, statusCode: 200, error: null });
    assert.deepEqual(seen, [{ server: 'main', method: 'HEAD', path: '/ok' }]);
  });

  test('404 and 503 are broken, with their status', async () => {
    assert.deepEqual(await checkUrl(url('/missing'), open), { ok: false, statusCode: 404, error: null });
    assert.deepEqual(await checkUrl(url('/error'), open), { ok: false, statusCode: 503, error: null });
  });

  test('a redirect is followed to its final answer', async () => {
    seen.length = 0;
    assert.deepEqual(await checkUrl(url('/moved'), open), { ok: true, statusCode: 200, error: null });
    assert.deepEqual(
      seen.map((s) => s.path),
      ['/moved', '/ok'],
    );
  });

  test('a redirect loop stops after five redirects', async () => {
    seen.length = 0;
    const r = await checkUrl(url('/loop-a'), open);
    assert.deepEqual(r, { ok: false, statusCode: 302, error: 'too many redirects' });
    assert.equal(seen.length, 6);
  });

  test('a server that never answers times out within timeoutMs', async () => {
    const started = Date.now();
    const r = await checkUrl(url('/hang'), { ...open, timeoutMs: 300 });
    const elapsed = Date.now() - started;
    assert.deepEqual(r, { ok: false, statusCode: null, error: 'timeout' });
    assert.ok(elapsed >= 250 && elapsed < 1500, `took ${elapsed} ms`);
  });

  test('a server refusing HEAD (405) is asked again with GET, and its body is not read', async () => {
    seen.length = 0;
    assert.deepEqual(await checkUrl(url('/no-head'), open), { ok: true, statusCode: 200, error: null });
    assert.deepEqual(
      seen.map((s) => s.method),
      ['HEAD', 'GET'],
    );
  });

  test('a server dropping the connection on HEAD is asked again with GET', async () => {
    seen.length = 0;
    assert.deepEqual(await checkUrl(url('/reset-head'), open), { ok: true, statusCode: 200, error: null });
    assert.deepEqual(
      seen.map((s) => s.method),
      ['HEAD', 'GET'],
    );
  });

  test('errors are short strings, never exceptions', async () => {
    assert.deepEqual(await checkUrl('not a url', open), { ok: false, statusCode: null, error: 'invalid url' });
    assert.deepEqual(await checkUrl('ftp://example.jp/x', open), { ok: false, statusCode: null, error: 'unsupported scheme' });
    assert.deepEqual(await checkUrl('file:///etc/passwd', open), { ok: false, statusCode: null, error: 'unsupported scheme' });
    assert.deepEqual(await checkUrl(url('/to-ftp'), open), { ok: false, statusCode: null, error: 'unsupported scheme' });
    // A port nothing listens on (the server's port on another loopback address).
    assert.deepEqual(await checkUrl(url('/ok', '127.0.0.3'), open), { ok: false, statusCode: null, error: 'ECONNREFUSED' });
    assert.deepEqual(await checkUrl('http://no-such-host.invalid/', open), { ok: false, statusCode: null, error: 'dns: ENOTFOUND' });
  });

  test('an aborted check says so', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    assert.deepEqual(await checkUrl(url('/hang'), { ...open, signal: controller.signal }), { ok: false, statusCode: null, error: 'aborted' });
  });

  test('loopback is refused without a request when private addresses are not allowed (SSRF)', async () => {
    seen.length = 0;
    const refused = { ok: false, statusCode: null, error: 'refused: private address' };
    assert.deepEqual(await checkUrl(url('/ok'), guarded), refused);
    assert.deepEqual(await checkUrl(url('/ok', 'localhost'), guarded), refused);
    assert.deepEqual(await checkUrl(url('/ok', '[::1]'), guarded), refused);
    assert.deepEqual(await checkUrl(url('/ok', '[::ffff:127.0.0.1]'), guarded), refused);
    // The URL parser turns these spellings into 127.0.0.1 before the check sees them.
    assert.deepEqual(await checkUrl(`http://0x7f000001:${port}/ok`, guarded), refused);
    assert.deepEqual(await checkUrl(`http://2130706433:${port}/ok`, guarded), refused);
    assert.deepEqual(await checkUrl(`http://127.1:${port}/ok`, guarded), refused);
    assert.deepEqual(await checkUrl('http://169.254.169.254/latest/meta-data/', guarded), refused);
    assert.deepEqual(seen, []);
  });

  test('a redirect from an allowed host to a private one is refused before it is followed', async () => {
    seen.length = 0;
    // Sanity: the "public" host itself is reachable under this policy.
    assert.deepEqual(await checkUrl(url('/ok', '127.0.0.2'), asIfPublic), { ok: true, statusCode: 200, error: null });
    seen.length = 0;
    const refused = { ok: false, statusCode: null, error: 'refused: private address' };
    assert.deepEqual(await checkUrl(url('/to-localhost', '127.0.0.2'), asIfPublic), refused);
    assert.deepEqual(await checkUrl(url('/to-metadata', '127.0.0.2'), asIfPublic), refused);
    assert.deepEqual(
      seen.map((s) => `${s.server} ${s.path}`),
      ['other /to-localhost', 'other /to-metadata'],
    );
  });

  test('DNS rebinding: the connection goes to the address that was checked, not to a later answer', async () => {
    seen.length = 0;
    const answers: LookupAddress[][] = [[{ address: '127.0.0.2', family: 4 }], [{ address: '127.0.0.1', family: 4 }]];
    let lookups = 0;
    const resolve = async (host: string) => {
      assert.equal(host, 'rebind.test');
      return answers[Math.min(lookups++, answers.length - 1)]!;
    };
    assert.deepEqual(await checkUrl(url('/ok', 'rebind.test'), { ...asIfPublic, resolve }), { ok: true, statusCode: 200, error: null });
    assert.equal(lookups, 1);
    assert.deepEqual(seen, [{ server: 'other', method: 'HEAD', path: '/ok' }]);
  });

  test('a host with any private address is refused, even beside a public one', async () => {
    const resolve = async () => [
      { address: '127.0.0.2', family: 4 },
      { address: '10.0.0.1', family: 4 },
    ];
    assert.equal((await checkUrl(url('/ok', 'mixed.test'), { ...asIfPublic, resolve })).error, 'refused: private address');
  });
});

describe('isPrivateAddress', () => {
  const blocked = [
    '127.0.0.1',
    '127.255.255.254',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '100.127.255.255',
    '0.0.0.0',
    '0.1.2.3',
    '224.0.0.1',
    '239.255.255.250',
    '255.255.255.255',
    '240.0.0.1',
    '192.0.2.5',
    '198.18.0.1',
    '::',
    '::1',
    'fe80::1',
    'fe80::1%eth0',
    'febf::1',
    'fc00::1',
    'fd12:3456::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '::ffff:192.168.0.1',
    '::ffff:169.254.169.254',
    '::127.0.0.1',
    '64:ff9b::10.0.0.1',
    '64:ff9b::7f00:1',
    '2002:7f00:1::1',
    '2002:c0a8:101::',
    '2001:db8::1',
    '[::1]',
    'localhost',
    'not an ip',
  ];
  const allowed = [
    '8.8.8.8',
    '1.1.1.1',
    '172.15.255.255',
    '172.32.0.1',
    '100.63.255.255',
    '100.128.0.1',
    '192.169.0.1',
    '169.253.0.1',
    '223.255.255.255',
    '2001:4860:4860::8888',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
    '64:ff9b::8.8.8.8',
    '2002:808:808::1',
  ];
  for (const ip of blocked) test(`refuses ${ip}`, () => assert.equal(isPrivateAddress(ip), true));
  for (const ip of allowed) test(`allows ${ip}`, () => assert.equal(isPrivateAddress(ip), false));
});

const SEEDED_AT = '2026-11-01T00:00:00.000Z';
const DAY = 24 * 60 * 60_000;

for (const dialect of testDialects()) {
  describe(`link checks on ${dialect}`, () => {
    let t: TestDatabase;
    const ids = new Map<string, number>();
    const config = { intervalMinutes: 60, batch: 3, spacingMs: 1000, timeoutMs: 2000, maxAgeDays: 7, allowPrivate: true };

    before(async () => {
      t = await createTestDatabase(dialect);
      await seedCatalogue(t.handle, FIXTURE, SEEDED_AT);
      for (const r of await t.handle.db.selectFrom('initiatives').select(['id', 'slug']).execute()) ids.set(r.slug, r.id);
      const setUrl = (slug: string, u: string | null) => t.handle.db.updateTable('initiatives').set({ url: u }).where('slug', '=', slug).execute();
      await setUrl('phishing-desk', url('/ok'));
      await setUrl('school-class', url('/missing'));
      await setUrl('sme-guide', url('/moved'));
      await setUrl('kansai-seminar', url('/no-head'));
      await setUrl('edu-game', null);
    });
    after(async () => {
      await t?.cleanup();
    });

    test('a round checks at most `batch` links, one at a time with the spacing between them, and records each', async () => {
      const sleeps: number[] = [];
      const sleep = async (ms: number) => {
        sleeps.push(ms);
      };
      const now = () => new Date('2026-11-02T00:00:00.000Z');
      const first = await runLinkCheckRound({ handle: t.handle, config, signal: new AbortController().signal, sleep, userAgent: UA, now });
      assert.deepEqual(first, { checked: 3, ok: 2, broken: 1 });
      assert.deepEqual(sleeps, [1000, 1000]);

      const rows = await t.handle.db.selectFrom('link_checks').selectAll().orderBy('initiative_id').execute();
      assert.equal(rows.length, 3);
      assert.ok(rows.every((r) => r.checked_at === '2026-11-02T00:00:00.000Z'));

      sleeps.length = 0;
      const second = await runLinkCheckRound({ handle: t.handle, config, signal: new AbortController().signal, sleep, userAgent: UA, now });
      assert.deepEqual(second, { checked: 1, ok: 1, broken: 0 });
      assert.deepEqual(sleeps, []);
      // Everything is fresh now; the initiative without a URL is never due.
      assert.deepEqual(await dueLinks(t.handle.db, { olderThan: '2026-10-26T00:00:00.000Z', limit: 10 }), []);
      const third = await runLinkCheckRound({ handle: t.handle, config, signal: new AbortController().signal, sleep, userAgent: UA, now });
      assert.deepEqual(third, { checked: 0, ok: 0, broken: 0 });

      const stored = new Map(
        (await t.handle.db.selectFrom('link_checks').selectAll().execute()).map((r) => [r.initiative_id, r]),
      );
      assert.equal(stored.get(ids.get('school-class')!)?.status_code, 404);
      assert.equal(stored.get(ids.get('school-class')!)?.ok, 0);
      assert.equal(stored.get(ids.get('sme-guide')!)?.status_code, 200);
      assert.equal(stored.get(ids.get('kansai-seminar')!)?.ok, 1);
      assert.equal(stored.has(ids.get('edu-game')!), false);
    });

    test('brokenLinks lists the broken link for moderators', async () => {
      const broken = await brokenLinks(t.handle.db);
      assert.equal(broken.length, 1);
      assert.deepEqual(broken[0], {
        initiativeId: ids.get('school-class'),
        slug: 'school-class',
        titleJa: FIXTURE.initiatives.find((i) => i.slug === 'school-class')!.titleJa,
        titleEn: FIXTURE.initiatives.find((i) => i.slug === 'school-class')!.titleEn,
        url: url('/missing'),
        checkedAt: '2026-11-02T00:00:00.000Z',
        statusCode: 404,
        error: null,
        consecutiveFailures: 1,
      });
    });

    test('links become due again when old, or at once when their URL changes; never-checked and changed come first', async () => {
      const week = new Date(Date.parse('2026-11-02T00:00:00.000Z') + 8 * DAY);
      const olderThan = new Date(week.getTime() - 7 * DAY).toISOString();
      assert.equal((await dueLinks(t.handle.db, { olderThan, limit: 10 })).length, 4);

      await t.handle.db.updateTable('initiatives').set({ url: url('/ok?v=2') }).where('slug', '=', 'kansai-seminar').execute();
      const due = await dueLinks(t.handle.db, { olderThan: '2026-10-26T00:00:00.000Z', limit: 10 });
      assert.deepEqual(due, [{ initiativeId: ids.get('kansai-seminar'), url: url('/ok?v=2') }]);
      const dueLater = await dueLinks(t.handle.db, { olderThan, limit: 2 });
      assert.equal(dueLater[0]!.initiativeId, ids.get('kansai-seminar'));
    });

    test('consecutive failures count up for the same URL and start again on success or a new URL', async () => {
      const id = ids.get('school-class')!;
      const fail = { ok: false, statusCode: 500, error: null };
      const failures = async () =>
        (await t.handle.db.selectFrom('link_checks').select('consecutive_failures').where('initiative_id', '=', id).executeTakeFirstOrThrow()).consecutive_failures;
      await recordCheck(t.handle.db, id, url('/missing'), fail, '2026-11-03T00:00:00.000Z');
      await recordCheck(t.handle.db, id, url('/missing'), { ok: false, statusCode: null, error: 'timeout' }, '2026-11-04T00:00:00.000Z');
      assert.equal(Number(await failures()), 3);
      const broken = await brokenLinks(t.handle.db);
      assert.deepEqual(
        broken.map((b) => [b.slug, b.consecutiveFailures, b.error, b.statusCode]),
        [['school-class', 3, 'timeout', null]],
      );

      await recordCheck(t.handle.db, id, url('/other'), fail, '2026-11-05T00:00:00.000Z');
      assert.equal(Number(await failures()), 1);
      await recordCheck(t.handle.db, id, url('/other'), { ok: true, statusCode: 200, error: null }, '2026-11-06T00:00:00.000Z');
      assert.equal(Number(await failures()), 0);
      // The stored URL (/other) is no longer the initiative's (/missing): that result is not listed.
      assert.deepEqual(await brokenLinks(t.handle.db), []);
    });

    test('a round stops when its signal aborts, leaving the rest due', async () => {
      const controller = new AbortController();
      const later = () => new Date('2026-12-01T00:00:00.000Z');
      const sleep = async () => {
        controller.abort();
      };
      const r = await runLinkCheckRound({ handle: t.handle, config, signal: controller.signal, sleep, userAgent: UA, now: later });
      assert.deepEqual(r.checked, 1);
      const olderThan = new Date(later().getTime() - 7 * DAY).toISOString();
      assert.equal((await dueLinks(t.handle.db, { olderThan, limit: 10 })).length, 3);
    });

    test('private addresses are refused and recorded as broken when the configuration forbids them', async () => {
      const later = () => new Date('2027-01-01T00:00:00.000Z');
      const r = await runLinkCheckRound({
        handle: t.handle,
        config: { ...config, batch: 10, allowPrivate: false },
        signal: new AbortController().signal,
        sleep: async () => {},
        userAgent: UA,
        now: later,
      });
      assert.deepEqual(r, { checked: 4, ok: 0, broken: 4 });
      const broken = await brokenLinks(t.handle.db);
      assert.equal(broken.length, 4);
      assert.ok(broken.every((b) => b.error === 'refused: private address' && b.statusCode === null));
    });
  });
}
