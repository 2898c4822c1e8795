// Upload attacks: every refused file leaves nothing on disk and nothing in the database, with a clear
// message in the page's language; polyglots are kept but only ever served as what their magic number
// says, as attachments, with nosniff and a sandboxing CSP; names never become paths; CSRF is checked
// before a byte of the file is read; stored XSS is escaped. On SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CurrentUser } from '../accounts/model.ts';
import { toCurrentUser } from '../accounts/repository.ts';
import { approve, type ContentContext } from '../content/service.ts';
import { startTestApp, TEST_BASE_URL, type TestApp } from '../../test/support/app.ts';
import { Client, createUser, organisationIdBySlug, signIn, type TestUser } from '../../test/support/client.ts';
import { testDialects } from '../../test/support/databases.ts';
import { FIXTURE } from '../../test/support/fixture.ts';
import { postMultipart, type Part } from '../../test/support/multipart.ts';
import { FORM, formParts } from './test-forms.ts';
import { docx, ELF, EXE, GIF_JS, HTML, HTML_LATE, pdf, PDF_HTML, PNG, SHELL, SVG_PLAIN, SVG_SCRIPT, ZIP_EXE } from './test-files.ts';

const LIMIT = 64 * 1024;
const XSS = '<script>alert(1)</script>';
const XSS_ATTR = '"><img src=x onerror=alert(1)>';

