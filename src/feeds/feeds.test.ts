// Partner feeds on SQLite and PostgreSQL, against a loopback feed server that the tests change between
// fetches: the first fetch sends new entries to review; an unchanged feed answers 304 to the conditional
// request and nothing changes; a changed entry becomes a new submitted revision; a cancelled or vanished
// (future) event is cancelled; timeouts, endless bodies, HTML, redirects and private addresses are
// reported and write nothing; the owner is emailed once after three failures; another organisation gets
// "not found"; the form explains its errors in Japanese and English.
import assert from 'node:assert/strict';
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { CurrentUser } from '../accounts/model.ts';
import { contentKinds } from '../content/kinds.ts';
import { loadItems } from '../content/repository.ts';
import { approve } from '../content/service.ts';
import type { EventPayload } from '../events/model.ts';
import { isPrivateAddress } from '../links/addresses.ts';
import type { MaterialPayload } from '../materials/model.ts';
import { startTestApp, type TestApp } from '../../test/support/app.ts';
import { Client, createUser, organisationIdBySlug, signIn, type TestUser } from '../../test/support/client.ts';
import { testDialects } from '../../test/support/databases.ts';
import { FIXTURE } from '../../test/support/fixture.ts';
import { startSmtpSink, type SmtpSink } from '../../test/support/smtp-sink.ts';
import { fetchFeed } from './fetch.ts';
import type { FeedDefaults } from './model.ts';
import { createFeed, runFeed, type FeedRunDeps } from './service.ts';

// ---------------------------------------------------------------- the loopback feed server

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

