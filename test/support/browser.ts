// What every browser suite shares: Chromium launched once per file with the project's flags, axe-core with
// the project's rules, the 320 px reflow check, screenshots when asked, and at most two pages at a time.
//
//   import { after, before, describe, test } from 'node:test';
//   import type { Browser } from 'playwright-core';
//   import { BROWSER_SKIP, DESKTOP, PHONE, checkPage, launchBrowser, newCheckContext } from '../../test/support/browser.ts';
//
//   describe('the dashboard in Chromium', { skip: BROWSER_SKIP }, () => {
//     let browser: Browser;
//     before(async () => { browser = await launchBrowser(); });        // once per file
//     after(async () => { await browser?.close(); });
//     test('dashboard (ja)', async () => {
//       const ctx = await newCheckContext(browser, { viewport: DESKTOP });  // bypassCSP, so axe can be injected
//       try {
//         const page = await ctx.newPage();
//         assert.equal((await page.goto(`${origin}/dashboard`))?.status(), 200);
//         // axe-core (no violations) at the page's own width, then no sideways scroll at 320 px, and
//         // screenshots/dashboard-ja-phone.jpg and -desktop.jpg (only when `screenshots` is given).
//         await checkPage(page, 'dashboard-ja', { screenshots: [PHONE, DESKTOP] });
//       } finally {
//         await ctx.close();
//       }
//     });
//   });
//
// axe runs once per document, at the width the page is at (desktop in most suites); the 320 px check
// covers reflow (WCAG 1.4.10) at the narrowest width. Check each page in both languages.
// LASTMILE_BROWSER_PROFILE=1 prints where the time went (page loads, axe, screenshots) when the file ends.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

/** The Chromium executable (npm test sets it when /usr/bin/chromium exists); empty when there is none. */
export const CHROMIUM = process.env.LASTMILE_TEST_CHROMIUM ?? process.env.CHROMIUM_PATH ?? '';
/** For describe(…, { skip: BROWSER_SKIP }): false when Chromium is here, else the reason the suite is skipped. */
export const BROWSER_SKIP: false | string = CHROMIUM ? false : 'Chromium not available (set CHROMIUM_PATH or install Debian chromium)';
/** ./screenshots/ at the repository's root (ignored by git). */
export const SHOTS = new URL('../../screenshots/', import.meta.url).pathname;

export interface Viewport {
  name: string;
  width: number;
  height: number;
}
export const PHONE: Viewport = { name: 'phone', width: 375, height: 812 };
export const DESKTOP: Viewport = { name: 'desktop', width: 1280, height: 900 };
/** A small phone, or a 1280 px screen at 400% zoom (WCAG 1.4.10 reflow): nothing may need sideways scrolling (a wide table scrolling inside its own region is allowed). */
export const NARROW: Viewport = { name: 'narrow', width: 320, height: 640 };

/** The flags of docs/ENGINEERING.md, plus no QUIC (nothing to reach outside 127.0.0.1). */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** axe-core's rules: WCAG 2.0/2.1/2.2 A and AA, and best practices; only violations are asked for. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// ---- profile (LASTMILE_BROWSER_PROFILE=1) ----
const PROFILE = process.env.LASTMILE_BROWSER_PROFILE === '1';
const spent = new Map<string, { ms: number; n: number }>();
if (PROFILE) {
  process.on('exit', () => {
    const rows = [...spent].sort((a, b) => b[1].ms - a[1].ms);
    process.stderr.write(`browser profile (${process.argv[process.argv.length - 1]}):\n${rows.map(([k, v]) => `  ${k.padEnd(12)} ${(v.ms / 1000).toFixed(1).padStart(7)} s in ${v.n}`).join('\n')}\n`);
  });
}
/** Runs fn, adding its duration to `what` in the profile. */
export async function timed<T>(what: string, fn: () => Promise<T>): Promise<T> {
  if (!PROFILE) return fn();
  const start = performance.now();
  try {
    return await fn();
  } finally {
    const s = spent.get(what) ?? { ms: 0, n: 0 };
    s.ms += performance.now() - start;
    s.n += 1;
    spent.set(what, s);
  }
}

/** Chromium with the project's flags; also makes sure ./screenshots/ exists. One per test file. */
export async function launchBrowser(): Promise<Browser> {
  mkdirSync(SHOTS, { recursive: true });
  return timed('launch', () => chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }));
}

/**
 * A context whose pages can be checked with axe-core: bypassCSP, because our CSP (rightly) refuses the
 * injected script; the pages themselves run no inline script either way.
 */
export function newCheckContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({ bypassCSP: true, ...options });
}

/** page.goto, counted in the profile as a page load. */
export function load(page: Page, url: string) {
  return timed('goto', () => page.goto(url));
}

