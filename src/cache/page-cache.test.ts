// The page cache as a visitor notices it: the same page comes back (and as a 304 when the browser has it),
// compressed as the browser asked; an edit shows on the very next request; signed-in and form pages are
// never shared; a crowd doing self-checks does not empty the catalogue's cache.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import SqliteDatabase from 'better-sqlite3';
import { startTestApp, type TestApp } from '../../test/support/app.ts';
import { Client, createUser, organisationIdBySlug, signIn } from '../../test/support/client.ts';
import { testDialects } from '../../test/support/databases.ts';
import { FIXTURE } from '../../test/support/fixture.ts';
import { CACHED_ROUTES } from './cached-routes.ts';
import { chooseEncoding } from './page-cache.ts';

test('content negotiation: br before gzip, q=0 refuses, nothing asked gives the plain bytes', () => {
  assert.equal(chooseEncoding('gzip, deflate, br'), 'br');
  assert.equal(chooseEncoding('gzip, br;q=0'), 'gzip');
  assert.equal(chooseEncoding('br;q=0.0, gzip;q=0'), null);
  assert.equal(chooseEncoding('*'), 'gzip');
  assert.equal(chooseEncoding(undefined), null);
  assert.equal(chooseEncoding('identity'), null);
});

for (const dialect of testDialects()) {
  describe(`page cache (${dialect})`, () => {
    let t: TestApp;
    let clock = new Date('2026-11-26T03:00:00.000Z');
    before(async () => {
      t = await startTestApp(dialect, FIXTURE, { now: () => clock });
    });
    after(async () => t.close());

    const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

    test('every cached route exists, in Japanese and in English', () => {
      for (const path of CACHED_ROUTES.keys()) {
        assert.ok(t.app.hasRoute({ method: 'GET', url: path }), `${path} is a route`);
        if (!path.startsWith('/api/')) assert.ok(t.app.hasRoute({ method: 'GET', url: path === '/' ? '/en' : `/en${path}` }), `/en${path} is a route`);
      }
    });

    test('a public page is kept: the same bytes again, an ETag, a 304 for the browser that has them, br and gzip as asked', async () => {
      const url = '/initiatives?audience=seniors&sort=title';
      const hits = t.app.pageCache.hits;
      const first = await get(url);
      assert.equal(first.statusCode, 200);
      assert.equal(first.headers['cache-control'], 'public, no-cache');
      assert.match(String(first.headers.vary), /Accept-Encoding/);
      const etag = String(first.headers.etag);
      assert.match(etag, /^W\/"[\w-]+"$/);
      const second = await get(url);
      assert.equal(second.body, first.body);
      assert.equal(second.headers.etag, etag);
      assert.equal(t.app.pageCache.hits, hits + 1, 'the second request came from the cache');

      const revalidated = await get(url, { 'if-none-match': etag });
      assert.equal(revalidated.statusCode, 304);
      assert.equal(revalidated.body, '');

      const br = await get(url, { 'accept-encoding': 'gzip, deflate, br' });
      assert.equal(br.headers['content-encoding'], 'br');
      assert.equal(brotliDecompressSync(br.rawPayload).toString(), first.body);
      const gz = await get(url, { 'accept-encoding': 'gzip' });
      assert.equal(gz.headers['content-encoding'], 'gzip');
      assert.equal(gunzipSync(gz.rawPayload).toString(), first.body);
      assert.ok(br.rawPayload.length < first.rawPayload.length / 3, 'the page is sent compressed');
      // Asked for again, the page is compressed better in the background; the bytes still say the same.
      await get(url, { 'accept-encoding': 'br' });
      await new Promise((r) => setTimeout(r, 200));
      const better = await get(url, { 'accept-encoding': 'br' });
      assert.equal(brotliDecompressSync(better.rawPayload).toString(), first.body);
      assert.ok(better.rawPayload.length <= br.rawPayload.length, `${better.rawPayload.length} ≤ ${br.rawPayload.length}`);
      assert.equal(better.headers.etag, etag, 'the same page: the same ETag');

      // English is another page.
      const en = await get('/en' + url);
      assert.notEqual(en.body, first.body);
      assert.match(en.body, /lang="en"/);
    });

    test('an edit through the forms shows on the very next request, on the page and in the API', async () => {
      const jnsaId = await organisationIdBySlug(t.db.handle, 'jnsa');
      const before = await get('/organisations');
      const api = await get('/api/v1/initiatives?q=' + encodeURIComponent('普及協会'));
      assert.doesNotMatch(before.body, /セキュリティ普及協会ＡＢＣ/);
      assert.equal((await get('/organisations')).body, before.body, 'kept while nothing changes');

      const user = await createUser(t.db.handle, { email: 'cache-admin@jnsa.example', organisationId: jnsaId, orgRole: 'admin' });
      const c = new Client(t.app);
      await signIn(c, user);
      await c.get('/my/organisation');
      const ok = await c.post('/my/organisation', { nameJa: 'セキュリティ普及協会ＡＢＣ', nameEn: 'Security Outreach ABC', abbreviation: 'SOA', kind: 'association', website: 'https://abc.example' });
      assert.equal(ok.statusCode, 303);

      assert.match((await get('/organisations')).body, /セキュリティ普及協会ＡＢＣ/);
      assert.match((await get('/en/organisations')).body, /Security Outreach ABC/);
      const after = await get('/api/v1/initiatives?q=' + encodeURIComponent('普及協会'));
      assert.ok(after.json().total > api.json().total, 'the search follows the new name at once');
    });

    test('a refused form (400) moves nothing: the cached page stays', async () => {
      const url = '/matrix';
      await get(url);
      const hits = t.app.pageCache.hits;
      const c = new Client(t.app);
      await c.get('/login');
      const bad = await c.post('/login', { email: 'nobody@example.org', password: 'x' });
      assert.ok(bad.statusCode >= 400 && bad.statusCode < 500);
      await get(url);
      assert.equal(t.app.pageCache.hits, hits + 1);
    });

    test('signed-in visitors get their own page, never stored and never served from the cache', async () => {
      const url = '/initiatives?sort=title&page=1';
      const anonymous = await get(url);
      const user = await createUser(t.db.handle, { email: 'reader@example.org', displayName: '閲覧 太郎' });
      const c = new Client(t.app);
      await signIn(c, user);
      const hits = t.app.pageCache.hits;
      const stored = t.app.pageCache.stored;
      const mine = await c.get(url);
      assert.equal(mine.statusCode, 200);
      assert.equal(mine.headers['cache-control'], 'private, no-store');
      assert.equal(mine.headers.etag, undefined);
      assert.equal(t.app.pageCache.hits, hits, 'not served from the cache');
      assert.equal(t.app.pageCache.stored, stored, 'not stored');
      const again = await get(url);
      assert.equal(again.body, anonymous.body, 'the anonymous page is still the anonymous one');
    });

    test('pages with a form token or a cookie are never kept; routes outside the list are not touched', async () => {
      const check = await get('/check');
      assert.match(check.body, /name="_csrf"/);
      assert.equal(check.headers.etag, undefined);
      assert.notEqual(check.headers['cache-control'], 'public, no-cache');
      const again = await get('/check');
      const token = (b: string) => /name="_csrf" value="([^"]+)"/.exec(b)?.[1];
      assert.notEqual(token(again.body), token(check.body), 'each visitor gets a token of their own');
    });

    test('the steps of a self-check write nothing and leave the catalogue cached; a stored result moves the figures only', async () => {
      const catalogue = '/initiatives?sort=title&audience=sme';
      await get(catalogue);
      const content = await t.app.versions.current(['content']);
      const stats = await t.app.versions.current(['stats']);
      const c = new Client(t.app);
      await c.get('/quiz');
      const start = await c.post('/quiz/start', {});
      assert.equal(start.statusCode, 303);
      const hits = t.app.pageCache.hits;
      assert.equal((await get(catalogue)).statusCode, 200);
      assert.equal(t.app.pageCache.hits, hits + 1, 'the self-check steps left the catalogue in the cache');
      await t.app.checkResults.record({ check: 'quiz', definitionVersion: null, answers: '1', score: 1, completedOn: '2026-11-26' });
      assert.notEqual(await t.app.versions.current(['stats']), stats, 'a stored result moved the stats version');
      assert.equal(await t.app.versions.current(['content']), content, 'and not the content version');
      await get(catalogue);
      assert.equal(t.app.pageCache.hits, hits + 2, 'so the catalogue is still served from the cache');
    });

    test('a write outside any request (a job, a service call, the command line) shows on the next request', async () => {
      const url = '/en/organisations';
      await get(url);
      await t.db.handle.db.updateTable('organisations').set({ name_en: 'Renamed by a background job' }).where('slug', '=', 'npa').execute();
      assert.match((await get(url)).body, /Renamed by a background job/);
    });

    test('a page is rendered again after PAGE_CACHE_TTL_SECONDS even without a change (upcoming events)', async () => {
      const url = '/events';
      await get(url);
      const hits = t.app.pageCache.hits;
      await get(url);
      assert.equal(t.app.pageCache.hits, hits + 1);
      clock = new Date(clock.getTime() + 61_000);
      await get(url);
      assert.equal(t.app.pageCache.hits, hits + 1, 'expired: rendered again');
    });

    if (dialect === 'sqlite') {
      test('a write by another process (the command line, a worker) shows on the next request', async () => {
        const url = '/organisations';
        await get(url);
        await get(url);
        const other = new SqliteDatabase(t.db.url.slice('file:'.length));
        try {
          other.prepare("UPDATE organisations SET name_ja = '別プロセス更新協会' WHERE slug = 'jnsa'").run();
        } finally {
          other.close();
        }
        assert.match((await get(url)).body, /別プロセス更新協会/);
      });
    }
  });
}
