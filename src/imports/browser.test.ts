// Bulk import in headless Chromium, as a person does it: choose what the sheet holds, pick the file,
// preview (a sheet with a mistake first, then a good one), confirm. Japanese and English, phone and
// desktop screenshots (./screenshots/import-*), axe-core on every page, no sideways scroll at 320 px.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../../test/support/app.ts';
import { BROWSER_SKIP, DESKTOP, PHONE, checkPage, launchBrowser, newCheckContext } from '../../test/support/browser.ts';
import { Client, createUser, organisationIdBySlug, signIn } from '../../test/support/client.ts';
import { FIXTURE } from '../../test/support/fixture.ts';

const HEADER = 'ID,イベント名（日本語）,内容（日本語）,開始日,開始時刻,終了時刻,開催形式,会場（日本語）,都道府県,参加費（円）,対象';
const GOOD = [
  HEADER,
  'EV-001,親子で学ぶネット安全教室,スマートフォンの設定を一緒に確認します。,令和9年2月1日,13:30,15:00,会場,港区民センター 3階,東京都,無料,高齢者; 若年層',
  'EV-002,中小企業向けオンライン講座,取引先を装う詐欺メールの見分け方。,2027/2/8,,,オンライン,,,0,中小企業; 小規模企業者',
  'EV-003,シニアのためのスマホ相談会,個別に相談を受け付けます。,2027年2月15日,10:00,12:00,会場,大阪市立中央会館,大阪府,0,高齢者',
].join('\r\n');
const BAD = GOOD.replace('2027/2/8', '2027/2/30').replace('大阪府', '大阪州');

describe('bulk import in Chromium', { skip: BROWSER_SKIP }, () => {
  let t: TestApp;
  let uploadDir: string;
  let browser: Browser;
  let ctx: BrowserContext;
  let origin: string;

  before(async () => {
    uploadDir = mkdtempSync(join(tmpdir(), 'lastmile-import-browser-'));
    t = await startTestApp('sqlite', FIXTURE, { env: { UPLOAD_DIR: uploadDir } });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    const owner = new Client(t.app);
    await signIn(owner, await createUser(t.db.handle, { email: 'events@jnsa.example', displayName: '催事 担当', organisationId: await organisationIdBySlug(t.db.handle, 'jnsa') }));
    ctx = await newCheckContext(browser, { viewport: { width: DESKTOP.width, height: DESKTOP.height } });
    await ctx.addCookies([...owner.cookies].map(([name, value]) => ({ name, value, url: origin })));
  });

  after(async () => {
    await ctx?.close();
    await browser?.close();
    await t?.close();
    rmSync(uploadDir, { recursive: true, force: true });
  });

  async function uploadThroughForm(page: Page, prefix: '' | '/en', name: string, csv: string): Promise<void> {
    await page.goto(`${origin}${prefix}/my/import`);
    await page.getByRole('radio', { name: prefix ? 'Events' : 'イベント', exact: true }).check();
    await page.setInputFiles('#field-file', { name, mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${csv}`) });
    await page.getByRole('button', { name: prefix ? 'Preview' : 'プレビューする' }).click();
    await page.waitForLoadState('load');
  }

  test('Japanese: the start page, a preview with a mistake, a good preview, the confirmation and its result', async () => {
    const page = await ctx.newPage();
    try {
      await page.goto(`${origin}/my/import`);
      await checkPage(page, 'import-start-ja', { screenshots: [PHONE, DESKTOP], openDetails: true });

      await uploadThroughForm(page, '', 'イベント一覧.csv', BAD);
      assert.match(await page.title(), /^エラー：取込みのプレビュー/);
      const summary = page.locator('.error-summary');
      assert.match(await summary.innerText(), /2行は取り込めません/);
      assert.match(await page.locator('#row-3').innerText(), /「2027\/2\/30」は日付として読めません/);
      assert.match(await page.locator('#row-4').innerText(), /「大阪州」は都道府県名として読めません/);
      assert.equal(await page.getByRole('button', { name: /件を登録する/ }).count(), 0);
      await checkPage(page, 'import-preview-errors-ja', { screenshots: [PHONE, DESKTOP] });

      await uploadThroughForm(page, '', 'イベント一覧.csv', GOOD);
      assert.match(await page.locator('.import-counts').innerText(), /新規登録：3/);
      await checkPage(page, 'import-preview-ja', { screenshots: [PHONE, DESKTOP] });
      const before = await t.db.handle.db.selectFrom('content_items').select((eb) => eb.fn.countAll().as('n')).where('kind', '=', 'event').executeTakeFirstOrThrow();
      await page.getByRole('button', { name: '3件を登録する' }).click();
      await page.waitForLoadState('load');
      assert.match(await page.locator('[role=status]').first().innerText(), /取り込みました：新規3件/);
      const afterCount = await t.db.handle.db.selectFrom('content_items').select((eb) => eb.fn.countAll().as('n')).where('kind', '=', 'event').executeTakeFirstOrThrow();
      assert.equal(Number(afterCount.n), Number(before.n) + 3);
      await checkPage(page, 'import-result-ja', { screenshots: [PHONE, DESKTOP] });
      // The imported events wait for review among the organisation's events.
      await page.goto(`${origin}/my/events`);
      assert.match(await page.locator('main').innerText(), /親子で学ぶネット安全教室/);
    } finally {
      await page.close();
    }
  });

  test("the program office's import page (a sheet of many organisations)", async () => {
    const office = new Client(t.app);
    await signIn(office, await createUser(t.db.handle, { email: 'office@example.go.jp', displayName: '事務局', role: 'admin', totp: true }));
    const officeCtx = await newCheckContext(browser, { viewport: { width: DESKTOP.width, height: DESKTOP.height } });
    await officeCtx.addCookies([...office.cookies].map(([name, value]) => ({ name, value, url: origin })));
    const page = await officeCtx.newPage();
    try {
      await page.goto(`${origin}/admin/import`);
      assert.match(await page.locator('h1').innerText(), /事務局/);
      await checkPage(page, 'import-office-ja', { screenshots: [PHONE, DESKTOP], openDetails: true });
    } finally {
      await page.close();
      await officeCtx.close();
    }
  });

  test('English: the start page and a preview', async () => {
    const page = await ctx.newPage();
    try {
      await page.goto(`${origin}/en/my/import`);
      await checkPage(page, 'import-start-en', { screenshots: [PHONE, DESKTOP] });
      await uploadThroughForm(page, '/en', 'events.csv', BAD.replace('EV-00', 'EN-00'));
      assert.match(await page.locator('#row-3').innerText(), /"2027\/2\/30" is not a date/);
      await checkPage(page, 'import-preview-errors-en', { screenshots: [PHONE, DESKTOP] });
    } finally {
      await page.close();
    }
  });
});
