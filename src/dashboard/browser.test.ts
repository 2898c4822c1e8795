// The dashboard in Chromium: no axe-core violations on every page in both languages, no sideways scroll at
// 320 px, and screenshots of the overview and the effort-beside-need view at 390 px and 1280 px in both
// languages (under /tmp/shots/dashboard/, or LASTMILE_DASHBOARD_SHOTS). One browser, ten page loads.
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../../test/support/app.ts';
import { BROWSER_SKIP, checkPage, DESKTOP, eachLimited, launchBrowser, load, newCheckContext } from '../../test/support/browser.ts';
import { FIXTURE } from '../../test/support/fixture.ts';

const SHOTS = process.env.LASTMILE_DASHBOARD_SHOTS ?? '/tmp/shots/dashboard/';
const PHONE_390 = { width: 390, height: 844 };

describe('the dashboard in Chromium', { skip: BROWSER_SKIP }, () => {
  let t: TestApp;
  let browser: Browser;
  let origin: string;
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    t = await startTestApp('sqlite', FIXTURE, { now: () => new Date('2026-11-26T03:00:00Z') });
    const rec = (i: number, ageBand: '20s' | '40s' | '70s', answers: string) =>
      t.app.checkResults.record({ check: 'personal', definitionVersion: null, answers, score: null, completedOn: `2026-0${5 + (i % 3)}-1${i % 9}`, ageBand, prefecture: '13' });
    await Promise.all([
      ...Array.from({ length: 14 }, (_, i) => rec(i, '20s', i % 3 ? 'yynyyynyy' : 'nnnyynnny')),
      ...Array.from({ length: 11 }, (_, i) => rec(i, '40s', i % 2 ? 'yyyyyyyyy' : 'yyyyynnny')),
      ...Array.from({ length: 4 }, (_, i) => rec(i, '70s', 'nnnnnnnnn')),
    ]);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  const pages = ['/dashboard', '/dashboard/need', '/dashboard/adoption', '/dashboard/effort', '/dashboard/declarations'];
  const shots = new Set(['/dashboard', '/dashboard/need']);

  for (const lang of ['ja', 'en'] as const) {
    test(`every dashboard page (${lang}): axe-free, no sideways scroll at 320 px; screenshots of the overview and need view`, async () => {
      const ctx = await newCheckContext(browser, { viewport: { width: DESKTOP.width, height: DESKTOP.height } });
      try {
        await eachLimited(pages, 2, async (path) => {
          const page: Page = await ctx.newPage();
          try {
            const url = `${origin}${lang === 'en' ? `/en${path}` : path}`;
            assert.equal((await load(page, url))?.status(), 200, url);
            // Every chart is an image with a name, and the data is there as a table.
            const charts = await page.locator('figure.stat-figure svg[role="img"]').count();
            const tables = await page.locator('figure.stat-figure table, .survey-comparison table').count();
            assert.ok(tables >= 1 || path === '/dashboard' || path === '/dashboard/declarations', `${path} shows figures`);
            assert.ok(charts <= tables);
            if (shots.has(path)) {
              const name = `${path.slice(1).replace(/\//g, '-')}-${lang}`;
              // Desktop first (the page's own width), then the phone; wait for the relayout before each shot.
              const settled = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
              await page.screenshot({ path: `${SHOTS}${name}-1280.png`, fullPage: true });
              await page.setViewportSize(PHONE_390);
              await settled();
              await page.screenshot({ path: `${SHOTS}${name}-390.png`, fullPage: true });
              await page.setViewportSize({ width: DESKTOP.width, height: DESKTOP.height });
              await settled();
            }
            await checkPage(page, `dashboard${path.slice(10).replace(/\//g, '-')}-${lang}`);
          } finally {
            await page.close();
          }
        });
      } finally {
        await ctx.close();
      }
    });
  }
});