for (const dialect of testDialects()) {
  describe(`material uploads under attack (${dialect})`, () => {
    let t: TestApp;
    let uploadDir: string;
    let user: TestUser;
    let moderator: CurrentUser;
    let c: Client;

    const filesOnDisk = () => (existsSync(join(uploadDir, 'objects')) ? readdirSync(join(uploadDir, 'objects'), { recursive: true }).filter((p) => /[0-9a-f]{64}$/.test(String(p))).length : 0);
    const tmpFiles = () => (existsSync(join(uploadDir, 'tmp')) ? readdirSync(join(uploadDir, 'tmp')).length : 0);
    const items = async () => Number((await t.db.handle.db.selectFrom('content_items').select((eb) => eb.fn.countAll().as('n')).where('kind', '=', 'material').executeTakeFirstOrThrow()).n);
    const ctx = (actor: CurrentUser): ContentContext => ({ database: t.db.handle, kinds: t.app.contentKinds, mailer: t.app.deps.mailer, baseUrl: TEST_BASE_URL, now: new Date(), actor, log: { error() {} } });

    async function upload(filename: string, data: Buffer, fields: Record<string, string | string[]> = {}, url = '/my/materials/new') {
      await c.get(url === '/my/materials/new' ? url : url.replace(/\/edit$/, '/edit'));
      return postMultipart(c, url, formParts(c.csrf(), { ...FORM, intent: 'submit', ...fields }, { filename, data, contentType: 'application/pdf' }));
    }

    /** Uploads, expects a refusal with this status and message, and checks that nothing was kept. */
    async function refused(filename: string, data: Buffer, status: number, message: RegExp, locale: 'ja' | 'en' = 'ja') {
      const [files, count] = [filesOnDisk(), await items()];
      const res = await upload(filename, data, {}, locale === 'en' ? '/en/my/materials/new' : '/my/materials/new');
      assert.equal(res.statusCode, status, `${filename}: ${res.body.slice(0, 300)}`);
      assert.match(res.body, message, filename);
      assert.match(res.body, /class="error-summary"/);
      assert.equal(filesOnDisk(), files, `${filename}: nothing stored`);
      assert.equal(tmpFiles(), 0, `${filename}: no temporary file left`);
      assert.equal(await items(), count, `${filename}: no item created`);
    }

    async function publishedFile(filename: string, data: Buffer, titleJa: string) {
      const res = await upload(filename, data, { titleJa });
      assert.equal(res.statusCode, 303, `${filename}: ${res.body.slice(0, 500)}`);
      const itemId = Number(/\/my\/materials\/(\d+)/.exec(res.headers.location as string)![1]);
      await approve(ctx(moderator), itemId, '');
      const publicId = (await t.db.handle.db.selectFrom('content_items').select('public_id').where('id', '=', itemId).executeTakeFirstOrThrow()).public_id!;
      const json = (await t.app.inject(`/api/v1/materials/${publicId}`)).json();
      return { publicId, file: json.file as { id: number; name: string; mediaType: string } };
    }

    before(async () => {
      uploadDir = mkdtempSync(join(tmpdir(), 'lastmile-uploads-'));
      t = await startTestApp(dialect, FIXTURE, { env: { UPLOAD_DIR: uploadDir, UPLOAD_MAX_BYTES: String(LIMIT) } });
      user = await createUser(t.db.handle, { email: 'staff@jnsa.example', organisationId: await organisationIdBySlug(t.db.handle, 'jnsa') });
      const m = await createUser(t.db.handle, { email: 'moderator@office.example', role: 'moderator', totp: true });
      moderator = toCurrentUser(await t.db.handle.db.selectFrom('users').selectAll().where('id', '=', m.id).executeTakeFirstOrThrow());
      c = new Client(t.app);
      await signIn(c, user);
    });
    after(async () => {
      await t?.close();
      rmSync(uploadDir, { recursive: true, force: true });
    });

    test('HTML, SVG, programs, macros and archives are refused, whatever they are called', async () => {
      await refused('leaflet.pdf', HTML, 415, /HTMLやXMLのファイルは受け付けていません/);
      await refused('notes.txt', HTML_LATE, 415, /HTMLやXMLのファイルは受け付けていません/);
      await refused('image.svg', SVG_SCRIPT, 415, /SVG画像は受け付けていません/);
      await refused('logo.png', SVG_PLAIN, 415, /SVG画像は受け付けていません/);
      await refused('tool.exe', EXE, 415, /プログラム（実行ファイルやスクリプト）は受け付けていません/);
      await refused('game.pdf', ELF, 415, /プログラム/);
      await refused('setup.txt', SHELL, 415, /プログラム/);
      await refused('report.docx', docx({ macro: true }), 415, /マクロを含むOfficeファイル/);
      await refused('tools.zip', ZIP_EXE, 415, /この種類のファイルは受け付けていません/);
      await refused('tool.exe', EXE, 415, /Programs \(executables and scripts\) are not accepted/, 'en');
    });

    test('a file whose content does not match its name is refused', async () => {
      await refused('leaflet.pdf', PNG, 400, /ファイル名（\.pdf）と中身（PNG画像）が一致しません/);
      await refused('slides.pptx', pdf(), 400, /ファイル名（\.pptx）と中身（PDF）が一致しません/);
      await refused('page.html', Buffer.from('just text'), 400, /一致しません/);
      // An RTL override cannot hide the real extension: the sanitised name ends in .exe, the content is a PNG.
      await refused('photo\u202Egnp.exe', PNG, 400, /一致しません/);
    });

    test('an oversized upload is refused with 413 and a form error; nothing reaches the disk', async () => {
      await refused('big.txt', Buffer.alloc(LIMIT + 1, 'a'), 413, /ファイルが大きすぎます。64 KB以下のファイルにしてください。/);
      await refused('big.pdf', Buffer.concat([pdf(), Buffer.alloc(3 * LIMIT, 0x20)]), 413, /ファイルが大きすぎます/);
      await refused('big.txt', Buffer.alloc(LIMIT + 1, 'a'), 413, /The file is too large/, 'en');
      // Exactly at the limit is fine.
      const ok = await upload('limit.txt', Buffer.alloc(LIMIT, 'b'), { intent: 'save' });
      assert.equal(ok.statusCode, 303);
    });

    test('CSRF is checked before the file is read: no token, a wrong token, or the token after the file', async () => {
      const [files, count] = [filesOnDisk(), await items()];
      await c.get('/my/materials/new');
      const token = c.csrf();
      const file = { name: 'file', filename: 'fresh.txt', data: Buffer.from('never stored 1') };
      const fields = Object.entries({ ...FORM, intent: 'submit' }).map(([name, value]) => ({ name, value: String(value) }));
      const attempts: Part[][] = [
        [...fields, file],
        [{ name: '_csrf', value: 'forged' }, ...fields, file],
        [...fields, file, { name: '_csrf', value: token }],
      ];
      for (const parts of attempts) {
        const res = await postMultipart(c, '/my/materials/new', parts);
        assert.equal(res.statusCode, 403);
        assert.match(res.body, /フォームの有効期限が切れたか/);
      }
      // Signed out: sent to the sign-in page, nothing read.
      const anon = new Client(t.app);
      const res = await postMultipart(anon, '/my/materials/new', [{ name: '_csrf', value: token }, ...fields, file]);
      assert.equal(res.statusCode, 303);
      assert.equal(filesOnDisk(), files);
      assert.equal(tmpFiles(), 0);
      assert.equal(await items(), count);
    });

    test('polyglots are stored but only ever served as their real type, as attachments, sandboxed', async () => {
      const gif = await publishedFile('funny.gif', GIF_JS, 'GIF polyglot');
      assert.equal(gif.file.mediaType, 'image/gif');
      const dl = await t.app.inject(`/materials/${gif.publicId}/files/${gif.file.id}`);
      assert.equal(dl.headers['content-type'], 'image/gif');
      assert.match(String(dl.headers['content-disposition']), /^attachment;/);
      assert.equal(dl.headers['x-content-type-options'], 'nosniff');
      assert.equal(dl.headers['content-security-policy'], "default-src 'none'; sandbox");
      const prev = await t.app.inject(`/materials/${gif.publicId}/files/${gif.file.id}/preview`);
      assert.equal(prev.headers['content-type'], 'image/gif');
      assert.equal(prev.headers['x-content-type-options'], 'nosniff');
      assert.equal(prev.headers['content-security-policy'], "default-src 'none'; sandbox");

      const pdfHtml = await publishedFile('leaflet.pdf', PDF_HTML, 'PDF polyglot');
      assert.equal(pdfHtml.file.mediaType, 'application/pdf');
      const d2 = await t.app.inject(`/materials/${pdfHtml.publicId}/files/${pdfHtml.file.id}`);
      assert.equal(d2.headers['content-type'], 'application/pdf');
      assert.match(String(d2.headers['content-disposition']), /^attachment;/);
      assert.equal(d2.headers['x-content-type-options'], 'nosniff');
      assert.equal(d2.headers['content-security-policy'], "default-src 'none'; sandbox");
      // A PDF without a rendered preview has none: never the file itself inline.
      const p2 = await t.app.inject(`/materials/${pdfHtml.publicId}/files/${pdfHtml.file.id}/preview`);
      assert.ok(p2.statusCode === 404 || p2.headers['content-type'] === 'image/png');
    });

    test('names never become paths; they are sanitised for display and Content-Disposition', async () => {
      const outside = join(uploadDir, '..', 'passwd');
      const cases: [string, string][] = [
        ['../../etc/passwd', 'passwd.txt'],
        ['..\\..\\windows\\notes', 'notes.txt'],
        ['a\\b.txt', 'b.txt'],
        ['ev\u0000il.txt', 'evil.txt'],
        ['invoice\u202Efdp.txt', 'invoicefdp.txt'],
        [`${'長'.repeat(400)}.txt`, `${'長'.repeat(116)}.txt`],
      ];
      for (const [i, [raw, expected]] of cases.entries()) {
        const r = await publishedFile(raw, Buffer.from(`content ${i}\n`), `name ${i}`);
        assert.equal(r.file.name, expected, JSON.stringify(raw));
        const dl = await t.app.inject(`/materials/${r.publicId}/files/${r.file.id}`);
        const cd = String(dl.headers['content-disposition']);
        assert.ok(/^attachment; filename="[\x20-\x7e]*"; filename\*=UTF-8''[A-Za-z0-9%._~!-]*$/.test(cd), cd);
        assert.ok(!cd.includes('/') && !cd.includes('\\') && !cd.includes('%00') && !cd.includes('%E2%80%AE'), cd);
      }
      assert.ok(!existsSync(outside));
      // Everything under UPLOAD_DIR is named by hash.
      for (const p of readdirSync(join(uploadDir, 'objects'), { recursive: true }).map(String)) assert.match(p.replace(/\\/g, '/'), /^[0-9a-f]{2}(\/[0-9a-f]{64})?$/);
    });

    test('stored XSS in every field is escaped on every page', async () => {
      const r = await upload('x.png', PNG, { titleJa: XSS, titleEn: XSS, summaryJa: XSS_ATTR, summaryEn: XSS_ATTR, attribution: XSS, version: XSS_ATTR });
      assert.equal(r.statusCode, 303, r.body.slice(0, 500));
      const itemId = Number(/\/my\/materials\/(\d+)/.exec(r.headers.location as string)![1]);
      const mine = await c.get(`/my/materials/${itemId}`);
      await approve(ctx(moderator), itemId, '');
      const publicId = (await t.db.handle.db.selectFrom('content_items').select('public_id').where('id', '=', itemId).executeTakeFirstOrThrow()).public_id!;
      for (const body of [mine.body, (await t.app.inject(`/materials/${publicId}`)).body, (await t.app.inject(`/en/materials/${publicId}`)).body, (await t.app.inject('/materials')).body, (await c.get(`/my/materials/${itemId}/edit`)).body, (await c.get('/my/materials')).body]) {
        assert.ok(!body.includes(XSS), 'raw script tag');
        assert.ok(!body.includes('<img src=x'), 'raw img tag');
      }
      assert.ok((await t.app.inject(`/materials/${publicId}`)).body.includes('&lt;script>'));
    });
  });
}
