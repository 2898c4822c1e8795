// Administrators: who may see the pages; verifying organisations and the review policy (a verified
// organisation with 'verified_direct' publishes without review); system roles and suspending accounts
// (a suspended user's session ends at once); refusals; every change in the audit log. On SQLite and
// PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CurrentUser } from '../accounts/model.ts';
import { toCurrentUser } from '../accounts/repository.ts';
import type { InitiativePayload } from '../content/initiative-kind.ts';
import { createInitiative, submitForReview, type ContentContext } from '../content/service.ts';
import { insertOrganisation } from '../organisations/repository.ts';
import { startTestApp, TEST_BASE_URL, type TestApp } from '../../test/support/app.ts';
import { Client, createUser, organisationIdBySlug, signIn, type TestUser } from '../../test/support/client.ts';
import { testDialects } from '../../test/support/databases.ts';
import { FIXTURE } from '../../test/support/fixture.ts';
import { startSmtpSink, type SmtpSink } from '../../test/support/smtp-sink.ts';

function payload(titleJa: string): InitiativePayload {
  return { titleJa, titleEn: '', summaryJa: `${titleJa}の概要。`, summaryEn: '', sector: 'public', audiences: ['youth'], methods: ['tools'], nationwide: true, prefectures: [], url: null, status: 'active', measures: [] };
}

