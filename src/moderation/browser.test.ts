// The moderation and administration pages in headless Chromium, in Japanese and English: no axe-core
// violations (with the decision forms, a change table, a history with details, and a form sent back
// with an error), and nothing scrolls sideways at 320 CSS px. Skipped without Chromium.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { toCurrentUser } from '../accounts/repository.ts';
import type { InitiativePayload } from '../content/initiative-kind.ts';
import { approve, createInitiative, requestChanges, saveDraft, submitForReview, type ContentContext } from '../content/service.ts';
import { recordCheck } from '../links/repository.ts';
import { insertOrganisation } from '../organisations/repository.ts';
import { startTestApp, TEST_BASE_URL, type TestApp } from '../../test/support/app.ts';
import { BROWSER_SKIP, DESKTOP, axeViolations, checkPage, eachLimited, launchBrowser, localized, newCheckContext } from '../../test/support/browser.ts';
import { Client, createUser, organisationIdBySlug, signIn } from '../../test/support/client.ts';
import { FIXTURE } from '../../test/support/fixture.ts';

const payload = (titleJa: string, extra: Partial<InitiativePayload> = {}): InitiativePayload => ({
  titleJa,
  titleEn: `${titleJa} (English)`,
  summaryJa: `${titleJa}の概要です。`,
  summaryEn: 'A summary in English.',
  sector: 'private',
  audiences: ['seniors'],
  methods: ['events'],
  nationwide: false,
  prefectures: ['13'],
  url: 'https://example.org/a-rather-long-address/that-should-wrap-on-a-small-phone-screen',
  status: 'active',
  measures: [],
  ...extra,
});

describe('moderation and administration pages in Chromium', { skip: BROWSER_SKIP }, () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let origin: string;
  let submittedId: number;
  let editId: number;

  before(async () => {
    t = await startTestApp('sqlite', FIXTURE);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    const db = t.db.handle.db;
    const orgId = await organisationIdBySlug(t.db.handle, 'unused');
    const owner = await createUser(t.db.handle, { email: 'owner@unused.example', displayName: '所有 太郎', organisationId: orgId, orgRole: 'admin' });
    const admin = await createUser(t.db.handle, { email: 'admin@office.example', displayName: '管理 一郎', role: 'admin', totp: true });
    const row = (id: number) => db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const ctx = async (id: number): Promise<ContentContext> => ({ database: t.db.handle, kinds: t.app.contentKinds, mailer: t.app.deps.mailer, baseUrl: TEST_BASE_URL, now: new Date(), actor: toCurrentUser(await row(id)), log: { error() {} } });

    submittedId = await createInitiative(await ctx(owner.id), payload('高齢者向けスマホ安全教室'));
    await submitForReview(await ctx(owner.id), submittedId);
    editId = await createInitiative(await ctx(owner.id), payload('家族で学ぶネット安全'));
    await submitForReview(await ctx(owner.id), editId);
    await approve(await ctx(admin.id), editId, '承認します。');
    await saveDraft(await ctx(owner.id), editId, payload('家族で学ぶネット安全', { summaryJa: '改訂版の概要です。\n二行目です。', audiences: ['seniors', 'youth'] }));
    await submitForReview(await ctx(owner.id), editId);
    const rejectedId = await createInitiative(await ctx(owner.id), payload('不承認になる取組'));
    await submitForReview(await ctx(owner.id), rejectedId);
    await requestChanges(await ctx(admin.id), rejectedId, '対象を具体的に書いてください。\n例：65歳以上');
    await insertOrganisation(db, { slug: 'pending-body', nameJa: '確認待ちの協議会', nameEn: 'Pending Council', abbreviation: null, kind: 'community', sector: 'private', website: null, status: 'pending', now: new Date().toISOString() });
    const seeded = await db.selectFrom('content_items').select(['id', 'public_id']).where('public_id', 'is not', null).orderBy('id').executeTakeFirstOrThrow();
    await db.updateTable('content_items').set({ confirmed_at: '2024-01-01T00:00:00.000Z' }).where('id', '=', seeded.id).execute();
    const url = 'https://example.org/gone/a-very-long-path-segment-that-has-to-wrap-somewhere-on-a-phone';
    await db.updateTable('initiatives').set({ url }).where('id', '=', seeded.public_id!).execute();
    await recordCheck(db, seeded.public_id!, url, { ok: false, statusCode: null, error: 'getaddrinfo ENOTFOUND example.org' }, new Date().toISOString());

    const client = new Client(t.app);
    await signIn(client, admin);
    browser = await launchBrowser();
    context = await newCheckContext(browser, { viewport: { width: DESKTOP.width, height: DESKTOP.height } });
    await context.addCookies([...client.cookies].map(([name, value]) => ({ name, value, url: origin })));
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await t?.close();
  });

  const pages = () => [
    '/moderation',
    `/moderation/items/${submittedId}`,
    `/moderation/items/${editId}`,
    '/moderation/history',
    '/moderation/stale',
    '/moderation/links',
    '/admin',
    '/admin/users',
  ];

  for (const locale of ['ja', 'en'] as const) {
    test(`every page (${locale}) has no axe-core violations and fits 320 px`, async () => {
      // Two pages at a time (the machine has two cores); each is checked on its own.
      await eachLimited(pages(), 2, async (path) => {
        const url = localized(origin, path, locale);
        const page = await context.newPage();
        try {
          const res = await page.goto(url);
          assert.equal(res?.status(), 200, url);
          assert.equal(await page.getAttribute('html', 'lang'), locale);
          // Open every <details> so what is inside is checked too.
          await checkPage(page, `${path} (${locale})`, { openDetails: true });
        } finally {
          await page.close();
        }
      });
    });
  }

  test('a decision sent back with an error has no axe-core violations, and the summary links to the field', async () => {
    const page = await context.newPage();
    try {
      await page.goto(`${origin}/moderation/items/${submittedId}`);
      const [res] = await Promise.all([page.waitForNavigation(), page.click('#decision-changes ~ form button[type=submit]')]);
      assert.equal(res?.status(), 400);
      assert.deepEqual(await axeViolations(page), []);
      const target = await page.getAttribute('.error-summary a', 'href');
      assert.equal(target, '#field-changes-note');
      assert.equal(await page.evaluate(() => document.querySelector('#field-changes-note')?.tagName), 'TEXTAREA');
    } finally {
      await page.close();
    }
  });
});
