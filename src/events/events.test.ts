// Organisations publish events through the shared workflow (/my/events → review → public pages and
// feeds), cancel them, report on them afterwards; the program office manages campaigns. And the
// attacks: wrong input stores nothing, another organisation's ids are "not found", hostile text is
// escaped everywhere it is shown.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ICAL from 'ical.js';
import type { CurrentUser } from '../accounts/model.ts';
import { toCurrentUser } from '../accounts/repository.ts';
import { approve, type ContentContext } from '../content/service.ts';
import { startTestApp, type TestApp } from '../../test/support/app.ts';
import { Client, createUser, organisationIdBySlug, signIn, type TestUser } from '../../test/support/client.ts';
import { testDialects } from '../../test/support/databases.ts';
import { FIXTURE } from '../../test/support/fixture.ts';
import { addDays, tokyoDate } from './time.ts';

const XSS = '<script>alert(1)</script>';
const XSS_ATTR = '"><img src=x onerror=alert(1)>';

const today = tokyoDate(new Date());
const SOON = addDays(today, 60);
const PAST = addDays(today, -30);

const FORM = {
  titleJa: '高齢者向けスマホ安全教室',
  titleEn: 'Smartphone safety class for older people',
  descriptionJa: '公民館でスマートフォンの詐欺対策を教えます。',
  descriptionEn: 'Smartphone fraud, taught in a community hall.',
  audiences: ['seniors'],
  startDate: SOON,
  startTime: '13:30',
  endDate: '',
  endTime: '15:00',
  attendance: 'onsite',
  prefecture: '13',
  venueJa: '千代田区立公民館',
  venueEn: 'Chiyoda community hall',
  feeYen: '0',
  capacity: '30',
  registrationUrl: 'https://example.org/apply',
  accessibilityJa: '手話通訳があります。',
  accessibilityEn: 'Sign language interpretation.',
  initiative: '',
  campaign: '',
};

