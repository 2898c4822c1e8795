// An organisation maintains its initiatives: draft, submit, review, publish, edit under review,
// history — and the attacks: another organisation's ids in the URL and in the form, mass assignment,
// stored XSS in every field on every page that shows it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CurrentUser } from '../accounts/model.ts';
import { toCurrentUser } from '../accounts/repository.ts';
import { approve, type ContentContext } from '../content/service.ts';
import { startTestApp, type TestApp } from '../../test/support/app.ts';
import { Client, createUser, organisationIdBySlug, signIn, type TestUser } from '../../test/support/client.ts';
import { testDialects } from '../../test/support/databases.ts';
import { FIXTURE } from '../../test/support/fixture.ts';
import { startSmtpSink, type SmtpSink } from '../../test/support/smtp-sink.ts';

const FORM = {
  titleJa: '高齢者向けスマホ安全教室',
  titleEn: 'Smartphone safety classes for seniors',
  summaryJa: '公民館でスマートフォンの詐欺対策を教えます。',
  summaryEn: 'Classes on smartphone fraud in community halls.',
  sector: 'private',
  audiences: ['seniors'],
  methods: ['events'],
  coverage: 'prefectures',
  prefectures: ['13', '14'],
  url: 'https://example.org/classes',
  status: 'active',
};

const XSS = '<script>alert(1)</script>';
const XSS_ATTR = '"><img src=x onerror=alert(1)>';

