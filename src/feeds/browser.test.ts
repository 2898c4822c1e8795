// The partner feed pages in headless Chromium, in Japanese and English, at phone and desktop widths:
// the list, the form (empty and with errors) and a feed's status page after a real fetch from a loopback
// server (entries created, one refused with the form's reason) and after a failed one (the error shown
// to the owner). axe-core on every page, no sideways scroll at 320 px; screenshots in ./screenshots/feeds-*.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../../test/support/app.ts';
import { BROWSER_SKIP, DESKTOP, PHONE, checkPage, launchBrowser, newCheckContext } from '../../test/support/browser.ts';
import { Client, createUser, organisationIdBySlug, signIn } from '../../test/support/client.ts';
import { FIXTURE } from '../../test/support/fixture.ts';
import { createFeed, runFeed } from './service.ts';

const CALENDAR = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//city//events//JA',
  'BEGIN:VEVENT',
  'UID:class-1@city.example',
  'DTSTAMP:20260101T000000Z',
  'DTSTART;TZID=Asia/Tokyo:20300201T133000',
  'DTEND;TZID=Asia/Tokyo:20300201T150000',
  'SUMMARY:シニア向けスマホ安全教室',
  'DESCRIPTION:詐欺メールの見分け方を実演します。',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:class-2@city.example',
  'DTSTAMP:20260101T000000Z',
  'DTSTART;TZID=Asia/Tokyo:20300301T100000',
  'DTEND;TZID=Asia/Tokyo:20300301T110000',
  'SUMMARY:説明のない予定',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

describe('partner feed pages in Chromium', { skip: BROWSER_SKIP }, () => {
  let t: TestApp;
  let server: http.Server;
  let feedBase: string;
  let browser: Browser;
  let ctx: BrowserContext;
  let origin: string;
  let okId = 0;
  let failingId = 0;

  before(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/calendar.ics') res.writeHead(200, { 'content-type': 'text/calendar; charset=utf-8' }).end(CALENDAR);
      else res.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><html><body>イベント一覧</body></html>');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    feedBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    t = await startTestApp('sqlite', FIXTURE);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    const jnsa = await organisationIdBySlug(t.db.handle, 'jnsa');
    const user = await createUser(t.db.handle, { email: 'feeds@jnsa.example', displayName: '広報 担当', organisationId: jnsa });
    const owner = new Client(t.app);
    await signIn(owner, user);
    const actor = { id: user.id, email: user.email, displayName: '広報 担当', role: 'member' as const, organisationId: jnsa, orgRole: 'admin' as const, totpEnabled: false };
    const fctx = { database: t.db.handle, now: new Date(), actor };
    okId = await createFeed(fctx, jnsa, { name: '市のイベントカレンダー', url: `${feedBase}/calendar.ics`, defaults: { kind: 'events', events: { audiences: ['seniors'], attendance: 'onsite', prefecture: '13', feeYen: 0 } } });
    failingId = await createFeed(fctx, jnsa, { name: '新着教材', url: `${feedBase}/news.atom`, defaults: { kind: 'materials', materials: { audiences: ['sme'], format: 'leaflet', language: 'ja', licence: 'cc-by-4.0', attribution: '© JNSA' } } });
    await t.db.handle.db.updateTable('feeds').set({ allow_private: 1 }).where('id', 'in', [okId, failingId]).execute();
    const { config, database, mailer } = t.app.deps;
    const deps = { database, mailer, baseUrl: config.baseUrl, limits: config.feeds, log: { warn() {}, error() {} } };
    assert.equal((await runFeed(deps, okId, false)).kind, 'ok');
    assert.notEqual((await runFeed(deps, failingId, false)).kind, 'ok');
    ctx = await newCheckContext(browser, { viewport: { width: DESKTOP.width, height: DESKTOP.height } });
    await ctx.addCookies([...owner.cookies].map(([name, value]) => ({ name, value, url: origin })));
  });

  after(async () => {
    await ctx?.close();
    await browser?.close();
    await t?.close();
    await new Promise<void>((r) => server.close(() => r()));
  });

  async function check(name: string, open: (page: Page) => Promise<void>) {
    const page = await ctx.newPage();
    try {
      await open(page);
      await checkPage(page, `feeds-${name}`, { screenshots: [PHONE, DESKTOP] });
    } finally {
      await page.close();
    }
  }

  for (const [lang, prefix] of [['ja', ''], ['en', '/en']] as const) {
    test(`${lang}: the list, the form with its errors, a fetched feed and a failing one`, async () => {
      await check(`list-${lang}`, async (page) => {
        await page.goto(`${origin}${prefix}/my/feeds`);
        assert.match(await page.locator('main').innerText(), /市のイベントカレンダー/);
      });
      await check(`form-errors-${lang}`, async (page) => {
        await page.goto(`${origin}${prefix}/my/feeds/new`);
        await page.locator('form[action$="/my/feeds/new"] button[type=submit]').first().click();
        await page.waitForLoadState('load');
        assert.match(await page.title(), lang === 'ja' ? /^エラー/ : /^Error/);
      });
      await check(`status-${lang}`, async (page) => {
        await page.goto(`${origin}${prefix}/my/feeds/${okId}`);
        assert.match(await page.locator('main').innerText(), lang === 'ja' ? /内容（日本語）を入力してください/ : /Describe the event in Japanese/);
      });
      await check(`failing-${lang}`, async (page) => {
        await page.goto(`${origin}${prefix}/my/feeds/${failingId}`);
        assert.match(await page.locator('main').innerText(), lang === 'ja' ? /フィードではなく/ : /web page, not a feed/);
      });
    });
  }
});
