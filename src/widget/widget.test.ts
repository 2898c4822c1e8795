// The embeddable widget on SQLite and PostgreSQL: what it lists for an audience and a prefecture, in
// both languages; wrong input is a 400 in the chosen language; and the headers that make it safe to
// embed anywhere: only /widget may be framed, it sets no cookie, it is publicly cached, its links
// open new tabs that cannot reach back (noopener), and the loader is served as JavaScript.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, TEST_BASE_URL, type TestApp } from '../../test/support/app.ts';
import { testDialects } from '../../test/support/databases.ts';
import { FIXTURE } from '../../test/support/fixture.ts';
import { publishSampleAdvisories, SAMPLE_ADVISORIES } from '../advisories/fixture.ts';
import { FIXTURE_NOW, publishFixtureEvents } from '../events/fixture.ts';

const [NATIONWIDE, TOKYO_OSAKA, WITHDRAWN] = SAMPLE_ADVISORIES.map((a) => a.titleJa) as [string, string, string];

/** The <li> items of one section of a widget document. */
function items(html: string, section: 'advisories' | 'events'): string[] {
  const m = new RegExp(`<section[^>]*aria-labelledby="w-${section}"[^>]*>([\\s\\S]*?)</section>`).exec(html);
  return m ? [...m[1]!.matchAll(/<li class="w-item">([\s\S]*?)<\/li>/g)].map((x) => x[1]!) : [];
}