for (const dialect of testDialects()) {
  describe(`organisation area (${dialect})`, () => {
    let t: TestApp;
    let sink: SmtpSink;
    let jnsaUser: TestUser;
    let npaUser: TestUser;
    let moderator: CurrentUser;
    before(async () => {
      sink = await startSmtpSink();
      t = await startTestApp(dialect, FIXTURE, { env: { SMTP_URL: sink.url } });
      jnsaUser = await createUser(t.db.handle, { email: 'member@jnsa.example', organisationId: await organisationIdBySlug(t.db.handle, 'jnsa'), orgRole: 'admin' });
      npaUser = await createUser(t.db.handle, { email: 'member@npa.example', organisationId: await organisationIdBySlug(t.db.handle, 'npa'), orgRole: 'admin' });
      const m = await createUser(t.db.handle, { email: 'moderator@office.example', role: 'moderator', totp: true, displayName: '審査 担当' });
      moderator = toCurrentUser((await t.db.handle.db.selectFrom('users').selectAll().where('id', '=', m.id).executeTakeFirstOrThrow()));
    });
    after(async () => {
      await t.close();
      await sink.close();
    });

    const moderatorCtx = (): ContentContext => ({ database: t.db.handle, kinds: t.app.contentKinds, mailer: t.app.deps.mailer, baseUrl: 'http://lastmile.test', now: new Date(), actor: moderator, log: { error() {} } });

    async function publicTitle(publicId: number): Promise<string> {
      const r = await t.app.inject(`/api/v1/initiatives/${publicId}`);
      return r.statusCode === 200 ? r.json().titleJa ?? r.json().title?.ja : `status ${r.statusCode}`;
    }

    test('draft → submit → approve → public; an edit under review leaves the public version in place; history keeps everything', async () => {
      const c = new Client(t.app);
      await signIn(c, jnsaUser);

      // A submission with gaps is re-rendered with every problem listed and the input kept.
      await c.get('/my/initiatives/new');
      const bad = await c.post('/my/initiatives/new', { ...FORM, audiences: [], summaryJa: '', intent: 'submit' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /対象を1つ以上選んでください。/);
      assert.match(bad.body, /概要（日本語）を入力してください。/);
      assert.match(bad.body, /value="高齢者向けスマホ安全教室"/);
      assert.match(bad.body, /id="pref-13"[^>]*checked|checked[^>]*id="pref-13"/);

      // A draft may be incomplete.
      const draft = await c.post('/my/initiatives/new', { ...FORM, audiences: [], intent: 'save' }, c.csrf());
      assert.equal(draft.statusCode, 303);
      const itemPath = String(draft.headers.location).replace(/\?.*/, '');
      const itemId = Number(itemPath.split('/').pop());
      const page = await c.get(itemPath);
      assert.match(page.body, /下書き/);
      // The incomplete draft cannot be sent for review from its page either.
      const early = await c.post(`${itemPath}/submit`, {}, c.csrf(`${itemPath}/submit`));
      assert.equal(early.statusCode, 400);
      assert.match(early.body, /対象を1つ以上選んでください。/);
      assert.equal((await t.db.handle.db.selectFrom('content_revisions').select('status').where('item_id', '=', itemId).executeTakeFirstOrThrow()).status, 'draft');

      // Submitting is refused until it is complete; completing and submitting puts it in the queue.
      await c.get(`${itemPath}/edit`);
      const sub = await c.post(`${itemPath}/edit`, { ...FORM, intent: 'submit' });
      assert.equal(sub.statusCode, 303);
      assert.match(String(sub.headers.location), /done=submitted/);
      assert.match((await c.get(itemPath)).body, /審査待ち/);
      const count = async () => (await t.app.inject('/api/v1/initiatives?q=スマホ安全教室')).json().total;
      assert.equal(await count(), 0, 'not public before review');

      await approve(moderatorCtx(), itemId, 'ありがとうございます');
      const mail = await sink.waitFor((m) => m.to.includes(jnsaUser.email) && /承認/.test(m.subject));
      assert.match(mail.text, /ありがとうございます/);
      const item = await t.db.handle.db.selectFrom('content_items').select(['public_id']).where('id', '=', itemId).executeTakeFirstOrThrow();
      const publicId = item.public_id!;
      assert.equal(await count(), 1);
      const pub = await t.app.inject(`/initiatives/${publicId}`);
      assert.equal(pub.statusCode, 200);
      assert.match(pub.body, /高齢者向けスマホ安全教室/);
      assert.match(pub.body, /団体による最終確認/);
      assert.match(pub.body, /日本ネットワークセキュリティ協会/);

      // Edit the published entry: the public page keeps the approved title while the edit is reviewed.
      await c.get(`${itemPath}/edit`);
      await c.post(`${itemPath}/edit`, { ...FORM, titleJa: '高齢者向けスマホ安全教室（改訂版）', intent: 'submit' });
      assert.match((await t.app.inject(`/initiatives/${publicId}`)).body, /高齢者向けスマホ安全教室</);
      assert.doesNotMatch((await t.app.inject(`/initiatives/${publicId}`)).body, /改訂版/);
      const reviewPage = await c.get(itemPath);
      assert.match(reviewPage.body, /変更：審査待ち/);
      assert.match(reviewPage.body, /公開中の内容からの変更/);
      await approve(moderatorCtx(), itemId, '');
      assert.match((await t.app.inject(`/initiatives/${publicId}`)).body, /改訂版/);

      // History: who, what, when, before and after.
      const hist = await c.get(itemPath);
      for (const label of ['作成', '編集', '審査に提出', '承認・公開']) assert.match(hist.body, new RegExp(label));
      assert.match(hist.body, /審査 担当/);
      assert.match(hist.body, /変更された項目/);

      // Confirm still current.
      await c.post(`${itemPath}/confirm`, {}, c.csrf(`${itemPath}/confirm`));
      assert.match((await c.get(itemPath)).body, /内容が最新であることを確認/);
    });

    test("another organisation's item: 404 by id in the URL, and nothing changes through any of its forms", async () => {
      const owner = new Client(t.app);
      await signIn(owner, jnsaUser);
      await owner.get('/my/initiatives/new');
      const r = await owner.post('/my/initiatives/new', { ...FORM, titleJa: 'JNSAの下書き', intent: 'save' });
      const itemId = Number(String(r.headers.location).replace(/\?.*/, '').split('/').pop());

      const other = new Client(t.app);
      await signIn(other, npaUser);
      assert.equal((await other.get(`/my/initiatives/${itemId}`)).statusCode, 404);
      assert.equal((await other.get(`/my/initiatives/${itemId}/edit`)).statusCode, 404);
      await other.get('/my/initiatives');
      const token = other.csrf();
      for (const action of ['edit', 'submit', 'withdraw', 'discard', 'confirm', 'unpublish']) {
        const res = await other.post(`/my/initiatives/${itemId}/${action}`, { ...FORM, titleJa: '乗っ取り', note: 'x', intent: 'submit' }, token);
        assert.equal(res.statusCode, 404, action);
      }
      const rev = await t.db.handle.db.selectFrom('content_revisions').select(['payload', 'status']).where('item_id', '=', itemId).execute();
      assert.equal(rev.length, 1);
      assert.equal(rev[0]!.status, 'draft');
      assert.doesNotMatch(rev[0]!.payload, /乗っ取り/);
      // Non-numeric and huge ids are "not found", not errors.
      assert.equal((await other.get('/my/initiatives/abc')).statusCode, 404);
      assert.equal((await other.get('/my/initiatives/99999999999999999999')).statusCode, 404);
      // Signed out: sent to sign in.
      const anon = await new Client(t.app).get(`/my/initiatives/${itemId}`);
      assert.equal(anon.statusCode, 303);
    });

    test('mass assignment: owner, review state, organisers and provenance in the form are ignored', async () => {
      const c = new Client(t.app);
      await signIn(c, npaUser);
      const ipaId = await organisationIdBySlug(t.db.handle, 'ipa');
      await c.get('/my/initiatives/new');
      const r = await c.post('/my/initiatives/new', {
        ...FORM,
        titleJa: '割り当て試験',
        intent: 'save',
        owner_organisation_id: String(ipaId),
        ownerOrganisationId: String(ipaId),
        organisationIds: [String(ipaId)],
        status_review: 'approved',
        is_public: '1',
        judged: '["audiences"]',
        source: 'forged',
        id: '1',
      });
      assert.equal(r.statusCode, 303);
      const itemId = Number(String(r.headers.location).replace(/\?.*/, '').split('/').pop());
      const item = await t.db.handle.db.selectFrom('content_items').selectAll().where('id', '=', itemId).executeTakeFirstOrThrow();
      assert.equal(item.owner_organisation_id, await organisationIdBySlug(t.db.handle, 'npa'));
      assert.equal(item.is_public, 0);
      const rev = await t.db.handle.db.selectFrom('content_revisions').select(['payload', 'status']).where('item_id', '=', itemId).executeTakeFirstOrThrow();
      assert.equal(rev.status, 'draft');
      assert.doesNotMatch(rev.payload, /forged|judged/);
      const orgs = await t.db.handle.db.selectFrom('content_item_organisations').select('organisation_id').where('item_id', '=', itemId).execute();
      assert.deepEqual(orgs.map((o) => o.organisation_id), [await organisationIdBySlug(t.db.handle, 'npa')]);
    });

    test('entries from the seed belong to their first organiser, who can edit them', async () => {
      const ipa = await createUser(t.db.handle, { email: 'member@ipa.example', organisationId: await organisationIdBySlug(t.db.handle, 'ipa') });
      const c = new Client(t.app);
      await signIn(c, ipa);
      const list = await c.get('/my/initiatives');
      assert.equal(list.statusCode, 200);
      const first = /href="\/my\/initiatives\/(\d+)"/.exec(list.body);
      assert.ok(first, 'IPA sees its seeded initiatives');
      const page = await c.get(`/my/initiatives/${first![1]}`);
      assert.match(page.body, /公開中/);
      assert.equal((await c.get(`/my/initiatives/${first![1]}/edit`)).statusCode, 200);
    });

    test('stored XSS: hostile text in every field is shown escaped on every page that shows it', async () => {
      const c = new Client(t.app);
      await signIn(c, jnsaUser);
      await c.get('/my/initiatives/new');
      const r = await c.post('/my/initiatives/new', {
        ...FORM,
        titleJa: `XSS試験${XSS}`,
        titleEn: `XSS test ${XSS_ATTR}`,
        summaryJa: `概要${XSS}${XSS_ATTR}`,
        summaryEn: `Summary ${XSS}`,
        url: `https://example.org/?q=${encodeURIComponent(XSS_ATTR)}`,
        intent: 'submit',
      });
      assert.equal(r.statusCode, 303);
      const itemPath = String(r.headers.location).replace(/\?.*/, '');
      const itemId = Number(itemPath.split('/').pop());
      await approve(moderatorCtx(), itemId, `note ${XSS}`);
      const publicId = (await t.db.handle.db.selectFrom('content_items').select('public_id').where('id', '=', itemId).executeTakeFirstOrThrow()).public_id!;
      const pages = [
        await c.get(itemPath),
        await c.get(`/en${itemPath}`),
        await c.get(`${itemPath}/edit`),
        await c.get('/my/initiatives'),
        await c.get('/my'),
        await t.app.inject(`/initiatives/${publicId}`),
        await t.app.inject(`/en/initiatives/${publicId}`),
        await t.app.inject('/initiatives?q=XSS'),
        await t.app.inject('/en/initiatives?q=XSS'),
        await t.app.inject('/'),
      ];
      for (const p of pages) {
        assert.equal(p.statusCode, 200);
        assert.doesNotMatch(p.body, /<script>alert|<img src=x/, 'no live markup from user input');
      }
      assert.match(pages[0]!.body, /&lt;script>alert\(1\)&lt;\/script>/, "shown as text");
      const csv = await t.app.inject('/initiatives.csv?q=XSS');
      assert.doesNotMatch(csv.body, /^[=+\-@]/m);
    });

    test("the organisation's own history shows its changes and nobody else's", async () => {
      const c = new Client(t.app);
      await signIn(c, jnsaUser);
      const dash = await c.get('/my');
      assert.match(dash.body, /掲載内容の状況/);
      for (const href of ['/my/initiatives', '/my/events', '/my/materials']) assert.match(dash.body, new RegExp(`href="${href}"`), href);
      const page = await c.get('/my/history');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /審査に提出/);
      assert.match(page.body, /高齢者向けスマホ安全教室/);
      assert.doesNotMatch(page.body, /割り当て試験/, "NPA's draft is not in JNSA's history");
    });

    test('organisation details: an admin renames it, search follows the new name, verification is withdrawn; a member cannot', async () => {
      const jnsaId = await organisationIdBySlug(t.db.handle, 'jnsa');
      await t.db.handle.db.updateTable('organisations').set({ verified_at: '2026-01-01T00:00:00.000Z' }).where('id', '=', jnsaId).execute();
      const c = new Client(t.app);
      await signIn(c, jnsaUser);
      const form = await c.get('/my/organisation');
      assert.match(form.body, /value="日本ネットワークセキュリティ協会"/);
      const dup = await c.post('/my/organisation', { nameJa: '警察庁', nameEn: 'x', abbreviation: '', kind: 'association', website: '' });
      assert.equal(dup.statusCode, 400);
      assert.match(dup.body, /この名前の団体は既に登録されています/);
      const bad = await c.post('/my/organisation', { nameJa: '', nameEn: 'x', abbreviation: '', kind: 'dragon', website: 'javascript:alert(1)' }, c.csrf());
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /団体の種類を選んでください/);
      assert.match(bad.body, /https:\/\/ で始まるURL/);
      const ok = await c.post('/my/organisation', { nameJa: 'セキュリティ普及協会ＸＹＺ', nameEn: 'Security Outreach XYZ', abbreviation: 'SOX', kind: 'association', website: 'https://xyz.example' }, c.csrf());
      assert.equal(ok.statusCode, 303);
      const found = (await t.app.inject('/api/v1/initiatives?q=' + encodeURIComponent('普及協会xyz'))).json();
      assert.ok(found.total >= 1, 'initiatives are found by the new name (NFKC: ＸＹＺ = xyz)');
      const org = await t.db.handle.db.selectFrom('organisations').select(['verified_at', 'name_en']).where('id', '=', jnsaId).executeTakeFirstOrThrow();
      assert.equal(org.verified_at, null);
      assert.equal(org.name_en, 'Security Outreach XYZ');
      assert.match((await c.get('/my/history')).body, /団体情報の変更/);

      const member = await createUser(t.db.handle, { email: 'plain-member@jnsa.example', organisationId: jnsaId, orgRole: 'member' });
      const m = new Client(t.app);
      await signIn(m, member);
      const view = await m.get('/my/organisation');
      assert.equal(view.statusCode, 200);
      assert.doesNotMatch(view.body, /name="nameJa"/);
      const denied = await m.post('/my/organisation', { nameJa: '乗っ取り', nameEn: '', abbreviation: '', kind: 'association', website: '' }, m.csrf());
      assert.equal(denied.statusCode, 403);
    });
  });
}
