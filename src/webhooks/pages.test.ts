// The webhook pages on SQLite and PostgreSQL: an organisation's administrators add, change, pause,
// rotate and delete endpoints; the secret is shown once; private URLs are refused with a clear message in
// the page's language unless an administrator allowed the endpoint; another organisation gets "not found"
// for every id; members look but do not touch; every change is audited without the secret.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../test/support/app.ts';
import { Client, createUser, organisationIdBySlug, signIn, type TestUser } from '../../test/support/client.ts';
import { testDialects } from '../../test/support/databases.ts';
import { FIXTURE } from '../../test/support/fixture.ts';

const FORM = {
  name: '市のウェブサイト連携',
  url: 'https://93.184.215.14/hooks/lastmile',
  scope: 'chosen',
  audiences: ['seniors', 'sme'],
  prefecture: '13',
  include: ['events'],
  locale: 'ja',
};

const SECRET_RE = /whsec_[A-Za-z0-9+/]{43}=/;

for (const dialect of testDialects()) {
  describe(`webhook pages (${dialect})`, () => {
    let t: TestApp;
    let jnsaId: number;
    let npaId: number;
    let owner: Client;
    let member: Client;
    let other: Client;
    let admin: Client;
    let endpointId = 0;
    let shownSecret = '';

    before(async () => {
      t = await startTestApp(dialect, FIXTURE);
      jnsaId = await organisationIdBySlug(t.db.handle, 'jnsa');
      npaId = await organisationIdBySlug(t.db.handle, 'npa');
      const users: [string, Parameters<typeof createUser>[1]][] = [
        ['owner', { email: 'admin@jnsa.example', displayName: '連携 担当', organisationId: jnsaId, orgRole: 'admin' }],
        ['member', { email: 'member@jnsa.example', organisationId: jnsaId, orgRole: 'member' }],
        ['other', { email: 'admin@npa.example', organisationId: npaId, orgRole: 'admin' }],
        ['admin', { email: 'admin@office.example', role: 'admin', totp: true }],
      ];
      const clients: Record<string, Client> = {};
      for (const [name, u] of users) {
        const user: TestUser = await createUser(t.db.handle, u);
        clients[name] = new Client(t.app);
        await signIn(clients[name]!, user);
      }
      ({ owner, member, other, admin } = clients as Record<'owner' | 'member' | 'other' | 'admin', Client>);
    });
    after(() => t?.close());

    test('the dashboard links to the webhooks page, which explains them and starts empty', async () => {
      assert.match((await owner.get('/my')).body, /href="\/my\/webhooks"/);
      const page = await owner.get('/my/webhooks');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Standard Webhooks/);
      assert.match(page.body, /送信先はまだありません/);
      assert.match((await owner.get('/en/my/webhooks')).body, /No endpoints yet/);
    });

    test('private URLs are refused at registration with a clear message, in Japanese and in English', async () => {
      for (const url of ['https://127.0.0.1/hook', 'https://2130706433/hook', 'https://0x7f000001/hook', 'https://[::ffff:127.0.0.1]/hook', 'https://169.254.169.254/latest/meta-data/', 'https://localhost/hook', 'https://10.0.0.1/hook']) {
        const ja = await owner.submit('/my/webhooks/new', '/my/webhooks/new', { ...FORM, url });
        assert.equal(ja.statusCode, 400, url);
        assert.match(ja.body, /error-summary/);
        assert.match(ja.body, /内部ネットワークのアドレス/);
        // What was typed is kept.
        assert.ok(ja.body.includes(`value="${url}"`), url);
      }
      const en = await owner.submit('/en/my/webhooks/new', '/en/my/webhooks/new', { ...FORM, url: 'https://[::1]/hook' });
      assert.equal(en.statusCode, 400);
      assert.match(en.body, /points to an internal network address/);
      const http = await owner.submit('/en/my/webhooks/new', '/en/my/webhooks/new', { ...FORM, url: 'http://93.184.215.14/hook' });
      assert.equal(http.statusCode, 400);
      assert.match(http.body, /starts with https:\/\//);
      const count = await t.db.handle.db.selectFrom('subscriptions').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 0);
    });

    test('other mistakes are explained field by field, never a 500', async () => {
      const r = await owner.submit('/my/webhooks/new', '/my/webhooks/new', { name: '', url: 'not a url', scope: 'chosen', locale: 'fr', prefecture: '99', audiences: 'aliens', include: 'everything' });
      assert.equal(r.statusCode, 400);
      for (const m of [/名前を入力してください/, /URLの形式が正しくありません/, /本文の言語を選んでください/, /都道府県を一覧から選び直してください/, /対象を一覧から選び直してください/, /一覧から選び直してください/]) assert.match(r.body, m);
      const none = await owner.submit('/my/webhooks/new', '/my/webhooks/new', { ...FORM, audiences: [] });
      assert.equal(none.statusCode, 400);
      assert.match(none.body, /受け取る対象を1つ以上選んでください/);
      // Without a CSRF token: refused.
      assert.equal((await owner.post('/my/webhooks/new', FORM, null)).statusCode, 403);
    });

    test('an administrator of the organisation adds an endpoint; its secret is shown once, stored to sign, and never audited', async () => {
      const r = await owner.submit('/my/webhooks/new', '/my/webhooks/new', { ...FORM, owner_organisation_id: String(npaId), allow_private: '1', status: 'disabled' });
      assert.equal(r.statusCode, 200);
      assert.match(r.body, /秘密鍵は今だけ表示されます/);
      shownSecret = SECRET_RE.exec(r.body)![0];
      const row = await t.db.handle.db.selectFrom('subscriptions').selectAll().executeTakeFirstOrThrow();
      endpointId = Number(row.id);
      assert.equal(row.webhook_secret, shownSecret);
      assert.equal(Buffer.from(shownSecret.slice(6), 'base64').length, 32);
      // Fields the form does not offer were ignored (mass assignment).
      assert.equal(Number(row.owner_organisation_id), jnsaId);
      assert.equal(Number(row.allow_private), 0);
      assert.equal(row.status, 'active');
      assert.equal(row.channel, 'webhook');
      assert.equal(row.prefecture, '13');
      assert.equal(Number(row.all_audiences), 0);
      assert.equal(Number(row.include_events), 1);
      assert.equal(Number(row.include_materials), 0);
      const auds = await t.db.handle.db.selectFrom('subscription_audiences').select('audience').where('subscription_id', '=', endpointId).orderBy('audience').execute();
      assert.deepEqual(auds.map((a) => a.audience), ['seniors', 'sme']);

      const page = await owner.get(`/my/webhooks/${endpointId}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /市のウェブサイト連携/);
      assert.match(page.body, /東京都/);
      assert.ok(!page.body.includes(shownSecret), 'the secret is never shown again');
      assert.ok(!(await owner.get('/my/webhooks')).body.includes(shownSecret));
      const audit = await t.db.handle.db.selectFrom('audit_events').selectAll().where('action', '=', 'webhook_created').execute();
      assert.equal(audit.length, 1);
      assert.equal(Number(audit[0]!.organisation_id), jnsaId);
      assert.ok(!JSON.stringify(audit).includes(shownSecret.slice(6)));
      assert.match((await owner.get('/my/history')).body, /webhook_created|Webhook/);
    });

    test('another organisation gets "not found" for the endpoint, its pages and every command', async () => {
      assert.ok(!(await other.get('/my/webhooks')).body.includes('市のウェブサイト連携'));
      for (const path of [`/my/webhooks/${endpointId}`, `/my/webhooks/${endpointId}/edit`, `/en/my/webhooks/${endpointId}`]) {
        assert.equal((await other.get(path)).statusCode, 404, path);
      }
      await other.get('/my/webhooks');
      const csrf = other.csrf();
      const delivery = await insertDelivery(t, endpointId, 'dead');
      for (const path of ['rotate', 'pause', 'resume', 'delete', 'edit', 'replay-dead', `deliveries/${delivery}/replay`]) {
        const r = await other.post(`/my/webhooks/${endpointId}/${path}`, { ...FORM }, csrf);
        assert.equal(r.statusCode, 404, path);
      }
      const row = await t.db.handle.db.selectFrom('subscriptions').selectAll().where('id', '=', endpointId).executeTakeFirstOrThrow();
      assert.equal(row.webhook_secret, shownSecret);
      assert.equal(row.status, 'active');
      // My own endpoint cannot replay a delivery of someone else's endpoint either.
      const theirs = await owner.submit('/my/webhooks/new', '/my/webhooks/new', { ...FORM, name: '二つ目' });
      assert.equal(theirs.statusCode, 200);
      const second = Number((await t.db.handle.db.selectFrom('subscriptions').select('id').where('name', '=', '二つ目').executeTakeFirstOrThrow()).id);
      await owner.get(`/my/webhooks/${second}`);
      assert.equal((await owner.post(`/my/webhooks/${second}/deliveries/${delivery}/replay`, {})).statusCode, 404);
      await owner.get(`/my/webhooks/${second}`);
      assert.equal((await owner.post(`/my/webhooks/${second}/delete`, {})).statusCode, 303);
    });

    test('members of the organisation see the endpoint and its log, but cannot change anything', async () => {
      const page = await member.get(`/my/webhooks/${endpointId}`);
      assert.equal(page.statusCode, 200);
      assert.ok(!page.body.includes('/rotate"'));
      const csrf = member.csrf();
      assert.equal((await member.get('/my/webhooks/new')).statusCode, 403);
      for (const path of ['rotate', 'pause', 'delete', 'replay-dead']) assert.equal((await member.post(`/my/webhooks/${endpointId}/${path}`, {}, csrf)).statusCode, 403, path);
      assert.equal((await member.post('/my/webhooks/new', FORM, csrf)).statusCode, 403);
    });

    test('rotating shows a new secret once and the old one stops being stored', async () => {
      await owner.get(`/my/webhooks/${endpointId}`);
      const r = await owner.post(`/my/webhooks/${endpointId}/rotate`, {}, owner.csrf(`/my/webhooks/${endpointId}/rotate`));
      assert.equal(r.statusCode, 200);
      const fresh = SECRET_RE.exec(r.body)![0];
      assert.notEqual(fresh, shownSecret);
      const row = await t.db.handle.db.selectFrom('subscriptions').select('webhook_secret').where('id', '=', endpointId).executeTakeFirstOrThrow();
      assert.equal(row.webhook_secret, fresh);
      shownSecret = fresh;
    });

    test('pause cancels what was waiting; resume re-vets the URL', async () => {
      const waiting = await insertDelivery(t, endpointId, 'pending');
      await owner.get(`/my/webhooks/${endpointId}`);
      assert.equal((await owner.post(`/my/webhooks/${endpointId}/pause`, {}, owner.csrf(`/my/webhooks/${endpointId}/pause`))).statusCode, 303);
      let row = await t.db.handle.db.selectFrom('subscriptions').selectAll().where('id', '=', endpointId).executeTakeFirstOrThrow();
      assert.equal(row.status, 'disabled');
      const d = await t.db.handle.db.selectFrom('deliveries').select('status').where('id', '=', waiting).executeTakeFirstOrThrow();
      assert.equal(d.status, 'cancelled');
      const paused = await owner.get(`/my/webhooks/${endpointId}?done=paused`);
      assert.match(paused.body, /一時停止中/);
      // A paused endpoint cannot replay.
      assert.equal((await owner.post(`/my/webhooks/${endpointId}/deliveries/${waiting}/replay`, {}, owner.csrf())).statusCode, 409);
      await owner.get(`/my/webhooks/${endpointId}`);
      assert.equal((await owner.post(`/my/webhooks/${endpointId}/resume`, {}, owner.csrf(`/my/webhooks/${endpointId}/resume`))).statusCode, 303);
      row = await t.db.handle.db.selectFrom('subscriptions').selectAll().where('id', '=', endpointId).executeTakeFirstOrThrow();
      assert.equal(row.status, 'active');
      assert.equal(row.disabled_reason, null);
    });

    test('the delivery log pages newest first; a page number that is not one is a 400, past the end a 404', async () => {
      for (let i = 0; i < 25; i++) await insertDelivery(t, endpointId, 'delivered');
      const first = await owner.get(`/my/webhooks/${endpointId}`);
      assert.match(first.body, /page=2/);
      assert.equal((await owner.get(`/my/webhooks/${endpointId}?page=2`)).statusCode, 200);
      assert.equal((await owner.get(`/my/webhooks/${endpointId}?page=abc`)).statusCode, 400);
      assert.equal((await owner.get(`/my/webhooks/${endpointId}?page=99`)).statusCode, 404);
      assert.equal((await owner.get('/my/webhooks/abc')).statusCode, 404);
    });

    test('a private URL becomes possible only after an administrator allows the endpoint (audited)', async () => {
      await owner.get(`/my/webhooks/${endpointId}/edit`);
      const refused = await owner.post(`/my/webhooks/${endpointId}/edit`, { ...FORM, url: 'http://127.0.0.1:8080/hook' }, owner.csrf());
      assert.equal(refused.statusCode, 400);

      const list = await admin.get('/admin/webhooks');
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /市のウェブサイト連携/);
      assert.equal((await member.get('/admin/webhooks')).statusCode, 403);
      assert.equal((await admin.post(`/admin/webhooks/${endpointId}/allow-private`, { allowed: 'maybe' }, admin.csrf())).statusCode, 400);
      await admin.get('/admin/webhooks');
      assert.equal((await admin.post('/admin/webhooks/999999/allow-private', { allowed: '1' }, admin.csrf())).statusCode, 404);
      await admin.get('/admin/webhooks');
      const allowed = await admin.post(`/admin/webhooks/${endpointId}/allow-private`, { allowed: '1' }, admin.csrf(`/admin/webhooks/${endpointId}/allow-private`));
      assert.equal(allowed.statusCode, 303);
      assert.match((await admin.get('/admin/webhooks?done=allowed')).body, /許可している/);

      await owner.get(`/my/webhooks/${endpointId}/edit`);
      const ok = await owner.post(`/my/webhooks/${endpointId}/edit`, { ...FORM, url: 'http://127.0.0.1:8080/hook', scope: 'all', audiences: [] }, owner.csrf());
      assert.equal(ok.statusCode, 303);
      const row = await t.db.handle.db.selectFrom('subscriptions').selectAll().where('id', '=', endpointId).executeTakeFirstOrThrow();
      assert.equal(row.webhook_url, 'http://127.0.0.1:8080/hook');
      assert.equal(Number(row.all_audiences), 1);
      const actions = (await t.db.handle.db.selectFrom('audit_events').select('action').where('organisation_id', '=', jnsaId).execute()).map((a) => a.action);
      for (const a of ['webhook_created', 'webhook_secret_rotated', 'webhook_paused', 'webhook_resumed', 'webhook_private_allowed', 'webhook_updated', 'webhook_deleted']) assert.ok(actions.includes(a), a);
      const all = JSON.stringify(await t.db.handle.db.selectFrom('audit_events').selectAll().execute());
      assert.ok(!all.includes(shownSecret.slice(6)), 'no secret in the audit trail');
    });

    test('deleting removes the endpoint and its log', async () => {
      await owner.get(`/my/webhooks/${endpointId}`);
      assert.equal((await owner.post(`/my/webhooks/${endpointId}/delete`, {}, owner.csrf(`/my/webhooks/${endpointId}/delete`))).statusCode, 303);
      assert.equal((await owner.get(`/my/webhooks/${endpointId}`)).statusCode, 404);
      const left = await t.db.handle.db.selectFrom('deliveries').select('id').where('subscription_id', '=', endpointId).execute();
      assert.equal(left.length, 0);
    });
  });
}

/** A delivery of a small advisory dispatch to the endpoint, in the given state. */
async function insertDelivery(t: TestApp, subscriptionId: number, status: string): Promise<number> {
  const now = new Date().toISOString();
  const payload = { topic: 'advisory', action: 'published', subjectId: 1, title: { ja: 'テスト注意喚起', en: 'Test advisory' }, summary: { ja: '', en: '' }, url: { ja: '', en: '' }, audiences: [], prefectures: [], nationwide: true, publishedAt: now };
  const d = await t.db.handle.db.insertInto('dispatches').values({ topic: 'advisory', subject_id: 1, action: 'published', payload: JSON.stringify(payload), created_at: now }).returning('id').executeTakeFirstOrThrow();
  const r = await t.db.handle.db
    .insertInto('deliveries')
    .values({ dispatch_id: Number(d.id), subscription_id: subscriptionId, channel: 'webhook', status, attempts: status === 'pending' ? 0 : 1, next_attempt_at: now, last_status: status === 'dead' ? 500 : status === 'delivered' ? 204 : null, last_error: status === 'dead' ? 'HTTP 500' : null, last_attempt_at: status === 'pending' ? null : now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}