interface FeedServer {
  base: string;
  routes: Map<string, Handler>;
  seen: { path: string; headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
}

async function startFeedServer(): Promise<FeedServer> {
  const routes = new Map<string, Handler>();
  const seen: FeedServer['seen'] = [];
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    seen.push({ path, headers: req.headers });
    const h = routes.get(path);
    if (h) h(req, res);
    else res.writeHead(404).end('not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    routes,
    seen,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A feed body with validators: a matching If-None-Match answers 304. */
function serveFeed(body: string, type: string, etag: string): Handler {
  return (req, res) => {
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
    res.writeHead(200, { 'content-type': type, etag, 'last-modified': 'Mon, 01 Feb 2027 00:00:00 GMT' }).end(body);
  };
}

function vevent(e: { uid: string; summary: string; description?: string; start: string; end: string; status?: string; extra?: string[] }): string {
  return [
    'BEGIN:VEVENT',
    `UID:${e.uid}`,
    `DTSTAMP:20260101T000000Z`,
    `DTSTART${e.start.length === 8 ? ';VALUE=DATE' : ';TZID=Asia/Tokyo'}:${e.start}`,
    `DTEND${e.end.length === 8 ? ';VALUE=DATE' : ';TZID=Asia/Tokyo'}:${e.end}`,
    `SUMMARY:${e.summary}`,
    ...(e.description ? [`DESCRIPTION:${e.description}`] : []),
    ...(e.status ? [`STATUS:${e.status}`] : []),
    ...(e.extra ?? []),
    'END:VEVENT',
  ].join('\r\n');
}

const ics = (events: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//feeds//JA', ...events, 'END:VCALENDAR', ''].join('\r\n');

const A = { uid: 'a@city.example', summary: 'シニア向けスマホ安全教室', description: '<p>詐欺メールの<b>見分け方</b></p><script>alert(1)</script>', start: '20300201T133000', end: '20300201T150000' };
const B = { uid: 'b@city.example', summary: 'セキュリティ月間オンライン講座', description: '終日の講座です。', start: '20300205', end: '20300206' };
const PAST = { uid: 'past@city.example', summary: '昨年の講座', description: '終わった講座です。', start: '20200110T100000', end: '20200110T120000' };
const NO_DESCRIPTION = { uid: 'c@city.example', summary: '説明のない予定', start: '20300301T100000', end: '20300301T110000' };
const ALREADY_CANCELLED = { uid: 'd@city.example', summary: '中止の予定', description: 'x', start: '20300401T100000', end: '20300401T110000', status: 'CANCELLED' };

const EVENT_DEFAULTS: FeedDefaults = { kind: 'events', events: { audiences: ['seniors'], attendance: 'online', prefecture: null, feeYen: 0 } };
const MATERIAL_DEFAULTS: FeedDefaults = { kind: 'materials', materials: { audiences: ['sme'], format: 'leaflet', language: 'ja', licence: 'cc-by-4.0', attribution: '© JNSA' } };

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>JNSA</title><id>urn:jnsa</id><updated>2027-01-01T00:00:00Z</updated>
<entry><id>urn:jnsa:1</id><title>中小企業向けチェックリスト</title><updated>2027-01-10T00:00:00Z</updated><link href="https://jnsa.example/checklist"/><summary type="html">&lt;p&gt;最初に見直す&lt;em&gt;5項目&lt;/em&gt;&lt;/p&gt;</summary></entry>
<entry><id>urn:jnsa:2</id><title>リンクのない記事</title><updated>2027-01-11T00:00:00Z</updated><summary>本文だけ</summary></entry>
</feed>`;

const HTML_PAGE = '<!DOCTYPE html><html><head><title>イベント</title></head><body><h1>イベント一覧</h1></body></html>';

for (const dialect of testDialects()) {
  describe(`partner feeds (${dialect})`, () => {
    let t: TestApp;
    let sink: SmtpSink;
    let feeds: FeedServer;
    let jnsaId: number;
    let ownerUser: TestUser;
    let owner: Client;
    let other: Client;
    let moderator: CurrentUser;
    let deps: FeedRunDeps;

    before(async () => {
      sink = await startSmtpSink();
      feeds = await startFeedServer();
      t = await startTestApp(dialect, FIXTURE, { env: { SMTP_URL: sink.url, FEEDS_TIMEOUT_MS: '1000', FEEDS_MAX_BYTES: '65536' } });
      jnsaId = await organisationIdBySlug(t.db.handle, 'jnsa');
      const npaId = await organisationIdBySlug(t.db.handle, 'npa');
      ownerUser = await createUser(t.db.handle, { email: 'events@jnsa.example', displayName: '広報 担当', organisationId: jnsaId, orgRole: 'admin' });
      const otherUser = await createUser(t.db.handle, { email: 'admin@npa.example', organisationId: npaId, orgRole: 'admin' });
      const mod = await createUser(t.db.handle, { email: 'mod@office.example', role: 'moderator', totp: true });
      moderator = { id: mod.id, email: mod.email, displayName: '審査 担当', role: 'moderator', organisationId: null, orgRole: null, totpEnabled: true };
      owner = new Client(t.app);
      await signIn(owner, ownerUser);
      other = new Client(t.app);
      await signIn(other, otherUser);
      const { config, database, mailer } = t.app.deps;
      deps = { database, mailer, baseUrl: config.baseUrl, limits: config.feeds, log: { warn() {}, error() {} } };
    });
    after(async () => {
      await t?.close();
      await feeds?.close();
      await sink?.close();
    });

    /** A feed of the owner's organisation on the loopback server (allowed as an administrator would allow it). */
    async function loopbackFeed(name: string, path: string, defaults: FeedDefaults, allowPrivate = true): Promise<number> {
      const ctx = { database: t.db.handle, now: new Date(), actor: { id: ownerUser.id, email: ownerUser.email, displayName: '広報 担当', role: 'member' as const, organisationId: jnsaId, orgRole: 'admin' as const, totpEnabled: false } };
      const id = await createFeed(ctx, jnsaId, { name, url: `${feeds.base}${path}`, defaults });
      if (allowPrivate) await t.db.handle.db.updateTable('feeds').set({ allow_private: 1 }).where('id', '=', id).execute();
      return id;
    }

    const itemCount = async () => Number((await t.db.handle.db.selectFrom('content_items').select((eb) => eb.fn.countAll<number | string>().as('n')).where('owner_organisation_id', '=', jnsaId).executeTakeFirstOrThrow()).n);

    async function itemOf(feedId: number, uid: string) {
      const row = await t.db.handle.db.selectFrom('feed_entries').select('item_id').where('feed_id', '=', feedId).where('entry_id', '=', uid).executeTakeFirstOrThrow();
      const [item] = await loadItems<EventPayload>(t.db.handle.db, [Number(row.item_id)]);
      return item!;
    }

    let calendarId = 0;

    test('the first fetch sends new events to review, as plain text; wrong entries are refused with the form’s reason', async () => {
      feeds.routes.set('/calendar.ics', serveFeed(ics([vevent(A), vevent(B), vevent(PAST), vevent(NO_DESCRIPTION), vevent(ALREADY_CANCELLED)]), 'text/calendar; charset=utf-8', '"v1"'));
      calendarId = await loopbackFeed('市のイベントカレンダー', '/calendar.ics', EVENT_DEFAULTS);
      const before = await itemCount();
      const r = await runFeed(deps, calendarId, false);
      assert.equal(r.kind, 'ok');
      assert.equal(await itemCount(), before + 3, 'A, B and the past event; the refused and the already-cancelled ones are not created');

      const a = await itemOf(calendarId, A.uid);
      assert.equal(a.kind, 'event');
      assert.equal(a.working?.status, 'submitted');
      assert.equal(a.isPublic, false);
      assert.equal(a.working?.payload.titleJa, A.summary);
      assert.equal(a.working?.payload.descriptionJa, '詐欺メールの見分け方', 'tags stripped, the script dropped');
      assert.deepEqual([a.working?.payload.startDate, a.working?.payload.startTime, a.working?.payload.endTime], ['2030-02-01', '13:30', '15:00']);
      assert.deepEqual(a.working?.payload.audiences, ['seniors']);
      const b = await itemOf(calendarId, B.uid);
      assert.equal(b.working?.payload.allDay, true);
      assert.equal(b.working?.payload.endDate, '2030-02-05', 'an all-day DTEND is the day after');

      const page = await owner.get(`/my/feeds/${calendarId}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /取得できました/);
      assert.match(page.body, /説明のない予定/);
      assert.match(page.body, /内容（日本語）を入力してください/);
      const en = await owner.get(`/en/my/feeds/${calendarId}`);
      assert.match(en.body, /Describe the event in Japanese/);
    });

