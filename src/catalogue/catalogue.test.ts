// The catalogue as a user sees it, on SQLite and PostgreSQL: filters, facet counts, Japanese search,
// sorting, paging, detail pages and every kind of bad input.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../test/support/app.ts';
import { testDialects } from '../../test/support/databases.ts';
import { FIXTURE } from '../../test/support/fixture.ts';

type Item = { id: number; slug: string; audiences: string[]; methods: string[]; sector: string; regions: string[]; organisations: { slug: string }[] };
type List = { total: number; items: Item[] };

for (const dialect of testDialects()) {
  describe(`catalogue on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect, FIXTURE);
    });
    after(async () => {
      await t?.close();
    });

    const api = async (qs: string, headers: Record<string, string> = {}) => {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/initiatives${qs}`, headers });
      return { status: res.statusCode, body: res.json() };
    };
    const slugs = async (qs: string) => {
      const { status, body } = await api(qs);
      assert.equal(status, 200, JSON.stringify(body));
      return (body as List).items.map((i) => i.slug).sort();
    };

    test('lists every initiative with slugs for audiences, methods and sector', async () => {
      const { body } = await api('');
      assert.equal(body.total, 5);
      const desk = (body as List).items.find((i) => i.slug === 'phishing-desk')!;
      assert.deepEqual(desk.audiences, ['working_age', 'seniors']);
      assert.deepEqual(desk.methods, ['info_desk']);
      assert.equal(desk.sector, 'public');
      assert.deepEqual(desk.regions, ['nationwide']);
    });

    test('values within a facet are OR-ed, facets are AND-ed', async () => {
      assert.deepEqual(await slugs('?audience=seniors'), ['phishing-desk']);
      assert.deepEqual(await slugs('?audience=seniors&audience=youth'), ['edu-game', 'phishing-desk', 'school-class']);
      assert.deepEqual(await slugs('?audience=youth&method=tools'), ['edu-game']);
      assert.deepEqual(await slugs('?sector=private&method=events'), ['kansai-seminar', 'school-class']);
      assert.deepEqual(await slugs('?org=ipa'), ['school-class', 'sme-guide']);
      assert.deepEqual(await slugs('?org=ipa&org=npa&sector=public'), ['phishing-desk', 'sme-guide']);
    });

    test('a prefecture lists what is held there and what is nationwide', async () => {
      assert.deepEqual(await slugs('?region=27'), ['edu-game', 'kansai-seminar', 'phishing-desk', 'sme-guide']);
      assert.deepEqual(await slugs('?region=13'), ['edu-game', 'phishing-desk', 'school-class', 'sme-guide']);
      assert.deepEqual(await slugs('?region=nationwide'), ['edu-game', 'phishing-desk', 'sme-guide']);
      assert.deepEqual(await slugs('?region=01&method=events'), []);
    });

    test('a strategy measure includes the measures under it', async () => {
      assert.deepEqual(await slugs('?measure=youth-focus'), ['kansai-seminar', 'school-class']);
      assert.deepEqual(await slugs('?measure=participation'), ['kansai-seminar', 'phishing-desk', 'school-class', 'sme-guide']);
      assert.deepEqual(await slugs('?measure=cross&audience=sme'), ['kansai-seminar', 'sme-guide']);
    });

    test('the strategy page counts each measure with the measures under it, and names those with none', async () => {
      const ja = await t.app.inject({ method: 'GET', url: '/strategy' });
      assert.equal(ja.statusCode, 200);
      assert.match(ja.body, /全員参加による協働<\/span> <a href="\/initiatives\?measure=participation">4件<\/a>/);
      assert.match(ja.body, /若年層<\/span> <a href="\/initiatives\?measure=youth-focus">2件<\/a>/);
      const en = await t.app.inject({ method: 'GET', url: '/en/strategy' });
      assert.match(en.body, /Cross-cutting<\/span> <a href="\/en\/initiatives\?measure=cross">4 initiatives<\/a>/);
    });

    test('each facet count equals what selecting that value would list, under the other filters', async () => {
      const combos = ['', '?sector=private', '?audience=sme', '?method=tools&region=27', '?q=%E6%95%99%E8%82%B2'];
      for (const qs of combos) {
        const page = await t.app.inject({ method: 'GET', url: `/initiatives${qs}` });
        assert.equal(page.statusCode, 200);
        // Read the counts from the page's own checkboxes: "<input … name="audience" value="youth" …/><label …>若年層 <span class="facet-count">(2…".
        const re = /name="(audience|method|sector|org|region|measure)" value="([^"]+)"[^>]*\/><label[^>]*>[^<]*<span class="facet-count">\(([\d,]+)/g;
        let m: RegExpExecArray | null;
        let checked = 0;
        while ((m = re.exec(page.body))) {
          const [, facet, value, shown] = m;
          const params = new URLSearchParams(qs.slice(1));
          const key = facet!;
          params.delete(key);
          params.append(key, value!);
          const { body } = await api(`?${params}`);
          assert.equal(Number(shown!.replace(/,/g, '')), body.total, `${facet}=${value} under "${qs}"`);
          checked++;
        }
        assert.ok(checked >= 8 + 3 + 2 + 48, `facet options found: ${checked}`);
      }
    });

    test('Japanese search: one- and two-character words find what contains them', async () => {
      assert.deepEqual(await slugs('?q=' + encodeURIComponent('詐欺')), ['phishing-desk']);
      assert.deepEqual(await slugs('?q=' + encodeURIComponent('相談')), ['phishing-desk']);
      assert.deepEqual(await slugs('?q=' + encodeURIComponent('教育')), ['edu-game', 'school-class']);
      assert.deepEqual(await slugs('?q=' + encodeURIComponent('窓')), ['phishing-desk']);
      // A word inside a longer word (ネット in インターネット) is still found.
      // (and in the organisation 日本ネットワークセキュリティ協会, whose name is searchable too).
      assert.deepEqual(await slugs('?q=' + encodeURIComponent('ネット')), ['edu-game', 'kansai-seminar', 'school-class']);
      // Words typed without spaces are all required: フィッシング and 窓口.
      assert.deepEqual(await slugs('?q=' + encodeURIComponent('フィッシング窓口')), ['phishing-desk']);
      assert.deepEqual(await slugs('?q=' + encodeURIComponent('フィッシング 教育')), []);
    });

    test('full-width, half-width and case are equal; organisation names and abbreviations are searchable', async () => {
      const ipa = ['school-class', 'sme-guide'];
      assert.deepEqual(await slugs('?q=IPA'), ipa);
      assert.deepEqual(await slugs('?q=ipa'), ipa);
      assert.deepEqual(await slugs('?q=' + encodeURIComponent('ＩＰＡ')), ipa);
      assert.deepEqual(await slugs('?q=' + encodeURIComponent('警察庁')), ['phishing-desk']);
      assert.deepEqual(await slugs('?q=' + encodeURIComponent('ネットワークセキュリティ協会')), ['edu-game', 'kansai-seminar', 'school-class']);
    });

    test('an English query searches the English text', async () => {
      assert.deepEqual(await slugs('?q=older'), ['phishing-desk']);
      assert.deepEqual(await slugs('?q=Internet+safety'), ['school-class']);
      assert.deepEqual(await slugs('?q=game'), ['edu-game']);
    });

    test('search combines with facets, and wildcard characters are taken literally', async () => {
      assert.deepEqual(await slugs('?q=' + encodeURIComponent('セミナー') + '&region=27'), ['kansai-seminar']);
      assert.deepEqual(await slugs('?q=%25'), []);
      assert.deepEqual(await slugs('?q=_'), []);
    });

    test('relevance puts title matches first; title and updated sorts are stable', async () => {
      const { body } = await api('?q=' + encodeURIComponent('セキュリティ'));
      assert.equal((body as List).items[0]!.slug !== undefined, true);
      const titles = (await api('?sort=title')).body.items.map((i: { title: { ja: string } }) => i.title.ja);
      assert.deepEqual(titles, [...titles].sort(new Intl.Collator('ja').compare));
      const rel = (await api('?q=' + encodeURIComponent('教育'))).body.items.map((i: Item) => i.slug);
      // 教育 is in the title of edu-game and only in the summary of school-class.
      assert.deepEqual(rel, ['edu-game', 'school-class']);
    });

    test('pages: 20 per page, a page past the end is a 404 that names the last page', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/initiatives?page=2' });
      assert.equal(res.statusCode, 404);
      assert.match(res.body, /1ページまで/);
      const en = await t.app.inject({ method: 'GET', url: '/en/initiatives?page=2' });
      assert.equal(en.statusCode, 404);
      assert.match(en.body, /end at page 1/);
      const apiRes = await api('?page=3');
      assert.equal(apiRes.status, 404);
      assert.equal(apiRes.body.error.code, 'page_out_of_range');
    });

    test('the catalogue page shows the results, the selected filters and keeps them in links', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/initiatives?audience=youth&sector=private' });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /インターネット安全教室/);
      assert.match(res.body, /情報セキュリティ教育ゲーム/);
      assert.doesNotMatch(res.body, /フィッシング詐欺の相談窓口/);
      assert.match(res.body, /2件中 1〜2件を表示/);
      assert.match(res.body, /id="audience-youth" name="audience" value="youth" checked/);
      // The language switch goes to the same filtered list in English.
      assert.match(res.body, /href="\/en\/initiatives\?audience=youth&amp;sector=private"/);
      const en = await t.app.inject({ method: 'GET', url: '/en/initiatives?audience=youth&sector=private' });
      assert.match(en.body, /Internet safety class/);
      assert.match(en.body, /lang="en"/);
    });

    test('detail pages for an initiative and an organisation, in both languages', async () => {
      const { body } = await api('?q=' + encodeURIComponent('詐欺'));
      const id = body.items[0].id;
      const ja = await t.app.inject({ method: 'GET', url: `/initiatives/${id}` });
      assert.equal(ja.statusCode, 200);
      assert.match(ja.body, /<h1>フィッシング詐欺の相談窓口<\/h1>/);
      assert.match(ja.body, /（推定）/);
      const en = await t.app.inject({ method: 'GET', url: `/en/initiatives/${id}` });
      assert.match(en.body, /<h1>Phishing fraud help desk<\/h1>/);
      const one = await api(`/${id}`);
      assert.equal(one.body.slug, 'phishing-desk');
      const org = await t.app.inject({ method: 'GET', url: '/organisations/ipa' });
      assert.equal(org.statusCode, 200);
      assert.match(org.body, /中小企業の情報セキュリティ対策ガイドライン/);
      const orgs = await t.app.inject({ method: 'GET', url: '/api/v1/organisations' });
      assert.equal(orgs.json().total, 4);
      assert.equal(orgs.json().items.find((o: { slug: string }) => o.slug === 'jnsa').initiativeCount, 3);
    });

    test('unknown facet values are a 400 that says what to use, in the page language', async () => {
      const ja = await t.app.inject({ method: 'GET', url: '/initiatives?audience=aliens' });
      assert.equal(ja.statusCode, 400);
      assert.match(ja.body, /対象（audience）に「aliens」は使えません。使える値: youth/);
      const en = await t.app.inject({ method: 'GET', url: '/en/initiatives?method=telepathy' });
      assert.equal(en.statusCode, 400);
      assert.match(en.body, /Method \(method\) cannot be &quot;telepathy&quot;/);
      for (const qs of ['?sector=nobody', '?region=48', '?region=tokyo', '?org=no-such-org', '?measure=nothing', '?org=Bad%20Slug', '?sort=random']) {
        const res = await api(qs);
        assert.equal(res.status, 400, qs);
        assert.ok(res.body.error.details.length > 0, qs);
      }
      const apiEn = await api('?org=no-such-org', { 'accept-language': 'en-GB,en;q=0.9' });
      assert.match(apiEn.body.error.details[0].message, /There is no organisation "no-such-org"/);
    });

    test('malformed ids and page numbers are 400/404 pages, never 500', async () => {
      for (const url of ['/initiatives/abc', '/initiatives/0', '/initiatives/99999999999', '/initiatives/1.5', '/en/initiatives/-1', '/organisations/NOPE', '/organisations/no-such']) {
        const res = await t.app.inject({ method: 'GET', url });
        assert.equal(res.statusCode, 404, url);
        assert.match(res.headers['content-type'] as string, /text\/html/);
      }
      for (const qs of ['?page=0', '?page=-1', '?page=abc', '?page=1e3', '?page=9999999', '?page=1&page=2']) {
        const res = await t.app.inject({ method: 'GET', url: `/initiatives${qs}` });
        assert.equal(res.statusCode, 400, qs);
      }
      const apiBad = await t.app.inject({ method: 'GET', url: '/api/v1/initiatives/abc' });
      assert.equal(apiBad.statusCode, 400);
      assert.equal(apiBad.json().error.details[0].param, 'id');
      const apiMissing = await t.app.inject({ method: 'GET', url: '/api/v1/initiatives/424242' });
      assert.equal(apiMissing.statusCode, 404);
      assert.equal(apiMissing.json().error.code, 'not_found');
    });

    test('over-long and control-character queries are refused with a message; markup in a query is inert', async () => {
      const long = await t.app.inject({ method: 'GET', url: '/initiatives?q=' + 'あ'.repeat(201) });
      assert.equal(long.statusCode, 400);
      assert.match(long.body, /200文字以内/);
      const ctrl = await t.app.inject({ method: 'GET', url: '/initiatives?q=a%00b' });
      assert.equal(ctrl.statusCode, 400);
      assert.match(ctrl.body, /制御文字/);
      const twice = await t.app.inject({ method: 'GET', url: '/initiatives?q=a&q=b' });
      assert.equal(twice.statusCode, 400);
      assert.match(twice.body, /1つだけ/);
      const xss = await t.app.inject({ method: 'GET', url: '/initiatives?q=' + encodeURIComponent('"><script>alert(1)</script>') });
      assert.equal(xss.statusCode, 200);
      assert.doesNotMatch(xss.body, /<script>alert/);
      assert.match(xss.body, /&lt;script>alert\(1\)&lt;\/script>|&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
      const sqlish = await api('?q=' + encodeURIComponent("' OR 1=1 --"));
      assert.equal(sqlish.status, 200);
      assert.equal(sqlish.body.total, 0);
      const badPercent = await t.app.inject({ method: 'GET', url: '/initiatives?q=%E0%A4%A' });
      assert.ok(badPercent.statusCode < 500, `status ${badPercent.statusCode}`);
    });
  });
}