for (const dialect of testDialects()) {
  describe(`events through the publishing workflow (${dialect})`, () => {
    let t: TestApp;
    let jnsaUser: TestUser;
    let npaUser: TestUser;
    let moderatorUser: TestUser;
    let moderator: CurrentUser;
    /** Signed in once: a TOTP code is accepted only once, so a second sign-in within 30 s would fail. */
    let m: Client;

    before(async () => {
      t = await startTestApp(dialect, FIXTURE);
      jnsaUser = await createUser(t.db.handle, { email: 'member@jnsa.example', organisationId: await organisationIdBySlug(t.db.handle, 'jnsa'), orgRole: 'admin' });
      npaUser = await createUser(t.db.handle, { email: 'member@npa.example', organisationId: await organisationIdBySlug(t.db.handle, 'npa'), orgRole: 'admin' });
      moderatorUser = await createUser(t.db.handle, { email: 'moderator@office.example', role: 'moderator', totp: true, displayName: '審査 担当' });
      moderator = toCurrentUser(await t.db.handle.db.selectFrom('users').selectAll().where('id', '=', moderatorUser.id).executeTakeFirstOrThrow());
      m = new Client(t.app);
      await signIn(m, moderatorUser);
    });
    after(async () => {
      await t.close();
    });

    const moderatorCtx = (): ContentContext => ({ database: t.db.handle, kinds: t.app.contentKinds, mailer: t.app.deps.mailer, baseUrl: 'http://lastmile.test', now: new Date(), actor: moderator, log: { error() {} } });
    const db = () => t.db.handle.db;
    const itemIdOf = (location: unknown) => Number(String(location).replace(/\?.*/, '').split('/').pop());
    const publicIdOf = async (itemId: number) => (await db().selectFrom('content_items').select('public_id').where('id', '=', itemId).executeTakeFirstOrThrow()).public_id!;
    const eventCount = async () => Number((await db().selectFrom('content_items').select((eb) => eb.fn.countAll().as('n')).where('kind', '=', 'event').executeTakeFirstOrThrow()).n);
    const feed = async (query: string) => {
      const body = (await t.app.inject(`/events.ics?${query}`)).body;
      return new ICAL.Component(ICAL.parse(body)).getAllSubcomponents('vevent');
    };

    async function createAndPublish(c: Client, fields: Record<string, string | string[]>): Promise<{ itemId: number; publicId: number }> {
      await c.get('/my/events/new');
      const r = await c.post('/my/events/new', { ...FORM, ...fields, intent: 'submit' });
      assert.equal(r.statusCode, 303, r.body.slice(0, 2000));
      const itemId = itemIdOf(r.headers.location);
      await approve(moderatorCtx(), itemId, '');
      return { itemId, publicId: await publicIdOf(itemId) };
    }

    test('bad input (end before start, unknown prefecture, impossible date, malformed URL) is refused with ja/en messages, and nothing is stored', async () => {
      const c = new Client(t.app);
      await signIn(c, jnsaUser);
      await c.get('/my/events/new');
      const before = await eventCount();
      const cases: [Record<string, string | string[]>, RegExp, RegExp][] = [
        [{ endDate: SOON, startTime: '15:00', endTime: '13:00' }, /終了日時は開始日時より後にしてください。/, /The event must end after it starts\./],
        [{ endDate: addDays(SOON, -1) }, /終了日時は開始日時より後にしてください。/, /must end after it starts/],
        [{ prefecture: '99' }, /都道府県を一覧から選んでください。/, /Choose the prefecture from the list\./],
        [{ startDate: '2027-02-30' }, /実在する日付/, /real date between 2000 and 2100/],
        [{ startDate: '1999-12-31' }, /2000年から2100年/, /real date between 2000 and 2100/],
        [{ startDate: 'tomorrow' }, /2027-02-01 のように/, /year-month-day/],
        [{ registrationUrl: 'javascript:alert(1)' }, /https:\/\/ で始まる/, /starting with https:\/\//],
        [{ feeYen: 'free' }, /参加費は 0 から/, /whole number of yen/],
        [{ campaign: '99999' }, /キャンペーンを一覧から選び直してください/, /Choose the campaign again/],
        [{ initiative: '99999' }, /関連する取組を一覧から選び直してください/, /Choose the initiative again/],
      ];
      for (const [fields, ja, en] of cases) {
        for (const intent of ['submit', 'save']) {
          const r = await c.post('/my/events/new', { ...FORM, ...fields, intent }, c.csrf());
          assert.equal(r.statusCode, 400, `${JSON.stringify(fields)} ${intent}`);
          assert.match(r.body, ja);
          assert.match(r.body, /error-summary/);
          const enr = await c.post('/en/my/events/new', { ...FORM, ...fields, intent }, c.csrf());
          assert.equal(enr.statusCode, 400);
          assert.match(enr.body, en);
        }
      }
      assert.equal(await eventCount(), before, 'nothing stored');
      // The form keeps what was typed.
      const kept = await c.post('/my/events/new', { ...FORM, prefecture: '99', intent: 'submit' }, c.csrf());
      assert.match(kept.body, /value="高齢者向けスマホ安全教室"/);
      // On-site events need a prefecture and a venue to be submitted; online ones do not.
      const noPlace = await c.post('/my/events/new', { ...FORM, prefecture: '', venueJa: '', intent: 'submit' }, c.csrf());
      assert.equal(noPlace.statusCode, 400);
      assert.match(noPlace.body, /会場の都道府県を選んでください。/);
      assert.match(noPlace.body, /会場（日本語）を入力してください。/);
      assert.equal(await eventCount(), before);
    });

    test('draft → submit → approve → public page, API, list and feed; an edit is reviewed while the public version stays; cancel keeps it listed as cancelled; unpublish removes it', async () => {
      const c = new Client(t.app);
      await signIn(c, jnsaUser);
      await c.get('/my/events/new');
      // A draft may have gaps (no audience, no times) but not wrong values.
      const draft = await c.post('/my/events/new', { ...FORM, audiences: [], startTime: '', intent: 'save' });
      assert.equal(draft.statusCode, 303);
      assert.match(String(draft.headers.location), /done=saved/);
      const itemId = itemIdOf(draft.headers.location);
      const itemPath = `/my/events/${itemId}`;
      assert.match((await c.get(itemPath)).body, /下書き/);
      // Submitting the incomplete draft from its page is refused with the form's messages.
      const early = await c.post(`${itemPath}/submit`, {}, c.csrf(`${itemPath}/submit`));
      assert.equal(early.statusCode, 400);
      assert.match(early.body, /対象を1つ以上選んでください。/);
      assert.match(early.body, /開始時刻を入力してください/);
      // Completing it and submitting puts it in the review queue; nothing is public yet.
      await c.get(`${itemPath}/edit`);
      const sub = await c.post(`${itemPath}/edit`, { ...FORM, intent: 'submit' });
      assert.equal(sub.statusCode, 303);
      assert.match(String(sub.headers.location), /done=submitted/);
      assert.match((await c.get(itemPath)).body, /審査待ち/);
      assert.equal((await t.app.inject('/api/v1/events?when=all')).json().total, 0);
      assert.equal((await feed('when=all')).length, 0);
      // The moderation queue shows it through the event handler.
      const queue = await m.get('/moderation');
      assert.match(queue.body, /高齢者向けスマホ安全教室/);
      const review = await m.get(`/moderation/items/${itemId}`);
      assert.equal(review.statusCode, 200);
      assert.match(review.body, /千代田区立公民館/);

      await approve(moderatorCtx(), itemId, '');
      const publicId = await publicIdOf(itemId);
      const page = await t.app.inject(`/events/${publicId}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /高齢者向けスマホ安全教室/);
      assert.match(page.body, /13:30〜15:00/);
      assert.match(page.body, /令和/, '和暦 on Japanese pages');
      assert.match(page.body, /日本ネットワークセキュリティ協会/);
      assert.match((await t.app.inject(`/en/events/${publicId}`)).body, /Smartphone safety class for older people/);
      const api = (await t.app.inject(`/api/v1/events/${publicId}`)).json();
      assert.equal(api.start, `${SOON}T13:30:00+09:00`);
      assert.equal(api.prefecture, '13');
      assert.equal(api.cancelled, false);
      assert.deepEqual((await t.app.inject('/api/v1/events')).json().items.map((e: { id: number }) => e.id), [publicId]);
      let [v] = await feed('');
      assert.equal(v!.getFirstPropertyValue('uid'), `event-${publicId}@lastmile.test`);
      assert.equal(v!.getFirstPropertyValue('sequence'), 0);

      // An edit under review leaves the public version in place.
      await c.get(`${itemPath}/edit`);
      await c.post(`${itemPath}/edit`, { ...FORM, titleJa: '高齢者向けスマホ安全教室（第2回）', intent: 'submit' });
      assert.doesNotMatch((await t.app.inject(`/events/${publicId}`)).body, /第2回/);
      assert.match((await c.get(itemPath)).body, /変更：審査待ち/);
      await approve(moderatorCtx(), itemId, '');
      assert.match((await t.app.inject(`/events/${publicId}`)).body, /第2回/);
      [v] = await feed('');
      assert.equal(v!.getFirstPropertyValue('sequence'), 1, 'SEQUENCE rises with each approved revision');
      assert.equal(v!.getFirstPropertyValue('uid'), `event-${publicId}@lastmile.test`, 'the UID stays');

      // Cancelling: a version marked cancelled, reviewed like any change; it stays listed, marked.
      await c.get(itemPath);
      const cancel = await c.post(`${itemPath}/cancel`, {}, c.csrf(`${itemPath}/cancel`));
      assert.equal(cancel.statusCode, 303);
      assert.match(String(cancel.headers.location), /done=cancel_submitted/);
      await approve(moderatorCtx(), itemId, '');
      assert.match((await t.app.inject(`/events/${publicId}`)).body, /このイベントは中止になりました。/);
      assert.equal((await t.app.inject(`/api/v1/events/${publicId}`)).json().cancelled, true);
      [v] = await feed('');
      assert.equal(v!.getFirstPropertyValue('status'), 'CANCELLED');
      assert.equal(v!.getFirstPropertyValue('sequence'), 2);
      assert.match((await t.app.inject('/events')).body, /tag-cancelled/);

      // History: every step, with the event's own fields compared.
      const hist = await c.get(itemPath);
      for (const label of ['作成', '審査に提出', '承認・公開']) assert.match(hist.body, new RegExp(label));
      assert.match(hist.body, /変更された項目/);

      // Unpublishing takes it off the pages, the API and the feed.
      await c.get(itemPath);
      const un = await c.post(`${itemPath}/unpublish`, { note: '重複登録のため' }, c.csrf(`${itemPath}/unpublish`));
      assert.equal(un.statusCode, 303);
      assert.equal((await t.app.inject(`/events/${publicId}`)).statusCode, 404);
      assert.equal((await t.app.inject(`/api/v1/events/${publicId}`)).statusCode, 404);
      assert.equal((await t.app.inject(`/events/${publicId}.ics`)).statusCode, 404);
      assert.equal((await feed('when=all')).length, 0);
      // Published again (a new approved revision): the same id and UID, a higher SEQUENCE.
      await c.get(`${itemPath}/edit`);
      await c.post(`${itemPath}/edit`, { ...FORM, intent: 'submit' });
      await approve(moderatorCtx(), itemId, '');
      assert.equal(await publicIdOf(itemId), publicId);
      [v] = await feed('');
      assert.equal(v!.getFirstPropertyValue('uid'), `event-${publicId}@lastmile.test`);
      assert.equal(v!.getFirstPropertyValue('sequence'), 3);
      assert.equal(v!.getFirstPropertyValue('status'), 'CONFIRMED');
    });

    test("another organisation's event: 404 by id on every page and form; an initiative's id is not an event; signed out is sent to sign in", async () => {
      const owner = new Client(t.app);
      await signIn(owner, jnsaUser);
      await owner.get('/my/events/new');
      const r = await owner.post('/my/events/new', { ...FORM, titleJa: 'JNSAの下書き', intent: 'save' });
      const itemId = itemIdOf(r.headers.location);

      const other = new Client(t.app);
      await signIn(other, npaUser);
      for (const path of ['', '/edit', '/report']) assert.equal((await other.get(`/my/events/${itemId}${path}`)).statusCode, 404, path);
      await other.get('/my/events');
      const token = other.csrf();
      for (const action of ['edit', 'submit', 'withdraw', 'discard', 'confirm', 'cancel', 'unpublish', 'report']) {
        const res = await other.post(`/my/events/${itemId}/${action}`, { ...FORM, titleJa: '乗っ取り', note: 'x', participants: '5', audiences: ['youth'], intent: 'submit' }, token);
        assert.equal(res.statusCode, 404, action);
      }
      const revs = await db().selectFrom('content_revisions').select(['payload', 'status']).where('item_id', '=', itemId).execute();
      assert.equal(revs.length, 1);
      assert.equal(revs[0]!.status, 'draft');
      assert.doesNotMatch(revs[0]!.payload, /乗っ取り/);
      // NPA's own initiative is not an event: its id under /my/events is "not found" too.
      const npaInitiative = (await db().selectFrom('content_items').select('id').where('kind', '=', 'initiative').where('owner_organisation_id', '=', await organisationIdBySlug(t.db.handle, 'npa')).executeTakeFirstOrThrow()).id;
      assert.equal((await other.get(`/my/events/${npaInitiative}`)).statusCode, 404);
      assert.equal((await other.post(`/my/events/${npaInitiative}/submit`, {}, token)).statusCode, 404);
      for (const id of ['abc', '0', '99999999999999999999']) assert.equal((await other.get(`/my/events/${id}`)).statusCode, 404, id);
      assert.equal((await new Client(t.app).get(`/my/events/${itemId}`)).statusCode, 303);
      // Mass assignment: owner, state and public ids in the form are ignored.
      const jnsaId = await organisationIdBySlug(t.db.handle, 'jnsa');
      await other.get('/my/events/new');
      const forged = await other.post('/my/events/new', { ...FORM, titleJa: '割り当て試験', intent: 'save', owner_organisation_id: String(jnsaId), ownerId: String(jnsaId), is_public: '1', publicId: '1', status: 'approved', sequence: '99' });
      assert.equal(forged.statusCode, 303);
      const item = await db().selectFrom('content_items').selectAll().where('id', '=', itemIdOf(forged.headers.location)).executeTakeFirstOrThrow();
      assert.equal(item.owner_organisation_id, await organisationIdBySlug(t.db.handle, 'npa'));
      assert.equal(item.is_public, 0);
      assert.equal(item.public_id, null);
    });

    test('stored XSS: hostile text in every field is shown escaped on every page, in the feed and the API', async () => {
      const c = new Client(t.app);
      await signIn(c, jnsaUser);
      const { itemId, publicId } = await createAndPublish(c, {
        titleJa: `XSS試験${XSS}`,
        titleEn: `XSS test ${XSS_ATTR}`,
        descriptionJa: `内容${XSS}${XSS_ATTR}`,
        venueJa: `会場${XSS_ATTR}`,
        accessibilityJa: `配慮${XSS}`,
        registrationUrl: `https://example.org/?q=${encodeURIComponent(XSS_ATTR)}`,
        startDate: addDays(SOON, 1),
      });
      const month = addDays(SOON, 1).slice(0, 7);
      const pages = [
        await c.get(`/my/events/${itemId}`),
        await c.get(`/en/my/events/${itemId}`),
        await c.get(`/my/events/${itemId}/edit`),
        await c.get('/my/events'),
        await t.app.inject(`/events/${publicId}`),
        await t.app.inject(`/en/events/${publicId}`),
        await t.app.inject('/events'),
        await t.app.inject(`/events/calendar?month=${month}`),
        await t.app.inject('/events/map'),
      ];
      for (const p of pages) {
        assert.equal(p.statusCode, 200);
        assert.doesNotMatch(p.body, /<script>alert|<img src=x/, 'no live markup from user input');
      }
      assert.match(pages[4]!.body, /&lt;script>alert\(1\)&lt;\/script>/);
      assert.equal((await t.app.inject(`/api/v1/events/${publicId}`)).json().title.ja, `XSS試験${XSS}`);
      const ics = (await t.app.inject(`/events/${publicId}.ics`)).body;
      const [v] = new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent');
      assert.equal(v!.getFirstPropertyValue('summary'), `XSS試験${XSS}`, 'the feed carries the text as text');
    });

    test('after the event its owner reports participants, audiences and materials; co-organisers and moderators read it; it is not public', async () => {
      const c = new Client(t.app);
      await signIn(c, jnsaUser);
      const future = await createAndPublish(c, { titleJa: 'これからの講座' });
      const early = await c.get(`/my/events/${future.itemId}/report`);
      assert.equal(early.statusCode, 200);
      assert.match(early.body, /報告は、イベントの終了後に入力できます。/);
      const refused = await c.post(`/my/events/${future.itemId}/report`, { participants: '10', audiences: ['seniors'], materialsUsed: '', notes: '' }, c.csrf());
      assert.equal(refused.statusCode, 409);
      assert.equal(Number((await db().selectFrom('event_reports').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n), 0);

      const past = await createAndPublish(c, { titleJa: '終わった講座', startDate: PAST });
      const path = `/my/events/${past.itemId}/report`;
      assert.match((await c.get(`/my/events/${past.itemId}`)).body, /開催報告を入力する/);
      await c.get(path);
      const bad = await c.post(path, { participants: 'たくさん', audiences: [], materialsUsed: '', notes: '' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /参加者数は 0 から/);
      assert.match(bad.body, /参加した人の対象を1つ以上選んでください。/);
      const ok = await c.post(path, { participants: '４２人', audiences: ['seniors', 'working_age'], materialsUsed: `情報セキュリティハンドブック\nhttps://example.org/handbook ${XSS}`, notes: '好評でした' }, c.csrf());
      assert.equal(ok.statusCode, 303);
      const shown = await c.get(path);
      assert.match(shown.body, /<dd>42<\/dd>/);
      assert.match(shown.body, /情報セキュリティハンドブック/);
      assert.doesNotMatch(shown.body, /<script>alert/);
      // Correcting it replaces it (one report per event), and the history records both.
      await c.post(path, { participants: '43', audiences: ['seniors'], materialsUsed: '', notes: '' }, c.csrf());
      const rows = await db().selectFrom('event_reports').selectAll().where('item_id', '=', past.itemId).execute();
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.participants, 43);
      assert.match((await c.get(`/my/events/${past.itemId}`)).body, /開催報告の保存/);
      // Moderators read it; other organisations and the public do not.
      const list = await m.get('/moderation/event-reports');
      assert.match(list.body, /終わった講座/);
      assert.match((await m.get(`/moderation/event-reports/${past.itemId}`)).body, /<dd>43<\/dd>/);
      const other = new Client(t.app);
      await signIn(other, npaUser);
      assert.equal((await other.get(path)).statusCode, 404);
      assert.equal((await other.get('/moderation/event-reports')).statusCode, 403);
      assert.doesNotMatch((await t.app.inject(`/events/${past.publicId}`)).body, /参加者/);
      // The report's fields (participants, materials used) are not in the public JSON; a bare 43 could be a time of day.
      assert.doesNotMatch((await t.app.inject(`/api/v1/events/${past.publicId}`)).body, /participants|materials_?used|materialsUsed/i);
    });

    test('the program office defines campaigns with themes and a partner kit; organisations cannot; bad input stores nothing', async () => {
      assert.match((await m.get('/moderation/campaigns')).body, /サイバーセキュリティ月間 2027/);
      await m.get('/moderation/campaigns/new');
      const count = async () => Number((await db().selectFrom('campaigns').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const n0 = await count();
      const bad = await m.post('/moderation/campaigns/new', { titleJa: '春の安全週間', titleEn: '', summaryJa: '概要', summaryEn: '', startDate: '2027-04-10', endDate: '2027-04-01' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /終了日は開始日と同じか、それより後/);
      assert.equal(await count(), n0);
      const ok = await m.post('/moderation/campaigns/new', { titleJa: `春の安全週間${XSS}`, titleEn: 'Spring safety week', summaryJa: '概要', summaryEn: 'Summary', startDate: '2027-04-01', endDate: '2027-04-07' }, m.csrf());
      assert.equal(ok.statusCode, 303);
      const id = itemIdOf(ok.headers.location);
      const editPath = `/moderation/campaigns/${id}`;
      await m.get(editPath);
      assert.equal((await m.post(`${editPath}/themes`, { titleJa: 'フィッシング対策', titleEn: 'Phishing', descriptionJa: '説明', descriptionEn: '' }, m.csrf(`${editPath}/themes`))).statusCode, 303);
      await m.get(editPath);
      const badKit = await m.post(`${editPath}/kit`, { kind: 'banner', titleJa: 'バナー', titleEn: '', bodyJa: '', bodyEn: '', url: 'ftp://example.org/banner.png' }, m.csrf(`${editPath}/kit`));
      assert.equal(badKit.statusCode, 400);
      assert.match(badKit.body, /https:\/\/ で始まる/);
      assert.equal((await m.post(`${editPath}/kit`, { kind: 'post', titleJa: 'SNS投稿例', titleEn: '', bodyJa: '#春の安全週間', bodyEn: '', url: '' }, m.csrf(`${editPath}/kit`))).statusCode, 303);
      const pub = await t.app.inject(`/campaigns/${id}`);
      assert.equal(pub.statusCode, 200);
      assert.match(pub.body, /フィッシング対策/);
      assert.match(pub.body, /#春の安全週間/);
      assert.doesNotMatch(pub.body, /<script>alert/);
      // Organisations may choose it for their events.
      const c = new Client(t.app);
      await signIn(c, jnsaUser);
      assert.match((await c.get('/my/events/new')).body, new RegExp(`<option value="${id}">春の安全週間`));
      assert.equal((await c.get('/moderation/campaigns')).statusCode, 403);
      await c.get('/my/events');
      assert.equal((await c.post('/moderation/campaigns/new', { titleJa: 'x', summaryJa: 'x', startDate: '2027-01-01', endDate: '2027-01-02' }, c.csrf())).statusCode, 403);
      assert.equal(await count(), n0 + 1);
      const audit = await db().selectFrom('audit_events').select('action').where('subject_kind', '=', 'campaign').where('subject_id', '=', id).orderBy('id').execute();
      assert.deepEqual(audit.map((a) => a.action), ['campaign_created', 'campaign_theme_added', 'campaign_kit_added']);
    });
  });
}
