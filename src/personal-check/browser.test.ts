// The personal check and the quiz in headless Chromium, in Japanese and English: the whole check done
// with the keyboard only (Tab, arrow keys, Space, Enter; no clicks), every page of both journeys
// screenshotted at a phone (360 px) and a desktop width into ./screenshots/check-*, no axe-core
// violations on any of them, nothing scrolling sideways at 320 px; and the check completed again in a
// context with JavaScript switched off.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { FIXTURE_NOW, publishFixtureEvents } from '../events/fixture.ts';
import { seedMaterialsForScreens } from '../materials/screenshot-seed.ts';
import { startTestApp, type TestApp } from '../../test/support/app.ts';
import { BROWSER_SKIP, DESKTOP, checkPage, launchBrowser, newCheckContext } from '../../test/support/browser.ts';
import { FIXTURE } from '../../test/support/fixture.ts';

const PHONE = { name: 'phone', width: 360, height: 780 };

/** Screenshots at phone and desktop widths, axe at desktop, no sideways scroll at 320 px; back to the phone width. */
async function inspect(page: Page, name: string): Promise<void> {
  await page.waitForLoadState();
  await page.setViewportSize({ width: PHONE.width, height: PHONE.height });
  await checkPage(page, `check-${name}`, { screenshots: [PHONE, DESKTOP], axeViewport: DESKTOP });
}