for (const dialect of testDialects()) {
  describe(`administration (${dialect})`, () => {
    let t: TestApp;
    let sink: SmtpSink;
    let orgId: number;
    let pendingId: number;
    let admin: TestUser;
    let moderatorUser: TestUser;
    let owner: TestUser;
    let colleague: TestUser;
    let adm: Client;
    /** Signed in once: a TOTP code cannot be used twice, so a second sign-in within 30 seconds would fail. */
    let mod: Client;

    const db = () => t.db.handle.db;
    const userRow = (id: number) => db().selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const orgRow = (id: number) => db().selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const auditOf = (kind: string, id: number) => db().selectFrom('audit_events').selectAll().where('subject_kind', '=', kind).where('subject_id', '=', id).orderBy('id').execute();
    const ownerCtx = async (): Promise<ContentContext> => ({ database: t.db.handle, kinds: t.app.contentKinds, mailer: t.app.deps.mailer, baseUrl: TEST_BASE_URL, now: new Date(), actor: toCurrentUser(await userRow(owner.id)) as CurrentUser, log: { error() {} } });

    /** Posts a form of an admin page the way a browser does: the page first, then its form's token. */
    async function submit(c: Client, page: string, action: string, fields: Record<string, string>) {
      await c.get(page);
      return c.post(action, fields, c.csrf());
    }

    before(async () => {
      sink = await startSmtpSink();
      t = await startTestApp(dialect, FIXTURE, { env: { SMTP_URL: sink.url } });
      orgId = await organisationIdBySlug(t.db.handle, 'unused');
      pendingId = await insertOrganisation(db(), { slug: 'new-body', nameJa: '新しい見守り協会', nameEn: 'New Watch Association', abbreviation: null, kind: 'community', sector: 'private', website: null, status: 'pending', now: new Date().toISOString() });
      admin = await createUser(t.db.handle, { email: 'admin@office.example', displayName: '管理 一郎', role: 'admin', totp: true });
      moderatorUser = await createUser(t.db.handle, { email: 'moderator@office.example', role: 'moderator', totp: true });
      owner = await createUser(t.db.handle, { email: 'owner@unused.example', displayName: '所有 太郎', organisationId: orgId, orgRole: 'admin' });
      colleague = await createUser(t.db.handle, { email: 'colleague@unused.example', displayName: '同僚 次郎', organisationId: orgId, orgRole: 'member' });
      adm = new Client(t.app);
      await signIn(adm, admin);
      mod = new Client(t.app);
      await signIn(mod, moderatorUser);
    });
    after(async () => {
      await t?.close();
      await sink?.close();
    });

    test('moderators and members get 403 on every administration page and POST', async () => {
      const member = new Client(t.app);
      await signIn(member, owner);
      for (const [c, label] of [
        [mod, 'moderator'],
        [member, 'member'],
      ] as const) {
        for (const path of ['/admin', '/admin/users', '/en/admin', '/en/admin/users']) assert.equal((await c.get(path)).statusCode, 403, `${label} ${path}`);
        await c.get('/my/account');
        const token = c.csrf();
        assert.equal((await c.post(`/admin/organisations/${orgId}/verify`, { verified: '1' }, token)).statusCode, 403);
        assert.equal((await c.post(`/admin/organisations/${orgId}/policy`, { policy: 'verified_direct' }, token)).statusCode, 403);
        assert.equal((await c.post(`/admin/users/${colleague.id}/role`, { role: 'admin' }, token)).statusCode, 403);
        assert.equal((await c.post(`/admin/users/${colleague.id}/status`, { status: 'disabled' }, token)).statusCode, 403);
      }
      const org = await orgRow(orgId);
      assert.equal(org.verified_at, null);
      assert.equal(org.review_policy, 'always');
      assert.equal((await userRow(colleague.id)).role, 'member');
      assert.equal((await userRow(colleague.id)).status, 'active');
      // Administrators may moderate too.
      assert.equal((await adm.get('/moderation')).statusCode, 200);
    });

    test('the organisations page lists every organisation, pending ones first, with status, verification, policy and members', async () => {
      const res = await adm.get('/admin');
      assert.equal(res.statusCode, 200);
      const body = res.body;
      assert.ok(body.indexOf('新しい見守り協会') < body.indexOf('独立行政法人情報処理推進機構'), 'pending first');
      assert.match(body, /確認待ち（非掲載）/);
      assert.match(body, /<th scope="row">未使用団体<\/th><td>団体・協議会<\/td><td><span class="tag tag-status-active">掲載中<\/span><\/td><td>未確認<\/td><td>常に審査する<\/td><td class="num">2<\/td>/);
      assert.match(body, /<span class="visually-hidden">「新しい見守り協会」を<\/span>確認して掲載する/);
      assert.match(body, /確認済みなら審査なしで公開/);
      assert.match(body, /審査を経ずにすぐ公開/);
      const en = await adm.get('/en/admin');
      assert.match(en.body, /New Watch Association/);
      assert.match(en.body, /Verify and list<span class="visually-hidden">: New Watch Association<\/span>/);
    });

    test('verified with the verified_direct policy, an organisation publishes without review; revoking brings the review back', async () => {
      assert.equal(await submitForReview(await ownerCtx(), await createInitiative(await ownerCtx(), payload('確認前の取組'))), 'submitted');

      const v = await submit(adm, '/admin', `/admin/organisations/${orgId}/verify`, { verified: '1' });
      assert.equal(v.statusCode, 303);
      assert.equal(v.headers.location, '/admin?done=verified');
      assert.ok((await orgRow(orgId)).verified_at);
      const p = await submit(adm, '/admin', `/admin/organisations/${orgId}/policy`, { policy: 'verified_direct' });
      assert.equal(p.statusCode, 303);
      assert.equal(p.headers.location, '/admin?done=policy');
      assert.equal((await orgRow(orgId)).review_policy, 'verified_direct');
      const page = await adm.get('/admin?done=policy');
      assert.match(page.body, /審査方針を変更しました。/);

      const id = await createInitiative(await ownerCtx(), payload('確認後の取組'));
      assert.equal(await submitForReview(await ownerCtx(), id), 'published');
      const item = await db().selectFrom('content_items').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(item.is_public, 1);
      assert.equal((await t.app.inject(`/initiatives/${item.public_id}`)).statusCode, 200);
      assert.ok((await auditOf('content', id)).some((e) => e.action === 'published_without_review'));
      // Not in the review queue.
      assert.doesNotMatch((await mod.get('/moderation')).body, /確認後の取組/);
      assert.match((await mod.get('/moderation')).body, /確認前の取組/);

      const r = await submit(adm, '/admin', `/admin/organisations/${orgId}/verify`, { verified: '0' });
      assert.equal(r.headers.location, '/admin?done=unverified');
      assert.equal((await orgRow(orgId)).verified_at, null);
      assert.equal(await submitForReview(await ownerCtx(), await createInitiative(await ownerCtx(), payload('取消後の取組'))), 'submitted');

      const events = await auditOf('organisation', orgId);
      assert.deepEqual(
        events.map((e) => e.action),
        ['organisation_verified', 'review_policy_changed', 'organisation_verification_revoked'],
      );
      assert.equal(events[0]!.actor_user_id, admin.id);
      assert.equal(events[0]!.organisation_id, orgId);
      assert.deepEqual(JSON.parse(events[0]!.before!), { status: 'active', verifiedAt: null });
      assert.equal(JSON.parse(events[0]!.after!).status, 'active');
      assert.deepEqual(JSON.parse(events[1]!.before!), { reviewPolicy: 'always' });
      assert.deepEqual(JSON.parse(events[1]!.after!), { reviewPolicy: 'verified_direct' });
      // Asking for what is already so changes nothing and records nothing.
      await submit(adm, '/admin', `/admin/organisations/${orgId}/policy`, { policy: 'verified_direct' });
      assert.equal((await auditOf('organisation', orgId)).length, 3);
    });

    test('verifying a pending organisation activates it', async () => {
      const res = await submit(adm, '/admin', `/admin/organisations/${pendingId}/verify`, { verified: '1' });
      assert.equal(res.statusCode, 303);
      const org = await orgRow(pendingId);
      assert.equal(org.status, 'active');
      assert.ok(org.verified_at);
      const [event] = await auditOf('organisation', pendingId);
      assert.deepEqual(JSON.parse(event!.before!), { status: 'pending', verifiedAt: null });
      assert.equal(JSON.parse(event!.after!).status, 'active');
      assert.equal((await t.app.inject('/organisations/new-body')).statusCode, 200);
    });

    test('values outside their lists are refused with 400 and a message; unknown ids are not found', async () => {
      const before = await orgRow(orgId);
      for (const [action, fields] of [
        [`/admin/organisations/${orgId}/verify`, { verified: '2' }],
        [`/admin/organisations/${orgId}/verify`, {}],
        [`/admin/organisations/${orgId}/policy`, { policy: 'never' }],
      ] as const) {
        const res = await submit(adm, '/admin', action, fields);
        assert.equal(res.statusCode, 400, action);
        assert.match(res.body, /操作を選び直してください。/);
        assert.match(res.body, /<table class="data-table admin-table">/);
      }
      for (const [action, fields, message] of [
        [`/admin/users/${colleague.id}/role`, { role: 'root' }, /役割を一覧から選び直してください。/],
        [`/admin/users/${colleague.id}/role`, { role: 'Admin' }, /役割を一覧から選び直してください。/],
        [`/admin/users/${colleague.id}/status`, { status: 'gone' }, /操作を選び直してください。/],
      ] as const) {
        const res = await submit(adm, '/admin/users', action, fields);
        assert.equal(res.statusCode, 400, action);
        assert.match(res.body, message);
        assert.match(res.body, /class="error-summary"/);
      }
      const after = await orgRow(orgId);
      assert.equal(after.verified_at, before.verified_at);
      assert.equal(after.review_policy, before.review_policy);
      assert.equal((await userRow(colleague.id)).role, 'member');
      assert.equal((await userRow(colleague.id)).status, 'active');

      await adm.get('/admin');
      const token = adm.csrf();
      for (const [action, fields] of [
        ['/admin/organisations/999999/verify', { verified: '1' }],
        ['/admin/organisations/abc/policy', { policy: 'always' }],
        ['/admin/organisations/1e3/verify', { verified: '1' }],
        ['/admin/users/999999/role', { role: 'member' }],
        ['/admin/users/x/status', { status: 'active' }],
        ['/en/admin/users/999999/status', { status: 'bogus' }],
      ] as const) {
        assert.equal((await adm.post(action, fields, token)).statusCode, 404, action);
      }
    });

    test('a POST without a CSRF token is refused and changes nothing', async () => {
      await adm.get('/admin/users');
      assert.equal((await adm.post(`/admin/users/${colleague.id}/role`, { role: 'admin' }, null)).statusCode, 403);
      assert.equal((await adm.post(`/admin/organisations/${orgId}/policy`, { policy: 'always' }, null)).statusCode, 403);
      assert.equal((await userRow(colleague.id)).role, 'member');
    });

    test('role changes: a promoted user must set up two-factor first; an administrator cannot demote or disable themselves', async () => {
      const res = await submit(adm, '/admin/users', `/admin/users/${colleague.id}/role`, { role: 'moderator' });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/admin/users?done=role');
      assert.equal((await userRow(colleague.id)).role, 'moderator');
      const users = await adm.get('/admin/users?done=role');
      assert.match(users.body, /ユーザーの役割を変更しました。/);
      assert.match(users.body, /<label class="visually-hidden" for="role-\d+">同僚 次郎さんのシステム上の役割<\/label>/);

      const c = new Client(t.app);
      await signIn(c, colleague);
      const m = await c.get('/moderation');
      assert.equal(m.statusCode, 303);
      assert.equal(m.headers.location, '/my/account/two-factor');

      const back = await submit(adm, '/admin/users', `/admin/users/${colleague.id}/role`, { role: 'member' });
      assert.equal(back.statusCode, 303);
      assert.equal((await c.get('/moderation')).statusCode, 403);

      const self = await submit(adm, '/admin/users', `/admin/users/${admin.id}/role`, { role: 'member' });
      assert.equal(self.statusCode, 400);
      assert.match(self.body, /自分自身の管理者権限は外せません。/);
      assert.equal((await userRow(admin.id)).role, 'admin');
      const selfOff = await submit(adm, '/admin/users', `/admin/users/${admin.id}/status`, { status: 'disabled' });
      assert.equal(selfOff.statusCode, 400);
      assert.match(selfOff.body, /自分自身のアカウントは停止できません。/);
      assert.equal((await userRow(admin.id)).status, 'active');
      // The page offers no such controls for oneself either.
      assert.doesNotMatch((await adm.get('/admin/users')).body, new RegExp(`/admin/users/${admin.id}/`));

      const events = await auditOf('user', colleague.id);
      assert.deepEqual(
        events.map((e) => [e.action, JSON.parse(e.before!).role, JSON.parse(e.after!).role]),
        [
          ['role_changed', 'member', 'moderator'],
          ['role_changed', 'moderator', 'member'],
        ],
      );
      assert.equal(events[0]!.organisation_id, orgId);
      assert.equal(events[0]!.actor_name, '管理 一郎');
      assert.equal((await auditOf('user', admin.id)).length, 0);
    });

    test('disabling an account ends its sessions at once; re-enabling lets the user sign in again', async () => {
      const c = new Client(t.app);
      await signIn(c, owner);
      assert.equal((await c.get('/my/account')).statusCode, 200);

      const res = await submit(adm, '/admin/users', `/admin/users/${owner.id}/status`, { status: 'disabled' });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/admin/users?done=status');
      assert.equal((await userRow(owner.id)).status, 'disabled');
      const sessions = await db().selectFrom('sessions').select('id_hash').where('user_id', '=', owner.id).execute();
      assert.equal(sessions.length, 0);
      const my = await c.get('/my');
      assert.equal(my.statusCode, 303);
      assert.equal(my.headers.location, '/login?next=%2Fmy');
      await assert.rejects(signIn(new Client(t.app), owner), /sign-in failed: 401/);
      assert.match((await adm.get('/admin/users')).body, /利用停止/);

      const on = await submit(adm, '/admin/users', `/admin/users/${owner.id}/status`, { status: 'active' });
      assert.equal(on.statusCode, 303);
      await signIn(c, owner);
      assert.equal((await c.get('/my/account')).statusCode, 200);
      assert.deepEqual(
        (await auditOf('user', owner.id)).map((e) => e.action),
        ['user_disabled', 'user_enabled'],
      );
    });

    test('every change is in the history, in both languages', async () => {
      const h = await adm.get('/moderation/history');
      assert.equal(h.statusCode, 200);
      for (const label of ['団体を確認済みにする', '審査方針の変更', '団体の確認を取り消す', 'システム上の役割の変更', 'アカウントの利用停止', 'アカウントの利用再開']) {
        assert.match(h.body, new RegExp(`<td>${label}</td>`), label);
      }
      assert.match(h.body, /<span class="subject-kind">ユーザー<\/span> 同僚 次郎/);
      assert.match(h.body, /<span class="subject-kind">団体<\/span> 新しい見守り協会/);
      assert.match(h.body, /<td>管理 一郎<\/td>/);
      const en = await adm.get('/en/moderation/history');
      for (const label of ['Organisation verified', 'Review policy changed', 'Verification revoked', 'System role changed', 'Account disabled', 'Account re-enabled']) {
        assert.match(en.body, new RegExp(`<td>${label}</td>`), label);
      }
      const n = await db().selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).where('actor_user_id', '=', admin.id).executeTakeFirstOrThrow();
      // verified, policy, revoked, pending verified, two role changes, disabled, enabled.
      assert.equal(Number(n.n), 8);
    });
  });
}