for (const dialect of testDialects()) {
  describe(`embeddable widget (${dialect})`, () => {
    let t: TestApp;
    const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers });

    before(async () => {
      // The sample events are in February and March 2027: the clock stands before them.
      t = await startTestApp(dialect, FIXTURE, { now: () => new Date(FIXTURE_NOW) });
      await publishSampleAdvisories(t.app);
      await publishFixtureEvents(t.db.handle);
    });
    after(async () => {
      await t.close();
    });

    test('a prefecture sees its own and the nationwide current advisories, newest first, and no withdrawn one', async () => {
      const r = await get('/widget?prefecture=23');
      assert.equal(r.statusCode, 200);
      assert.match(r.headers['content-type'] as string, /^text\/html; charset=utf-8/);
      const list = items(r.body, 'advisories');
      assert.equal(list.length, 1);
      assert.ok(list[0]!.includes(NATIONWIDE));
      // The severity as a word with its symbol (colour is never the only signal).
      assert.match(list[0]!, /<span class="severity severity-warning"><span class="severity-symbol" aria-hidden="true">!<\/span>警戒<\/span>/);
      assert.match(list[0]!, /発信日 <time dateTime="[^"]+">令和\d+年\d+月\d+日（\d{4}-\d{2}-\d{2}）<\/time>/i);
      assert.ok(!r.body.includes(TOKYO_OSAKA), 'an advisory for Tokyo and Osaka only is not shown in Aichi');
      assert.ok(!r.body.includes(WITHDRAWN));

      const osaka = await get('/widget?prefecture=27');
      const titles = items(osaka.body, 'advisories');
      assert.equal(titles.length, 2);
      // Newest first: the nationwide one was corrected after, but published before, the Osaka one.
      assert.ok(titles[0]!.includes(TOKYO_OSAKA) && titles[0]!.includes('緊急'));
      assert.ok(titles[1]!.includes(NATIONWIDE));
    });

    test('the audience narrows advisories and events; online events are shown in every prefecture', async () => {
      const sme = await get('/widget?audience=sme&prefecture=27');
      assert.deepEqual(
        items(sme.body, 'advisories').map((x) => x.includes(TOKYO_OSAKA)),
        [true],
        'an advisory for older people is not shown to SMEs',
      );
      const smeEvents = items(sme.body, 'events');
      assert.equal(smeEvents.length, 1);
      assert.ok(smeEvents[0]!.includes('中小企業のための情報セキュリティセミナー'));
      assert.ok(smeEvents[0]!.includes('令和9年2月10日'), 'the date in the Japanese era');
      assert.ok(smeEvents[0]!.includes('大阪府・大阪商工会館／オンライン'));

      const seniors = await get('/widget?audience=seniors&prefecture=13');
      const seniorEvents = items(seniors.body, 'events');
      assert.equal(seniorEvents.length, 1);
      assert.ok(seniorEvents[0]!.includes('高齢者向けスマホ安全教室'));
      assert.ok(seniorEvents[0]!.includes('令和9年2月5日（金）（2027-02-05） 13:30〜15:00'));
      assert.ok(seniorEvents[0]!.includes('東京都・千代田区立公民館 第1会議室'));
      assert.equal(items((await get('/widget?audience=seniors&prefecture=23')).body, 'events').length, 0);
      assert.ok((await get('/widget?audience=seniors&prefecture=23')).body.includes('予定されている該当イベントはありません。'));

      // Held online: shown for young people in Aichi although it has no prefecture.
      const youth = items((await get('/widget?audience=youth&prefecture=23')).body, 'events');
      assert.equal(youth.length, 1);
      assert.ok(youth[0]!.includes('若者のためのSNS安全講座（オンライン）'));

      // No filter: every upcoming event (the past one is not), soonest first, the cancelled one marked.
      const all = items((await get('/widget?kinds=events&limit=10')).body, 'events');
      assert.equal(all.length, 4);
      assert.ok(all[0]!.includes('高齢者向けスマホ安全教室'));
      assert.ok(all[3]!.includes('<span class="w-tag">中止</span>'));
    });

    test('English with lang=en; limit and kinds', async () => {
      const r = await get('/widget?lang=en&audience=seniors&prefecture=13');
      assert.equal(r.statusCode, 200);
      assert.match(r.body, /<html lang="en">/);
      assert.ok(r.body.includes('<h1 class="w-title">Advisories and events (Tokyo, older people)</h1>'));
      assert.ok(r.body.includes(SAMPLE_ADVISORIES[0]!.titleEn));
      assert.ok(r.body.includes('Warning</span>'));
      assert.ok(r.body.includes('Smartphone safety class for older people'));
      assert.ok(r.body.includes('Friday 5 February 2027 13:30–15:00'));
      assert.ok(r.body.includes('See all advisories') && r.body.includes('See all events'));
      assert.ok(r.body.includes(`href="${TEST_BASE_URL}/en/advisories?audience=seniors&amp;prefecture=13"`));
      assert.ok(r.body.includes('From <a') && r.body.includes('Links open in a new tab.'));

      const one = await get('/widget?prefecture=27&limit=1&kinds=advisories');
      assert.equal(items(one.body, 'advisories').length, 1);
      assert.ok(!one.body.includes('w-events'), 'events are left out when only advisories are asked for');
      assert.ok(one.body.includes('<h1 class="w-title">注意喚起（大阪府・すべての対象）</h1>'));
    });

    test('wrong input is a 400 with a short message in the chosen language, never a 500', async () => {
      const cases: [string, RegExp][] = [
        ['audience=aliens', /対象（audience）の指定が正しくありません。/],
        ['audience=seniors&audience=sme', /対象（audience）/],
        ['prefecture=99', /都道府県（prefecture）は 01〜47/],
        ['prefecture=13&prefecture=27', /都道府県（prefecture）/],
        ['prefecture=%E0%A4%A', /都道府県（prefecture）/],
        ['lang=fr', /言語（lang）は ja か en/],
        ['limit=0', /件数（limit）は 1〜10/],
        ['limit=11', /件数（limit）/],
        ['limit=1.5', /件数（limit）/],
        ['kinds=advisories,spam', /表示する内容（kinds）/],
        ['kinds=', /^/],
        ['lang=en&limit=99', /The number of items \(limit\) must be from 1 to 10\./],
        ['lang=en&audience=x&prefecture=0', /The audience \(audience\) is not valid\.[\s\S]*The prefecture/],
      ];
      for (const [qs, message] of cases) {
        const r = await get(`/widget?${qs}`);
        if (qs === 'kinds=') {
          // An empty choice is no choice: the default (both lists).
          assert.equal(r.statusCode, 200, qs);
          continue;
        }
        assert.equal(r.statusCode, 400, qs);
        assert.match(r.body, message, qs);
        assert.match(r.body, qs.startsWith('lang=en') ? /<html lang="en">/ : /<html lang="ja">/, qs);
        // Still frameable: the partner's page shows the message, not a browser error.
        assert.match(r.headers['content-security-policy'] as string, /frame-ancestors \*/, qs);
      }
      // Unknown parameters (a partner's tracking) are ignored.
      assert.equal((await get('/widget?utm_source=city&lang=ja')).statusCode, 200);
    });

    test('only /widget may be framed by any site; every other page refuses framing', async () => {
      const r = await get('/widget?prefecture=13');
      const csp = r.headers['content-security-policy'] as string;
      assert.match(csp, /(^|;)frame-ancestors \*(;|$)/);
      assert.match(csp, /(^|;)script-src 'self'(;|$)/);
      assert.match(csp, /(^|;)sandbox allow-scripts allow-popups allow-popups-to-escape-sandbox(;|$)/);
      assert.ok(!csp.includes('allow-same-origin'), 'never allow-same-origin with allow-scripts');
      assert.ok(!csp.includes('unsafe-inline'));
      assert.equal(r.headers['x-frame-options'], undefined);
      assert.equal(r.headers['referrer-policy'], 'strict-origin-when-cross-origin');
      assert.equal(r.headers['cache-control'], 'public, max-age=300');
      assert.ok(!/<script(?![^>]*\ssrc=)/.test(r.body), 'no inline script');

      for (const path of ['/', '/advisories', '/events', '/widget/about', '/en/widget/about', '/subscribe', '/widget.js']) {
        const other = await get(path);
        assert.match(other.headers['content-security-policy'] as string, /frame-ancestors 'none'/, path);
        assert.ok(['DENY', 'SAMEORIGIN'].includes(other.headers['x-frame-options'] as string), path);
      }
    });

    test('no cookie on /widget, even for a visitor whose stale session cookie the site would clear', async () => {
      for (const cookie of [undefined, 'lm_session=stale-token-from-an-old-visit']) {
        const r = await get('/widget?prefecture=13', cookie ? { cookie } : {});
        assert.equal(r.statusCode, 200);
        assert.equal(r.headers['set-cookie'], undefined, `cookie: ${cookie}`);
        assert.equal(r.headers['cache-control'], 'public, max-age=300');
      }
      // The same stale cookie on an ordinary page is cleared (so the test above means something).
      assert.ok((await get('/', { cookie: 'lm_session=stale-token-from-an-old-visit' })).headers['set-cookie']);
      const bad = await get('/widget?lang=fr', { cookie: 'lm_session=stale' });
      assert.equal(bad.headers['set-cookie'], undefined);
    });

    test('every link opens the portal in a new tab without window.opener, at an absolute URL', async () => {
      const r = await get('/widget?audience=seniors&prefecture=13');
      const links = [...r.body.matchAll(/<a\s([^>]*)>/g)].map((m) => m[1]!);
      assert.ok(links.length >= 5);
      for (const a of links) {
        assert.match(a, /target="_blank"/, a);
        assert.match(a, /rel="noopener noreferrer"/, a);
        assert.match(a, new RegExp(`href="${TEST_BASE_URL}/`), a);
      }
      assert.ok(r.body.includes(`href="${TEST_BASE_URL}/advisories/1"`));
      assert.ok(r.body.includes(`href="${TEST_BASE_URL}/events?prefecture=13&amp;audience=seniors"`));
      assert.ok(r.body.includes('提供：<a') && r.body.includes('ラストワンマイル・ポータル</a>'));
    });

    test('the loader, the stylesheet and the frame script: types, cross-origin readable, cached', async () => {
      const js = await get('/widget.js');
      assert.equal(js.statusCode, 200);
      assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
      assert.equal(js.headers['cross-origin-resource-policy'], 'cross-origin');
      assert.equal(js.headers['cache-control'], 'public, max-age=300');
      assert.equal(js.headers['set-cookie'], undefined);
      assert.equal((await get('/widget.js', { 'if-none-match': js.headers.etag as string })).statusCode, 304);
      assert.ok(!/\.innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/.test(js.body), 'never turns text into code or markup');
      assert.ok(js.body.includes("'allow-scripts allow-popups allow-popups-to-escape-sandbox'"));
      assert.ok(js.body.includes('event.source'));

      const page = (await get('/widget')).body;
      for (const href of [/href="(\/assets\/widget\/widget\.css\?v=[0-9a-f]{12})"/.exec(page)![1]!, /src="(\/assets\/widget\/frame\.js\?v=[0-9a-f]{12})"/.exec(page)![1]!]) {
        const r = await get(href);
        assert.equal(r.statusCode, 200, href);
        assert.match(r.headers['content-type'] as string, href.includes('.css') ? /^text\/css/ : /^text\/javascript/);
        assert.equal(r.headers['cross-origin-resource-policy'], 'cross-origin', href);
        assert.equal(r.headers['cache-control'], 'public, max-age=31536000, immutable', href);
      }
      // The rest of /assets/ stays same-origin only.
      assert.equal((await get('/assets/app.css')).headers['cross-origin-resource-policy'], 'same-origin');
    });

    test('/widget/about makes the snippet from a GET form, escaped, in both languages; /subscribe links to it', async () => {
      const ja = await get('/widget/about');
      assert.equal(ja.statusCode, 200);
      assert.ok(ja.body.includes('<form method="get" action="/widget/about"'));
      assert.ok(ja.body.includes(`&lt;div data-lastmile-widget data-lang=&quot;ja&quot;>&lt;a href=&quot;${TEST_BASE_URL}/advisories&quot;>`));
      assert.ok(ja.body.includes(`&lt;script src=&quot;${TEST_BASE_URL}/widget.js&quot; async>&lt;/script>`));
      assert.ok(ja.body.includes('<iframe src="/widget?lang=ja"'));
      assert.ok(ja.body.includes('sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"'));

      const chosen = await get('/widget/about?audience=seniors&prefecture=23&lang=en');
      assert.equal(chosen.statusCode, 200);
      assert.ok(chosen.body.includes('data-lastmile-widget data-audience=&quot;seniors&quot; data-prefecture=&quot;23&quot; data-lang=&quot;en&quot;'));
      assert.ok(chosen.body.includes('<iframe src="/widget?audience=seniors&amp;prefecture=23&amp;lang=en"'));
      assert.match(chosen.body, /<option value="23" selected>/);

      const en = await get('/en/widget/about');
      assert.equal(en.statusCode, 200);
      assert.ok(en.body.includes('Show advisories and events on your website (widget)'));
      assert.ok(en.body.includes('data-lang=&quot;en&quot;'), 'the widget speaks the page’s language by default');

      assert.equal((await get('/widget/about?prefecture=<script>')).statusCode, 400);
      assert.ok((await get('/subscribe')).body.includes('href="/widget/about"'));
      assert.ok((await get('/en/subscribe')).body.includes('href="/en/widget/about"'));
    });
  });
}