/** Presses Tab until the focused element matches `selector` (at most 80 times). */
async function tabTo(page: Page, selector: string): Promise<void> {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector} on ${page.url()}`);
}

/** Submits a form from the keyboard: Tab to its submit button, then Enter, and wait for the next page. */
async function submitWith(page: Page, buttonSelector: string): Promise<void> {
  await tabTo(page, buttonSelector);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
}

describe('personal check and quiz in Chromium', { skip: BROWSER_SKIP, concurrency: 2 }, () => {
  let t: TestApp;
  let browser: Browser;
  let origin: string;
  let uploadDir: string;

  before(async () => {
    uploadDir = mkdtempSync(join(tmpdir(), 'lastmile-check-browser-'));
    t = await startTestApp('sqlite', FIXTURE, { now: () => new Date(FIXTURE_NOW), env: { UPLOAD_DIR: uploadDir } });
    await seedMaterialsForScreens(t.app);
    await publishFixtureEvents(t.db.handle);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await t?.close();
    if (uploadDir) rmSync(uploadDir, { recursive: true, force: true });
  });

  for (const locale of ['ja', 'en'] as const) {
    const at = (path: string) => origin + (locale === 'en' ? `/en${path}` : path);
    const L = (ja: string, en: string) => (locale === 'ja' ? ja : en);

    test(`the personal check with the keyboard only (${locale})`, async () => {
      const ctx = await newCheckContext(browser, { viewport: { width: PHONE.width, height: PHONE.height } });
      const page = await ctx.newPage();
      try {
        await page.goto(at('/check'));
        await inspect(page, `start-${locale}`);
        await submitWith(page, 'form[action$="/check/start"] button');
        assert.match(page.url(), /\/check\/q\/1$/);

        // Question 1 sent without an answer: the error page, its summary links to the first option.
        await inspect(page, `q1-${locale}`);
        await submitWith(page, 'main form button[type=submit]');
        assert.equal(await page.locator('.error-summary').count(), 1);
        assert.match((await page.locator('.error-summary').innerText()), locale === 'ja' ? /選んでください/ : /Choose one answer/);
        await inspect(page, `q1-error-${locale}`);

        // Answers by position among している / ときどき / していない / わからない: y n n p u y n y u.
        const positions = [0, 2, 2, 1, 3, 0, 2, 0, 3];
        for (let n = 1; n <= 9; n++) {
          assert.match(page.url(), new RegExp(`/check/q/${n}$`));
          assert.match(await page.locator('.check-progress').innerText(), new RegExp(`${n} / 9`));
          // Tab reaches the radio group (its first option), the arrow keys move the choice, Space selects the first.
          await tabTo(page, 'input[name=answer]');
          if (positions[n - 1] === 0) await page.keyboard.press('Space');
          for (let i = 0; i < positions[n - 1]!; i++) await page.keyboard.press('ArrowDown');
          assert.equal(await page.locator(`#answer-${positions[n - 1]}`).isChecked(), true, `question ${n}`);
          if (n === 5) await inspect(page, `q5-chosen-${locale}`);
          await submitWith(page, 'main form button[type=submit]');
        }

        // About you: the age radios start on "prefer not to say"; two steps up is 70s. Tokyo is the 13th prefecture.
        assert.match(page.url(), /\/check\/about$/);
        await inspect(page, `about-${locale}`);
        await tabTo(page, 'input[name=age]');
        await page.keyboard.press('ArrowUp');
        await page.keyboard.press('ArrowUp');
        assert.equal(await page.locator('input[name=age][value="70s"]').isChecked(), true);
        await tabTo(page, '#field-prefecture');
        for (let i = 0; i < 13; i++) await page.keyboard.press('ArrowDown');
        assert.equal(await page.locator('#field-prefecture').inputValue(), '13');
        await submitWith(page, 'main form button[type=submit]');

        assert.match(page.url(), /\/check\/review$/);
        await inspect(page, `review-${locale}`);
        // Change question 4 from the review: Enter on its link, a new answer, back to the review.
        await tabTo(page, 'a[href$="/check/q/4?change=1"]');
        await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
        // Tab lands on the checked option (ときどき); one step down is していない.
        await tabTo(page, 'input[name=answer]');
        await page.keyboard.press('ArrowDown');
        assert.equal(await page.locator('#answer-2').isChecked(), true);
        await submitWith(page, 'main form button[type=submit]');
        assert.match(page.url(), /\/check\/review$/);

        await submitWith(page, 'form[action$="/check/complete"] button');
        assert.match(page.url(), /\/check\/result$/);
        assert.match(await page.locator('.check-score').innerText(), locale === 'ja' ? /9つの対策のうち、3つ/ : /3 of the 9/);
        assert.match(await page.locator('#events-title').innerText(), locale === 'ja' ? /東京都/ : /Tokyo/);
        await inspect(page, `result-${locale}`);

        // The reminder form with a mistake: its error summary, still on an accessible page.
        await tabTo(page, '#field-email');
        await page.keyboard.type('not-an-address');
        await submitWith(page, 'form[action$="/check/reminder"] button');
        assert.equal(await page.locator('.error-summary').count(), 1);
        await inspect(page, `result-reminder-error-${locale}`);

        await page.goto(at('/check/save'));
        await inspect(page, `save-${locale}`);
        const resume = await page.locator('.resume-link a').getAttribute('href');
        assert.match(resume!, /\/check\/resume\?t=[A-Za-z0-9_-]{43}$/);
      } finally {
        await ctx.close();
      }
      const rows = await t.db.handle.db.selectFrom('check_results').select(['answers', 'age_band', 'prefecture']).where('check_kind', '=', 'personal').execute();
      assert.ok(rows.some((r) => r.answers === 'ynnnuynyu' && r.age_band === '70s' && r.prefecture === '13'), JSON.stringify(rows));
    });

    test(`the quiz: question, error, feedback and score pages (${locale})`, async () => {
      const ctx = await newCheckContext(browser, { viewport: { width: PHONE.width, height: PHONE.height } });
      const page = await ctx.newPage();
      try {
        await page.goto(at('/quiz'));
        await inspect(page, `quiz-start-${locale}`);
        await submitWith(page, 'form[action$="/quiz/start"] button');
        await inspect(page, `quiz-q1-${locale}`);
        await submitWith(page, 'main form button[type=submit]');
        assert.equal(await page.locator('.error-summary').count(), 1);
        await inspect(page, `quiz-q1-error-${locale}`);
        for (let k = 1; k <= 10; k++) {
          await tabTo(page, 'input[name=choice]');
          await page.keyboard.press('Space');
          await submitWith(page, 'main form button[type=submit]');
          assert.match(page.url(), /\/quiz\/feedback\?/);
          if (k === 1) await inspect(page, `quiz-feedback-${locale}`);
          await tabTo(page, 'main a.button-primary');
          await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
        }
        assert.match(page.url(), /\/quiz\/result\?/);
        assert.match(await page.locator('.check-score').innerText(), locale === 'ja' ? /10問中 \d+問 正解/ : /out of 10 right/);
        await inspect(page, `quiz-result-${locale}`);
        // A tampered address: the 400 page with a restart link.
        await page.goto(`${page.url().replace(/s=[^&]+/, 's=1.0001.AAAAAAAAAAAAAAAA')}`);
        assert.equal(await page.locator('h1').innerText(), L('クイズを続けられません', 'The quiz cannot continue'));
        await inspect(page, `quiz-tampered-${locale}`);
      } finally {
        await ctx.close();
      }
    });
  }

  test('the check works with JavaScript switched off (phone width)', async () => {
    const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 780 } });
    const page = await ctx.newPage();
    try {
      await page.goto(`${origin}/check`);
      await page.getByRole('button', { name: 'チェックをはじめる' }).click();
      for (let n = 1; n <= 9; n++) {
        await page.getByLabel('していない', { exact: true }).check();
        await page.getByRole('button', { name: '次へ' }).click();
      }
      await page.getByRole('button', { name: '次へ' }).click();
      await page.getByRole('button', { name: '結果を見る' }).click();
      await page.waitForURL(/\/check\/result$/);
      assert.match(await page.locator('.check-score').innerText(), /9つの対策のうち、できているものは、まだありません/);
      await page.getByRole('link', { name: 'この結果をあとで見るためのリンク' }).click();
      assert.match(await page.locator('.resume-link').innerText(), /\/check\/resume\?t=/);
    } finally {
      await ctx.close();
    }
  });
});