    test('an unchanged feed is asked conditionally, answers 304 and nothing changes', async () => {
      feeds.seen.length = 0;
      const before = await itemCount();
      const a = await itemOf(calendarId, A.uid);
      assert.deepEqual(await runFeed(deps, calendarId, false), { kind: 'not_modified' });
      const asked = feeds.seen.find((s) => s.path === '/calendar.ics')!;
      assert.equal(asked.headers['if-none-match'], '"v1"');
      assert.equal(asked.headers['if-modified-since'], 'Mon, 01 Feb 2027 00:00:00 GMT');
      assert.equal(await itemCount(), before);
      assert.equal((await itemOf(calendarId, A.uid)).updatedAt, a.updatedAt);
    });

    test('a changed entry becomes a new submitted revision; the published one stays until it is approved', async () => {
      const ctx = { database: t.db.handle, kinds: contentKinds(), mailer: t.app.deps.mailer, baseUrl: 'http://lastmile.test', now: new Date(), actor: moderator, log: { error() {} } };
      await approve(ctx, (await itemOf(calendarId, A.uid)).id, '');
      const published = await itemOf(calendarId, A.uid);
      assert.equal(published.isPublic, true);

      feeds.routes.set('/calendar.ics', serveFeed(ics([vevent({ ...A, summary: 'シニア向けスマホ安全教室（会場変更）' }), vevent(B), vevent(PAST)]), 'text/calendar', '"v2"'));
      const r = await runFeed(deps, calendarId, false);
      assert.equal(r.kind, 'ok');
      assert.equal(r.kind === 'ok' && r.counts.updated, 1);
      const changed = await itemOf(calendarId, A.uid);
      assert.equal(changed.working?.status, 'submitted');
      assert.equal(changed.working?.number, 2);
      assert.equal(changed.working?.payload.titleJa, 'シニア向けスマホ安全教室（会場変更）');
      assert.equal(changed.published?.payload.titleJa, A.summary);
    });

    test('an event cancelled at the source, or gone from the feed while still to come, is cancelled; a past one is left alone', async () => {
      // A feed that is suddenly empty cancels nothing (a publisher's mistake is likelier) and says so.
      feeds.routes.set('/calendar.ics', serveFeed(ics([]), 'text/calendar', '"empty"'));
      const empty = await runFeed(deps, calendarId, false);
      assert.equal(empty.kind === 'ok' && empty.counts.cancelled, 0);
      assert.ok(empty.kind === 'ok' && empty.counts.refused.some((x) => /項目が1件もありません/.test(x.reason.ja)));
      assert.equal((await itemOf(calendarId, A.uid)).working?.payload.cancelled, false);

      feeds.routes.set('/calendar.ics', serveFeed(ics([vevent({ ...B, status: 'CANCELLED' })]), 'text/calendar', '"v3"'));
      const r = await runFeed(deps, calendarId, false);
      assert.equal(r.kind === 'ok' && r.counts.cancelled, 2);
      const b = await itemOf(calendarId, B.uid);
      assert.equal(b.working?.payload.cancelled, true);
      assert.equal(b.working?.status, 'submitted');
      const a = await itemOf(calendarId, A.uid);
      assert.equal(a.working?.payload.cancelled, true, 'A left the feed before it took place');
      const past = await itemOf(calendarId, PAST.uid);
      assert.equal(past.working?.payload.cancelled, false);
      // Run again with the same feed (a new ETag): nothing more to cancel.
      feeds.routes.set('/calendar.ics', serveFeed(ics([vevent({ ...B, status: 'CANCELLED' })]), 'text/calendar', '"v4"'));
      const again = await runFeed(deps, calendarId, false);
      assert.equal(again.kind === 'ok' && again.counts.cancelled + again.counts.updated + again.counts.created, 0);
    });

