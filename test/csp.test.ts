// The content security policy as a browser enforces it. Every other browser suite bypasses the CSP (axe-core
// has to be injected), so this is the one place that proves (1) the portal's own scripts still run under
// `script-src 'nonce-…'` — the print button appears, the push page registers its service worker — with no
// violation reported, and (2) a script without this response's nonce does not run, inline or from this site's
// own files: what an injected <script> would be.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestApp, type TestApp } from './support/app.ts';
import { BROWSER_SKIP, launchBrowser } from './support/browser.ts';
import { FIXTURE } from './support/fixture.ts';

/** Records every CSP violation the page reports (securitypolicyviolation events, from the first script on). */
async function watchViolations(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
}

const violations = (page: Page) => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);

describe('the content security policy in Chromium', { skip: BROWSER_SKIP }, () => {
  let t: TestApp;
  let origin: string;
  let browser: Browser;
  let context: BrowserContext;

  before(async () => {
    t = await startTestApp('sqlite', FIXTURE);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    // No bypassCSP here: the policy is enforced as in any visitor's browser.
    context = await browser.newContext();
    await watchViolations(context);
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await t?.close();
  });

  test("the portal's scripts run with the response's nonce: the report's print button appears", async () => {
    const page = await context.newPage();
    // The 25-item self-diagnosis report (answers in the URL, nothing stored).
    const res = await page.goto(`${origin}/business/check/diagnosis/report?v=1&a=${'y'.repeat(25)}`);
    assert.equal(res?.status(), 200);
    assert.match(res!.headers()['content-security-policy'] ?? '', /script-src 'nonce-[^']+'/);
    await page.waitForSelector('[data-print]:not([hidden])', { timeout: 10_000 });
    assert.deepEqual(await violations(page), []);
    await page.close();
  });

  test('the push page registers its service worker (worker-src) with no violation', async () => {
    const page = await context.newPage();
    await page.goto(`${origin}/en/subscribe/push`);
    // push.js shows the form and hides "not supported" only once it runs, then registers /sw.js.
    await page.waitForSelector('#push-form:not([hidden])', { timeout: 10_000 });
    await page.waitForFunction(() => navigator.serviceWorker.getRegistration().then((r) => !!r), undefined, { timeout: 10_000 });
    assert.deepEqual(await violations(page), []);
    await page.close();
  });

  test('a script without the nonce does not run, inline or from this site, and the browser reports it', async () => {
    const page = await context.newPage();
    // What an injection would add to a page: the page as served, with its own CSP header, plus two scripts.
    await page.route(`${origin}/initiatives`, async (route) => {
      const response = await route.fetch();
      const body = (await response.text()).replace('</body>', '<script>window.__injected = "inline"</script><script src="/assets/print.js"></script><button data-print hidden>x</button></body>');
      await route.fulfill({ response, body });
    });
    await page.goto(`${origin}/initiatives`);
    await page.waitForFunction(() => (window as unknown as { __violations: string[] }).__violations.length >= 2, undefined, { timeout: 10_000 });
    assert.equal(await page.evaluate(() => (window as unknown as { __injected?: string }).__injected), undefined, 'the inline script did not run');
    assert.equal(await page.locator('[data-print]').first().isHidden(), true, 'print.js without the nonce did not run');
    assert.ok((await violations(page)).every((v) => v.startsWith('script-src')), JSON.stringify(await violations(page)));
    await page.close();
  });
});
