// The small firms' journeys in headless Chromium: the 25-item diagnosis completed on a phone-sized
// screen (360×740) in Japanese and at desktop width in English, and again with JavaScript switched off;
// the five measures and the policy generator. Every page of the journeys: no axe-core violations, no
// sideways scrolling at 320 px, screenshots in ./screenshots/business-*.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../../test/support/app.ts';
import { FIXTURE } from '../../test/support/fixture.ts';

const CHROMIUM = process.env.LASTMILE_TEST_CHROMIUM ?? '';
const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SHOTS = new URL('../../screenshots/', import.meta.url).pathname;

async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    // @ts-expect-error axe is injected above
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] }, resultTypes: ['violations'] });
    return r.violations.map((v: { id: string; help: string; nodes: { target: string[] }[] }) => `${v.id}: ${v.help} @ ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 900 };

describe('small firms in Chromium', { skip: CHROMIUM ? false : 'Chromium not available (set LASTMILE_TEST_CHROMIUM)' }, () => {
  let t: TestApp;
  let browser: Browser;
  let origin: string;

  before(async () => {
    t = await startTestApp('sqlite', FIXTURE);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    mkdirSync(SHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await t?.close();
  });

  const stored = async () => (await t.db.handle.db.selectFrom('check_results').selectAll().where('check_kind', '=', 'diagnosis').execute()).length;

  /** axe, no sideways scroll at 320 px, a screenshot at the page's own size. */
  async function sweep(page: Page, name: string) {
    await page.screenshot({ path: `${SHOTS}business-${name}.png`, fullPage: true });
    assert.deepEqual(await axe(page), [], `${name}: axe-core violations`);
    const size = page.viewportSize()!;
    await page.setViewportSize({ width: 320, height: 700 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${name} scrolls sideways at 320 px by ${overflow}px`);
    await page.setViewportSize(size);
  }

  /** Answers every item of the part shown: item n gets answer index choose(n). */
  async function answerPart(page: Page, choose: (item: number) => number) {
    const ids = await page.$$eval('fieldset[id^="field-q"]', (fs) => fs.map((f) => Number(f.id.slice('field-q'.length))));
    assert.ok(ids.length > 0);
    for (const id of ids) await page.check(`#field-q${id}-${choose(id)}`);
  }

  async function submit(page: Page) {
    await Promise.all([page.waitForNavigation(), page.click('main form button[type="submit"]')]);
  }

  /** The whole diagnosis, sweeping every page. Item 7 "don't know", 20 "partly", 24 "no", the rest "yes": 100 − 5 − 2 − 4 = 89. */
  async function diagnosis(page: Page, locale: 'ja' | 'en', tag: string, sweepPages: boolean) {
    const at = (p: string) => origin + (locale === 'en' ? `/en${p}` : p);
    const choose = (id: number) => (id === 7 ? 3 : id === 20 ? 1 : id === 24 ? 2 : 0);
    const check = async (name: string) => (sweepPages ? sweep(page, `${tag}-${name}`) : undefined);
    assert.equal((await page.goto(at('/business/check')))?.status(), 200);
    await check('start');
    await Promise.all([page.waitForNavigation(), page.click(`a[href="${locale === 'en' ? '/en' : ''}/business/check/diagnosis/1"]`)]);
    await check('part1');
    // Nothing chosen: the same page with an error summary linking to each item; the summary's link moves to the radio.
    await submit(page);
    assert.equal(await page.locator('.error-summary li').count(), 5);
    await check('part1-errors');
    await page.click('.error-summary li:nth-child(3) a');
    assert.equal(await page.evaluate(() => location.hash), '#field-q3-0');
    for (let part = 1; part <= 3; part++) {
      await answerPart(page, choose);
      await submit(page);
      if (part < 3) await check(`part${part + 1}`);
    }
    assert.match(page.url(), /\/business\/check\/diagnosis\/about\?/);
    await check('about');
    await page.selectOption('#field-size', '6-20');
    await page.selectOption('#field-pref', '13');
    await submit(page);
    assert.match(page.url(), /\/business\/check\/diagnosis\/check\?/);
    await check('check');
    const before = await stored();
    await submit(page);
    assert.match(page.url(), /\/business\/check\/diagnosis\/result\?v=1&a=y{6}uy{12}py{3}ny&pref=13$/);
    assert.equal(await stored(), before + 1);
    assert.equal((await page.textContent('.score-big'))?.trim(), '89');
    await check('result');
    await page.reload();
    assert.equal(await stored(), before + 1, 'reloading the result stored again');
    await Promise.all([page.waitForNavigation(), page.click('a[href*="/business/check/diagnosis/report"]')]);
    await check('report');
    return page;
  }

  test('the 25-item diagnosis on a phone (360×740), in Japanese', async () => {
    const ctx = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 1, isMobile: true, hasTouch: true, bypassCSP: true });
    try {
      const page = await diagnosis(await ctx.newPage(), 'ja', 'phone-ja', true);
      // The print button appears only with JavaScript.
      assert.equal(await page.locator('[data-print]').isVisible(), true);
    } finally {
      await ctx.close();
    }
  });

  test('the diagnosis at desktop width, in English', async () => {
    const ctx = await browser.newContext({ viewport: DESKTOP, bypassCSP: true });
    try {
      await diagnosis(await ctx.newPage(), 'en', 'desktop-en', true);
    } finally {
      await ctx.close();
    }
  });

  test('with JavaScript switched off, the diagnosis completes (phone, English; desktop, Japanese)', async () => {
    for (const [viewport, locale] of [
      [PHONE, 'en'],
      [DESKTOP, 'ja'],
    ] as const) {
      const ctx = await browser.newContext({ viewport, javaScriptEnabled: false });
      try {
        const page = await diagnosis(await ctx.newPage(), locale, `nojs-${locale}`, false);
        assert.equal(await page.locator('[data-print]').isVisible(), false, 'the print button needs JavaScript and stays hidden without it');
        await page.screenshot({ path: `${SHOTS}business-nojs-${locale}-report.png`, fullPage: true });
      } finally {
        await ctx.close();
      }
    }
  });

  test('the five measures and the policy generator, phone and desktop, both languages', async () => {
    for (const [vpName, viewport] of [
      ['phone', PHONE],
      ['desktop', DESKTOP],
    ] as const) {
      for (const locale of ['ja', 'en'] as const) {
        const ctx = await browser.newContext({ viewport, bypassCSP: true });
        const page = await ctx.newPage();
        const at = (p: string) => origin + (locale === 'en' ? `/en${p}` : p);
        const tag = `${vpName}-${locale}`;
        try {
          await page.goto(at('/business/check/five'));
          await page.check('#field-m1-0');
          await page.check('#field-m3-2');
          await submit(page);
          assert.equal(await page.locator('.error-summary li').count(), 3);
          await sweep(page, `${tag}-five-errors`);
          for (const id of [2, 4, 5]) await page.check(`#field-m${id}-${id === 5 ? 0 : 1}`);
          await submit(page);
          assert.match(page.url(), /\/business\/check\/five\/result\?v=1&a=ypnpy$/);
          await sweep(page, `${tag}-five-result`);

          await page.goto(at('/business/policy'));
          await sweep(page, `${tag}-policy`);
          await page.fill('#field-company', '<b>さくら商店</b>');
          await page.fill('#field-date', '');
          await submit(page);
          assert.equal(await page.locator('.error-summary li').count(), 3);
          await sweep(page, `${tag}-policy-errors`);
          await page.fill('#field-representative_title', '代表取締役');
          await page.fill('#field-representative', '山田 花子');
          await page.fill('#field-date', '2026-04-01');
          await submit(page);
          assert.equal(await page.locator('.policy-document b').count(), 0, 'the company name became markup');
          assert.match((await page.textContent('.policy-document'))!, /<b>さくら商店<\/b>/);
          await sweep(page, `${tag}-policy-result`);
        } finally {
          await ctx.close();
        }
      }
    }
  });
});
