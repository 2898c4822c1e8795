// The webhook pages in headless Chromium, in Japanese and English, at phone and desktop widths: no
// axe-core violations, nothing scrolls sideways at 320 px, screenshots in ./screenshots/webhooks-*.
// Covers the list, the form (empty and with errors), the secret shown once, an endpoint's page with a
// delivery log (delivered, retrying, dead) and the administrators' list. test/browser.test.ts sweeps
// public pages only, so the signed-in webhook pages are swept here.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../../test/support/app.ts';
import { BROWSER_SKIP, DESKTOP, PHONE, checkPage, eachLimited, launchBrowser, newCheckContext } from '../../test/support/browser.ts';
import { Client, createUser, organisationIdBySlug, signIn } from '../../test/support/client.ts';
import { FIXTURE } from '../../test/support/fixture.ts';
import { newWebhookSecret } from './secret.ts';

describe('webhook pages in Chromium', { skip: BROWSER_SKIP }, () => {
  let t: TestApp;
  let browser: Browser;
  let origin: string;
  let ownerCtx: BrowserContext;
  let adminCtx: BrowserContext;
  let endpointId = 0;

  /** A browser context carrying the session of a client signed in through the real forms. */
  async function contextOf(client: Client): Promise<BrowserContext> {
    const ctx = await newCheckContext(browser, { viewport: { width: DESKTOP.width, height: DESKTOP.height } });
    await ctx.addCookies([...client.cookies].map(([name, value]) => ({ name, value, url: origin })));
    return ctx;
  }

  /**
   * Runs `open` on a fresh page at desktop width, then: screenshots at phone and desktop width, axe-core,
   * no sideways scroll at 320 px (one load: the phone width is the same document re-laid out).
   */
  async function check(ctx: BrowserContext, name: string, open: (page: Page) => Promise<void>) {
    const page = await ctx.newPage();
    try {
      await open(page);
      await checkPage(page, `webhooks-${name}`, { screenshots: [PHONE, DESKTOP] });
    } finally {
      await page.close();
    }
  }

  before(async () => {
    t = await startTestApp('sqlite', FIXTURE);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();

    const jnsaId = await organisationIdBySlug(t.db.handle, 'jnsa');
    const owner = new Client(t.app);
    await signIn(owner, await createUser(t.db.handle, { email: 'admin@jnsa.example', displayName: '連携 担当', organisationId: jnsaId, orgRole: 'admin' }));
    const admin = new Client(t.app);
    await signIn(admin, await createUser(t.db.handle, { email: 'admin@office.example', role: 'admin', totp: true }));

    // One endpoint with a log: delivered, retrying and dead deliveries.
    const db = t.db.handle.db;
    const now = new Date();
    const iso = (minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString();
    const sub = await db
      .insertInto('subscriptions')
      .values({ channel: 'webhook', status: 'active', locale: 'ja', prefecture: '13', all_audiences: 0, include_events: 1, owner_organisation_id: jnsaId, name: '千代田区ウェブサイト連携', webhook_url: 'https://hooks.city.chiyoda.example/lastmile/advisories?source=portal&format=standard-webhooks', webhook_secret: newWebhookSecret(), allow_private: 0, created_at: iso(-600), updated_at: iso(-600) })
      .returning('id')
      .executeTakeFirstOrThrow();
    endpointId = Number(sub.id);
    await db.insertInto('subscription_audiences').values([{ subscription_id: endpointId, audience: 'seniors' }, { subscription_id: endpointId, audience: 'sme' }]).execute();
    const states: [string, number, number | null, string | null][] = [
      ['delivered', 1, 200, null],
      ['delivered', 2, 204, null],
      ['dead', 8, 500, 'HTTP 500'],
      ['dead', 1, 307, 'HTTP 307 redirect to http://169.254.169.254/latest/meta-data/: redirects are not followed, register the final URL'],
      ['pending', 2, 503, 'HTTP 503'],
    ];
    for (const [i, [status, attempts, last, error]] of states.entries()) {
      const payload = { topic: 'advisory', action: i === 1 ? 'corrected' : 'published', subjectId: i + 1, title: { ja: `宅配業者を装うSMSに注意（${i + 1}）`, en: `Beware of fake delivery SMS (${i + 1})` }, summary: { ja: '', en: '' }, url: { ja: '', en: '' }, audiences: [], prefectures: [], nationwide: true, publishedAt: iso(-500 + i * 60) };
      const d = await db.insertInto('dispatches').values({ topic: 'advisory', subject_id: i + 1, action: payload.action, payload: JSON.stringify(payload), created_at: iso(-500 + i * 60) }).returning('id').executeTakeFirstOrThrow();
      await db
        .insertInto('deliveries')
        .values({ dispatch_id: Number(d.id), subscription_id: endpointId, channel: 'webhook', status, attempts, next_attempt_at: iso(30), last_attempt_at: iso(-490 + i * 60), last_status: last, last_error: error, delivered_at: status === 'delivered' ? iso(-490 + i * 60) : null })
        .execute();
    }
    ownerCtx = await contextOf(owner);
    adminCtx = await contextOf(admin);
  });

  after(async () => {
    await browser?.close();
    await t?.close();
  });

  for (const locale of ['ja', 'en'] as const) {
    const at = (path: string) => origin + (locale === 'en' ? `/en${path}` : path);

    test(`list, form, endpoint page and administrators' list (${locale})`, async () => {
      const pages: [BrowserContext, string, string][] = [
        [ownerCtx, 'list', '/my/webhooks'],
        [ownerCtx, 'new', '/my/webhooks/new'],
        [ownerCtx, 'endpoint', `/my/webhooks/${endpointId}`],
        [adminCtx, 'admin', '/admin/webhooks'],
      ];
      await eachLimited(pages, 2, ([ctx, name, path]) =>
        check(ctx, `${name}-${locale}`, async (p) => {
          assert.equal((await p.goto(at(path)))?.status(), 200);
        }),
      );
    });

    test(`the form's errors and the secret shown once (${locale})`, async () => {
      const label = (ja: string, en: string) => (locale === 'ja' ? ja : en);
      await check(ownerCtx, `errors-${locale}`, async (p) => {
        await p.goto(at('/my/webhooks/new'));
        await p.fill('#field-name', '庁内システム');
        await p.fill('#field-url', 'https://0x7f000001/hook');
        await p.getByLabel(label('次で選んだ対象だけ', 'Only the audiences chosen below')).check();
        await p.getByRole('button', { name: label('保存する', 'Save') }).click();
        await p.waitForLoadState();
        assert.equal(await p.locator('.error-summary').count(), 1);
        assert.match((await p.textContent('.error-summary'))!, locale === 'ja' ? /内部ネットワーク/ : /internal network/);
      });
      await check(ownerCtx, `secret-${locale}`, async (p) => {
        await p.goto(at('/my/webhooks/new'));
        await p.fill('#field-name', label('支援ネットワーク配信', 'Support network mailing'));
        await p.fill('#field-url', 'https://93.184.215.14/hooks/lastmile');
        await p.getByRole('button', { name: label('保存する', 'Save') }).click();
        await p.waitForLoadState();
        assert.match(await p.inputValue('#webhook-secret'), /^whsec_/);
      });
    });
  }
});
