// The program office's review: who may see the pages, the queue, approving (public page, open data,
// email), asking for changes and rejecting (notes required, and in the email), unpublishing, the
// history, CSRF, stored XSS, ids, and the stale and broken-link lists. On SQLite and PostgreSQL, with
// mail through a real SMTP server on loopback.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CurrentUser } from '../accounts/model.ts';
import { toCurrentUser } from '../accounts/repository.ts';
import { recordAudit } from '../audit/audit.ts';
import type { InitiativePayload } from '../content/initiative-kind.ts';
import { approve, createInitiative, NOTE_REQUIRED, saveDraft, submitForReview, type ContentContext } from '../content/service.ts';
import { recordCheck } from '../links/repository.ts';
import { startTestApp, TEST_BASE_URL, type TestApp } from '../../test/support/app.ts';
import { Client, createUser, organisationIdBySlug, signIn, type TestUser } from '../../test/support/client.ts';
import { testDialects } from '../../test/support/databases.ts';
import { FIXTURE } from '../../test/support/fixture.ts';
import { startSmtpSink, type SmtpSink } from '../../test/support/smtp-sink.ts';

function payload(titleJa: string, extra: Partial<InitiativePayload> = {}): InitiativePayload {
  return {
    titleJa,
    titleEn: `${titleJa} (en)`,
    summaryJa: `${titleJa}の概要です。`,
    summaryEn: 'A summary.',
    sector: 'private',
    audiences: ['seniors'],
    methods: ['events'],
    nationwide: true,
    prefectures: [],
    url: null,
    status: 'active',
    measures: [],
    ...extra,
  };
}

const XSS_TITLE = '<script>alert(1)</script>';
const XSS_NOTE = '<img src=x onerror=alert(1)>';

