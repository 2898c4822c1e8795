// KPIs, the strategy measures and an issued evaluation report in Chromium: no axe-core violations and
// no sideways scroll at 320 px on /dashboard/kpis, /dashboard/measures, /reports and /reports/{id} in
// Japanese and English; screenshots of the report at 390 and 1280 px in both languages, on screen and as
// printed (A4), under /tmp/shots/reports/.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../../test/support/app.ts';
import { BROWSER_SKIP, DESKTOP, checkPage, eachLimited, launchBrowser, localized, newCheckContext } from '../../test/support/browser.ts';
import { createUser } from '../../test/support/client.ts';
import { FIXTURE } from '../../test/support/fixture.ts';
import type { CurrentUser } from '../accounts/model.ts';
import { kpiContextFor, setMeasureStatus, setTarget } from '../kpis/service.ts';
import { fiscalYearOf } from '../kpis/status.ts';
import { createDraft, issueReport, saveDraft } from './service.ts';

const SHOTS = '/tmp/shots/reports/';
const FY = fiscalYearOf(new Date());

describe('KPIs and evaluation reports in Chromium', { skip: BROWSER_SKIP }, () => {
  let t: TestApp;
  let browser: Browser;
  let origin: string;
  let reportId: number;

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    t = await startTestApp('sqlite', FIXTURE);
    const h = t.db.handle;
    const u = await createUser(h, { email: 'office@example.org', displayName: '事務局 担当', role: 'admin' });
    const actor: CurrentUser = { id: u.id, email: u.email, displayName: '事務局 担当', role: 'admin', organisationId: null, orgRole: null, totpEnabled: false };
    const now = new Date();
    const day = now.toISOString().slice(0, 10);
    // 30 people this year: 18 keep software up to date, others vary, so shares and targets have values.
    await Promise.all(Array.from({ length: 30 }, (_, i) => t.app.checkResults.record({ check: 'personal', definitionVersion: null, answers: (i < 18 ? 'y' : 'n') + (i % 2 ? 'yyyyyyyy' : 'ynynynyn'), score: null, completedOn: day, ageBand: '40s', prefecture: '13' })));
    await setTarget(h, actor, { indicator: 'personal_updates', period: `fy${FY}`, target: 70, note: '' }, now);
    await setTarget(h, actor, { indicator: 'personal_passwords', period: `fy${FY}`, target: 90, note: '' }, now);
    await setTarget(h, actor, { indicator: 'events_held', period: `fy${FY}`, target: 40, note: '' }, now);
    await setMeasureStatus(h, actor, { slug: 'participation', status: 'in_progress', noteJa: '地域での研修を開始', noteEn: 'Regional training started' }, now);
    reportId = await createDraft(h, actor, { kind: 'year', fiscalYear: FY, campaign: null, replaces: null }, now);
    await saveDraft(h, actor, reportId, {
      assessmentJa: 'OSの更新は目標を上回った。パスワードの管理は目標に届いていない。\n\n高齢層の回答が少なく、判断できない項目がある。',
      assessmentEn: 'Software updates exceeded the target. Password care is short of its target.\n\nFew answers from older people leave some items undecided.',
      revisionsJa: '次年度は、パスワード管理の教材を高齢層向けに作り直し、地域の講座で使う。',
      revisionsEn: 'Next year, rework the password materials for older people and use them in local sessions.',
    }, now);
    assert.equal(await issueReport(kpiContextFor(h, now), actor, reportId), 'issued');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  test('public pages have no axe-core violations and fit 320 px, in Japanese and English', async () => {
    const pages = ['/dashboard/kpis', '/dashboard/measures', '/reports'].flatMap((p) => (['ja', 'en'] as const).map((l) => ({ p, l })));
    await eachLimited(pages, 2, async ({ p, l }) => {
      const ctx = await newCheckContext(browser, { viewport: DESKTOP });
      try {
        const page = await ctx.newPage();
        assert.equal((await page.goto(localized(origin, p, l)))?.status(), 200, `${p} ${l}`);
        await checkPage(page, `kpis${p.replaceAll('/', '-')}-${l}`, { openDetails: true });
        if (l === 'ja' && p !== '/reports') {
          await page.setViewportSize({ width: 390, height: 900 });
          await page.screenshot({ path: `${SHOTS}${p.split('/').pop()}-ja-390.png`, fullPage: true });
        }
      } finally {
        await ctx.close();
      }
    });
  });

  test('the issued report: axe-free, fits 320 px, screenshots at 390 and 1280 px and as printed on A4', async () => {
    for (const l of ['ja', 'en'] as const) {
      const ctx = await newCheckContext(browser, { viewport: DESKTOP });
      try {
        const page = await ctx.newPage();
        assert.equal((await page.goto(localized(origin, `/reports/${reportId}`, l)))?.status(), 200);
        await checkPage(page, `report-${l}`, { openDetails: true });
        for (const width of [390, 1280]) {
          await page.setViewportSize({ width, height: 900 });
          await page.screenshot({ path: `${SHOTS}report-${l}-${width}.png`, fullPage: true });
        }
        await page.emulateMedia({ media: 'print' });
        await page.setViewportSize({ width: 794, height: 1123 });
        await page.screenshot({ path: `${SHOTS}report-${l}-print.png`, fullPage: true });
        assert.equal(await page.locator('.site-nav').isVisible(), false, 'no navigation on paper');
        assert.equal(await page.locator('.report-toc').isVisible(), false);
        await page.pdf({ path: `${SHOTS}report-${l}.pdf`, format: 'A4', printBackground: true });
      } finally {
        await ctx.close();
      }
    }
  });
});
