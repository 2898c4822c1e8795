// The XSS payload matrix of issue 9: every user-supplied field that a page shows, filled with every
// payload of test/xss/payloads.ts, rendered inert on every page that shows it.
//
// - In Chromium (SQLite; rendering does not depend on the engine): each payload calls a global marker
//   `__xss(tag)` exposed to every page; after each page no call and no dialog may have happened, and the
//   DOM carries no event-handler attribute, srcdoc, script-bearing URL or script with the marker
//   (inspectDocument). The contexts bypass the CSP, so what is proved is the escaping, not the CSP.
// - On SQLite and PostgreSQL (no browser): what the services stored reads back byte for byte, every page
//   of the matrix answers without a 5xx, and its HTML, parsed, has the same findings (none).
// - The forms refuse javascript:, data: and vbscript: addresses in URL fields; feeds are well-formed.
//
// The table of fields (field → how it is written → the pages that show it) is FIELDS in test/xss/matrix.ts.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { parseHTML } from 'linkedom';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { readAdvisoryForm } from '../src/advisories/form.ts';
import { readInitiativeForm } from '../src/content/initiative-kind.ts';
import { checkUrl } from '../src/declarations/form.ts';
import { readDeskForm, validateDesk } from '../src/desks/form.ts';
import { readEventForm } from '../src/events/form.ts';
import { checkWebhookUrl } from '../src/webhooks/url.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { BROWSER_SKIP, eachLimited, launchBrowser, newCheckContext } from './support/browser.ts';
import { Client, signIn, totpNow } from './support/client.ts';
import { testDialects } from './support/databases.ts';
import { FIELDS, REFLECTED, allIn, matrixSeed, writeMatrix, type MatrixPage, type Written } from './xss/matrix.ts';
import { MARKER, PAYLOADS, STORED_PAYLOADS, inspectDocument, tagOf } from './xss/payloads.ts';

interface Hit {
  tag: string;
  url: string;
}

/** Every tag a field × payload pair should have been seen under. */
const EXPECTED_TAGS = FIELDS.flatMap((f) => (f.payloads ?? STORED_PAYLOADS.map((p) => p.id)).map((id) => `${f.field}:${id}`));

/** The same findings on the HTML as served (linkedom's parser), and the document's text. */
function inspectHtml(html: string): { findings: string[]; text: string } {
  const { document } = parseHTML(html);
  return { findings: inspectDocument(document as unknown as Document), text: document.documentElement?.textContent ?? '' };
}

/** Loads `url` and returns what the document carries; the marker and dialogs are recorded by the context. */
async function visit(page: Page, url: string): Promise<{ status: number; findings: string[]; html: string; text: string }> {
  const res = await page.goto(url, { waitUntil: 'load' });
  // One turn for handlers that wait for one (autofocus → onfocus), then the document as it is now.
  const r = await page.evaluate(async (inspect) => {
    await new Promise((done) => setTimeout(done, 0));
    // eslint-disable-next-line no-new-func
    const findings = (new Function(`return (${inspect})`)() as (d: Document) => string[])(document);
    return { findings, html: document.documentElement.outerHTML, text: document.documentElement.innerText };
  }, inspectDocument.toString());
  return { status: res?.status() ?? 0, ...r };
}

/**
 * The checks on what is stored and served, without a browser: registered inside the browser suite (on its
 * SQLite app) and for PostgreSQL (and SQLite when there is no Chromium) on an app of their own.
 * `pages`: also parse every page of the matrix (the browser suite inspects them in Chromium instead).
 */