for (const dialect of testDialects()) {
  describe(`moderation (${dialect})`, () => {
    let t: TestApp;
    let sink: SmtpSink;
    let orgId: number;
    let owner: TestUser;
    let member: TestUser;
    let moderatorUser: TestUser;
    let untrustedModerator: TestUser;
    let moderator: CurrentUser;
    let ownerActor: CurrentUser;
    let mod: Client;

    const userRow = (id: number) => t.db.handle.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const ctx = (actor: CurrentUser): ContentContext => ({ database: t.db.handle, kinds: t.app.contentKinds, mailer: t.app.deps.mailer, baseUrl: TEST_BASE_URL, now: new Date(), actor, log: { error() {} } });

    /** A new initiative of the "unused" organisation, created and submitted the way its own pages do. */
    async function submitted(titleJa: string, extra: Partial<InitiativePayload> = {}): Promise<number> {
      const id = await createInitiative(ctx(ownerActor), payload(titleJa, extra));
      assert.equal(await submitForReview(ctx(ownerActor), id), 'submitted');
      return id;
    }

    async function published(titleJa: string): Promise<{ id: number; publicId: number }> {
      const id = await submitted(titleJa);
      await approve(ctx(moderator), id, '');
      const row = await item(id);
      return { id, publicId: row.public_id! };
    }

    const item = (id: number) => t.db.handle.db.selectFrom('content_items').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const workingStatus = async (id: number) => {
      const i = await item(id);
      const r = await t.db.handle.db.selectFrom('content_revisions').select('status').where('id', '=', i.working_revision_id!).executeTakeFirstOrThrow();
      return r.status;
    };
    const auditActions = async (id: number) =>
      (await t.db.handle.db.selectFrom('audit_events').select('action').where('subject_kind', '=', 'content').where('subject_id', '=', id).orderBy('id').execute()).map((r) => r.action);

    before(async () => {
      sink = await startSmtpSink();
      t = await startTestApp(dialect, FIXTURE, { env: { SMTP_URL: sink.url } });
      orgId = await organisationIdBySlug(t.db.handle, 'unused');
      owner = await createUser(t.db.handle, { email: 'owner@unused.example', displayName: '所有 太郎', organisationId: orgId, orgRole: 'admin' });
      member = await createUser(t.db.handle, { email: 'member@npa.example', organisationId: await organisationIdBySlug(t.db.handle, 'npa'), orgRole: 'member' });
      moderatorUser = await createUser(t.db.handle, { email: 'moderator@office.example', displayName: '審査 花子', role: 'moderator', totp: true });
      untrustedModerator = await createUser(t.db.handle, { email: 'new-moderator@office.example', role: 'moderator' });
      moderator = toCurrentUser(await userRow(moderatorUser.id));
      ownerActor = toCurrentUser(await userRow(owner.id));
      mod = new Client(t.app);
      await signIn(mod, moderatorUser);
    });
    after(async () => {
      await t?.close();
      await sink?.close();
    });

    test('signed out: every page sends to sign-in; a member gets 403 on every page and POST, and nothing changes', async () => {
      const id = await submitted('権限確認用の取組');
      const anon = new Client(t.app);
      const r = await anon.get('/moderation');
      assert.equal(r.statusCode, 303);
      assert.equal(r.headers.location, '/login?next=%2Fmoderation');
      assert.equal((await anon.get('/en/moderation/history')).headers.location, '/en/login?next=%2Fen%2Fmoderation%2Fhistory');

      const c = new Client(t.app);
      await signIn(c, member);
      for (const path of ['/moderation', `/moderation/items/${id}`, '/moderation/history', '/moderation/stale', '/moderation/links', '/en/moderation', '/admin', '/admin/users', '/en/admin']) {
        const res = await c.get(path);
        assert.equal(res.statusCode, 403, path);
        assert.match(res.body, path.includes('admin') ? /管理者専用|administrators only/ : /事務局（モデレーター）専用|moderators\) only/, path);
      }
      await c.get('/my/account');
      const token = c.csrf();
      for (const action of ['approve', 'request-changes', 'reject', 'unpublish']) {
        const res = await c.post(`/moderation/items/${id}/${action}`, { note: 'member says so' }, token);
        assert.equal(res.statusCode, 403, action);
      }
      assert.equal((await c.post(`/admin/organisations/${orgId}/verify`, { verified: '1' }, token)).statusCode, 403);
      assert.equal((await c.post(`/admin/organisations/${orgId}/policy`, { policy: 'verified_direct' }, token)).statusCode, 403);
      assert.equal((await c.post(`/admin/users/${member.id}/role`, { role: 'admin' }, token)).statusCode, 403);
      assert.equal((await c.post(`/admin/users/${owner.id}/status`, { status: 'disabled' }, token)).statusCode, 403);

      assert.equal(await workingStatus(id), 'submitted');
      assert.deepEqual(await auditActions(id), ['created', 'submitted']);
      const org = await t.db.handle.db.selectFrom('organisations').selectAll().where('id', '=', orgId).executeTakeFirstOrThrow();
      assert.equal(org.verified_at, null);
      assert.equal(org.review_policy, 'always');
      assert.equal((await userRow(member.id)).role, 'member');
      assert.equal((await userRow(owner.id)).status, 'active');
    });

    test('a moderator without a second factor is sent to set it up first', async () => {
      const c = new Client(t.app);
      await signIn(c, untrustedModerator);
      for (const [path, to] of [
        ['/moderation', '/my/account/two-factor'],
        ['/moderation/history', '/my/account/two-factor'],
        ['/en/moderation', '/en/my/account/two-factor'],
      ] as const) {
        const res = await c.get(path);
        assert.equal(res.statusCode, 303, path);
        assert.equal(res.headers.location, to, path);
      }
      await c.get('/my/account/two-factor');
      const res = await c.post('/moderation/items/1/approve', { note: '' });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/my/account/two-factor');
    });

    test('the queue shows a submission; approving publishes it (page and open data) and emails the organisation', async () => {
      const title = 'ネット詐欺防止講座';
      const id = await submitted(title);

      const queue = await mod.get('/moderation');
      assert.equal(queue.statusCode, 200);
      assert.match(queue.body, new RegExp(`<a href="/moderation/items/${id}">${title}</a>`));
      assert.match(queue.body, /未使用団体/);
      assert.match(queue.body, /新規/);
      assert.match(queue.body, /href="\/moderation\/stale"/);
      assert.match(queue.body, /href="\/moderation\/links"/);
      assert.match(queue.body, /href="\/moderation\/history"/);
      const en = await mod.get('/en/moderation');
      assert.match(en.body, new RegExp(`<a href="/en/moderation/items/${id}">${title} \\(en\\)</a>`));
      assert.match(en.body, /New entry/);
      assert.match(en.body, /Unused body/);

      const page = await mod.get(`/moderation/items/${id}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<h1>ネット詐欺防止講座<\/h1>/);
      assert.match(page.body, /ネット詐欺防止講座の概要です。/);
      assert.match(page.body, /審査待ち/);
      assert.match(page.body, /未公開/);
      // Buttons name the item for screen readers; every note field has its own id and a label.
      assert.match(page.body, /<span class="visually-hidden">「ネット詐欺防止講座」を<\/span>承認して公開する/);
      for (const f of ['approve-note', 'changes-note', 'reject-note']) assert.match(page.body, new RegExp(`<label class="field-label" for="field-${f}">`));
      assert.doesNotMatch(page.body, /unpublish-note/);
      const res = await mod.post(`/moderation/items/${id}/approve`, { note: 'よくまとまっています。' }, mod.csrf(`/moderation/items/${id}/approve`));
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/moderation?done=approved');

      const row = await item(id);
      assert.equal(row.is_public, 1);
      assert.ok(row.public_id);
      const pub = await t.app.inject(`/initiatives/${row.public_id}`);
      assert.equal(pub.statusCode, 200);
      assert.match(pub.body, /ネット詐欺防止講座/);
      const api = await t.app.inject('/api/v1/initiatives');
      assert.ok(api.json().items.some((i: { id: number; title: { ja: string } }) => i.id === row.public_id && i.title.ja === title));

      const mail = await sink.waitFor((m) => m.to.includes(owner.email) && m.subject.includes(title));
      assert.match(mail.subject, /承認・公開されました/);
      assert.match(mail.text, /よくまとまっています。/);
      assert.match(mail.text, new RegExp(`${TEST_BASE_URL}/my/initiatives/${id}`));

      const after = await mod.get('/moderation?done=approved');
      assert.match(after.body, /承認して公開しました/);
      assert.doesNotMatch(after.body, /ネット詐欺防止講座/);
      const itemAfter = await mod.get(`/moderation/items/${id}`);
      assert.match(itemAfter.body, new RegExp(`href="/initiatives/${row.public_id}"`));

      // Someone else already decided: a second approval is a conflict, shown as an error page.
      await mod.get(`/moderation/items/${id}`);
      const again = await mod.post(`/moderation/items/${id}/approve`, { note: '' });
      assert.equal(again.statusCode, 409);
      assert.match(again.body, /ほかの操作で既に変わっています|この取組の状態/);
    });

    test('an edit of a published entry is marked as such and shows its changes before and after', async () => {
      const { id } = await published('サポート詐欺対策ガイド');
      await saveDraft(ctx(ownerActor), id, payload('サポート詐欺対策ガイド', { summaryJa: '改訂した概要です。', audiences: ['seniors', 'youth'] }));
      assert.equal(await submitForReview(ctx(ownerActor), id), 'submitted');
      const queue = await mod.get('/moderation');
      assert.match(queue.body, /公開中の内容の変更/);
      const page = await mod.get(`/moderation/items/${id}`);
      const section = page.body.slice(page.body.indexOf('公開中の版からの変更点'), page.body.indexOf('<h2>審査</h2>'));
      assert.ok(section.length > 0);
      assert.match(section, /<th scope="row">概要（日本語）<\/th><td class="change-before">サポート詐欺対策ガイドの概要です。<\/td><td class="change-after">改訂した概要です。<\/td>/);
      assert.match(section, /<th scope="row">対象<\/th><td class="change-before">高齢者<\/td><td class="change-after">高齢者、/);
      // Unchanged fields are not listed.
      assert.doesNotMatch(section, /取組名（日本語）/);
      const en = await mod.get(`/en/moderation/items/${id}`);
      assert.match(en.body, /Changes from the published version/);
      assert.match(en.body, /Edit of a published entry/);
    });

    test('asking for changes needs a note: without one, 400 and nothing changes; with one, the organisation gets it', async () => {
      const title = '迷惑メール相談会';
      const id = await submitted(title);
      await mod.get(`/moderation/items/${id}`);
      const action = `/moderation/items/${id}/request-changes`;
      for (const note of ['', '   \n ']) {
        const res = await mod.post(action, { note }, mod.csrf(action));
        assert.equal(res.statusCode, 400);
        assert.match(res.body, /class="error-summary"/);
        assert.match(res.body, new RegExp(`<a href="#field-changes-note">${NOTE_REQUIRED.ja}</a>`));
        assert.match(res.body, /id="field-changes-note-error"/);
      }
      // A note over the limit comes back as typed, with the reason.
      const long = 'あ'.repeat(2001);
      const tooLong = await mod.post(action, { note: long }, mod.csrf(action));
      assert.equal(tooLong.statusCode, 400);
      assert.match(tooLong.body, /2000文字以内/);
      assert.ok(tooLong.body.includes(`>${long}</textarea>`));
      assert.equal(await workingStatus(id), 'submitted');
      assert.deepEqual(await auditActions(id), ['created', 'submitted']);
      assert.equal(sink.messages.filter((m) => m.subject.includes(title)).length, 0);

      await mod.get(`/en/moderation/items/${id}`);
      const en = await mod.post(`/en${action}`, { note: '' }, mod.csrf(`/en${action}`));
      assert.equal(en.statusCode, 400);
      assert.match(en.body, new RegExp(NOTE_REQUIRED.en.replace(/[.;]/g, '.')));

      await mod.get(`/moderation/items/${id}`);
      const ok = await mod.post(action, { note: '対象者を具体的に書いてください。' }, mod.csrf(action));
      assert.equal(ok.statusCode, 303);
      assert.equal(ok.headers.location, '/moderation?done=changes');
      assert.equal(await workingStatus(id), 'changes_requested');
      const mail = await sink.waitFor((m) => m.to.includes(owner.email) && m.subject.includes(title));
      assert.match(mail.subject, /修正をお願いします/);
      assert.match(mail.text, /対象者を具体的に書いてください。/);
    });

    test('rejecting needs a reason, and the reason is in the email', async () => {
      const title = '情報モラル出前授業';
      const id = await submitted(title);
      await mod.get(`/moderation/items/${id}`);
      const action = `/moderation/items/${id}/reject`;
      const bad = await mod.post(action, { note: '' }, mod.csrf(action));
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /<a href="#field-reject-note">/);
      assert.equal(await workingStatus(id), 'submitted');

      const ok = await mod.post(action, { note: 'サイバーセキュリティの普及啓発ではないため。' }, mod.csrf(action));
      assert.equal(ok.statusCode, 303);
      assert.equal(ok.headers.location, '/moderation?done=rejected');
      assert.equal(await workingStatus(id), 'rejected');
      const mail = await sink.waitFor((m) => m.to.includes(owner.email) && m.subject.includes(title));
      assert.match(mail.subject, /承認されませんでした/);
      assert.match(mail.text, /サイバーセキュリティの普及啓発ではないため。/);
    });

    test('unpublishing needs a reason; afterwards the public page is gone and the organisation is told', async () => {
      const title = '偽警告画面の見分け方';
      const { id, publicId } = await published(title);
      assert.equal((await t.app.inject(`/initiatives/${publicId}`)).statusCode, 200);
      const page = await mod.get(`/moderation/items/${id}`);
      assert.match(page.body, /公開の停止/);
      assert.match(page.body, /for="field-unpublish-note"/);
      // Nothing to review: no decision forms.
      assert.doesNotMatch(page.body, /field-approve-note/);

      const action = `/moderation/items/${id}/unpublish`;
      const bad = await mod.post(action, { note: '' }, mod.csrf(action));
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /<a href="#field-unpublish-note">/);
      assert.equal((await item(id)).is_public, 1);

      const ok = await mod.post(action, { note: '掲載先のURLが詐欺サイトに変わっていたため。' }, mod.csrf(action));
      assert.equal(ok.statusCode, 303);
      assert.equal(ok.headers.location, `/moderation/items/${id}?done=unpublished`);
      assert.equal((await t.app.inject(`/initiatives/${publicId}`)).statusCode, 404);
      assert.equal((await t.app.inject(`/api/v1/initiatives/${publicId}`)).statusCode, 404);
      const mail = await sink.waitFor((m) => m.to.includes(owner.email) && m.subject.includes(title) && m.subject.includes('公開を停止しました'));
      assert.match(mail.text, /掲載先のURLが詐欺サイトに変わっていたため。/);
      const after = await mod.get(ok.headers.location as string);
      assert.match(after.body, /公開を停止しました。/);
      assert.match(after.body, /公開停止中/);
      assert.doesNotMatch(after.body, /for="field-unpublish-note"/);
      // Not public any more: a second unpublish is a conflict.
      await mod.get(`/moderation/items/${id}`);
      assert.equal((await mod.post(action, { note: 'もう一度' })).statusCode, 409);
    });

    test('the history lists every decision, with actor and note; the item page has its own history with the changes', async () => {
      const h = await mod.get('/moderation/history');
      assert.equal(h.statusCode, 200);
      for (const label of ['作成', '審査に提出', '承認・公開', '修正依頼', '不承認', '公開停止']) assert.match(h.body, new RegExp(`<td>${label}</td>`), label);
      for (const note of ['よくまとまっています。', '対象者を具体的に書いてください。', 'サイバーセキュリティの普及啓発ではないため。', '掲載先のURLが詐欺サイトに変わっていたため。']) assert.ok(h.body.includes(note), note);
      assert.match(h.body, /<td>審査 花子<\/td>/);
      assert.match(h.body, /<td>所有 太郎<\/td>/);
      assert.match(h.body, /未使用団体/);
      const en = await mod.get('/en/moderation/history');
      for (const label of ['Created', 'Submitted for review', 'Approved and published', 'Changes requested', 'Rejected', 'Unpublished']) assert.match(en.body, new RegExp(`<td>${label}</td>`), label);

      // The item with an edit: its history shows what changed, in an expandable section.
      const ids = await t.db.handle.db.selectFrom('audit_events').select('subject_id').where('action', '=', 'edited').where('subject_kind', '=', 'content').execute();
      const page = await mod.get(`/moderation/items/${ids[0]!.subject_id}`);
      assert.match(page.body, /<details class="history-details"><summary>変更された項目（2件）<\/summary>/);
      assert.match(page.body, /<td>編集<\/td>/);
    });

    test('history pages hold 50 entries each, with a link to older ones', async () => {
      const now = new Date().toISOString();
      for (let i = 0; i < 60; i++) {
        await recordAudit(t.db.handle.db, { actorUserId: null, actorName: null, organisationId: orgId, subjectKind: 'organisation', subjectId: orgId, action: 'review_policy_changed', note: `ページ送り${i}`, now });
      }
      const first = await mod.get('/moderation/history');
      assert.equal(first.body.match(/<td class="note-text">/g)?.length, 50);
      assert.ok(first.body.includes('ページ送り59') && !first.body.includes('ページ送り9<'));
      const older = /href="(\/moderation\/history\?before=\d+)"/.exec(first.body)?.[1];
      assert.ok(older);
      const second = await mod.get(older);
      assert.equal(second.statusCode, 200);
      assert.ok(second.body.includes('ページ送り9<') && !second.body.includes('ページ送り59'));
      assert.match(second.body, /href="\/moderation\/history">← 最新の履歴へ/);
      assert.equal((await mod.get('/moderation/history?before=abc')).statusCode, 400);
      assert.equal((await mod.get('/moderation/history?before=1&before=2')).statusCode, 400);
    });

    test('a POST without a valid CSRF token is refused and changes nothing', async () => {
      const id = await submitted('CSRF確認用の取組');
      await mod.get(`/moderation/items/${id}`);
      assert.equal((await mod.post(`/moderation/items/${id}/approve`, { note: '' }, null)).statusCode, 403);
      assert.equal((await mod.post(`/moderation/items/${id}/reject`, { note: '理由' }, 'forged-token')).statusCode, 403);
      assert.equal(await workingStatus(id), 'submitted');
      assert.deepEqual(await auditActions(id), ['created', 'submitted']);
    });

    test('stored XSS in a title and a note is escaped on the queue, item and history pages', async () => {
      const id = await submitted(XSS_TITLE, { titleEn: XSS_TITLE, summaryJa: `<b onmouseover=alert(1)>概要</b>` });
      // preact-render-to-string escapes & and < in text (> needs no escaping there): no tag can start.
      const escapedTitle = '&lt;script>alert(1)&lt;/script>';
      for (const path of ['/moderation', '/en/moderation', `/moderation/items/${id}`]) {
        const res = await mod.get(path);
        assert.ok(res.body.includes(escapedTitle), path);
        assert.ok(!res.body.includes(XSS_TITLE), path);
        assert.ok(!res.body.includes('<b onmouseover'), path);
      }
      await mod.get(`/moderation/items/${id}`);
      const res = await mod.post(`/moderation/items/${id}/request-changes`, { note: XSS_NOTE }, mod.csrf(`/moderation/items/${id}/request-changes`));
      assert.equal(res.statusCode, 303);
      for (const path of [`/moderation/items/${id}`, '/moderation/history', '/en/moderation/history']) {
        const page = await mod.get(path);
        assert.ok(page.body.includes('&lt;img src=x onerror=alert(1)>'), path);
        assert.ok(!page.body.includes('<img src=x'), path);
        assert.ok(!page.body.includes(XSS_TITLE), path);
      }
      const mail = await sink.waitFor((m) => m.to.includes(owner.email) && m.text.includes(XSS_NOTE));
      assert.ok(mail);
    });

    test('ids that are not numbers, or of no item, are not found', async () => {
      for (const path of ['/moderation/items/abc', '/moderation/items/1e3', '/moderation/items/0x10', '/moderation/items/999999', '/en/moderation/items/-1']) {
        assert.equal((await mod.get(path)).statusCode, 404, path);
      }
      await mod.get('/moderation');
      const token = mod.csrf();
      assert.equal((await mod.post('/moderation/items/abc/approve', { note: '' }, token)).statusCode, 404);
      assert.equal((await mod.post('/moderation/items/999999/request-changes', { note: '' }, token)).statusCode, 404);
      assert.equal((await mod.post('/moderation/items/999999/unpublish', { note: '理由' }, token)).statusCode, 404);
    });

    test('entries unconfirmed for a year and broken links are listed, and counted on the queue page', async () => {
      const db = t.db.handle.db;
      const seeded = await db.selectFrom('initiatives').select(['id']).where('slug', '=', 'phishing-desk').executeTakeFirstOrThrow();
      const seededItem = await db.selectFrom('content_items').select('id').where('public_id', '=', seeded.id).executeTakeFirstOrThrow();
      await db.updateTable('content_items').set({ confirmed_at: '2024-04-01T00:00:00.000Z' }).where('id', '=', seededItem.id).execute();
      const stale = await mod.get('/moderation/stale');
      assert.equal(stale.statusCode, 200);
      assert.match(stale.body, new RegExp(`<a href="/moderation/items/${seededItem.id}">フィッシング詐欺の相談窓口</a>`));
      assert.match(stale.body, /2024-04-01/);
      assert.match(stale.body, /警察庁/);

      const school = await db.selectFrom('initiatives').select(['id']).where('slug', '=', 'school-class').executeTakeFirstOrThrow();
      const url = 'https://example.org/gone';
      await db.updateTable('initiatives').set({ url }).where('id', '=', school.id).execute();
      await recordCheck(db, school.id, url, { ok: false, statusCode: 404, error: null }, '2026-11-20T00:00:00.000Z');
      await recordCheck(db, school.id, url, { ok: false, statusCode: 404, error: null }, '2026-11-21T00:00:00.000Z');
      const links = await mod.get('/moderation/links');
      assert.equal(links.statusCode, 200);
      assert.match(links.body, /インターネット安全教室/);
      assert.ok(links.body.includes(`<a href="${url}" rel="nofollow noopener noreferrer">${url}</a>`));
      assert.match(links.body, /HTTP 404/);
      assert.match(links.body, /<td class="num">2<\/td>/);

      const queue = await mod.get('/moderation');
      assert.match(queue.body, /<span class="stat-number">1<\/span><span class="stat-label">件が1年以上未確認/);
      assert.match(queue.body, /<span class="stat-number">1<\/span><span class="stat-label">件のリンク切れ/);
      assert.equal((await mod.get('/en/moderation/stale')).statusCode, 200);
      assert.equal((await mod.get('/en/moderation/links')).statusCode, 200);
    });
  });
}
