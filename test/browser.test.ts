// Every page in headless Chromium, in Japanese and English, at a phone and a desktop width:
// no axe-core violations, no sideways scrolling at 320 px (a phone, or 400% zoom), and the
// catalogue's filters work with JavaScript switched off. Screenshots go to ./screenshots/.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { loadShippedSeed } from '../src/seed/seed.ts';
import { seedMaterialsForScreens } from '../src/materials/screenshot-seed.ts';
import { publishFixtureEvents } from '../src/events/fixture.ts';
import { publishSampleAdvisories } from '../src/advisories/fixture.ts';
import { linkToken, subscriptionLinkKey } from '../src/subscriptions/tokens.ts';
import { insertSampleDeclarations } from '../src/declarations/fixture.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { BROWSER_SKIP, DESKTOP, PHONE, axeViolations, checkPage, launchBrowser, localized, newCheckContext, screenshot } from './support/browser.ts';
import { createUser, totpNow } from './support/client.ts';

/** ownContext: the page registers a service worker, which would then control the pages loaded after it in a shared context. */
const PAGES: { name: string; path: string; status?: number; ownContext?: boolean }[] = [
  { name: 'home', path: '/' },
  { name: 'initiatives', path: '/initiatives' },
  { name: 'initiatives-filtered', path: '/initiatives?audience=seniors&method=info_desk' },
  { name: 'initiatives-search', path: '/initiatives?q=%E7%9B%B8%E8%AB%87' },
  { name: 'initiatives-page2', path: '/initiatives?page=2' },
  { name: 'initiatives-empty', path: '/initiatives?q=zzzzqqq' },
  { name: 'initiative', path: '/initiatives/1' },
  { name: 'organisations', path: '/organisations' },
  { name: 'organisation', path: '/organisations/ipa' },
  { name: 'matrix', path: '/matrix' },
  { name: 'matrix-public', path: '/matrix?sector=public&region=13' },
  { name: 'strategy', path: '/strategy' },
  { name: 'open-data', path: '/open-data' },
  { name: 'accessibility', path: '/accessibility' },
  { name: 'register', path: '/register' },
  { name: 'login', path: '/login' },
  { name: 'password-forgot', path: '/password/forgot' },
  { name: 'verify-resend', path: '/verify-email/resend' },
  { name: 'bad-input', path: '/initiatives?audience=aliens', status: 400 },
  { name: 'not-found', path: '/initiatives/999999', status: 404 },
  // Materials are published by seedMaterialsForScreens (before): 1 a PDF leaflet, 2 a poster in two versions, 3 a video link.
  { name: 'materials', path: '/materials' },
  { name: 'materials-filtered', path: '/materials?audience=sme&format=poster' },
  { name: 'material-pdf', path: '/materials/1' },
  { name: 'material-image', path: '/materials/2' },
  { name: 'material-link', path: '/materials/3' },
  // Events are published by publishFixtureEvents (before): 1 Tokyo, 2 Osaka (hybrid), 3 online, 4 Hokkaido (cancelled, all day), 5 past.
  { name: 'events', path: '/events' },
  { name: 'events-filtered', path: '/events?block=kanto&block=kinki&audience=seniors&audience=sme&when=all' },
  { name: 'events-calendar', path: '/events/calendar?month=2027-02' },
  { name: 'events-map', path: '/events/map?when=all' },
  { name: 'event', path: '/events/1' },
  { name: 'event-cancelled', path: '/events/4' },
  { name: 'campaign', path: '/campaigns/2' },
  { name: 'events-bad-input', path: '/events?prefecture=99&from=2027-02-30', status: 400 },
  // Web push: push.js swaps the "cannot receive" notice for the form (Chromium on 127.0.0.1 is a secure context).
  { name: 'subscribe-push', path: '/subscribe/push', ownContext: true },
  { name: 'subscribe', path: '/subscribe' },
  // Pages reached from a subscriber's email: {confirm} and {manage} are that subscriber's link tokens.
  { name: 'subscribe-confirm', path: '/subscribe/confirm?t={confirm}' },
  { name: 'subscribe-manage', path: '/subscribe/manage?t={manage}' },
  { name: 'subscribe-unsubscribe', path: '/subscribe/unsubscribe?t={manage}' },
  { name: 'subscribe-bad-link', path: '/subscribe/manage?t=1.AAAAAAAAAAAAAAAAAAAAAA', status: 400 },
  { name: 'advisories', path: '/advisories' },
  { name: 'advisory-corrected', path: '/advisories/1' },
  { name: 'advisory-withdrawn', path: '/advisories/3' },
  { name: 'advisories-filtered', path: '/advisories?prefecture=13&severity=emergency&scope=all' },
  { name: 'advisories-bad-input', path: '/advisories?severity=panic', status: 400 },
  // Desks and the guided path (seeded at start: desk 1 is 110, 5 IPA's desk, 32 the Aichi police desk).
  { name: 'desks', path: '/desks' },
  { name: 'desks-filtered', path: '/desks?topic=fraud&for=individuals&prefecture=23' },
  { name: 'desks-empty', path: '/desks?topic=consumer_trouble&for=large_enterprise' },
  { name: 'desk', path: '/desks/5' },
  { name: 'desk-prefectural', path: '/desks/32' },
  { name: 'desks-bad-input', path: '/desks?topic=aliens', status: 400 },
  { name: 'help', path: '/help' },
  { name: 'help-what', path: '/help/what' },
  { name: 'help-who', path: '/help/who?what=fraud' },
  { name: 'help-where', path: '/help/where?what=fraud&who=individuals' },
  { name: 'help-involved', path: '/help/involved?what=fraud&who=individuals&where=23' },
  { name: 'help-now', path: '/help/now?what=fraud&who=individuals&where=23&involved=money' },
  { name: 'help-error', path: '/help/answer?_q=now&what=fraud&who=individuals&where=23&involved=money', status: 400 },
  { name: 'help-result-urgent', path: '/help/result?what=fraud&who=individuals&where=23&involved=money&now=yes' },
  { name: 'help-result', path: '/help/result?what=suspicious_message&who=individuals&involved=neither&now=no' },
  { name: 'help-result-sme', path: '/help/result?what=malware&who=sme&where=27&involved=personal_data&now=yes' },
  // The widget's page (its preview is the sandboxed /widget frame); the widget itself on a partner page: src/widget/browser.test.ts.
  { name: 'widget-about-chosen', path: '/widget/about?audience=seniors&prefecture=23' },
  // Small firms (src/business; the journeys themselves: src/business/browser.test.ts).
  // Every page of those journeys is checked there in both languages and at both widths; here only what they do not reach.
  { name: 'business-diagnosis-bad', path: '/business/check/diagnosis/result?v=1&a=yyyy', status: 400 },
  // The personal check and the quiz (their journeys: src/personal-check/browser.test.ts).
  { name: 'check-no-journey', path: '/check/resume?t=unknown', status: 404 },
  // Self-declarations (insertSampleDeclarations, before): {decl:…} are their numbers and link tokens.
  { name: 'declarations', path: '/declarations' },
  { name: 'declarations-search', path: '/declarations?q=%E3%83%86%E3%82%B9%E3%83%88' },
  { name: 'declarations-filtered', path: '/declarations?prefecture=01&star=1&status=all&sort=date' },
  { name: 'declarations-bad-input', path: '/declarations?prefecture=99&corporate_number=123', status: 400 },
  { name: 'declaration', path: '/declarations/{decl:active}' },
  { name: 'declaration-two-stars', path: '/declarations/{decl:twoStars}' },
  { name: 'declaration-withdrawn', path: '/declarations/{decl:withdrawn}' },
  { name: 'declaration-not-found', path: '/declarations/LM-2026-9999999', status: 404 },
  { name: 'declaration-new', path: '/declarations/new' },
  { name: 'declaration-resend', path: '/declarations/resend' },
  { name: 'declaration-confirm', path: '/declarations/confirm?t={decl:confirm}' },
  { name: 'declaration-manage', path: '/declarations/manage?t={decl:manage}' },
  { name: 'declaration-withdraw', path: '/declarations/manage/withdraw?t={decl:manage}' },
  { name: 'declaration-bad-link', path: '/declarations/manage?t=1.AAAAAAAAAAAAAAAAAAAAAA', status: 400 },
];

