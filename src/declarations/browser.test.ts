// The declaration journey in Chromium with JavaScript switched off, on a phone-sized screen: the form
// with every mistake (error summary linked to the fields, no axe-core violations, no sideways scroll at
// 320 px), then a correct declaration, the confirmation page reached from the email and its button,
// and the management page. Screenshots go to ./screenshots/ (declaration-journey-*.jpg).
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../../test/support/app.ts';
import { BROWSER_SKIP, DESKTOP, checkPage, launchBrowser, screenshot } from '../../test/support/browser.ts';
import { FIXTURE } from '../../test/support/fixture.ts';
import { linkIn, startSmtpSink, type SmtpSink } from '../../test/support/smtp-sink.ts';

describe('declaring in Chromium without JavaScript', { skip: BROWSER_SKIP }, () => {
  let t: TestApp;
  let sink: SmtpSink;
  let browser: Browser;
  let origin: string;

  before(async () => {
    sink = await startSmtpSink();
    t = await startTestApp('sqlite', FIXTURE, { env: { SMTP_URL: sink.url } });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
    await sink?.close();
  });

  /** Screenshot of the page as the reader sees it; axe and the 320 px check on a copy of its HTML in a page that may run scripts. */
  async function check(page: Page, name: string) {
    await screenshot(page, `declaration-journey-${name}`);
    const html = await page.content();
    const copy = await browser.newPage({ viewport: { width: DESKTOP.width, height: DESKTOP.height }, bypassCSP: true });
    try {
      await copy.goto(`${origin}/declarations`);
      await copy.setContent(html, { waitUntil: 'load' });
      await checkPage(copy, name);
    } finally {
      await copy.close();
    }
  }

  test('mistakes are listed and linked, then a correct declaration is confirmed with the button and managed', async () => {
    const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 812 } });
    const page = await ctx.newPage();
    try {
      await page.goto(`${origin}/declarations/new`);
      await page.getByLabel('事業者名（会社名・屋号）').fill('株式会社ブラウザ確認（架空）');
      await page.getByLabel('法人番号がある').check();
      await page.getByLabel('法人番号（13桁）').fill('1000012050002');
      await page.getByRole('radio', { name: /^二つ星/ }).check();
      await page.getByRole('button', { name: '確認メールを送る' }).click();
      await page.waitForLoadState();
      const summary = page.locator('.error-summary');
      assert.match(await summary.innerText(), /チェックデジット/);
      assert.match(await summary.innerText(), /25項目の自社診断/);
      assert.match(await summary.innerText(), /都道府県/);
      assert.equal(await page.getByLabel('事業者名（会社名・屋号）').inputValue(), '株式会社ブラウザ確認（架空）', 'input kept');
      await check(page, 'errors-ja-phone');
      // The summary's links go to their fields.
      await summary.getByRole('link', { name: /チェックデジット/ }).click();
      assert.equal(new URL(page.url()).hash, '#field-corporate_number');

      await page.getByLabel('法人番号（13桁）').fill('７０００-０１２０-５０００２');
      await page.getByLabel('所在地の都道府県').selectOption('23');
      await page.getByLabel('業種').selectOption('E');
      await page.getByLabel('6〜20人').check();
      await page.getByLabel('「情報セキュリティ5か条」に取り組むことを宣言します').check();
      await page.getByLabel('25項目の「情報セキュリティ自社診断」を実施しました').check();
      await page.getByLabel(/基本方針を公開しているページのアドレス/).fill('https://www.example.co.jp/policy');
      await page.getByLabel('連絡先のメールアドレス').fill('browser@example.jp');
      await page.getByRole('button', { name: '確認メールを送る' }).click();
      await page.getByRole('heading', { name: '確認メールを送りました' }).waitFor();

      const mail = await sink.waitFor((m) => m.to.includes('browser@example.jp'));
      await page.goto(origin + linkIn(mail, '/declarations/confirm'));
      await check(page, 'confirm-ja-phone');
      await page.getByRole('button', { name: '宣言を確定する' }).click();
      await page.getByRole('heading', { name: '宣言が有効になりました' }).waitFor();
      assert.match(await page.locator('main').innerText(), /LM-\d{4}-0000001/);
      await page.getByRole('link', { name: '管理用ページを開く' }).click();
      await page.getByRole('heading', { name: /自己宣言の管理/ }).waitFor();
      await check(page, 'manage-ja-phone');
      // Renew with the keyboard only.
      await page.getByLabel(/宣言した取組（5か条、自社診断、基本方針の公開）を引き続き行っています/).focus();
      await page.keyboard.press('Space');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await page.getByText('宣言を更新しました。').waitFor();
    } finally {
      await ctx.close();
    }
  });
});
