// A new organisation, from registration to a published initiative, in headless Chromium without
// shortcuts: the real forms, the verification email from a real SMTP server, a moderator who signs
// in with a TOTP code and approves. Every page on the way: axe-core finds no violations, it fits a
// 320 px phone, and screenshots (ja and en, phone and desktop) go to ./screenshots/walkthrough-*.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { loadShippedSeed } from '../src/seed/seed.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { BROWSER_SKIP, DESKTOP, PHONE, SHOTS, checkPage, launchBrowser, newCheckContext } from './support/browser.ts';
import { createUser, totpNow, type TestUser } from './support/client.ts';
import { linkIn, startSmtpSink, type SmtpSink } from './support/smtp-sink.ts';

describe('walkthrough: registration to a published initiative', { skip: BROWSER_SKIP }, () => {
  let t: TestApp;
  let sink: SmtpSink;
  let browser: Browser;
  let origin: string;
  let moderator: TestUser;
  const checked: string[] = [];

  /**
   * Checks the page the browser is on (Japanese) and the same address in English: screenshots at both
   * widths, axe-core at desktop width, no sideways scroll at 320 px. The Japanese page is the one the
   * journey is on (with its error summary, if any); the English one is loaded once, at desktop width,
   * and re-laid out at the phone width for its screenshot.
   */
  async function inspect(page: Page, name: string) {
    await checkPage(page, `walkthrough-${name}-ja`, { screenshots: [PHONE, DESKTOP], narrowHeight: 700 });
    const url = new URL(page.url());
    const path = url.pathname.startsWith('/en') ? url.pathname : `/en${url.pathname}`;
    const en = await page.context().newPage();
    try {
      await en.setViewportSize({ width: DESKTOP.width, height: DESKTOP.height });
      const res = await en.goto(origin + path + url.search);
      assert.ok(res && res.status() < 500, `${name} en`);
      await checkPage(en, `walkthrough-${name}-en`, { screenshots: [PHONE, DESKTOP], narrowHeight: 700 });
    } finally {
      await en.close();
    }
    checked.push(name);
  }

  before(async () => {
    sink = await startSmtpSink();
    t = await startTestApp('sqlite', await loadShippedSeed(), { env: { SMTP_URL: sink.url } });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    // The program office exists already (administrators create moderators); it signs in with TOTP.
    moderator = await createUser(t.db.handle, { email: 'office@lastmile.example', role: 'moderator', totp: true, displayName: '事務局 審査担当' });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await t?.close();
    await sink?.close();
  });

  test('register, verify, sign in, submit, moderate, publish', async () => {
    const org = await newCheckContext(browser, { viewport: { width: DESKTOP.width, height: DESKTOP.height } });
    const page = await org.newPage();

    await page.goto(`${origin}/register`);
    await inspect(page, 'register');
    // First attempt with mistakes: the error summary lists them and the input is kept.
    await page.getByLabel('団体名（日本語）').fill('みなと地域見守りネット');
    await page.getByRole('button', { name: '登録する' }).click();
    assert.equal(await page.locator('.error-summary').count(), 1);
    await inspect(page, 'register-errors');
    assert.equal(await page.getByLabel('団体名（日本語）').inputValue(), 'みなと地域見守りネット');

    await page.getByLabel('団体名（英語）').fill('Minato Community Watch Net');
    await page.getByLabel('団体の種類').selectOption('community');
    await page.getByLabel('民間（企業、業界団体、NPO、私立学校など）').check();
    await page.getByLabel('お名前').fill('高橋 一郎');
    await page.getByLabel('メールアドレス').fill('ichiro@minato-watch.example');
    await page.getByLabel('パスワード').fill('見守り は 地域 の ちから 2026');
    await page.getByRole('button', { name: '登録する' }).click();
    await page.waitForURL(`${origin}/register/sent`);
    await inspect(page, 'register-sent');

    const mail = await sink.waitFor((m) => m.to.includes('ichiro@minato-watch.example'));
    await page.goto(origin + linkIn(mail, '/verify-email'));
    await page.waitForURL(/\/login\?done=verified/);
    await inspect(page, 'login');
    await page.getByLabel('メールアドレス').fill('ichiro@minato-watch.example');
    await page.getByLabel('パスワード').fill('見守り は 地域 の ちから 2026');
    await page.getByRole('button', { name: 'ログイン' }).click();
    await page.waitForURL(`${origin}/my`);
    await inspect(page, 'my');

    await page.getByRole('link', { name: '取組を登録する' }).first().click();
    await page.waitForURL(`${origin}/my/initiatives/new`);
    await inspect(page, 'initiative-new');
    await page.getByLabel('取組名（日本語）').fill('シニアのためのスマホ詐欺対策相談会');
    await page.getByLabel('取組名（英語）').fill('Smartphone fraud advice sessions for seniors');
    await page.getByLabel('概要（日本語）').fill('毎月第2土曜日に公民館で、スマートフォンの詐欺メッセージの見分け方を相談員がお教えします。');
    await page.getByRole('checkbox', { name: '高齢者', exact: true }).check();
    await page.getByRole('checkbox', { name: 'タイムリーな情報発信・相談窓口', exact: true }).check();
    await page.getByLabel('特定の都道府県').check();
    await page.getByRole('checkbox', { name: '東京都', exact: true }).check();
    await page.getByRole('button', { name: '保存して審査に出す' }).click();
    await page.waitForURL(/\/my\/initiatives\/\d+\?done=submitted/, { timeout: 5000 }).catch(async (e) => {
      await page.screenshot({ path: `${SHOTS}walkthrough-debug.png`, fullPage: true });
      throw e;
    });
    await inspect(page, 'initiative-submitted');
    const itemPath = new URL(page.url()).pathname;

    // The program office: password, then the TOTP code, then the queue.
    const office = await newCheckContext(browser, { viewport: { width: DESKTOP.width, height: DESKTOP.height } });
    const mod = await office.newPage();
    await mod.goto(`${origin}/login`);
    await mod.getByLabel('メールアドレス').fill(moderator.email);
    await mod.getByLabel('パスワード').fill(moderator.password);
    await mod.getByRole('button', { name: 'ログイン' }).click();
    await mod.waitForURL(`${origin}/login/two-factor`);
    await inspect(mod, 'login-two-factor');
    await mod.getByLabel('認証アプリの6桁のコード').fill(totpNow(moderator.totpSecret!));
    await mod.getByRole('button', { name: '確認する' }).click();
    await mod.waitForURL(`${origin}/moderation`);
    await inspect(mod, 'moderation-queue');
    await mod.getByRole('link', { name: 'シニアのためのスマホ詐欺対策相談会' }).click();
    await mod.waitForURL(/\/moderation\/items\/\d+/);
    await inspect(mod, 'moderation-item');
    await mod.locator('form[action$="/approve"] button[type="submit"]').click();
    await mod.waitForURL(/\/moderation/);

    // Back with the organisation: published, listed on the public pages.
    await page.goto(origin + itemPath);
    assert.match(await page.locator('main').innerText(), /公開中/);
    await inspect(page, 'initiative-published');
    await page.getByRole('link', { name: '公開ページを見る' }).click();
    await page.waitForURL(/\/initiatives\/\d+$/);
    assert.match(await page.locator('h1').innerText(), /シニアのためのスマホ詐欺対策相談会/);
    await inspect(page, 'public-initiative');
    await page.goto(`${origin}/organisations`);
    assert.match(await page.locator('main').innerText(), /みなと地域見守りネット/);

    await page.goto(`${origin}/my/account`);
    await inspect(page, 'account');
    await page.goto(`${origin}/my/members`);
    await inspect(page, 'members');
    await page.goto(`${origin}/my/account/two-factor`);
    await inspect(page, 'two-factor-setup');
    await page.goto(`${origin}/my/organisation`);
    await inspect(page, 'organisation-details');
    await page.goto(`${origin}/my/history`);
    await inspect(page, 'organisation-history');
    await page.goto(`${origin}/my/partners`);
    await inspect(page, 'partners');
    await page.goto(`${origin}/my/requests`);
    await inspect(page, 'requests');
    await mod.goto(`${origin}/moderation/history`);
    await inspect(mod, 'moderation-history');
    await org.close();
    await office.close();
    assert.ok(checked.length >= 15);
  });
});