function servedTests(get: () => { t: TestApp; written: Written }, o: { pages: boolean }) {
  test('every payload reads back byte for byte', async () => {
    const { t, written } = get();
    for (const s of written.stored) {
      const row = await t.db.handle.db.selectFrom(s.table as 'users').select(s.column as 'id').where('id', '=', s.id).executeTakeFirstOrThrow();
      assert.equal((row as Record<string, unknown>)[s.column], s.value, `${s.table}.${s.column} #${s.id}`);
    }
  });

  if (o.pages) {
    test('every page of the matrix answers without a 5xx, shows each payload and carries no live markup', async () => {
      const { t, written } = get();
      const client = new Client(t.app);
      await signIn(client, written.admin);
      for (const p of written.pages) {
        const res = p.signedIn ? await client.get(p.path) : await t.app.inject({ url: p.path });
        assert.equal(res.statusCode, p.status ?? 200, `${p.path}: status`);
        const { findings, text } = inspectHtml(res.body);
        assert.deepEqual(findings, [], `${p.path}: live markup`);
        for (const tag of p.fields) assert.ok(res.body.includes(tag), `${p.path} should show ${tag}`);
        for (const x of p.texts ?? []) assert.ok(text.includes(x.text), `${p.path} should show ${JSON.stringify(x.text)}`);
      }
    });
  }

  test('payloads in query strings and paths are quoted back inert, never with a 5xx', async () => {
    const { t } = get();
    for (const r of REFLECTED) {
      for (const p of PAYLOADS) {
        const path = r.path(p.make(tagOf(r.field, p)));
        const res = await t.app.inject({ url: path });
        assert.ok(res.statusCode < 500, `${path}: ${res.statusCode}`);
        if (String(res.headers['content-type']).startsWith('text/html')) assert.deepEqual(inspectHtml(res.body).findings, [], `${path}: live markup`);
      }
    }
  });

  test('the iCalendar feed keeps each payload inside its property', async () => {
    const { t } = get();
    const res = await t.app.inject({ url: '/events.ics?when=all' });
    assert.equal(res.statusCode, 200);
    const lines = res.body.replace(/\r\n[ \t]/g, '').split('\r\n').filter(Boolean);
    for (const line of lines) assert.match(line, /^[A-Z][A-Z0-9-]*(;[^:]*)?:/, `a property line: ${line.slice(0, 80)}`);
    const summaries = lines.filter((l) => l.startsWith('SUMMARY')).map((l) => l.slice(l.indexOf(':') + 1).replace(/\\n/gi, '\n').replace(/\\([,;\\])/g, '$1'));
    assert.ok(summaries.includes(allIn('event.titleJa')), 'the SUMMARY is the title, unescaped exactly');
  });
}

