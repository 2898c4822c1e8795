// The security sweep (issue 9): every route of app.routeTable, so a route added later is swept too.
// - headers on every response: a nonce-based CSP whose nonce every <script> carries (the widget and stored
//   files keep their own, stricter policies), frame-ancestors 'none', nosniff, Referrer-Policy, COOP/CORP,
//   no X-Powered-By; HSTS only when the portal is served over HTTPS;
// - cookie flags: HttpOnly, SameSite, Path=/; Secure and __Host- behind HTTPS (clearing ones too);
// - CSRF on every state-changing route, for a signed-in administrator: no token, a wrong token, or a valid
//   token sent from another site are refused with the documented 403 and change no row; the exemptions are
//   listed below with their reasons;
// - nothing personal cached: signed-in answers, forms and cookies are no-store; public pages of the page
//   cache stay `public, no-cache`; a cached page with a script carries the CSP nonce of its own bytes;
// - open redirects: every Location and language switch stays on this site, whatever was asked for.
// The XSS payload matrix is test/xss.test.ts; the fuzzer test/fuzz.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createHash } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/app.ts';
import { CACHED_ROUTES } from '../src/cache/cached-routes.ts';
import type { DialectName } from '../src/db/database.ts';
import { createMailer } from '../src/mail/smtp.ts';
import { seedCatalogue } from '../src/seed/seed.ts';
import { Layout } from '../src/web/layout.tsx';
import { sendPage } from '../src/web/render.ts';
import { Script } from '../src/web/script.tsx';
import { h } from 'preact';
import { testConfig } from './support/app.ts';
import { Client, createUser, organisationIdBySlug, signIn } from './support/client.ts';
import { createTestDatabase, testDialects, type TestDatabase } from './support/databases.ts';
import { FIXTURE } from './support/fixture.ts';

/**
 * State-changing routes that take no CSRF token, each with why it is safe. A new exemption fails the sweep
 * until it is added here.
 */
const CSRF_EXEMPT: Record<string, string> = {
  'POST /subscribe/unsubscribe':
    'RFC 8058 one-click unsubscribe: the mail provider posts without cookies; the HMAC-signed token in the URL is the authorisation, and it can only remove its own address',
  'POST /check/reminder/stop': 'RFC 8058 one-click stop of the self-check reminder: the signed token in the URL is the authorisation, as above',
};

/** A page rendered with a script, served through the page cache (registered by this test only). */
const PROBE = '/__security-probe';

const PARAMS: Record<string, string> = { slug: 'ipa', kind: 'personal', number: 'LM-2026-0000001', figure: 'adoption', file: 'adoption.csv', question: 'start', '*': 'app.css' };

/** The route pattern with its parameters filled (ids that exist in the seeded database where it matters). */
function fill(url: string): string {
  return url
    .replace('/admin/measures/:slug', '/admin/measures/cross')
    .replace(/:([A-Za-z]+)/g, (_m, name: string) => PARAMS[name] ?? '1')
    .replace(/\*$/, PARAMS['*']!);
}

const NONCE_CSP = /^default-src 'self';script-src 'nonce-([A-Za-z0-9+/]{22}==)';worker-src 'self';style-src 'self';img-src 'self' data:;font-src 'self';connect-src 'self';object-src 'none';base-uri 'self';form-action 'self';frame-ancestors 'none'$/;
const WIDGET_CSP = "default-src 'none';script-src 'self';style-src 'self';img-src 'self' data:;base-uri 'none';form-action 'none';frame-ancestors *;sandbox allow-scripts allow-popups allow-popups-to-escape-sandbox";
const FILE_CSP = "default-src 'none'; sandbox";
const CSRF_JA = 'フォームの有効期限が切れたか、別のサイトから送信されました。';
const CSRF_EN = 'The form has expired or was sent from another site.';

