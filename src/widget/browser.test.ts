// The widget in headless Chromium, pasted on a partner's page served from a second origin
// (http://localhost:<other port>, while the portal is http://127.0.0.1:<port>): the loader adds one
// sandboxed iframe per div (also when the script is included twice), sizes it from the frame's height
// message and ignores forged ones; neither side can reach the other's document; links open a tab with
// no window.opener. axe-core on /widget and /widget/about; screenshots of the partner page and the
// about page (ja/en, phone/desktop) in ./screenshots/widget-*.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Browser, Frame, Page } from 'playwright-core';
import { startTestApp, TEST_BASE_URL, type TestApp } from '../../test/support/app.ts';
import { BROWSER_SKIP, DESKTOP, PHONE, SCREENSHOTS, checkPage, launchBrowser, newCheckContext, shotOptions, timed, type Viewport } from '../../test/support/browser.ts';
import { FIXTURE } from '../../test/support/fixture.ts';
import { publishSampleAdvisories } from '../advisories/fixture.ts';
import { FIXTURE_NOW, publishFixtureEvents } from '../events/fixture.ts';

/**
 * A whole-page screenshot. Chromium's full-page capture leaves out-of-process frames (the sandboxed
 * widget is one, whatever page it is on) unpainted below the fold, so the viewport is made as tall
 * as the page instead, then put back.
 */
async function shoot(page: Page, name: string, vp: Viewport) {
  if (!SCREENSHOTS) return;
  await timed('screenshot', async () => {
    await page.setViewportSize({ width: vp.width, height: 200 });
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({ width: vp.width, height });
    await page.waitForTimeout(300);
    await page.screenshot(shotOptions(name));
    await page.setViewportSize({ width: vp.width, height: vp.height });
  });
}