    test('Atom entries become materials in review; an entry without a link is refused', async () => {
      feeds.routes.set('/news.atom', serveFeed(ATOM, 'application/atom+xml', '"n1"'));
      const id = await loopbackFeed('JNSAの新着', '/news.atom', MATERIAL_DEFAULTS);
      const r = await runFeed(deps, id, false);
      assert.equal(r.kind === 'ok' && r.counts.created, 1);
      assert.equal(r.kind === 'ok' && r.counts.refused.length, 1);
      const row = await t.db.handle.db.selectFrom('feed_entries').select('item_id').where('feed_id', '=', id).where('entry_id', '=', 'urn:jnsa:1').executeTakeFirstOrThrow();
      const [m] = await loadItems<MaterialPayload>(t.db.handle.db, [Number(row.item_id)]);
      assert.equal(m!.kind, 'material');
      assert.equal(m!.working?.status, 'submitted');
      assert.equal(m!.working?.payload.summaryJa, '最初に見直す5項目');
      assert.equal(m!.working?.payload.url, 'https://jnsa.example/checklist');
      assert.equal(m!.working?.payload.issuedOn, '2027-01-10');
    });

    test('a server that never answers, or drips bytes, times out; an endless body is cut at the limit; HTML is reported; nothing is written', async () => {
      const open: http.ServerResponse[] = [];
      feeds.routes.set('/hang.ics', (_req, res) => void open.push(res));
      feeds.routes.set('/drip.ics', (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/calendar' });
        const timer = setInterval(() => res.write('X'), 100);
        res.on('close', () => clearInterval(timer));
      });
      feeds.routes.set('/endless.ics', (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/calendar' });
        const chunk = Buffer.alloc(16 * 1024, 'BEGIN:VEVENT\r\n');
        const pump = () => {
          while (!res.destroyed && res.write(chunk));
        };
        res.on('drain', pump);
        pump();
      });
      feeds.routes.set('/page.html', serveFeed(HTML_PAGE, 'text/html; charset=utf-8', '"h"'));
      const before = await itemCount();
      const cases: [string, string][] = [
        ['/hang.ics', 'timeout'],
        ['/drip.ics', 'timeout'],
        ['/endless.ics', 'too_large'],
        ['/page.html', 'html'],
      ];
      for (const [path, code] of cases) {
        const id = await loopbackFeed(`壊れたフィード ${path}`, path, EVENT_DEFAULTS);
        const started = Date.now();
        assert.deepEqual(await runFeed(deps, id, false), { kind: 'failed', code }, path);
        assert.ok(Date.now() - started < 3000, `${path} ended in time`);
        const f = await t.db.handle.db.selectFrom('feeds').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        assert.equal(f.last_error_code, code);
        assert.equal(f.fetching_until, null, 'the feed is free again');
      }
      for (const res of open) res.destroy();
      assert.equal(await itemCount(), before);
      const html = (await t.db.handle.db.selectFrom('feeds').select('id').where('url', 'like', '%/page.html').executeTakeFirstOrThrow()).id;
      assert.match((await owner.get(`/my/feeds/${html}`)).body, /フィードではなくウェブページを返しています/);
      assert.match((await owner.get(`/en/my/feeds/${html}`)).body, /answers with a web page, not a feed/);
    });

