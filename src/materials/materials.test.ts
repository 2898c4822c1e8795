// The materials library end to end: an organisation uploads through its multipart forms, a moderator
// approves through the content service, the public browses (facets, Japanese search), downloads (headers,
// counts) and sees earlier versions kept when a file is replaced; links to initiatives; open data; the
// link checker's functions. On SQLite and PostgreSQL, each app with its own upload directory.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CurrentUser } from '../accounts/model.ts';
import { toCurrentUser } from '../accounts/repository.ts';
import { approve, createItem, requestChanges, submitForReview, type ContentContext } from '../content/service.ts';
import { startTestApp, TEST_BASE_URL, type TestApp } from '../../test/support/app.ts';
import { Client, createUser, organisationIdBySlug, signIn, type TestUser } from '../../test/support/client.ts';
import { testDialects } from '../../test/support/databases.ts';
import { FIXTURE } from '../../test/support/fixture.ts';
import { postMultipart } from '../../test/support/multipart.ts';
import { brokenMaterialLinks, dueMaterialLinks, recordMaterialCheck, runMaterialLinkCheckRound } from './links.ts';
import { MATERIAL_KIND } from './material-kind.ts';
import type { MaterialPayload } from './model.ts';
import { materialsLinkedTo } from './service.ts';
import { pdfPreviewAvailable } from './storage.ts';
import { pdf, PNG } from './test-files.ts';

import { FORM, formParts, payloadOf } from './test-forms.ts';