/**
 * axe-core's violations on the page's current document, one line each (rule, help, targets). The script
 * is injected once per document (the page's context needs bypassCSP: see newCheckContext).
 */
export async function axeViolations(page: Page): Promise<string[]> {
  return timed('axe', async () => {
    if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
    return page.evaluate(async (tags) => {
      // @ts-expect-error axe is injected above
      const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return r.violations.map((v: { id: string; help: string; nodes: { target: string[] }[] }) => `${v.id}: ${v.help} @ ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    }, AXE_TAGS);
  });
}

/** How many CSS px the page scrolls sideways at `width` (≤ 0: none); the viewport is put back afterwards. */
export async function sidewaysOverflow(page: Page, width = NARROW.width, height = NARROW.height): Promise<number> {
  return timed('reflow', async () => {
    const size = page.viewportSize();
    await page.setViewportSize({ width, height });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (size) await page.setViewportSize(size);
    return overflow;
  });
}

/**
 * Screenshots are JPEG (quality 85): Chromium encodes a whole-page PNG in about 2.5 times the time of a
 * JPEG, and the screenshots are for people to look at, not to compare pixel by pixel.
 * LASTMILE_SCREENSHOTS=0 skips them (a quicker local run; npm test and CI take them).
 */
export const SCREENSHOTS = process.env.LASTMILE_SCREENSHOTS !== '0';
/** The file of screenshot `name`: ./screenshots/<name>.jpg. */
export function shotFile(name: string): string {
  return `${SHOTS}${name}.jpg`;
}
/** Options for page.screenshot: JPEG, written to shotFile(name). */
export function shotOptions(name: string) {
  return { path: shotFile(name), type: 'jpeg', quality: 85 } as const;
}

/** A whole-page screenshot at ./screenshots/<name>.jpg, at the page's current width. */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (!SCREENSHOTS) return;
  await timed('screenshot', () => page.screenshot({ ...shotOptions(name), fullPage: true }));
}

export interface CheckOptions {
  /** Run axe-core (default true). */
  axe?: boolean;
  /** No sideways scrolling at 320 px (default true). */
  reflow?: boolean;
  /** Whole-page screenshots at these widths, as ./screenshots/<name>-<viewport name>.jpg (default none). */
  screenshots?: readonly Viewport[];
  /** Open every <details> first, so that what is inside is checked too. */
  openDetails?: boolean;
  /** Height used for the 320 px check (default 640). */
  narrowHeight?: number;
  /** The viewport axe runs at (default: the page's own). */
  axeViewport?: Viewport;
}

/**
 * Checks the document the page shows: screenshots at the widths asked for, then axe-core (no
 * violations) at the page's own viewport (or axeViewport), then no sideways scrolling at 320 px. The viewport is the
 * same afterwards. `name` appears in the assertion messages and the screenshot names.
 */
export async function checkPage(page: Page, name: string, options: CheckOptions = {}): Promise<void> {
  const size = page.viewportSize();
  if (options.openDetails) await page.evaluate(() => document.querySelectorAll('details').forEach((d) => d.setAttribute('open', '')));
  if (options.screenshots?.length && SCREENSHOTS) {
    for (const vp of options.screenshots) {
      await page.setViewportSize({ width: vp.width, height: vp.height });
      await screenshot(page, `${name}-${vp.name}`);
    }
    if (size) await page.setViewportSize(size);
  }
  if (options.axe !== false) {
    if (options.axeViewport) await page.setViewportSize({ width: options.axeViewport.width, height: options.axeViewport.height });
    assert.deepEqual(await axeViolations(page), [], `${name} (${page.url()}): axe-core violations`);
  }
  if (options.reflow !== false) {
    const overflow = await sidewaysOverflow(page, NARROW.width, options.narrowHeight ?? NARROW.height);
    assert.ok(overflow <= 0, `${name} (${page.url()}) scrolls sideways by ${overflow}px at 320 px`);
  }
  if (size && options.axeViewport) await page.setViewportSize(size);
}

/** Runs fn over items with at most `limit` at a time (2 cores: two pages rendering at once is enough). */
export async function eachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const failures: unknown[] = [];
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      try {
        await fn(item);
      } catch (e) {
        failures.push(e);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateError(failures, `${failures.length} of ${items.length} failed: ${failures.map((f) => (f as Error).message).join('\n')}`);
}

/** The address of `path` in a language: /en/… for English ("/" becomes "/en/"). */
export function localized(origin: string, path: string, locale: 'ja' | 'en'): string {
  if (locale === 'ja') return origin + path;
  return origin + (path === '/' ? '/en/' : `/en${path}`);
}
