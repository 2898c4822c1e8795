// The small firms' journeys in headless Chromium: the 25-item diagnosis completed on a phone-sized
// screen (360×740) in Japanese and at desktop width in English, and again with JavaScript switched off;
// the five measures and the policy generator. Every page of the journeys: no axe-core violations, no
// sideways scrolling at 320 px, screenshots in ./screenshots/business-*.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../../test/support/app.ts';
import { BROWSER_SKIP, checkPage, eachLimited, launchBrowser, newCheckContext, screenshot } from '../../test/support/browser.ts';
import { FIXTURE } from '../../test/support/fixture.ts';

const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 900 };

describe('small firms in Chromium', { skip: BROWSER_SKIP }, () => {
  let t: TestApp;
  let browser: Browser;
  let origin: string;

  before(async () => {
    t = await startTestApp('sqlite', FIXTURE);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await t?.close();
  });

  const stored = async () => (await t.db.handle.db.selectFrom('check_results').selectAll().where('check_kind', '=', 'diagnosis').execute()).length;

  /** A screenshot at the page's own size, axe (unless told not to), no sideways scroll at 320 px. */
  async function sweep(page: Page, name: string, axe = true) {
    await screenshot(page, `business-${name}`);
    await checkPage(page, name, { axe, narrowHeight: 700 });
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
    const ctx = await newCheckContext(browser, { viewport: PHONE, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
    try {
      const page = await diagnosis(await ctx.newPage(), 'ja', 'phone-ja', true);
      // The print button appears only with JavaScript.
      assert.equal(await page.locator('[data-print]').isVisible(), true);
    } finally {
      await ctx.close();
    }
  });

  test('the diagnosis at desktop width, in English', async () => {
    const ctx = await newCheckContext(browser, { viewport: DESKTOP });
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
        await screenshot(page, `business-nojs-${locale}-report`);
      } finally {
        await ctx.close();
      }
    }
  });

  test('the five measures and the policy generator, phone and desktop, both languages', async () => {
    // Each page in both languages at both widths: screenshots and the 320 px check everywhere; axe once
    // per page and language (Japanese at the phone width, English at desktop width, as the diagnosis
    // above): the two widths of one language are the same document, re-laid out.
    const runs = [
      ['phone', PHONE, 'ja'],
      ['phone', PHONE, 'en'],
      ['desktop', DESKTOP, 'ja'],
      ['desktop', DESKTOP, 'en'],
    ] as const;
    await eachLimited(runs, 2, async ([vpName, viewport, locale]) => {
      const ctx = await newCheckContext(browser, { viewport });
      const page = await ctx.newPage();
      const at = (p: string) => origin + (locale === 'en' ? `/en${p}` : p);
      const tag = `${vpName}-${locale}`;
      const axe = (vpName === 'phone') === (locale === 'ja');
      try {
        await page.goto(at('/business/check/five'));
        await page.check('#field-m1-0');
        await page.check('#field-m3-2');
        await submit(page);
        assert.equal(await page.locator('.error-summary li').count(), 3);
        await sweep(page, `${tag}-five-errors`, axe);
        for (const id of [2, 4, 5]) await page.check(`#field-m${id}-${id === 5 ? 0 : 1}`);
        await submit(page);
        assert.match(page.url(), /\/business\/check\/five\/result\?v=1&a=ypnpy$/);
        await sweep(page, `${tag}-five-result`, axe);

        await page.goto(at('/business/policy'));
        await sweep(page, `${tag}-policy`, axe);
        await page.fill('#field-company', '<b>さくら商店</b>');
        await page.fill('#field-date', '');
        await submit(page);
        assert.equal(await page.locator('.error-summary li').count(), 3);
        await sweep(page, `${tag}-policy-errors`, axe);
        await page.fill('#field-representative_title', '代表取締役');
        await page.fill('#field-representative', '山田 花子');
        await page.fill('#field-date', '2026-04-01');
        await submit(page);
        assert.equal(await page.locator('.policy-document b').count(), 0, 'the company name became markup');
        assert.match((await page.textContent('.policy-document'))!, /<b>さくら商店<\/b>/);
        await sweep(page, `${tag}-policy-result`, axe);
      } finally {
        await ctx.close();
      }
    });
  });
});