/** Pages for administrators, checked signed in as one (TOTP through the real forms). */
const ADMIN_PAGES: { name: string; path: string }[] = [
  { name: 'admin-desks', path: '/admin/desks' },
  { name: 'admin-desk-new', path: '/admin/desks/new' },
  { name: 'admin-desk-edit', path: '/admin/desks/32/edit' },
  { name: 'admin-help', path: '/admin/help' },
  { name: 'admin-help-version', path: '/admin/help/versions/1' },
  { name: 'admin-declarations', path: '/admin/declarations' },
  { name: 'admin-declaration', path: '/admin/declarations/1' },
  { name: 'admin-kpis', path: '/admin/kpis' },
  { name: 'admin-measures', path: '/admin/measures' },
  { name: 'admin-measure', path: '/admin/measures/economy-value-creation' },
  { name: 'admin-reports', path: '/admin/reports' },
  { name: 'admin-surveys', path: '/admin/surveys' },
];

describe('pages in Chromium', { skip: BROWSER_SKIP, concurrency: 3 }, () => {
  let t: TestApp;
  let browser: Browser;
  let origin: string;
  let uploadDir: string;
  let admin: BrowserContext;
  // Public pages are loaded in a few tabs of one context, reused from page to page: a new tab is a new
  // renderer process (and its fonts) each time, and reusing one was about 23% faster per page (measured).
  let visitor: BrowserContext;
  const idle: Page[] = [];
  let tokens = { confirm: '', manage: '' };
  let declarations: Record<string, string> = {};

  before(async () => {
    uploadDir = mkdtempSync(join(tmpdir(), 'lastmile-uploads-'));
    t = await startTestApp('sqlite', await loadShippedSeed(), { env: { UPLOAD_DIR: uploadDir } });
    await seedMaterialsForScreens(t.app);
    await publishFixtureEvents(t.db.handle);
    await publishSampleAdvisories(t.app);
    declarations = await insertSampleDeclarations(t.db.handle);
    // A subscriber whose confirmation is pending, for the pages reached from subscription emails.
    const now = new Date().toISOString();
    const email = 'sweep-subscriber@example.jp';
    const sub = await t.db.handle.db
      .insertInto('subscriptions')
      .values({ channel: 'email', status: 'pending', locale: 'ja', prefecture: '23', all_audiences: 1, email, confirm_sent_at: now, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const key = await subscriptionLinkKey(t.db.handle.db);
    tokens = { confirm: linkToken(key, 'confirm', sub.id, `${email}\n${now}`), manage: linkToken(key, 'manage', sub.id, email) };
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    // An administrator signed in once (a TOTP code is accepted only once).
    const adminUser = await createUser(t.db.handle, { email: 'sweep-admin@office.example', displayName: '管理 確認', role: 'admin', totp: true });
    admin = await newCheckContext(browser, { viewport: { width: DESKTOP.width, height: DESKTOP.height } });
    visitor = await newCheckContext(browser, { viewport: { width: DESKTOP.width, height: DESKTOP.height } });
    const login = await admin.newPage();
    await login.goto(`${origin}/login`);
    await login.getByLabel('メールアドレス').fill(adminUser.email);
    await login.getByLabel('パスワード').fill(adminUser.password);
    await login.getByRole('button', { name: 'ログイン' }).click();
    await login.waitForURL(`${origin}/login/two-factor`);
    await login.getByLabel('認証アプリの6桁のコード').fill(totpNow(adminUser.totpSecret!));
    await login.getByRole('button', { name: '確認する' }).click();
    await login.waitForURL((u) => !u.pathname.startsWith('/login'));
    await login.close();
  });

  after(async () => {
    await visitor?.close();
    await admin?.close();
    await browser?.close();
    await t?.close();
    if (uploadDir) rmSync(uploadDir, { recursive: true, force: true });
  });

  for (const locale of ['ja', 'en'] as const) {
    for (const p of PAGES) {
      test(`${p.name} (${locale}) has no axe-core violations and fits a phone`, async () => {
        const path = p.path.replace('{confirm}', tokens.confirm).replace('{manage}', tokens.manage).replace(/\{decl:(\w+)\}/, (_, k: string) => declarations[k]!);
        const url = localized(origin, path, locale);
        // One load per page and language: the viewport is resized for each width (the same document
        // re-laid out by its media queries), which is what a reader rotating a phone or zooming sees.
        // Screenshots at both widths, axe-core at desktop width, no sideways scroll at 320 px.
        const own = p.ownContext ? await newCheckContext(browser, { viewport: { width: DESKTOP.width, height: DESKTOP.height } }) : undefined;
        const page = own ? await own.newPage() : (idle.pop() ?? (await visitor.newPage()));
        let passed = false;
        try {
          const res = await page.goto(url);
          assert.equal(res?.status(), p.status ?? 200, url);
          assert.equal(await page.getAttribute('html', 'lang'), locale);
          await checkPage(page, `${p.name}-${locale}`, { screenshots: [PHONE, DESKTOP] });
          passed = true;
        } finally {
          // A tab goes back to the pool only as it came (desktop width, nothing pending).
          if (own) await own.close();
          else if (passed) idle.push(page);
          else await page.close();
        }
      });
    }
  }

  for (const locale of ['ja', 'en'] as const) {
    for (const p of ADMIN_PAGES) {
      test(`${p.name} (${locale}, administrator) has no axe-core violations and fits a phone`, async () => {
        const url = localized(origin, p.path, locale);
        const page = await admin.newPage();
        try {
          const res = await page.goto(url);
          assert.equal(res?.status(), 200, url);
          await checkPage(page, `${p.name}-${locale}`, { screenshots: [PHONE, DESKTOP] });
        } finally {
          await page.close();
        }
      });
    }
  }

  test('an invalid rules document is refused on the page with its problems listed (administrator, no axe violations)', async () => {
    const page = await admin.newPage();
    try {
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(`${origin}/admin/help`);
      await page.getByLabel('質問と規則（JSON）').fill('{"title": {"ja": "困ったときは"}, "rules": []}');
      await page.getByRole('button', { name: '新しい版として保存する' }).click();
      await page.waitForLoadState();
      assert.equal(await page.locator('.error-summary li').count() > 0, true);
      assert.match(await page.locator('.error-summary').innerText(), /title\.en/);
      await screenshot(page, 'admin-help-errors-ja-desktop');
      assert.deepEqual(await axeViolations(page), []);
    } finally {
      await page.close();
    }
  });

  test('the guided path works with JavaScript switched off, and the back link keeps the answers', async () => {
    const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 812 } });
    const page = await ctx.newPage();
    try {
      await page.goto(`${origin}/help`);
      await page.getByRole('link', { name: '質問に答える' }).click();
      await page.getByLabel('お金をだまし取られた、お金を払うよう求められている').check();
      await page.getByRole('button', { name: '次へ' }).click();
      await page.getByLabel('自分や家族（個人）').check();
      await page.getByRole('button', { name: '次へ' }).click();
      await page.getByLabel(/どこの都道府県/).selectOption('23');
      await page.getByRole('button', { name: '次へ' }).click();
      await page.getByLabel(/^お金（/).check();
      await page.getByRole('button', { name: '次へ' }).click();
      await page.getByRole('link', { name: /戻る/ }).click();
      assert.equal(await page.getByLabel(/^お金（/).isChecked(), true, 'the back link keeps the answer');
      await page.getByRole('button', { name: '次へ' }).click();
      await page.getByLabel('はい、今まさに起きている').check();
      await page.getByRole('button', { name: '次へ' }).click();
      assert.match(page.url(), /\/help\/result\?what=fraud&who=individuals&where=23&involved=money&now=yes$/);
      const urgent = await page.locator('.urgent-box').innerText();
      assert.match(urgent, /110/);
      assert.match(urgent, /銀行/);
      assert.match(await page.locator('#desks-title ~ ul').first().innerText(), /愛知県警察/);
      await screenshot(page, 'help-walk-result-ja-phone');
    } finally {
      await ctx.close();
    }
  });

  test('the catalogue filters, searches and pages with JavaScript switched off', async () => {
    const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    try {
      await page.goto(`${origin}/initiatives`);
      const total = Number((await page.textContent('.results-count'))!.match(/[\d,]+/)![0]!.replace(/,/g, ''));
      await page.check('#audience-seniors');
      await page.click('.facets button[type=submit]');
      assert.match(page.url(), /audience=seniors/);
      const filtered = Number((await page.textContent('.results-count'))!.match(/[\d,]+/)![0]!.replace(/,/g, ''));
      assert.ok(filtered > 0 && filtered < total, `seniors ${filtered} of ${total}`);
      await page.fill('#q', '相談');
      await page.click('.search-input button[type=submit]');
      assert.match(decodeURIComponent(page.url()), /q=相談/);
      assert.match(decodeURIComponent(page.url()), /audience=seniors/);
      const titles = await page.$$eval('.card-title a', (as) => as.map((a) => a.textContent));
      assert.ok(titles.length > 0);
      // The language switch keeps the filters.
      await page.click('.lang-switch');
      assert.match(decodeURIComponent(page.url()), /\/en\/initiatives\?q=相談&audience=seniors/);
      assert.equal(await page.getAttribute('html', 'lang'), 'en');
    } finally {
      await ctx.close();
    }
  });

  test('keyboard: the first Tab reaches the skip link, which moves focus to the main content', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${origin}/initiatives`);
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.className), 'skip-link');
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
    } finally {
      await page.close();
    }
  });
});