    test('redirects are followed up to three, each vetted again; a redirect to a private address is refused', async () => {
      const calendar = ics([vevent({ ...PAST, uid: 'redirected@city.example' })]);
      feeds.routes.set('/final.ics', serveFeed(calendar, 'text/calendar', '"r"'));
      for (let i = 1; i <= 4; i++) feeds.routes.set(`/hop${i}`, (_req, res) => void res.writeHead(302, { location: i === 1 ? '/final.ics' : `/hop${i - 1}` }).end());
      const ok = await loopbackFeed('転送3回', '/hop3', EVENT_DEFAULTS);
      assert.equal((await runFeed(deps, ok, false)).kind, 'ok');
      const tooMany = await loopbackFeed('転送4回', '/hop4', EVENT_DEFAULTS);
      assert.deepEqual(await runFeed(deps, tooMany, false), { kind: 'failed', code: 'too_many_redirects' });

      // With the address policy on (the loopback server itself counted as public), a hop to an internal
      // address is refused before any connection.
      feeds.routes.set('/to-metadata', (_req, res) => void res.writeHead(301, { location: 'http://169.254.169.254/latest/meta-data/' }).end());
      feeds.routes.set('/to-private-name', (_req, res) => void res.writeHead(302, { location: 'http://intranet.test/feed.ics' }).end());
      const opts = { timeoutMs: 1000, maxBytes: 65536, allowPrivate: false, allowHttp: true, userAgent: 't', etag: null, lastModified: null, isBlockedAddress: (a: string) => a !== '127.0.0.1' && isPrivateAddress(a), resolve: async () => [{ address: '10.0.0.5', family: 4 }] };
      assert.equal(((await fetchFeed(`${feeds.base}/to-metadata`, opts)) as { code: string }).code, 'private_address');
      assert.equal(((await fetchFeed(`${feeds.base}/to-private-name`, opts)) as { code: string }).code, 'private_address', 'a name that resolves to a private address');
    });

    test('a private address is refused at registration and at fetch', async () => {
      feeds.seen.length = 0;
      const id = await loopbackFeed('内部アドレス', '/final.ics', EVENT_DEFAULTS, false);
      assert.deepEqual(await runFeed(deps, id, false), { kind: 'failed', code: 'bad_redirect' }, 'plain http is refused without the flag');
      await t.db.handle.db.updateTable('feeds').set({ url: feeds.base.replace('http:', 'https:') + '/final.ics' }).where('id', '=', id).execute();
      assert.deepEqual(await runFeed(deps, id, false), { kind: 'failed', code: 'private_address' });
      assert.equal(feeds.seen.length, 0, 'no request reached the server');

      const fields = { name: '内部', url: 'https://127.0.0.1/calendar.ics', kind: 'events', audiences: 'seniors', attendance: 'online', feeYen: '0' };
      const ja = await owner.submit('/my/feeds/new', '/my/feeds/new', fields);
      assert.equal(ja.statusCode, 400);
      assert.match(ja.body, /内部ネットワークのアドレス/);
      const en = await owner.submit('/en/my/feeds/new', '/en/my/feeds/new', { ...fields, url: 'https://10.1.2.3/cal.ics' });
      assert.equal(en.statusCode, 400);
      assert.match(en.body, /points to an internal network address/);
    });

    test('the owner is emailed after three failed fetches in a row, once; a success resets the count', async () => {
      feeds.routes.set('/broken.ics', (_req, res) => void res.writeHead(500).end('internal secret stack trace'));
      const id = await loopbackFeed('壊れたカレンダー', '/broken.ics', EVENT_DEFAULTS);
      sink.clear();
      for (let i = 0; i < 4; i++) assert.deepEqual(await runFeed(deps, id, false), { kind: 'failed', code: 'http_status' });
      const mail = await sink.waitFor((m) => m.subject.includes('壊れたカレンダー'));
      assert.deepEqual(mail.to, [ownerUser.email]);
      assert.match(mail.text, /3回続けて取得できませんでした/);
      assert.match(mail.text, /HTTP 500/);
      assert.match(mail.text, /could not be fetched 3 times in a row/);
      assert.ok(!mail.text.includes('internal secret'), 'the body is never passed on');
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(sink.messages.filter((m) => m.subject.includes('壊れたカレンダー')).length, 1, 'once, not on every round');

      feeds.routes.set('/broken.ics', serveFeed(ics([]), 'text/calendar', '"ok"'));
      assert.equal((await runFeed(deps, id, false)).kind, 'ok');
      const f = await t.db.handle.db.selectFrom('feeds').select(['consecutive_failures', 'failure_mailed_at']).where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(Number(f.consecutive_failures), 0);
      assert.equal(f.failure_mailed_at, null);
    });

