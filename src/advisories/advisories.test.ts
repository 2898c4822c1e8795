// Advisories through the publishing workflow: who may write them, review and publish-now, corrections
// sent as corrections, withdrawal that keeps the page, Atom feeds and the API with filters, and the
// outbox: publishing commits exactly the matching deliveries in the same transaction. And the attacks:
// raw HTML in Markdown escaped, another organisation's ids "not found", bad input refused with ja/en.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CurrentUser } from '../accounts/model.ts';
import { toCurrentUser } from '../accounts/repository.ts';
import { approve, type ContentContext } from '../content/service.ts';
import { startTestApp, type TestApp } from '../../test/support/app.ts';
import { Client, createUser, organisationIdBySlug, signIn, type TestUser } from '../../test/support/client.ts';
import { testDialects } from '../../test/support/databases.ts';
import { FIXTURE } from '../../test/support/fixture.ts';

const FORM = {
  titleJa: '宅配業者を装う偽SMSに注意',
  titleEn: 'Fake delivery text messages',
  whatJa: '宅配業者を装ったSMSが**多数**届いています。\n\n- リンク先は偽サイトです',
  whatEn: 'Many text messages pretending to come from delivery companies.',
  actionsJa: '- SMSのリンクを開かない\n- 不安なときは [警察相談専用電話](https://www.npa.go.jp/) へ',
  actionsEn: '- Do not open the link',
  severity: 'warning',
  audiences: ['seniors'],
  scope: 'prefectures',
  prefectures: ['13'],
  validUntil: '2099-12-31',
  linkUrl1: 'https://www.npa.go.jp/',
  linkLabel1: '警察庁',
};