/** A municipality's page that pastes the snippet (twice the script, plus one div with a wrong value). */
function partnerPage(portal: string, lang: 'ja' | 'en'): string {
  const ja = lang === 'ja';
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${ja ? '架空市 くらしの安全' : 'Fictional City: staying safe'}</title>
<style>body{font-family:sans-serif;margin:0;color:#1a1a1a}header{background:#0b5d3b;color:#fff;padding:1rem}main{display:flex;flex-wrap:wrap;gap:1.5rem;padding:1rem;max-width:72rem;margin:0 auto}article{flex:2 1 20rem}aside{flex:1 1 18rem;border:1px solid #767676;border-radius:8px;padding:.5rem}h2{font-size:1.1rem}</style></head>
<body><header><h1>${ja ? '架空市（テスト用のページ）' : 'Fictional City (a test page)'}</h1></header>
<main><article><h2>${ja ? 'くらしの安全' : 'Staying safe'}</h2><p>${ja ? '市からのお知らせです。右のウィジェットには、ラストワンマイル・ポータルの注意喚起とイベントが表示されます。' : 'News from the city. The widget shows advisories and events from the Lastmile portal.'}</p>
<div id="bad" data-lastmile-widget data-prefecture="99"><a href="${portal}/advisories">fallback</a></div></article>
<aside><h2>${ja ? '注意喚起とイベント' : 'Advisories and events'}</h2>
<div id="w1" data-lastmile-widget data-audience="sme" data-prefecture="27" data-lang="${lang}"><a href="${portal}/advisories">fallback</a></div>
<script src="${portal}/widget.js" async></script>
<div id="w2" data-lastmile-widget data-audience="seniors" data-prefecture="13" data-lang="${lang}" data-limit="2"></div>
<script src="${portal}/widget.js" async></script></aside></main></body></html>`;
}

describe('embeddable widget in Chromium', { skip: BROWSER_SKIP }, () => {
  let t: TestApp;
  let browser: Browser;
  let portal: string;
  let partner: Server;
  let partnerOrigin: string;

  before(async () => {
    t = await startTestApp('sqlite', FIXTURE, { now: () => new Date(FIXTURE_NOW) });
    await publishSampleAdvisories(t.app);
    await publishFixtureEvents(t.db.handle);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    portal = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    partner = createServer((req, res) => {
      const lang = req.url?.includes('lang=en') ? 'en' : 'ja';
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(partnerPage(portal, lang));
    });
    await new Promise<void>((resolve) => partner.listen(0, '127.0.0.1', resolve));
    // "localhost" and "127.0.0.1" are different origins (and different sites) to the browser.
    partnerOrigin = `http://localhost:${(partner.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => partner?.close(resolve));
    await t?.close();
  });

  /** The widget frames of the partner page, once both have been sized by their height messages. */
  async function sizedWidgets(page: Page): Promise<Frame[]> {
    await page.waitForFunction(() => {
      const frames = [...document.querySelectorAll<HTMLIFrameElement>('#w1 iframe, #w2 iframe')];
      return frames.length === 2 && frames.every((f) => f.style.height !== '480px');
    });
    return page.frames().filter((f) => f.url().startsWith(`${portal}/widget?`));
  }

  test('the snippet on another origin: one sandboxed frame per div, sized to its content, isolated both ways', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await page.goto(`${partnerOrigin}/?lang=ja`);
      const frames = await sizedWidgets(page);
      assert.equal(frames.length, 2);
      // The script was included twice: still one frame per div; the div with a wrong value keeps its fallback.
      assert.equal(await page.locator('iframe').count(), 2);
      assert.equal(await page.locator('#bad iframe').count(), 0);
      assert.equal(await page.locator('#bad a').textContent(), 'fallback');
      assert.equal(await page.locator('#w1 a').count(), 0, 'the fallback link is replaced by the frame');

      const attrs = await page.locator('#w1 iframe').evaluate((f: HTMLIFrameElement) => ({
        sandbox: f.getAttribute('sandbox'),
        title: f.getAttribute('title'),
        loading: f.getAttribute('loading'),
        referrerpolicy: f.getAttribute('referrerpolicy'),
        src: f.getAttribute('src'),
        width: f.getBoundingClientRect().width,
        parentWidth: f.parentElement!.getBoundingClientRect().width,
      }));
      assert.equal(attrs.sandbox, 'allow-scripts allow-popups allow-popups-to-escape-sandbox');
      assert.equal(attrs.title, '注意喚起とイベント（ラストワンマイル・ポータル）');
      assert.equal(attrs.loading, 'lazy');
      assert.equal(attrs.referrerpolicy, 'strict-origin-when-cross-origin');
      assert.equal(attrs.src, `${portal}/widget?audience=sme&prefecture=27&lang=ja`);
      assert.equal(attrs.width, attrs.parentWidth);

      // The frame's height is its content's height (within the clamp), so nothing scrolls inside it.
      for (const [id, frame] of [['#w1', frames.find((f) => f.url().includes('audience=sme'))!], ['#w2', frames.find((f) => f.url().includes('audience=seniors'))!]] as const) {
        const content = await frame.evaluate(() => document.documentElement.offsetHeight);
        const height = await page.locator(`${id} iframe`).evaluate((f: HTMLIFrameElement) => f.getBoundingClientRect().height);
        assert.ok(Math.abs(height - Math.min(2000, Math.max(100, content))) <= 1, `${id}: frame ${height}px, content ${content}px`);
        // Its stylesheet and frame script loaded although the document has an opaque origin.
        assert.equal(await frame.evaluate(() => getComputedStyle(document.body).paddingTop), '12px');
      }
      const [frame] = frames as [Frame];
      assert.equal(await frame.evaluate(() => self.origin), 'null', 'the sandboxed document has an opaque origin');
      assert.equal(await frame.evaluate(() => (document.querySelectorAll('.w-item').length > 0 ? 'items' : 'none')), 'items');

      // The partner page cannot read the widget…
      const fromPartner = await page.evaluate(() => {
        const f = document.querySelector<HTMLIFrameElement>('#w1 iframe')!;
        let viaWindow: string;
        try {
          viaWindow = String(f.contentWindow!.document.title);
        } catch (e) {
          viaWindow = `blocked: ${(e as Error).name}`;
        }
        return { contentDocument: f.contentDocument === null, viaWindow };
      });
      assert.deepEqual(fromPartner, { contentDocument: true, viaWindow: 'blocked: SecurityError' });
      // …and the widget cannot reach the partner page, nor read the portal's cookies or storage.
      // (Anonymous functions only: tsx names named ones with a helper that does not exist in the page.)
      const fromWidget = await frame.evaluate(() =>
        [() => window.parent.document.title, () => window.top!.location.href, () => document.cookie, () => window.localStorage.length].map((f) => {
          try {
            return `read: ${String(f())}`;
          } catch (e) {
            return `blocked: ${(e as Error).name}`;
          }
        }),
      );
      // window.parent.document, window.top.location.href, document.cookie, localStorage:
      assert.deepEqual(fromWidget, Array(4).fill('blocked: SecurityError'));

      // A message that is not from the frame itself, or not exactly the height message, changes nothing.
      const before = await page.locator('#w1 iframe').evaluate((f: HTMLIFrameElement) => f.style.height);
      await page.evaluate(() => {
        window.postMessage({ type: 'lastmile-widget-height', height: 1500 }, '*');
        const other = document.createElement('iframe');
        other.srcdoc = "<script>parent.postMessage({type:'lastmile-widget-height',height:1600},'*')</script>";
        document.body.appendChild(other);
      });
      await frame.evaluate(() => {
        const p = window.parent;
        p.postMessage({ type: 'lastmile-widget-height', height: 1700, extra: 1 }, '*');
        p.postMessage({ type: 'lastmile-widget-height', height: '1800' }, '*');
        p.postMessage({ type: 'lastmile-widget-height', height: Infinity }, '*');
        p.postMessage('{"type":"lastmile-widget-height","height":1900}', '*');
      });
      await page.waitForTimeout(300);
      assert.equal(await page.locator('#w1 iframe').evaluate((f: HTMLIFrameElement) => f.style.height), before);
      // The frame's own message is clamped to [100, 2000].
      await frame.evaluate(() => window.parent.postMessage({ type: 'lastmile-widget-height', height: 99999 }, '*'));
      await page.waitForFunction(() => document.querySelector<HTMLIFrameElement>('#w1 iframe')!.style.height === '2000px');
      await frame.evaluate(() => window.parent.postMessage({ type: 'lastmile-widget-height', height: 3 }, '*'));
      await page.waitForFunction(() => document.querySelector<HTMLIFrameElement>('#w1 iframe')!.style.height === '100px');
    } finally {
      await page.close();
    }
  });

  test('a link in the widget opens the portal in a new tab that has no window.opener', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // The portal's links use its public address (BASE_URL); answer for it here.
    await ctx.route(`${TEST_BASE_URL}/**`, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>portal</title><p>portal</p>' }));
    const page = await ctx.newPage();
    try {
      await page.goto(`${partnerOrigin}/?lang=ja`);
      const [frame] = await sizedWidgets(page);
      const popup = ctx.waitForEvent('page');
      await frame!.locator('.w-item-title').first().click();
      const tab = await popup;
      await tab.waitForLoadState();
      assert.match(tab.url(), new RegExp(`^${TEST_BASE_URL}/advisories/\\d+$`));
      assert.equal(await tab.evaluate(() => window.opener), null);
      assert.equal(page.url(), `${partnerOrigin}/?lang=ja`, 'the partner page stays where it was');
    } finally {
      await ctx.close();
    }
  });

  for (const locale of ['ja', 'en'] as const) {
    test(`screenshots of the partner page and /widget/about; axe on /widget and /widget/about (${locale})`, async () => {
      for (const vp of [PHONE, DESKTOP]) {
        const page = await browser.newPage({ viewport: { width: vp.width, height: vp.height } });
        try {
          await page.goto(`${partnerOrigin}/?lang=${locale}`);
          await sizedWidgets(page);
          await shoot(page, `widget-partner-${locale}-${vp.name}`, vp);
        } finally {
          await page.close();
        }
      }
      // One load per page: screenshots at both widths, then axe at desktop width and the 320 px check.
      // bypassCSP: the widget's CSP (rightly) refuses the injected axe-core script.
      const ctx = await newCheckContext(browser, { viewport: { width: DESKTOP.width, height: DESKTOP.height } });
      try {
        const direct = await ctx.newPage();
        for (const [name, url] of [
          ['widget', `${portal}/widget?audience=seniors&prefecture=13&lang=${locale}`],
          ['widget-about', `${portal}${locale === 'en' ? '/en' : ''}/widget/about?audience=seniors&prefecture=23&lang=${locale}`],
        ] as const) {
          assert.equal((await direct.goto(url))?.status(), 200, url);
          assert.equal(await direct.getAttribute('html', 'lang'), locale);
          for (const vp of [PHONE, DESKTOP]) await shoot(direct, `${name}-${locale}-${vp.name}`, vp);
          await checkPage(direct, `${name}-${locale}`);
        }
      } finally {
        await ctx.close();
      }
    });
  }

  test('the widget shows its content with JavaScript switched off', async () => {
    const ctx = await browser.newContext({ javaScriptEnabled: false });
    const page = await ctx.newPage();
    try {
      await page.goto(`${portal}/widget?audience=sme&prefecture=27`);
      assert.ok((await page.locator('.w-item').count()) >= 2);
      await page.goto(`${portal}/widget/about`);
      await page.locator('#prefecture').selectOption('27');
      await page.locator('#lang-en').check();
      await page.getByRole('button', { name: 'この内容でコードを作る' }).click();
      assert.match(page.url(), /\/widget\/about\?audience=&prefecture=27&lang=en$/);
      assert.match(await page.locator('pre code').first().innerText(), /data-prefecture="27" data-lang="en"/);
    } finally {
      await ctx.close();
    }
  });
});