// The browser suite and the PostgreSQL one run side by side: one waits mostly on Chromium, the other on the database.
describe('XSS payload matrix', { concurrency: 2 }, () => {
  describe('in Chromium', { skip: BROWSER_SKIP, concurrency: 1 }, () => {
    let t: TestApp;
    let written: Written;
    let browser: Browser;
    let origin: string;
    let uploadDir: string;
    let visitor: BrowserContext;
    let office: BrowserContext;
    const hits: Hit[] = [];
    const seen = new Set<string>();
    const counts = { pages: 0, fieldPagePairs: 0, reflected: 0 };

    const watch = async (ctx: BrowserContext) => {
      await ctx.exposeBinding(MARKER, (source, tag: unknown) => {
        hits.push({ tag: String(tag), url: source.page?.url() ?? source.frame.url() });
      });
      ctx.on('page', (p) => p.on('dialog', (d) => {
        hits.push({ tag: `dialog: ${d.message()}`, url: p.url() });
        void d.dismiss();
      }));
    };

    before(async () => {
      uploadDir = mkdtempSync(join(tmpdir(), 'lastmile-xss-'));
      t = await startTestApp('sqlite', matrixSeed(), { env: { UPLOAD_DIR: uploadDir } });
      written = await writeMatrix(t.app, t.db.handle, uploadDir);
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
      browser = await launchBrowser();
      // bypassCSP: the escaping is what is tested, not the CSP that would also block inline script.
      visitor = await newCheckContext(browser);
      office = await newCheckContext(browser);
      await watch(visitor);
      await watch(office);
      // The administrator (a member of xss-org-0) signs in through the real forms.
      const login = await office.newPage();
      await login.goto(`${origin}/login`);
      await login.getByLabel('メールアドレス').fill(written.admin.email);
      await login.getByLabel('パスワード').fill(written.admin.password);
      await login.getByRole('button', { name: 'ログイン' }).click();
      await login.waitForURL(`${origin}/login/two-factor`);
      await login.getByLabel('認証アプリの6桁のコード').fill(totpNow(written.admin.totpSecret!));
      await login.getByRole('button', { name: '確認する' }).click();
      await login.waitForURL((u) => !u.pathname.startsWith('/login'));
      await login.close();
    });

    after(async () => {
      await visitor?.close();
      await office?.close();
      await browser?.close();
      await t?.close();
      if (uploadDir) rmSync(uploadDir, { recursive: true, force: true });
      process.stderr.write(`xss matrix: ${FIELDS.length} stored fields × ${STORED_PAYLOADS.length} payloads (${EXPECTED_TAGS.length} pairs), ${REFLECTED.length} reflected fields × ${PAYLOADS.length} payloads; ${counts.pages} pages with stored payloads (${counts.fieldPagePairs} field × payload × page), ${counts.reflected} reflected; scripts run: ${hits.length}\n`);
    });

    const check = async (ctx: BrowserContext, pages: MatrixPage[]) => {
      const idle: Page[] = [];
      await eachLimited(pages, 2, async (p) => {
        const page = idle.pop() ?? (await ctx.newPage());
        try {
          const { status, findings, html, text } = await visit(page, origin + p.path);
          assert.equal(status, p.status ?? 200, `${p.path}: status`);
          assert.deepEqual(findings, [], `${p.path}: live markup from a user`);
          counts.pages++;
          for (const tag of p.fields) {
            assert.ok(html.includes(tag), `${p.path} should show ${tag}`);
            seen.add(tag);
            counts.fieldPagePairs++;
          }
          for (const x of p.texts ?? []) {
            assert.ok(text.includes(x.text), `${p.path} should show ${JSON.stringify(x.text)}`);
            seen.add(x.tag);
            counts.fieldPagePairs++;
          }
          // Lists show fields without being asked to: count what they carried too.
          for (const tag of EXPECTED_TAGS) if (html.includes(tag)) seen.add(tag);
        } finally {
          idle.push(page);
        }
      });
      for (const p of idle) await p.close();
    };

    test('the checks see live markup and running script when there is some (the checker checked)', async () => {
      const page = await visitor.newPage();
      try {
        await page.route(`${origin}/xss-probe`, (route) => route.fulfill({ contentType: 'text/html', body: `<!doctype html><title>probe</title><img src=x onerror="${MARKER}('probe')"><a href="jav&#x09;ascript:1">a</a><form action="data:text/html,x"></form><div style="background:url(javascript:1)"></div>` }));
        const before = hits.length;
        const { findings } = await visit(page, `${origin}/xss-probe`);
        assert.equal(findings.length, 4, findings.join('\n'));
        assert.deepEqual(hits.splice(before).map((h) => h.tag), ['probe']);
        assert.equal(inspectHtml(await page.content()).findings.length, 4);
      } finally {
        await page.close();
      }
    });

    test('stored payloads are inert on the public pages that show them (no script runs)', async () => {
      await check(visitor, written.pages.filter((p) => !p.signedIn));
      assert.deepEqual(hits, [], 'scripts that ran');
    });

    test('stored payloads are inert on the organisation, moderation and administration pages', async () => {
      await check(office, written.pages.filter((p) => p.signedIn));
      assert.deepEqual(hits, [], 'scripts that ran');
    });

    test('every field × payload of the table was shown on at least one page', () => {
      assert.deepEqual(EXPECTED_TAGS.filter((tag) => !seen.has(tag)), []);
    });

    test('payloads in query strings and paths are inert where they are quoted back', async () => {
      // Two of the reflected fields in the browser (the search box and the 404 page); every one of them is
      // checked on the HTML as served below, on both databases.
      const pages = REFLECTED.filter((r) => r.browser).flatMap((r) => PAYLOADS.map((p) => ({ path: r.path(p.make(tagOf(r.field, p))) })));
      const idle: Page[] = [];
      await eachLimited(pages, 2, async ({ path }) => {
        const page = idle.pop() ?? (await visitor.newPage());
        try {
          const { status, findings } = await visit(page, origin + path);
          assert.ok(status > 0 && status < 500, `${path}: status ${status}`);
          assert.deepEqual(findings, [], `${path}: live markup from the query`);
          counts.reflected++;
        } finally {
          idle.push(page);
        }
      });
      for (const p of idle) await p.close();
      assert.deepEqual(hits, [], 'scripts that ran');
    });

    servedTests(() => ({ t, written }), { pages: false });

    test('the Atom feeds are well-formed XML whose HTML content is inert too', async () => {
      const page = await visitor.newPage();
      try {
        await page.goto(`${origin}/advisories`);
        for (const path of ['/advisories.atom', '/en/advisories.atom']) {
          const res = await t.app.inject({ url: path });
          assert.equal(res.statusCode, 200);
          const r = await page.evaluate((xml) => {
            const doc = new DOMParser().parseFromString(xml, 'application/xml');
            // type="html" text is HTML escaped once more: a reader parses it as HTML and shows its text.
            // (No named helper: the function is sent to the page as its source.)
            const titles = Array.from(doc.getElementsByTagName('title')).map((e) => (e.getAttribute('type') === 'html' ? (new DOMParser().parseFromString(e.textContent ?? '', 'text/html').documentElement.textContent ?? '') : (e.textContent ?? '')));
            const html = Array.from(doc.querySelectorAll('[type="html"]')).map((e) => e.textContent ?? '');
            return { errors: doc.getElementsByTagName('parsererror').length, titles, html };
          }, res.body);
          assert.equal(r.errors, 0, `${path} is well-formed XML`);
          const field = path.startsWith('/en') ? 'adv.titleEn' : 'adv.titleJa';
          for (const p of STORED_PAYLOADS) assert.ok(r.titles.some((title) => title.includes(p.make(tagOf(field, p)))), `${path}: the title ${p.id} comes back as text`);
          // A feed reader renders type="html" content: it must be as inert as the page.
          assert.ok(r.html.length > 0, `${path} has HTML content`);
          for (const html of r.html) assert.deepEqual(inspectHtml(`<!doctype html><html><body>${html}</body></html>`).findings, [], `${path}: HTML content`);
        }
      } finally {
        await page.close();
      }
    });
  });

  describe('stored and served (no browser)', { concurrency: 1 }, () => {
    // With Chromium, SQLite is covered by the browser suite (servedTests runs there on its app).
    for (const dialect of testDialects().filter((d) => BROWSER_SKIP || d !== 'sqlite')) {
      describe(dialect, () => {
        let t: TestApp;
        let written: Written;
        let uploadDir: string;
        before(async () => {
          uploadDir = mkdtempSync(join(tmpdir(), 'lastmile-xss-'));
          t = await startTestApp(dialect, matrixSeed(), { env: { UPLOAD_DIR: uploadDir } });
          written = await writeMatrix(t.app, t.db.handle, uploadDir);
        });
        after(async () => {
          await t?.close();
          if (uploadDir) rmSync(uploadDir, { recursive: true, force: true });
        });
        servedTests(() => ({ t, written }), { pages: true });
      });
    }
  });

  // The pages above are tested with what the forms let through and more; here, that the forms let no
  // script-bearing address into a URL field in the first place.
  describe('URL fields refuse script-bearing schemes', { concurrency: 1 }, () => {
    const BAD = ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', 'java\tscript:alert(1)', 'java\nscript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)', '//evil.example/x'];
    test('initiative address', () => {
      for (const url of BAD) {
        const { errors } = readInitiativeForm({ titleJa: 't', titleEn: 't', summaryJa: 's', summaryEn: 's', sector: 'private', audiences: 'seniors', methods: 'tools', nationwide: 'on', url, status: 'active' }, new Set());
        assert.ok(errors.url, `refused: ${JSON.stringify(url)}`);
      }
    });
    test('advisory links', () => {
      for (const url of BAD) assert.ok(readAdvisoryForm({ titleJa: 't', whatJa: 'w', actionsJa: 'a', severity: 'warning', scope: 'nationwide', linkUrl1: url, linkLabel1: 'x' }, { correction: false }).issues.linkUrl1, `refused: ${JSON.stringify(url)}`);
    });
    test('event registration page', () => {
      for (const url of BAD) assert.ok(readEventForm({ titleJa: 't', registrationUrl: url }, { campaignIds: new Set(), initiativeIds: new Set() }).issues.registrationUrl, `refused: ${JSON.stringify(url)}`);
    });
    test('desk web page', () => {
      for (const url of BAD) {
        const r = validateDesk(readDeskForm({ webUrl: url } as never), true, false);
        assert.ok(r.errors?.webUrl, `refused: ${JSON.stringify(url)}`);
      }
    });
    test('declaration website and policy', () => {
      for (const url of BAD) assert.ok('error' in checkUrl(url, { ja: 'URL', en: 'URL' }), `refused: ${JSON.stringify(url)}`);
    });
    test('webhook endpoint', async () => {
      for (const url of BAD) assert.equal((await checkWebhookUrl(url, { allowPrivate: true, resolve: async () => [] as never })).ok, false, `refused: ${JSON.stringify(url)}`);
    });
  });
});