describe('rate limit', () => {
  test('a client past its limit gets a 429 with Retry-After and a message in its language; assets are not counted', async () => {
    const { buildApp } = await import('../app.ts');
    const { createTestDatabase } = await import('../../test/support/databases.ts');
    const { seedCatalogue } = await import('../seed/seed.ts');
    const db = await createTestDatabase('sqlite');
    await seedCatalogue(db.handle, FIXTURE);
    const { testConfig } = await import('../../test/support/app.ts');
    const { createMailer } = await import('../mail/smtp.ts');
    const config = testConfig({ RATE_LIMIT_PER_MINUTE: '3' });
    const app = await buildApp({ config, database: db.handle, mailer: createMailer({ smtpUrl: 'log', from: config.mailFrom, log: { info() {} } }) });
    try {
      for (let i = 0; i < 5; i++) assert.equal((await app.inject('/assets/app.css')).statusCode, 200);
      for (let i = 0; i < 3; i++) assert.equal((await app.inject('/api/v1/initiatives')).statusCode, 200);
      const api = await app.inject({ url: '/api/v1/initiatives', headers: { 'accept-language': 'en' } });
      assert.equal(api.statusCode, 429);
      assert.ok(Number(api.headers['retry-after']) > 0);
      assert.match(api.json().error.message, /Too many requests/);
      const page = await app.inject('/en/initiatives');
      assert.equal(page.statusCode, 429);
      assert.match(page.body, /Please wait a moment/);
      const other = await app.inject({ url: '/api/v1/initiatives', remoteAddress: '192.0.2.7' });
      assert.equal(other.statusCode, 200, 'another client is not affected');
    } finally {
      await app.close();
      await db.cleanup();
    }
  });
});