for (const dialect of testDialects()) {
  describe(`materials library (${dialect})`, () => {
    let t: TestApp;
    let uploadDir: string;
    let jnsaUser: TestUser;
    let jnsaActor: CurrentUser;
    let ipaActor: CurrentUser;
    let moderatorUser: TestUser;
    let moderator: CurrentUser;

    const userRow = (id: number) => t.db.handle.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const ctx = (actor: CurrentUser): ContentContext => ({ database: t.db.handle, kinds: t.app.contentKinds, mailer: t.app.deps.mailer, baseUrl: TEST_BASE_URL, now: new Date(), actor, log: { error() {} } });
    const publicIdOf = async (itemId: number) => (await t.db.handle.db.selectFrom('content_items').select('public_id').where('id', '=', itemId).executeTakeFirstOrThrow()).public_id!;

    /** Created, submitted and approved through the content service (for browsing tests). */
    async function published(actor: CurrentUser, p: MaterialPayload): Promise<number> {
      const id = await createItem(ctx(actor), MATERIAL_KIND, p);
      assert.equal(await submitForReview(ctx(actor), id), 'submitted');
      await approve(ctx(moderator), id, '');
      return publicIdOf(id);
    }

    before(async () => {
      uploadDir = mkdtempSync(join(tmpdir(), 'lastmile-uploads-'));
      t = await startTestApp(dialect, FIXTURE, { env: { UPLOAD_DIR: uploadDir, UPLOAD_MAX_BYTES: String(256 * 1024) } });
      const jnsa = await organisationIdBySlug(t.db.handle, 'jnsa');
      jnsaUser = await createUser(t.db.handle, { email: 'staff@jnsa.example', organisationId: jnsa, orgRole: 'admin' });
      jnsaActor = toCurrentUser(await userRow(jnsaUser.id));
      const ipaUser = await createUser(t.db.handle, { email: 'staff@ipa.example', organisationId: await organisationIdBySlug(t.db.handle, 'ipa'), orgRole: 'admin' });
      ipaActor = toCurrentUser(await userRow(ipaUser.id));
      moderatorUser = await createUser(t.db.handle, { email: 'moderator@office.example', role: 'moderator', totp: true });
      moderator = toCurrentUser(await userRow(moderatorUser.id));
    });
    after(async () => {
      await t?.close();
      rmSync(uploadDir, { recursive: true, force: true });
    });

    test('an organisation uploads a PDF, a moderator approves it, the public finds and downloads it', async () => {
      const c = new Client(t.app);
      await signIn(c, jnsaUser);
      const form = await c.get('/my/materials/new');
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /enctype="multipart\/form-data"/);
      const file = pdf('Phishing');
      const res = await postMultipart(c, '/my/materials/new', formParts(c.csrf(), { ...FORM, initiatives: '1', intent: 'submit' }, { filename: 'フィッシング対策.pdf', data: file, contentType: 'application/pdf' }));
      assert.equal(res.statusCode, 303, res.body.slice(0, 2000));
      const itemId = Number(/\/my\/materials\/(\d+)\?done=submitted/.exec(res.headers.location as string)![1]);

      // Stored by hash, outside the web root; not public before approval.
      const objects = readdirSync(join(uploadDir, 'objects'), { recursive: true }).map(String);
      assert.ok(objects.some((p) => /^[0-9a-f]{2}\/[0-9a-f]{64}$/.test(p.replace(/\\/g, '/'))), objects.join(','));
      assert.deepEqual(readdirSync(join(uploadDir, 'tmp')), []);
      assert.equal((await t.app.inject('/api/v1/materials')).json().total, 0);
      assert.equal((await t.app.inject('/materials/1/files/1')).statusCode, 404);

      // The owner and the moderator can read the draft's file; the public cannot.
      const own = await c.get(`/my/materials/${itemId}/file`);
      assert.equal(own.statusCode, 200);
      assert.deepEqual(own.rawPayload, file);
      const mc = new Client(t.app);
      await signIn(mc, moderatorUser);
      const modPage = await mc.get(`/moderation/items/${itemId}`);
      assert.match(modPage.body, new RegExp(`href="/moderation/materials/${itemId}/file"`), 'the review page links to the submitted file');
      const modFile = await mc.get(`/moderation/materials/${itemId}/file`);
      assert.equal(modFile.statusCode, 200);
      assert.equal(modFile.headers['content-type'], 'application/pdf');
      assert.equal((await c.get(`/moderation/materials/${itemId}/file`)).statusCode, 403);
      assert.equal((await t.app.inject(`/moderation/materials/${itemId}/file`)).statusCode, 303);

      await approve(ctx(moderator), itemId, '');
      const publicId = await publicIdOf(itemId);
      const list = await t.app.inject('/api/v1/materials');
      assert.equal(list.statusCode, 200);
      const m = list.json().items[0];
      assert.equal(m.id, publicId);
      assert.equal(m.title.ja, FORM.titleJa);
      assert.equal(m.licence.id, 'cc-by-4.0');
      assert.equal(m.attribution, FORM.attribution);
      assert.equal(m.file.name, 'フィッシング対策.pdf');
      assert.equal(m.file.mediaType, 'application/pdf');
      assert.equal(m.file.version, 1);
      assert.deepEqual(m.initiatives, [{ id: 1, title: { ja: FIXTURE.initiatives[0]!.titleJa, en: FIXTURE.initiatives[0]!.titleEn } }]);

      const page = await t.app.inject(`/materials/${publicId}`);
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes(FORM.attribution));
      assert.ok(page.body.includes(`href="/initiatives/1"`));
      assert.ok(page.body.includes(`/materials/${publicId}/files/${m.file.id}`));
      if (await pdfPreviewAvailable()) {
        assert.ok(page.body.includes(`/materials/${publicId}/files/${m.file.id}/preview`));
        const prev = await t.app.inject(`/materials/${publicId}/files/${m.file.id}/preview`);
        assert.equal(prev.statusCode, 200);
        assert.equal(prev.headers['content-type'], 'image/png');
        assert.deepEqual(prev.rawPayload.subarray(0, 8), PNG.subarray(0, 8));
      }
      assert.equal((await t.app.inject(`/en/materials/${publicId}`)).statusCode, 200);
      // The initiative's materials (for its page).
      const linked = await materialsLinkedTo({ db: t.db.handle.db, dialect }, 'initiative', 1);
      assert.deepEqual(linked.map((x) => x.id), [publicId]);
      const initiativePage = await t.app.inject('/initiatives/1');
      assert.match(initiativePage.body, new RegExp(`href="/materials/${publicId}"`), "the initiative's page lists the material");

      // Download: exact bytes, declared type, never sniffed, never run, saved under its (encoded) name.
      const dl = await t.app.inject(`/materials/${publicId}/files/${m.file.id}`);
      assert.equal(dl.statusCode, 200);
      assert.deepEqual(dl.rawPayload, file);
      assert.equal(dl.headers['content-type'], 'application/pdf');
      assert.equal(dl.headers['x-content-type-options'], 'nosniff');
      assert.equal(dl.headers['content-security-policy'], "default-src 'none'; sandbox");
      assert.equal(dl.headers['content-disposition'], `attachment; filename="________.pdf"; filename*=UTF-8''${encodeURIComponent('フィッシング対策.pdf')}`);
      await t.app.inject(`/materials/${publicId}/files/${m.file.id}`);
      await t.app.inject({ method: 'HEAD', url: `/materials/${publicId}/files/${m.file.id}` });
      // Concurrent downloads lose no count.
      await Promise.all(Array.from({ length: 8 }, () => t.app.inject(`/materials/${publicId}/files/${m.file.id}`)));
      assert.equal((await t.app.inject(`/api/v1/materials/${publicId}`)).json().file.downloads, 10);
      // The file of another material, or an id that is not a file of this one: not found.
      assert.equal((await t.app.inject(`/materials/${publicId + 1}/files/${m.file.id}`)).statusCode, 404);
      assert.equal((await t.app.inject(`/materials/${publicId}/files/abc`)).statusCode, 404);
    });

    test('a replaced file keeps its earlier versions; the public page keeps the approved one until the edit is approved', async () => {
      const c = new Client(t.app);
      await signIn(c, jnsaUser);
      await c.get('/my/materials/new');
      const v1 = Buffer.from('版1：パスワードの作り方\n');
      const r1 = await postMultipart(c, '/my/materials/new', formParts(c.csrf(), { ...FORM, titleJa: 'パスワードの作り方', format: 'checklist', intent: 'submit' }, { filename: 'checklist.txt', data: v1 }));
      assert.equal(r1.statusCode, 303, r1.body.slice(0, 1500));
      const itemId = Number(/\/my\/materials\/(\d+)/.exec(r1.headers.location as string)![1]);
      await approve(ctx(moderator), itemId, '');
      const publicId = await publicIdOf(itemId);

      await c.get(`/my/materials/${itemId}/edit`);
      const r2 = await postMultipart(c, `/my/materials/${itemId}/edit`, formParts(c.csrf(), { ...FORM, titleJa: 'パスワードの作り方', format: 'checklist', version: '第2版', intent: 'submit' }, { filename: 'checklist-v2.png', data: PNG }));
      assert.equal(r2.statusCode, 303, r2.body.slice(0, 1500));
      let json = (await t.app.inject(`/api/v1/materials/${publicId}`)).json();
      assert.equal(json.files.length, 1);
      assert.equal(json.file.mediaType, 'text/plain');
      assert.equal(json.version, '第1版');

      await approve(ctx(moderator), itemId, '');
      json = (await t.app.inject(`/api/v1/materials/${publicId}`)).json();
      assert.equal(json.version, '第2版');
      assert.deepEqual(
        json.files.map((f: { version: number; mediaType: string; name: string }) => [f.version, f.mediaType, f.name]),
        [
          [2, 'image/png', 'checklist-v2.png'],
          [1, 'text/plain', 'checklist.txt'],
        ],
      );
      assert.equal(json.file.version, 2);
      const old = await t.app.inject(`/materials/${publicId}/files/${json.files[1].id}`);
      assert.equal(old.statusCode, 200);
      assert.deepEqual(old.rawPayload, v1);
      assert.equal(old.headers['content-type'], 'text/plain; charset=utf-8');
      const page = await t.app.inject(`/materials/${publicId}`);
      assert.ok(page.body.includes(`/materials/${publicId}/files/${json.files[1].id}`), 'earlier version linked from the page');
      // An image is previewed inline, still with nosniff and the sandbox.
      const prev = await t.app.inject(`/materials/${publicId}/files/${json.file.id}/preview`);
      assert.equal(prev.headers['content-type'], 'image/png');
      assert.match(String(prev.headers['content-disposition']), /^inline;/);
      assert.equal(prev.headers['x-content-type-options'], 'nosniff');
      assert.equal(prev.headers['content-security-policy'], "default-src 'none'; sandbox");

      // An edit without a new file keeps the file; a link-only edit (file removed) keeps the versions listed.
      await c.get(`/my/materials/${itemId}/edit`);
      const r3 = await postMultipart(c, `/my/materials/${itemId}/edit`, formParts(c.csrf(), { ...FORM, titleJa: 'パスワードの作り方', format: 'checklist', url: 'https://example.org/pw', removeFile: '1', intent: 'submit' }));
      assert.equal(r3.statusCode, 303, r3.body.slice(0, 1500));
      await approve(ctx(moderator), itemId, '');
      json = (await t.app.inject(`/api/v1/materials/${publicId}`)).json();
      assert.equal(json.file, null);
      assert.equal(json.files.length, 2);
      assert.equal(json.url, 'https://example.org/pw');

      // Unpublished: page, API and files are gone from public view; re-published under the same id,
      // its file versions (and their counts) are back.
      const counted = json.files[1].downloads as number;
      await c.get(`/my/materials/${itemId}`);
      const un = await c.post(`/my/materials/${itemId}/unpublish`, { note: '改訂中のため' });
      assert.equal(un.statusCode, 303);
      assert.equal((await t.app.inject(`/materials/${publicId}`)).statusCode, 404);
      assert.equal((await t.app.inject(`/api/v1/materials/${publicId}`)).statusCode, 404);
      assert.equal((await t.app.inject(`/materials/${publicId}/files/${json.files[1].id}`)).statusCode, 404);
      await c.get(`/my/materials/${itemId}/edit`);
      const r4 = await postMultipart(c, `/my/materials/${itemId}/edit`, formParts(c.csrf(), { ...FORM, titleJa: 'パスワードの作り方（改訂）', format: 'checklist', intent: 'submit' }, { filename: 'checklist-v3.pdf', data: pdf('v3') }));
      assert.equal(r4.statusCode, 303, r4.body.slice(0, 1500));
      await approve(ctx(moderator), itemId, '');
      assert.equal(await publicIdOf(itemId), publicId);
      json = (await t.app.inject(`/api/v1/materials/${publicId}`)).json();
      assert.equal(json.title.ja, 'パスワードの作り方（改訂）');
      assert.deepEqual(
        json.files.map((f: { version: number }) => f.version),
        [3, 2, 1],
      );
      assert.equal(json.files[2].downloads, counted);
    });

    test('facets and Japanese search; bad filters are explained', async () => {
      const before = (await t.app.inject('/api/v1/materials')).json().total as number;
      await published(ipaActor, payloadOf({ titleJa: '詐欺の手口を学ぶポスター', format: 'poster', audiences: ['seniors'], licence: 'pdl-1.0', language: 'ja' }));
      await published(ipaActor, payloadOf({ titleJa: 'Security basics for SMEs', format: 'slides', audiences: ['sme'], licence: 'all-rights-reserved', language: 'en' }));
      await published(jnsaActor, payloadOf({ titleJa: 'サイバー攻撃ゲーム', summaryJa: 'ＳＭＥ向けのカードゲーム', format: 'game', audiences: ['sme', 'youth'], licence: 'cc-by-4.0', language: 'ja' }));
      const all = (await t.app.inject('/api/v1/materials')).json();
      assert.equal(all.total, before + 3);

      const ids = async (qs: string) => ((await t.app.inject(`/api/v1/materials?${qs}`)).json().items as { title: { ja: string } }[]).map((i) => i.title.ja).sort();
      assert.deepEqual(await ids('format=poster'), ['詐欺の手口を学ぶポスター']);
      assert.deepEqual(await ids('format=poster&format=slides'), ['Security basics for SMEs', '詐欺の手口を学ぶポスター']);
      assert.deepEqual(await ids('licence=all-rights-reserved'), ['Security basics for SMEs']);
      assert.deepEqual(await ids('language=en'), ['Security basics for SMEs']);
      assert.deepEqual(await ids('audience=sme&org=jnsa'), ['サイバー攻撃ゲーム']);
      assert.deepEqual(await ids(`q=${encodeURIComponent('詐欺')}`), ['フィッシング詐欺に気をつけよう', '詐欺の手口を学ぶポスター']);
      assert.deepEqual(await ids(`q=${encodeURIComponent('手口を学ぶ')}`), ['詐欺の手口を学ぶポスター']);
      // Full-width and half-width are the same; organisation names are searched too.
      assert.deepEqual(await ids('q=sme'), ['Security basics for SMEs', 'サイバー攻撃ゲーム']);
      assert.ok((await ids('q=IPA')).includes('詐欺の手口を学ぶポスター'));
      assert.deepEqual(await ids('q=zzzzqqq'), []);

      // Facet counts: each facet counted under the other filters, not its own.
      const page = await t.app.inject('/materials?format=poster');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /id="format-slides"[^>]*>\s*<label for="format-slides">[^<]*<span class="facet-count">\(1/);
      assert.match(page.body, /id="licence-pdl-1\.0"[^>]*checked|id="format-poster"[^>]*checked/);
      assert.match(page.body, /id="licence-pdl-1\.0"[^>]*>\s*<label for="licence-pdl-1\.0">[^<]*<span class="facet-count">\(1/);
      assert.match(page.body, /id="licence-cc-by-4\.0"[^>]*>\s*<label for="licence-cc-by-4\.0">[^<]*<span class="facet-count">\(0/);
      const en = await t.app.inject('/en/materials?q=%E8%A9%90%E6%AC%BA');
      assert.equal(en.statusCode, 200);
      assert.match(en.body, /2 materials/);

      const bad = await t.app.inject('/api/v1/materials?format=scroll');
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.details[0].param, 'format');
      assert.equal((await t.app.inject('/api/v1/materials?org=nobody')).statusCode, 400);
      assert.equal((await t.app.inject('/materials?page=99')).statusCode, 404);
      assert.equal((await t.app.inject('/materials/abc')).statusCode, 404);
      assert.equal((await t.app.inject('/api/v1/materials/999999')).statusCode, 404);
      const spec = (await t.app.inject('/api/v1/openapi.json')).json();
      assert.ok(spec.paths['/api/v1/materials']);
      assert.ok(spec.components.schemas.Material);
    });

    test('review, changes requested, links to unknown initiatives, cross-organisation ids', async () => {
      const c = new Client(t.app);
      await signIn(c, jnsaUser);
      await c.get('/my/materials/new');
      const bad = await postMultipart(c, '/my/materials/new', formParts(c.csrf(), { ...FORM, initiatives: '1, 999', events: 'x', intent: 'submit' }, { filename: 'a.png', data: PNG }));
      assert.equal(bad.statusCode, 400);
      assert.ok(bad.body.includes('番号 999 の取組は公開されていません'));
      assert.ok(bad.body.includes('もう一度選んでください'));
      // Neither a file nor a web address: a draft may wait, a submission may not.
      await c.get('/my/materials/new');
      const noFile = await postMultipart(c, '/my/materials/new', formParts(c.csrf(), { ...FORM, intent: 'submit' }));
      assert.equal(noFile.statusCode, 400);
      assert.ok(noFile.body.includes('ファイルをアップロードするか'));
      const token = c.csrf();
      const draft = await postMultipart(c, '/my/materials/new', formParts(token, { ...FORM, summaryJa: '', intent: 'save' }));
      assert.equal(draft.statusCode, 303, draft.body.slice(0, 1500));
      const itemId = Number(/\/my\/materials\/(\d+)/.exec(draft.headers.location as string)![1]);
      // Submitting needs every required field: the draft lacks its summary.
      assert.equal((await c.post(`/my/materials/${itemId}/submit`, {}, token)).statusCode, 303);
      await requestChanges(ctx(moderator), itemId, 'ファイルを添付してください');
      const mine = await c.get(`/my/materials/${itemId}`);
      assert.ok(mine.body.includes('ファイルを添付してください'));

      // Another organisation: every id of this item is "not found", and its upload is not even read.
      const other = new Client(t.app);
      await signIn(other, await createUser(t.db.handle, { email: 'x@npa.example', organisationId: await organisationIdBySlug(t.db.handle, 'npa') }));
      for (const path of [`/my/materials/${itemId}`, `/my/materials/${itemId}/edit`, `/my/materials/${itemId}/file`, `/en/my/materials/${itemId}`]) {
        assert.equal((await other.get(path)).statusCode, 404, path);
      }
      await other.get('/my/materials');
      const csrf = other.csrf();
      for (const cmd of ['submit', 'withdraw', 'discard', 'confirm']) assert.equal((await other.post(`/my/materials/${itemId}/${cmd}`, {}, csrf)).statusCode, 404, cmd);
      const before = readdirSync(join(uploadDir, 'objects'), { recursive: true }).length;
      const edit = await postMultipart(other, `/my/materials/${itemId}/edit`, formParts(csrf, { ...FORM, intent: 'save' }, { filename: 'new.txt', data: Buffer.from('a new file nobody has uploaded before') }));
      assert.equal(edit.statusCode, 404);
      assert.equal(readdirSync(join(uploadDir, 'objects'), { recursive: true }).length, before);
      // An initiative's item id is not a material.
      assert.equal((await c.get('/my/materials/1')).statusCode, 404);
    });

    test('the link checker finds materials with an address, records checks and lists broken ones', async () => {
      const db = t.db.handle.db;
      const id = await published(ipaActor, payloadOf({ titleJa: '動画：ランサムウェア', format: 'video', url: 'https://video.example/ransomware' }));
      const due = await dueMaterialLinks(db, { olderThan: new Date().toISOString(), limit: 100 });
      assert.ok(due.some((d) => d.materialId === id && d.url === 'https://video.example/ransomware'));
      await recordMaterialCheck(db, id, 'https://video.example/ransomware', { ok: false, statusCode: 404, error: null }, new Date().toISOString());
      await recordMaterialCheck(db, id, 'https://video.example/ransomware', { ok: false, statusCode: 404, error: null }, new Date().toISOString());
      const broken = await brokenMaterialLinks(db);
      assert.deepEqual(
        broken.filter((b) => b.materialId === id).map((b) => [b.statusCode, b.consecutiveFailures]),
        [[404, 2]],
      );
      const seen: string[] = [];
      const round = await runMaterialLinkCheckRound({
        handle: t.db.handle,
        config: { intervalMinutes: 60, batch: 50, spacingMs: 0, timeoutMs: 1000, maxAgeDays: 7, allowPrivate: false },
        signal: new AbortController().signal,
        userAgent: 'test',
        check: async (url) => {
          seen.push(url);
          return { ok: true, statusCode: 200, error: null };
        },
      });
      assert.ok(round.checked >= 1);
      assert.ok(!seen.includes('https://video.example/ransomware'), 'checked recently: not due');
    });
  });
}