function setCookies(res: LightMyRequestResponse): string[] {
  const v = res.headers['set-cookie'];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** What a browser would make of a Location or href: does it leave this site? */
function leavesSite(target: string): boolean {
  const resolved = new URL(target.replace(/[\t\n\r]/g, ''), 'http://lastmile.test/here/');
  return resolved.host !== 'lastmile.test' || !/^https?:$/.test(resolved.protocol);
}

interface Sweep {
  app: FastifyInstance;
  db: TestDatabase;
  close(): Promise<void>;
}

async function start(dialect: DialectName): Promise<Sweep> {
  const db = await createTestDatabase(dialect);
  await seedCatalogue(db.handle, FIXTURE, '2026-11-01T00:00:00.000Z');
  const config = testConfig();
  const mailer = createMailer({ smtpUrl: 'log', from: config.mailFrom, log: { info() {} } });
  const app = await buildApp({ config, database: db.handle, mailer });
  // The probe is cached like the public pages: the page cache attaches its lookup when a route is declared.
  (CACHED_ROUTES as Map<string, readonly 'content'[]>).set(PROBE, ['content']);
  app.get(PROBE, (_req, reply) => sendPage(reply, Layout({ locale: 'ja', path: PROBE, title: 'probe', children: h(Script, { src: '/assets/push.js', defer: true }) })));
  await app.ready();
  return {
    app,
    db,
    async close() {
      (CACHED_ROUTES as Map<string, unknown>).delete(PROBE);
      await app.close();
      await mailer.close();
      await db.cleanup();
    },
  };
}

/** Every row of every table, hashed (sessions without their last-seen time): "changes nothing" made exact. */
async function databaseDigest(db: TestDatabase): Promise<string> {
  const hash = createHash('sha256');
  const tables = (await db.handle.db.introspection.getTables()).map((t) => t.name).sort();
  for (const name of tables) {
    const rows = (await (db.handle.db as any).selectFrom(name).selectAll().execute()) as Record<string, unknown>[];
    const lines = rows.map((r) => JSON.stringify(Object.entries(r).filter(([k]) => !(name === 'sessions' && k === 'last_seen_at')).sort())).sort();
    hash.update(`${name}\n${lines.join('\n')}\n`);
  }
  return hash.digest('hex');
}

function checkCommonHeaders(where: string, res: LightMyRequestResponse, https: boolean, url = '') {
  const hd = res.headers;
  assert.equal(hd['x-content-type-options'], 'nosniff', `${where}: nosniff`);
  assert.ok(['strict-origin-when-cross-origin', 'no-referrer'].includes(String(hd['referrer-policy'])), `${where}: referrer policy ${hd['referrer-policy']}`);
  assert.equal(hd['x-powered-by'], undefined, `${where}: X-Powered-By`);
  assert.equal(hd['cross-origin-opener-policy'], 'same-origin', `${where}: COOP`);
  assert.ok(hd['cross-origin-resource-policy'], `${where}: CORP`);
  if (https) assert.equal(hd['strict-transport-security'], 'max-age=31536000; includeSubDomains', `${where}: HSTS behind HTTPS`);
  else assert.equal(hd['strict-transport-security'], undefined, `${where}: no HSTS over plain HTTP`);
  const csp = String(hd['content-security-policy'] ?? '');
  if (csp === WIDGET_CSP) {
    // The one document other sites may frame (widget/routes.tsx): sandboxed, no X-Frame-Options.
    assert.match(url, /^(\/en)?\/widget$/, `${where}: the widget's policy on another route`);
    assert.equal(hd['x-frame-options'], undefined);
  } else if (csp === FILE_CSP) {
    assert.match(url, /\/(file|files\/[^/]+|preview)$/, `${where}: the stored files' policy on another route`);
  } else {
    const m = NONCE_CSP.exec(csp);
    assert.ok(m, `${where}: CSP ${csp}`);
    assert.equal(hd['x-frame-options'], 'DENY', `${where}: X-Frame-Options`);
    if (String(hd['content-type']).startsWith('text/html')) {
      for (const tag of res.body.match(/<script\b[^>]*>/g) ?? []) assert.ok(tag.includes(` nonce="${m[1]}"`), `${where}: ${tag} without this response's nonce`);
    }
  }
}

function checkCookies(where: string, res: LightMyRequestResponse, secure: boolean) {
  for (const c of setCookies(res)) {
    const [pair, ...attrs] = c.split(/;\s*/);
    const a = attrs.map((x) => x.toLowerCase());
    const name = pair!.split('=')[0]!;
    assert.ok(a.includes('httponly'), `${where}: ${name} not HttpOnly`);
    assert.ok(a.includes('samesite=lax') || a.includes('samesite=strict'), `${where}: ${name} SameSite`);
    assert.ok(a.includes('path=/'), `${where}: ${name} Path=/`);
    if (secure) {
      assert.ok(a.includes('secure'), `${where}: ${name} not Secure behind HTTPS`);
      assert.ok(name.startsWith('__Host-'), `${where}: ${name} without the __Host- prefix behind HTTPS`);
      assert.ok(!a.some((x) => x.startsWith('domain=')), `${where}: ${name} with a Domain`);
    } else assert.ok(!a.includes('secure'), `${where}: ${name} Secure over plain HTTP`);
  }
}

function checkLocation(where: string, res: LightMyRequestResponse) {
  const loc = res.headers.location;
  if (loc === undefined) return;
  assert.ok(!leavesSite(String(loc)), `${where}: redirects off the site to ${loc}`);
}

for (const dialect of testDialects()) {
  describe(`security sweep over every route (${dialect})`, () => {
    let s: Sweep;
    let admin: Client;
    let routes: { method: string; url: string }[];
    const counts = { get: 0, stateChanging: 0, csrfRequests: 0, redirectPayloads: 0 };

    before(async () => {
      s = await start(dialect);
      routes = s.app.routeTable.filter((r) => r.method !== 'HEAD' && !r.url.endsWith(PROBE));
      const ipa = await organisationIdBySlug(s.db.handle, 'ipa');
      // An administrator in an organisation sees every area: the organisation's, moderation and administration.
      const user = await createUser(s.db.handle, { email: 'admin@example.jp', role: 'admin', organisationId: ipa, orgRole: 'admin', totp: true });
      admin = new Client(s.app);
      await signIn(admin, user);
    });
    after(async () => {
      await s?.close();
      console.log(`security sweep (${dialect}): ${counts.get} GET requests, ${counts.stateChanging} state-changing routes, ${counts.csrfRequests} CSRF probes, ${counts.redirectPayloads} redirect payloads`);
    });

    it('enumerates the route table: pages, API and both languages', () => {
      assert.ok(routes.length > 400, `only ${routes.length} routes`);
      assert.ok(routes.some((r) => r.url === '/en/my/account'));
    });

    it('sends the security headers, no-store for anything personal, safe cookies and redirects on every GET, anonymous and signed in', async () => {
      // Each route of the table is asked once: the /en/ twins anonymously, the others signed in (a twin runs the
      // same handler in the other language), and the routes without a twin (API, assets) both ways.
      const twinned = new Set(routes.filter((x) => x.url.startsWith('/en/') || x.url === '/en').map((x) => x.url.replace(/^\/en/, '') || '/'));
      for (const r of routes.filter((x) => x.method === 'GET')) {
        const url = fill(r.url);
        const where = `GET ${url}`;
        const en = r.url === '/en' || r.url.startsWith('/en/');
        if (en || !twinned.has(r.url)) {
          const anon = await s.app.inject({ method: 'GET', url });
          counts.get++;
          assert.ok(anon.statusCode < 500, `${where}: ${anon.statusCode}`);
          checkCommonHeaders(where, anon, false, url);
          checkCookies(where, anon, false);
          checkLocation(where, anon);
          const cc = String(anon.headers['cache-control'] ?? '');
          if (setCookies(anon).length > 0 || anon.body.includes('name="_csrf"')) assert.match(cc, /no-store/, `${where}: a form or a cookie cached (${cc})`);
          if (CACHED_ROUTES.has(r.url.replace(/^\/en(?=\/|$)/, '') || '/') && anon.statusCode === 200) assert.equal(cc, 'public, no-cache', `${where}: a public page`);
        }
        if (en) continue;
        // Signed in: the same route as the administrator (the /en/ twin runs the same handler).
        const res = await admin.get(url);
        counts.get++;
        assert.ok(res.statusCode < 500, `${where} signed in: ${res.statusCode}`);
        checkCommonHeaders(`${where} (signed in)`, res, false, url);
        checkCookies(`${where} (signed in)`, res, false);
        checkLocation(`${where} (signed in)`, res);
        // The API and static files ignore the session cookie (auth-plugin.ts): the same bytes for everyone. The
        // widget document is public by design and sent without any cookie (widget/routes.tsx).
        const samesForAll = url.startsWith('/api/') || url.startsWith('/assets/') || url === '/widget.js' || url === '/sw.js' || url === '/widget';
        if (!samesForAll) assert.match(String(res.headers['cache-control']), /no-store/, `${where}: cacheable while signed in (${res.headers['cache-control']})`);
      }
    });

    it('refuses every state-changing route without a valid CSRF token or from another site, and changes nothing', async () => {
      const before = await databaseDigest(s.db);
      await admin.get('/my/account');
      const token = admin.csrf();
      const exempt = new Set<string>();
      for (const r of routes.filter((x) => x.method !== 'GET')) {
        counts.stateChanging++;
        const url = fill(r.url);
        const en = r.url.startsWith('/en/');
        const key = `${r.method} ${r.url.replace(/^\/en(?=\/)/, '')}`;
        const json = url.startsWith('/api/');
        // The /en/ twin runs the same checks: it is asked once, for the message in English.
        const attempts: { what: string; csrf: string | null; headers?: Record<string, string> }[] = [
          { what: 'no token', csrf: null },
          ...(en ? [] : [
            { what: 'a wrong token', csrf: `${token.slice(0, -4)}AAAA` },
            { what: 'a valid token from another site', csrf: token, headers: { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' } },
          ]),
        ];
        for (const a of attempts) {
          const body = json ? JSON.stringify(a.csrf === null ? {} : { _csrf: a.csrf }) : a.csrf === null ? 'x=1' : `_csrf=${encodeURIComponent(a.csrf)}&x=1`;
          const res = await s.app.inject({
            method: r.method as 'POST',
            url,
            headers: { cookie: admin.cookieHeader(), 'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded', ...a.headers },
            payload: body,
          });
          counts.csrfRequests++;
          checkLocation(`${key} with ${a.what}`, res);
          if (key in CSRF_EXEMPT) {
            assert.notEqual(res.statusCode, 403, `${key}: exempt, so no CSRF refusal`);
            exempt.add(key);
            continue;
          }
          assert.equal(res.statusCode, 403, `${key} with ${a.what}: ${res.statusCode}`);
          if (json) assert.equal(res.json().error.code, 'csrf', `${key}: the documented CSRF error`);
          else assert.ok(res.body.includes(en ? CSRF_EN : CSRF_JA), `${key} with ${a.what}: not the documented CSRF message`);
        }
      }
      assert.deepEqual([...exempt].sort(), Object.keys(CSRF_EXEMPT).sort(), 'every exemption is still a route that takes no token');
      assert.equal(await databaseDigest(s.db), before, 'a refused request changed the database');
      // The session survived the refused sign-out.
      assert.equal((await admin.get('/my/account')).statusCode, 200);
    });

    it('keeps every redirect and language switch on this site, whatever the next= or path asked for', async () => {
      const payloads = ['//evil.example', '/\\evil.example', '\\\\evil.example', 'https://evil.example/', 'http:evil.example', 'javascript:alert(1)', ' //evil.example', '/\t/evil.example', '/\n/evil.example', '///evil.example', '/%2F%2Fevil.example'];
      const encoded = ['%2F%2Fevil.example', '%2F%5Cevil.example', '%5C%5Cevil.example', 'https%3A%2F%2Fevil.example', '%2F%09%2Fevil.example', '%252F%252Fevil.example', 'JaVaScRiPt%3Aalert(1)', '%2Fx%0d%0aSet-Cookie%3A%20a%3D1', '%2Fx%0aLocation%3A%20https%3A%2F%2Fevil.example'];
      const queries = [...payloads.map((p) => encodeURIComponent(p)), ...encoded];
      for (const q of queries) {
        counts.redirectPayloads++;
        // Signed in: /login?next= goes straight on.
        for (const path of ['/login', '/en/login']) {
          const res = await admin.get(`${path}?next=${q}`);
          assert.equal(res.statusCode, 303, `${path}?next=${q}`);
          checkLocation(`${path}?next=${q}`, res);
          // Anonymous: the form keeps only a same-site next.
          const page = await s.app.inject({ url: `${path}?next=${q}` });
          const kept = /name="next" value="([^"]*)"/.exec(page.body)?.[1];
          if (kept !== undefined) assert.ok(!leavesSite(kept.replace(/&amp;/g, '&')), `${path}?next=${q} kept ${kept}`);
        }
      }
      // Signing in with a hostile next (the form's hidden field) lands on this site.
      const u = await createUser(s.db.handle, { email: 'next@example.jp' });
      for (const next of payloads) {
        counts.redirectPayloads++;
        const c = new Client(s.app);
        await c.get('/login');
        const res = await c.post('/login', { email: u.email, password: u.password, next });
        assert.equal(res.statusCode, 303);
        checkLocation(`POST /login next=${JSON.stringify(next)}`, res);
      }
      // The language switch of any page, the 404 page included, stays a path of this site.
      for (const path of ['/en//evil.example', '/en/\\evil.example', '/en/%2F%2Fevil.example', '/en/%5Cevil.example', '/en/%09/evil.example', '//evil.example', '/\\evil.example', '/en//evil.example?x=1', '/en///evil.example']) {
        const res = await s.app.inject({ url: path });
        assert.ok(res.statusCode < 500, `${path}: ${res.statusCode}`);
        checkLocation(path, res);
        const hrefs = [...res.body.matchAll(/<(?:a|link)\b[^>]*\bhref(?:lang="[^"]*"[^>]*href)?="([^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
        const switches = [...res.body.matchAll(/class="lang-switch" href="([^"]*)"/g)].map((m) => m[1]!);
        assert.ok(switches.length === 1, `${path}: the language switch`);
        for (const href of [...hrefs, ...switches]) assert.ok(!leavesSite(href) || /^https?:\/\/(?!evil)/.test(href), `${path}: ${href} leaves the site`);
        assert.ok(!switches[0]!.startsWith('//') && !switches[0]!.startsWith('/\\'), `${path}: switch ${switches[0]}`);
      }
    });

    it('sends HSTS and only Secure, __Host- prefixed cookies, also when clearing them', async (t) => {
      // The same database behind an HTTPS BASE_URL (COOKIE_SECURE follows it).
      const config = testConfig({ BASE_URL: 'https://portal.example.jp' });
      const mailer = createMailer({ smtpUrl: 'log', from: config.mailFrom, log: { info() {} } });
      const app = await buildApp({ config, database: s.db.handle, mailer });
      t.after(async () => {
        await app.close();
        await mailer.close();
      });
      const ipa = await organisationIdBySlug(s.db.handle, 'ipa');
      const user = await createUser(s.db.handle, { email: 'member@example.jp', organisationId: ipa });
      const c = new Client(app);
      const seen: LightMyRequestResponse[] = [];
      seen.push(await c.get('/login'));
      seen.push(await c.post('/login', { email: user.email, password: user.password }));
      seen.push(await c.get('/my'));
      seen.push(await c.get('/check'));
      seen.push(await c.post('/logout', {}, (await c.get('/my'), c.csrf())));
      seen.push(await app.inject({ url: '/my', headers: { cookie: '__Host-lm_session=expired-token' } }));
      assert.ok(seen.flatMap(setCookies).length >= 4, 'cookies were set and cleared');
      for (const [i, res] of seen.entries()) {
        checkCommonHeaders(`step ${i}`, res, true);
        checkCookies(`step ${i}`, res, true);
      }
    });

    it('serves a cached page with the CSP nonce its bytes carry, and pages without scripts with stable bytes', async () => {
      const first = await s.app.inject({ url: PROBE });
      const second = await s.app.inject({ url: PROBE });
      for (const res of [first, second]) {
        assert.equal(res.statusCode, 200);
        const nonce = NONCE_CSP.exec(String(res.headers['content-security-policy']))?.[1];
        assert.ok(nonce && res.body.includes(`<script src="/assets/push.js" defer nonce="${nonce}">`), `the script's nonce is the policy's (${nonce})`);
      }
      assert.ok(second.body === first.body, 'the second answer came from the cache');
      assert.ok(s.app.pageCache.hits > 0);
      // A page without a script keeps the same ETag from one render to the next: its bytes hold no nonce.
      const a = await s.app.inject({ url: '/initiatives' });
      assert.ok(!a.body.includes('nonce='));
    });
  });
}