for (const dialect of testDialects()) {
  describe(`advisories (${dialect})`, () => {
    let t: TestApp;
    let jnsaUser: TestUser;
    let npaUser: TestUser;
    let moderatorUser: TestUser;
    let moderator: CurrentUser;
    let m: Client;
    let jnsaId: number;
    let npaId: number;

    before(async () => {
      t = await startTestApp(dialect, FIXTURE);
      jnsaId = await organisationIdBySlug(t.db.handle, 'jnsa');
      npaId = await organisationIdBySlug(t.db.handle, 'npa');
      jnsaUser = await createUser(t.db.handle, { email: 'member@jnsa.example', organisationId: jnsaId, orgRole: 'admin' });
      npaUser = await createUser(t.db.handle, { email: 'member@npa.example', organisationId: npaId, orgRole: 'admin' });
      // An administrator of the program office (no organisation): moderates, and grants the permission.
      moderatorUser = await createUser(t.db.handle, { email: 'office@lastmile.example', role: 'admin', totp: true, displayName: '事務局 担当' });
      moderator = toCurrentUser(await t.db.handle.db.selectFrom('users').selectAll().where('id', '=', moderatorUser.id).executeTakeFirstOrThrow());
      m = new Client(t.app);
      await signIn(m, moderatorUser);
    });
    after(async () => {
      await t.close();
    });

    const db = () => t.db.handle.db;
    const moderatorCtx = (): ContentContext => ({ database: t.db.handle, kinds: t.app.contentKinds, mailer: t.app.deps.mailer, baseUrl: 'http://lastmile.test', now: new Date(), actor: moderator, log: { error() {} } });
    const itemIdOf = (location: unknown) => Number(String(location).replace(/\?.*/, '').split('/').pop());
    const publicIdOf = async (itemId: number) => (await db().selectFrom('content_items').select('public_id').where('id', '=', itemId).executeTakeFirstOrThrow()).public_id!;
    const advisoryItems = async () => Number((await db().selectFrom('content_items').select((eb) => eb.fn.countAll().as('n')).where('kind', '=', 'advisory').executeTakeFirstOrThrow()).n);
    const allow = async (orgId: number, allowed: boolean) => {
      await m.get('/admin');
      const r = await m.post(`/admin/organisations/${orgId}/advisories`, { allowed: allowed ? '1' : '0' }, m.csrf(`/admin/organisations/${orgId}/advisories`));
      assert.equal(r.statusCode, 303);
    };
    const subscribe = async (email: string, o: { prefecture: string | null; audiences: string[] | null }) => {
      const now = new Date().toISOString();
      const { id } = await db()
        .insertInto('subscriptions')
        .values({ channel: 'email', status: 'active', locale: 'ja', prefecture: o.prefecture, all_audiences: o.audiences ? 0 : 1, include_advisories: 1, email, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (o.audiences?.length) await db().insertInto('subscription_audiences').values(o.audiences.map((audience) => ({ subscription_id: id, audience }))).execute();
      return id;
    };
    const deliveriesOf = async (publicId: number) =>
      (
        await db()
          .selectFrom('deliveries as d')
          .innerJoin('dispatches as p', 'p.id', 'd.dispatch_id')
          .select(['d.subscription_id', 'p.action', 'p.payload'])
          .where('p.topic', '=', 'advisory')
          .where('p.subject_id', '=', publicId)
          .orderBy('d.id')
          .execute()
      ).map((r) => ({ sub: r.subscription_id, action: r.action, payload: JSON.parse(r.payload) }));

    test('only organisations the program office allowed (and moderators) write advisories; an administrator switches it', async () => {
      const c = new Client(t.app);
      await signIn(c, jnsaUser);
      assert.equal((await c.get('/my/advisories')).statusCode, 403);
      assert.equal((await c.get('/my/advisories/new')).statusCode, 403);
      const areaNav = (body: string) => body.split('class="area-nav"')[1]!.split('</nav>')[0]!;
      assert.doesNotMatch(areaNav((await c.get('/my')).body), /href="\/my\/advisories"/);
      await allow(jnsaId, true);
      assert.equal((await c.get('/my/advisories')).statusCode, 200);
      assert.match(areaNav((await c.get('/my')).body), /href="\/my\/advisories"/);
      assert.match((await m.get('/admin')).body, /注意喚起の発信許可を取り消す/);
      const audit = await db().selectFrom('audit_events').select('action').where('subject_kind', '=', 'organisation').where('subject_id', '=', jnsaId).execute();
      assert.ok(audit.some((a) => a.action === 'advisory_permission_granted'));
      // Members cannot grant it themselves.
      await c.get('/my/advisories');
      assert.equal((await c.post(`/admin/organisations/${npaId}/advisories`, { allowed: '1' }, c.csrf())).statusCode, 403);
      assert.equal((await db().selectFrom('organisations').select('may_publish_advisories').where('id', '=', npaId).executeTakeFirstOrThrow()).may_publish_advisories, 0);
    });

    test('bad input is refused with ja/en messages and stores nothing', async () => {
      const c = new Client(t.app);
      await signIn(c, jnsaUser);
      await c.get('/my/advisories/new');
      const n = await advisoryItems();
      const cases: [Record<string, string | string[]>, RegExp, RegExp][] = [
        [{ titleJa: '' }, /件名（日本語）を入力してください。/, /Enter the title in Japanese\./],
        [{ severity: 'panic' }, /深刻度を選んでください。/, /Choose the severity\./],
        [{ prefectures: ['99'] }, /都道府県を一覧から選び直してください。/, /Choose the prefectures again/],
        [{ prefectures: [] }, /都道府県を1つ以上選ぶか/, /at least one prefecture/],
        [{ linkUrl1: 'javascript:alert(1)' }, /https:\/\/ で始まる/, /starting with https:\/\//],
        [{ linkLabel1: '' }, /リンク1の表示名/, /text shown for link 1/],
        [{ validUntil: '2027-02-30' }, /実在する日付/, /a real date/],
        [{ audiences: ['aliens'] }, /対象を一覧から選び直してください。/, /Choose the audiences again/],
      ];
      for (const [fields, ja, en] of cases) {
        const r = await c.post('/my/advisories/new', { ...FORM, ...fields, intent: 'submit' }, c.csrf());
        assert.equal(r.statusCode, 400, JSON.stringify(fields));
        assert.match(r.body, ja);
        assert.match(r.body, /error-summary/);
        const e = await c.post('/en/my/advisories/new', { ...FORM, ...fields, intent: 'submit' }, c.csrf());
        assert.equal(e.statusCode, 400);
        assert.match(e.body, en);
      }
      // A member cannot use the program office's publish-now.
      assert.equal((await c.post('/my/advisories/new', { ...FORM, intent: 'publish_now' }, c.csrf())).statusCode, 403);
      assert.equal(await advisoryItems(), n);
      // Bad filters on the public list, the feed and the API.
      for (const url of ['/advisories?severity=panic', '/advisories.atom?prefecture=99', '/api/v1/advisories?audience=aliens', '/advisories?scope=everything']) {
        const r = await t.app.inject(url);
        assert.equal(r.statusCode, 400, url);
      }
      assert.match((await t.app.inject('/advisories?severity=panic')).body, /emergency, warning, caution, info/);
      assert.match((await t.app.inject({ url: '/api/v1/advisories?prefecture=99', headers: { 'accept-language': 'en' } })).body, /prefecture code from 01 to 47/);
    });

    test('submit → approve → page, feed, API; deliveries commit with the publication; a correction reaches earlier recipients; withdrawal keeps the page', async () => {
      const tokyoSeniors = await subscribe('tokyo-seniors@example.jp', { prefecture: '13', audiences: ['seniors'] });
      const osaka = await subscribe('osaka@example.jp', { prefecture: '27', audiences: null });
      const youth = await subscribe('youth@example.jp', { prefecture: null, audiences: ['youth'] });
      const c = new Client(t.app);
      await signIn(c, jnsaUser);
      await c.get('/my/advisories/new');
      const r = await c.post('/my/advisories/new', { ...FORM, intent: 'submit' });
      assert.equal(r.statusCode, 303, r.body.slice(0, 1000));
      assert.match(String(r.headers.location), /done=submitted/);
      const itemId = itemIdOf(r.headers.location);
      assert.equal((await t.app.inject('/api/v1/advisories')).json().total, 0, 'nothing public before review');
      const queue = await m.get('/moderation');
      assert.match(queue.body, /至急：注意喚起/);
      assert.match(queue.body, /宅配業者を装う偽SMSに注意/);
      assert.match((await m.get(`/moderation/items/${itemId}`)).body, new RegExp(`/my/advisories/${itemId}`));

      await approve(moderatorCtx(), itemId, '');
      const id = await publicIdOf(itemId);
      const page = await t.app.inject(`/advisories/${id}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /severity-warning/);
      assert.match(page.body, /警戒/);
      assert.match(page.body, /<strong>多数<\/strong>/);
      assert.match(page.body, /<a href="https:\/\/www.npa.go.jp\/" rel="noopener noreferrer nofollow">警察相談専用電話<\/a>/);
      assert.match(page.body, /令和/);
      assert.match(page.body, /東京都/);
      assert.match(page.body, /href="\/subscribe"/);
      assert.match((await t.app.inject(`/en/advisories/${id}`)).body, /Fake delivery text messages/);
      const api = (await t.app.inject(`/api/v1/advisories/${id}`)).json();
      assert.equal(api.severity, 'warning');
      assert.deepEqual(api.prefectures, ['13']);
      assert.equal(api.withdrawn, null);
      const list = await t.app.inject('/advisories');
      assert.match(list.body, /宅配業者を装う偽SMSに注意/);
      assert.match(list.body, /<link rel="alternate" type="application\/atom\+xml"/);
      const atom = await t.app.inject('/advisories.atom');
      assert.match(String(atom.headers['content-type']), /^application\/atom\+xml/);
      assert.match(atom.body, new RegExp(`<id>http://lastmile.test/advisories/${id}</id>`));

      // Exactly the matching subscription got a delivery, written with the publication.
      let d = await deliveriesOf(id);
      assert.deepEqual(d.map((x) => [x.sub, x.action]), [[tokyoSeniors, 'published']]);
      assert.equal(d[0]!.payload.url.ja, `http://lastmile.test/advisories/${id}`);
      assert.doesNotMatch(d[0]!.payload.summary.ja, /\*\*|<strong>/, 'plain text, no Markdown');
      assert.match(d[0]!.payload.summary.ja, /多数/);

      // A correction (narrowed to Osaka): "what changed" is required; the earlier recipient still hears of it.
      await c.get(`/my/advisories/${itemId}/edit`);
      const noNote = await c.post(`/my/advisories/${itemId}/edit`, { ...FORM, prefectures: ['27'], intent: 'submit' });
      assert.equal(noNote.statusCode, 400);
      assert.match(noNote.body, /何を変えたか/);
      const fix = await c.post(`/my/advisories/${itemId}/edit`, { ...FORM, prefectures: ['27'], correctionNoteJa: '対象地域を大阪府に訂正しました。', intent: 'submit' }, c.csrf());
      assert.equal(fix.statusCode, 303);
      assert.match((await t.app.inject(`/advisories/${id}`)).body, /東京都/, 'the public page keeps the approved version during review');
      await approve(moderatorCtx(), itemId, '');
      const corrected = await t.app.inject(`/advisories/${id}`);
      assert.match(corrected.body, /対象地域を大阪府に訂正しました。/);
      assert.match(corrected.body, /訂正の履歴/);
      assert.match(corrected.body, /大阪府/);
      assert.match((await t.app.inject('/advisories.atom')).body, /【訂正】/);
      d = await deliveriesOf(id);
      const correctedTo = d.filter((x) => x.action === 'corrected').map((x) => x.sub).sort((a, b) => a - b);
      assert.deepEqual(correctedTo, [tokyoSeniors, osaka].sort((a, b) => a - b));
      assert.ok(!d.some((x) => x.sub === youth));
      assert.equal(d.find((x) => x.action === 'corrected')!.payload.note.ja, '対象地域を大阪府に訂正しました。');

      // Withdrawal: a reason is required; the page stays with a banner; the default list and API drop it.
      await c.get(`/my/advisories/${itemId}`);
      assert.equal((await c.post(`/my/advisories/${itemId}/withdraw-advisory`, { note: '' }, c.csrf(`/my/advisories/${itemId}/withdraw-advisory`))).statusCode, 400);
      const w = await c.post(`/my/advisories/${itemId}/withdraw-advisory`, { note: '誤報のため取り下げます。' }, c.csrf(`/my/advisories/${itemId}/withdraw-advisory`));
      assert.equal(w.statusCode, 303);
      const gone = await t.app.inject(`/advisories/${id}`);
      assert.equal(gone.statusCode, 200);
      assert.match(gone.body, /この注意喚起は取り下げられました/);
      assert.match(gone.body, /誤報のため取り下げます。/);
      assert.doesNotMatch((await t.app.inject('/advisories')).body, /宅配業者を装う偽SMSに注意/);
      assert.match((await t.app.inject('/advisories?scope=all')).body, /宅配業者を装う偽SMSに注意/);
      assert.equal((await t.app.inject('/api/v1/advisories')).json().total, 0);
      assert.equal((await t.app.inject(`/api/v1/advisories/${id}`)).json().withdrawn.note, '誤報のため取り下げます。');
      assert.match((await t.app.inject('/advisories.atom')).body, /【取り下げ】/);
      d = await deliveriesOf(id);
      assert.deepEqual(d.filter((x) => x.action === 'withdrawn').map((x) => x.sub).sort((a, b) => a - b), [tokyoSeniors, osaka].sort((a, b) => a - b));
      // A withdrawn advisory is not edited any more.
      assert.equal((await c.get(`/my/advisories/${itemId}/edit`)).statusCode, 409);
    });

    test('a moderator publishes at once (their own, for a chosen issuer, and a submitted one at the top of the queue), recorded as published_urgently', async () => {
      await allow(npaId, true);
      await m.get('/my/advisories/new');
      const noIssuer = await m.post('/my/advisories/new', { ...FORM, titleJa: '緊急：ランサムウェア', intent: 'publish_now' });
      assert.equal(noIssuer.statusCode, 400);
      assert.match(noIssuer.body, /発信元の団体を一覧から選んでください。/);
      const r = await m.post('/my/advisories/new', { ...FORM, titleJa: '緊急：ランサムウェア', severity: 'emergency', scope: 'nationwide', audiences: [], organisation: String(npaId), intent: 'publish_now' }, m.csrf());
      assert.equal(r.statusCode, 303, r.body.slice(0, 1000));
      const itemId = itemIdOf(r.headers.location);
      const id = await publicIdOf(itemId);
      assert.match((await t.app.inject(`/advisories/${id}`)).body, /緊急：ランサムウェア/);
      assert.match((await t.app.inject(`/advisories/${id}`)).body, /警察庁/);
      const a = await db().selectFrom('audit_events').select(['action', 'note']).where('subject_kind', '=', 'content').where('subject_id', '=', itemId).orderBy('id').execute();
      const urgent = a.find((x) => x.action === 'published_urgently');
      assert.ok(urgent);
      assert.match(urgent.note ?? '', /職務分離/);

      // A member's submission, published at once from its page (no second moderator needed).
      const c = new Client(t.app);
      await signIn(c, npaUser);
      await c.get('/my/advisories/new');
      const s = await c.post('/my/advisories/new', { ...FORM, titleJa: '警察庁の提出', intent: 'submit' });
      const sid = itemIdOf(s.headers.location);
      await m.get(`/my/advisories/${sid}`);
      const now = await m.post(`/my/advisories/${sid}/publish-now`, {}, m.csrf(`/my/advisories/${sid}/publish-now`));
      assert.equal(now.statusCode, 303);
      assert.match((await t.app.inject(`/advisories/${await publicIdOf(sid)}`)).body, /警察庁の提出/);
      assert.doesNotMatch((await m.get('/moderation')).body, /警察庁の提出/);
      // Members have no publish-now.
      await c.get(`/my/advisories/${sid}`);
      assert.equal((await c.post(`/my/advisories/${sid}/publish-now`, {}, c.csrf())).statusCode, 403);

      // The moderator corrects directly: a correction published at once, with its note.
      await m.get(`/my/advisories/${itemId}/edit`);
      const fix = await m.post(`/my/advisories/${itemId}/edit`, { ...FORM, titleJa: '緊急：ランサムウェア（続報）', severity: 'emergency', scope: 'nationwide', audiences: [], correctionNoteJa: '続報を追記しました。', intent: 'publish_now' });
      assert.equal(fix.statusCode, 303, fix.body.slice(0, 1000));
      const page = (await t.app.inject(`/advisories/${id}`)).body;
      assert.match(page, /続報を追記しました。/);
      assert.match(page, /（続報）/);
    });

    test('raw HTML in Markdown is escaped on the page, in the feed and in the API', async () => {
      await m.get('/my/advisories/new');
      const r = await m.post('/my/advisories/new', {
        ...FORM,
        titleJa: 'XSS<script>alert(1)</script>',
        whatJa: '本文<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))',
        actionsJa: '"><img src=x onerror=alert(2)>',
        organisation: String(npaId),
        intent: 'publish_now',
      });
      assert.equal(r.statusCode, 303, r.body.slice(0, 1000));
      const id = await publicIdOf(itemIdOf(r.headers.location));
      for (const url of [`/advisories/${id}`, `/en/advisories/${id}`, '/advisories', `/my/advisories/${itemIdOf(r.headers.location)}`]) {
        const body = url.startsWith('/my') ? (await m.get(url)).body : (await t.app.inject(url)).body;
        assert.doesNotMatch(body, /<script>alert|<img src=x|href="javascript:/, url);
      }
      assert.match((await t.app.inject(`/advisories/${id}`)).body, /&lt;img src=x onerror=alert\(1\)&gt;/);
      const atom = (await t.app.inject('/advisories.atom')).body;
      // Atom carries HTML inside CDATA: the HTML itself must be inert.
      assert.doesNotMatch(atom, /<script>alert|<img src=x/);
      assert.equal((await t.app.inject(`/api/v1/advisories/${id}`)).json().title.ja, 'XSS<script>alert(1)</script>');
    });

    test('the list, the Atom feed and the API filter by audience, prefecture and severity', async () => {
      const publish = async (fields: Record<string, string | string[]>) => {
        await m.get('/my/advisories/new');
        const r = await m.post('/my/advisories/new', { ...FORM, organisation: String(npaId), intent: 'publish_now', ...fields });
        assert.equal(r.statusCode, 303, r.body.slice(0, 500));
        return publicIdOf(itemIdOf(r.headers.location));
      };
      const hokkaido = await publish({ titleJa: '北海道のSME向け', prefectures: ['01'], audiences: ['sme'], severity: 'caution' });
      const everyone = await publish({ titleJa: '全国のすべての人向け', scope: 'nationwide', audiences: [], severity: 'info' });
      const expired = await publish({ titleJa: '期限切れの注意', scope: 'nationwide', audiences: [], severity: 'info', validUntil: '2001-01-01' });
      const ids = async (url: string) => (await t.app.inject(url)).json().items.map((a: { id: number }) => a.id) as number[];
      const pref01 = await ids('/api/v1/advisories?prefecture=01');
      assert.ok(pref01.includes(hokkaido) && pref01.includes(everyone));
      assert.ok(!(await ids('/api/v1/advisories?prefecture=13')).includes(hokkaido));
      const sme = await ids('/api/v1/advisories?audience=sme');
      assert.ok(sme.includes(hokkaido) && sme.includes(everyone), 'advisories for everyone match any audience');
      assert.ok(!(await ids('/api/v1/advisories?audience=youth')).includes(hokkaido));
      assert.deepEqual(await ids('/api/v1/advisories?severity=caution&prefecture=01'), [hokkaido]);
      assert.ok(!(await ids('/api/v1/advisories')).includes(expired), 'expired ones leave the default list');
      assert.ok((await ids('/api/v1/advisories?scope=all')).includes(expired));
      const feed = (await t.app.inject('/advisories.atom?prefecture=01&severity=caution')).body;
      assert.match(feed, /北海道のSME向け/);
      assert.doesNotMatch(feed, /全国のすべての人向け/);
      assert.match((await t.app.inject('/en/advisories.atom?audience=sme')).body, /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">[\s\S]*<entry>/);
      const page = (await t.app.inject('/advisories?prefecture=01&severity=caution')).body;
      assert.match(page, /北海道のSME向け/);
      assert.match(page, /（1件中 1〜1件を表示）/);
      assert.match(page, /href="\/advisories.atom\?prefecture=01&amp;severity=caution"/);
      // The OpenAPI document describes the advisory API.
      const doc = (await t.app.inject('/api/v1/openapi.json')).json();
      assert.ok(doc.paths['/api/v1/advisories']);
      assert.ok(doc.components.schemas.Advisory);
    });

    test("another organisation's advisory is not found on every page and form", async () => {
      const owner = new Client(t.app);
      await signIn(owner, jnsaUser);
      await owner.get('/my/advisories/new');
      const r = await owner.post('/my/advisories/new', { ...FORM, titleJa: 'JNSAの下書き', intent: 'save' });
      assert.equal(r.statusCode, 303);
      const itemId = itemIdOf(r.headers.location);
      const other = new Client(t.app);
      await signIn(other, npaUser);
      for (const p of ['', '/edit']) assert.equal((await other.get(`/my/advisories/${itemId}${p}`)).statusCode, 404, p);
      await other.get('/my/advisories');
      const token = other.csrf();
      for (const action of ['edit', 'submit', 'withdraw', 'discard', 'confirm', 'withdraw-advisory']) {
        assert.equal((await other.post(`/my/advisories/${itemId}/${action}`, { ...FORM, titleJa: '乗っ取り', note: 'x', intent: 'save' }, token)).statusCode, 404, action);
      }
      const revs = await db().selectFrom('content_revisions').select('payload').where('item_id', '=', itemId).execute();
      assert.equal(revs.length, 1);
      assert.doesNotMatch(revs[0]!.payload, /乗っ取り/);
      // An event's or initiative's id is not an advisory.
      const initiative = (await db().selectFrom('content_items').select('id').where('kind', '=', 'initiative').executeTakeFirstOrThrow()).id;
      assert.equal((await other.get(`/my/advisories/${initiative}`)).statusCode, 404);
      // When the permission is taken back, the organisation's members lose the pages.
      await allow(jnsaId, false);
      assert.equal((await owner.get(`/my/advisories/${itemId}`)).statusCode, 403);
      await allow(jnsaId, true);
    });
  });
}