    test('another organisation can neither see nor fetch a feed (404); fetch now is limited', async () => {
      for (const url of [`/my/feeds/${calendarId}`, `/my/feeds/${calendarId}/edit`, `/en/my/feeds/${calendarId}`]) assert.equal((await other.get(url)).statusCode, 404, url);
      await other.get('/my/feeds');
      assert.ok(!other.last!.body.includes('市のイベントカレンダー'));
      await other.get('/my/feeds/new');
      const token = other.csrf();
      for (const action of ['fetch', 'pause', 'delete', 'edit']) assert.equal((await other.post(`/my/feeds/${calendarId}/${action}`, { name: 'x' }, token)).statusCode, 404, action);
      assert.ok(await t.db.handle.db.selectFrom('feeds').select('id').where('id', '=', calendarId).executeTakeFirst(), 'still there');

      await owner.get(`/my/feeds/${calendarId}`);
      const first = await owner.post(`/my/feeds/${calendarId}/fetch`, {});
      assert.equal(first.statusCode, 303);
      await owner.get(`/my/feeds/${calendarId}`);
      const second = await owner.post(`/my/feeds/${calendarId}/fetch`, {});
      assert.equal(second.statusCode, 429);
      assert.match(second.body, /1分ほど待ってから/);
    });

    test('the form explains its errors in Japanese and English; a good one registers the feed, which can be paused and deleted', async () => {
      const ja = await owner.submit('/my/feeds/new', '/my/feeds/new', { name: '', url: 'not a url', kind: '', audiences: 'aliens' });
      assert.equal(ja.statusCode, 400);
      for (const m of [/名前を入力してください/, /URLの形式が正しくありません/, /フィードの種類/, /対象を一覧から選び直してください/]) assert.match(ja.body, m);
      const ev = await owner.submit('/en/my/feeds/new', '/en/my/feeds/new', { name: 'Calendar', url: 'http://93.184.215.14/cal.ics', kind: 'events', attendance: 'onsite', feeYen: '-5' });
      assert.equal(ev.statusCode, 400);
      for (const m of [/starts with https:\/\//, /Choose at least one audience/, /Choose the prefecture of the venues/, /Enter the fee as a whole number/]) assert.match(ev.body, m);
      const mat = await owner.submit('/my/feeds/new', '/my/feeds/new', { name: '新着', url: 'https://93.184.215.14/feed.atom', kind: 'materials', audiences: 'sme' });
      assert.equal(mat.statusCode, 400);
      for (const m of [/教材の種類を選んでください/, /利用条件（ライセンス）を選んでください/, /クレジット/]) assert.match(mat.body, m);

      const ok = await owner.submit('/my/feeds/new', '/my/feeds/new', { name: '区の講座', url: 'https://93.184.215.14/cal.ics', kind: 'events', audiences: ['seniors', 'youth'], attendance: 'onsite', prefecture: '13', feeYen: '１，０００', owner: String(999), allow_private: '1' });
      assert.equal(ok.statusCode, 303);
      const id = Number(/\/my\/feeds\/(\d+)/.exec(ok.headers.location as string)![1]);
      const row = await t.db.handle.db.selectFrom('feeds').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(Number(row.organisation_id), jnsaId);
      assert.equal(Number(row.allow_private), 0, 'the form cannot set it');
      assert.deepEqual(JSON.parse(row.defaults), { kind: 'events', events: { audiences: ['seniors', 'youth'], attendance: 'onsite', prefecture: '13', feeYen: 1000 } });
      assert.match((await owner.get('/my/feeds')).body, /区の講座/);
      const twice = await owner.submit('/my/feeds/new', '/my/feeds/new', { name: '同じ', url: 'https://93.184.215.14/cal.ics', kind: 'events', audiences: ['seniors'], attendance: 'online', feeYen: '0' });
      assert.equal(twice.statusCode, 400);
      assert.match(twice.body, /既に登録されています/);
      assert.match((await owner.get(`/my/feeds/${id}`)).body, /東京都/);
      assert.equal((await owner.post(`/my/feeds/${id}/pause`, {})).statusCode, 303);
      assert.equal((await t.db.handle.db.selectFrom('feeds').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status, 'paused');
      await owner.get(`/my/feeds/${id}`);
      assert.equal((await owner.post(`/my/feeds/${id}/delete`, {})).statusCode, 303);
      assert.equal((await owner.get(`/my/feeds/${id}`)).statusCode, 404);
    });
  });
}
