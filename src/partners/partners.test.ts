// Partner finding and collaboration requests, on SQLite and PostgreSQL, with mail through a real SMTP
// server on loopback: the partner page (similar bodies, gaps near our work, the empty state), the whole
// request flow to an initiative that publicly lists both bodies, decline, withdraw, bad input that writes
// nothing, another organisation's ids (404), stored XSS in messages, CSRF and the creation rate limit.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../test/support/app.ts';
import { Client, createUser, organisationIdBySlug, signIn, type TestUser } from '../../test/support/client.ts';
import { testDialects } from '../../test/support/databases.ts';
import { FIXTURE } from '../../test/support/fixture.ts';
import { linkIn, startSmtpSink, type SmtpSink } from '../../test/support/smtp-sink.ts';
import { cellPhrase } from './views.tsx';

const XSS = '<script>alert(1)</script>';

for (const dialect of testDialects()) {
  describe(`partners and collaboration requests (${dialect})`, () => {
    let t: TestApp;
    let sink: SmtpSink;
    let jnsa: TestUser;
    let npaAdmin: TestUser;
    let npaMember: TestUser;
    let npaUnverified: TestUser;
    let ipa: TestUser;
    let outsider: TestUser;
    const org: Record<string, number> = {};
    const pub: Record<string, number> = {};

    before(async () => {
      sink = await startSmtpSink();
      t = await startTestApp(dialect, FIXTURE, { env: { SMTP_URL: sink.url } });
      const h = t.db.handle;
      for (const slug of ['ipa', 'npa', 'jnsa', 'unused']) org[slug] = await organisationIdBySlug(h, slug);
      for (const r of await h.db.selectFrom('initiatives').select(['id', 'slug']).execute()) pub[r.slug] = r.id;
      jnsa = await createUser(h, { email: 'admin@jnsa.example', displayName: 'JNSA 担当', organisationId: org.jnsa, orgRole: 'admin' });
      // Created member first, so "administrators first" is not just the order of insertion.
      npaMember = await createUser(h, { email: 'member@npa.example', organisationId: org.npa, orgRole: 'member' });
      npaAdmin = await createUser(h, { email: 'admin@npa.example', displayName: 'NPA 担当', organisationId: org.npa, orgRole: 'admin' });
      npaUnverified = await createUser(h, { email: 'unverified@npa.example', organisationId: org.npa, orgRole: 'member' });
      await h.db.updateTable('users').set({ email_verified_at: null }).where('id', '=', npaUnverified.id).execute();
      ipa = await createUser(h, { email: 'admin@ipa.example', organisationId: org.ipa, orgRole: 'admin' });
      outsider = await createUser(h, { email: 'admin@unused.example', organisationId: org.unused, orgRole: 'admin' });
    });
    after(async () => {
      await t?.close();
      await sink?.close();
    });

    const counts = async () => {
      const db = t.db.handle.db;
      const n = async (table: 'collaboration_requests' | 'collaboration_messages' | 'audit_events') =>
        Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      return { requests: await n('collaboration_requests'), messages: await n('collaboration_messages'), audit: await n('audit_events') };
    };

    async function signedIn(user: TestUser, ip: string): Promise<Client> {
      const c = new Client(t.app, ip);
      await signIn(c, user);
      return c;
    }

    /** Opens the form for a body (and initiative), then sends it; returns the redirect's request id. */
    async function propose(c: Client, slug: string, initiative: number, message: string): Promise<number> {
      await c.get(`/my/requests/new?org=${slug}&initiative=${initiative}`);
      const res = await c.post('/my/requests', { org: slug, initiative: String(initiative), message }, c.csrf('/my/requests'));
      assert.equal(res.statusCode, 303, res.body.slice(0, 2000));
      const m = /^\/my\/requests\/(\d+)\?done=sent$/.exec(String(res.headers.location));
      assert.ok(m, String(res.headers.location));
      return Number(m[1]);
    }

    test('the partner page shows our profile, a body sharing an audience, and the gaps near our work', async () => {
      const c = await signedIn(jnsa, '10.0.0.1');
      const res = await c.get('/my/partners');
      assert.equal(res.statusCode, 200);
      const body = res.body;
      // Profile: JNSA runs events and tools for young people, schools, SMEs and large enterprises, nationwide and in Tokyo, Kanagawa and Osaka.
      assert.match(body, /<h1>連携先を探す<\/h1>/);
      assert.match(body, /若年層、中小企業、大企業、教育機関/);
      assert.match(body, /全国、東京都、神奈川県、大阪府/);
      // IPA shares audiences (young people, schools, SMEs), with its initiatives linked and a proposal link.
      const ipaCard = body.slice(body.indexOf('独立行政法人情報処理推進機構'));
      assert.match(ipaCard, /共通の対象<\/dt><dd>若年層、中小企業、教育機関<\/dd>/);
      assert.match(ipaCard, new RegExp(`href="/initiatives/${pub['sme-guide']}"`));
      assert.match(body, /href="\/my\/requests\/new\?org=ipa"/);
      assert.ok(body.indexOf('独立行政法人情報処理推進機構') < body.indexOf('警察庁'), 'IPA (more in common) before the NPA (region only)');
      // Gaps: nobody runs events for older people in Osaka, nor nationwide events for young people.
      assert.match(body, /高齢者 × セミナー、イベント等（大阪府）：取組なし/);
      assert.match(body, /若年層 × セミナー、イベント等（全国）：取組なし/);
      // Only JNSA serves large enterprises with events in Osaka; in Tokyo, IPA co-runs the school class.
      assert.match(body, /大企業 × セミナー、イベント等（大阪府）：自団体のみ/);
      assert.doesNotMatch(body, /若年層 × セミナー、イベント等（東京都）：(取組なし|自団体のみ)/);
      // Cells far from our work (no shared audience nor method) are not listed.
      assert.doesNotMatch(body, /高齢者 × タイムリーな情報発信・相談窓口/);
      // Headings in order, no level skipped.
      const levels = [...body.matchAll(/<h([1-6])[ >]/g)].map((m) => Number(m[1]));
      levels.reduce((prev, l) => (assert.ok(l <= prev + 1, `h${l} after h${prev}`), l), 0);

      // English, same phrasing.
      const en = await c.get('/en/my/partners');
      assert.match(en.body, new RegExp(cellPhrase('en', { audience: 'seniors', method: 'events' }, '27', 'gap').replace(/[()]/g, '\\$&')));
      assert.match(en.body, /Older people × Seminars and events \(Osaka\): nobody/);
      assert.match(en.body, /Large enterprises × Seminars and events \(Osaka\): only you/);
    });

    test('an organisation without public initiatives gets an empty state and can still browse other bodies', async () => {
      const c = await signedIn(outsider, '10.0.0.2');
      const res = await c.get('/my/partners');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /自団体の公開中の取組はまだありません/);
      assert.match(res.body, /取組の多い団体/);
      assert.match(res.body, /日本ネットワークセキュリティ協会に連携を提案する/);
      assert.match(res.body, /href="\/organisations"/);
    });

    test('request → recipient emailed → reply → accept: the public page and the API list both bodies', async () => {
      const phishing = pub['phishing-desk']!;
      const before = await t.app.inject(`/api/v1/initiatives/${phishing}`);
      assert.deepEqual(before.json().organisations.map((o: { slug: string }) => o.slug), ['npa']);

      // JNSA asks to join the NPA's help desk.
      const j = await signedIn(jnsa, '10.0.1.1');
      const form = await j.get(`/my/requests/new?org=npa&initiative=${phishing}`);
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /警察庁に連携を提案する/);
      assert.match(form.body, new RegExp(`value="${phishing}"[^>]*checked|checked[^>]*value="${phishing}"`));
      assert.match(form.body, /相手の団体の取組：自団体の参加を申し出ます/);
      assert.match(form.body, /自団体の取組：相手の団体を招待します/);
      sink.clear();
      const id = await propose(j, 'npa', phishing, '一緒に相談窓口を運営しませんか。\n連絡先：03-0000-0000');

      // Every verified active member of the NPA is told, administrators first; the link opens the request.
      const first = await sink.waitFor((m) => m.to.includes(npaAdmin.email) && /連携の依頼が届きました/.test(m.subject));
      await sink.waitFor((m) => m.to.includes(npaMember.email) && /連携の依頼が届きました/.test(m.subject));
      const toNpa = sink.messages.filter((m) => /連携の依頼が届きました/.test(m.subject)).map((m) => m.to[0]);
      assert.deepEqual(toNpa, [npaAdmin.email, npaMember.email]);
      assert.equal(linkIn(first, '/my/requests/'), `/my/requests/${id}`);
      assert.match(first.text, /フィッシング詐欺の相談窓口/);

      // The sender sees it as sent; both sides have an audit event.
      const sent = await j.get(`/my/requests/${id}?done=sent`);
      assert.match(sent.body, /連携の依頼を送りました/);
      assert.match(sent.body, /依頼 #\d+ を取り下げる/);
      assert.doesNotMatch(sent.body, /を承諾する/);
      const audit = await t.db.handle.db.selectFrom('audit_events').select(['organisation_id', 'action']).where('subject_kind', '=', 'collaboration').where('subject_id', '=', id).execute();
      assert.deepEqual(audit.map((a) => a.organisation_id).sort(), [org.jnsa, org.npa].sort());

      // The NPA reads it in its incoming list and replies; JNSA is told.
      const n = await signedIn(npaAdmin, '10.0.1.2');
      const list = await n.get('/my/requests');
      assert.match(list.body, /受け取った依頼/);
      assert.match(list.body, new RegExp(`href="/my/requests/${id}"`));
      const page = await n.get(`/my/requests/${id}`);
      assert.match(page.body, /一緒に相談窓口を運営しませんか。\n連絡先/);
      assert.match(page.body, /日本ネットワークセキュリティ協会が、警察庁の取組「フィッシング詐欺の相談窓口」への参加を申し出ています/);
      assert.match(page.body, new RegExp(`依頼 #${id} を承諾する`));
      sink.clear();
      const reply = await n.post(`/my/requests/${id}/reply`, { message: '歓迎します。' }, n.csrf(`/my/requests/${id}/reply`));
      assert.equal(reply.statusCode, 303);
      const replyMail = await sink.waitFor((m) => m.to.includes(jnsa.email) && /返信がありました/.test(m.subject));
      assert.equal(linkIn(replyMail, '/en/my/requests/'), `/en/my/requests/${id}`);
      assert.match((await j.get(`/my/requests/${id}`)).body, /歓迎します。/);

      // An empty reply is refused and nothing is written.
      const c0 = await counts();
      await n.get(`/my/requests/${id}`);
      const empty = await n.post(`/my/requests/${id}/reply`, { message: '   ' }, n.csrf(`/my/requests/${id}/reply`));
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /メッセージを入力してください。/);
      assert.deepEqual(await counts(), c0);

      // The sender cannot accept its own request.
      await j.get(`/my/requests/${id}`);
      const selfAccept = await j.post(`/my/requests/${id}/accept`, {}, j.csrf(`/my/requests/${id}/withdraw`));
      assert.equal(selfAccept.statusCode, 403);

      // The NPA accepts: JNSA becomes an organiser; the public page and the API list both.
      sink.clear();
      await n.get(`/my/requests/${id}`);
      const acc = await n.post(`/my/requests/${id}/accept`, {}, n.csrf(`/my/requests/${id}/accept`));
      assert.equal(acc.statusCode, 303);
      assert.equal(acc.headers.location, `/my/requests/${id}?done=accepted`);
      await sink.waitFor((m) => m.to.includes(jnsa.email) && /承諾されました/.test(m.subject));
      const html = await t.app.inject(`/initiatives/${phishing}`);
      assert.match(html.body, /警察庁/);
      assert.match(html.body, /日本ネットワークセキュリティ協会/);
      const api = await t.app.inject(`/api/v1/initiatives/${phishing}`);
      assert.deepEqual(api.json().organisations.map((o: { slug: string }) => o.slug), ['npa', 'jnsa']);
      const done = await n.get(`/my/requests/${id}?done=accepted`);
      assert.match(done.body, /承諾済み/);
      assert.doesNotMatch(done.body, /を承諾する</);

      // Accepting again, or declining now, changes nothing.
      const again = await n.post(`/my/requests/${id}/decline`, {}, n.csrf());
      assert.equal(again.statusCode, 409);
      const actions = await t.db.handle.db.selectFrom('audit_events').select(['organisation_id', 'action']).where('subject_kind', '=', 'collaboration').where('subject_id', '=', id).where('action', '=', 'accepted').execute();
      assert.equal(actions.length, 2);
    });

    test('decline: the sender is told and the initiative keeps its organisers', async () => {
      const guide = pub['sme-guide']!;
      const i = await signedIn(ipa, '10.0.2.1');
      // IPA invites JNSA to its SME guidelines.
      const id = await propose(i, 'jnsa', guide, '中小企業向けガイドラインの普及に協力していただけませんか。');
      await sink.waitFor((m) => m.to.includes(jnsa.email) && /連携の依頼が届きました/.test(m.subject) && m.text.includes(`/my/requests/${id}`));
      const j = await signedIn(jnsa, '10.0.2.2');
      const page = await j.get(`/my/requests/${id}`);
      assert.match(page.body, /独立行政法人情報処理推進機構が日本ネットワークセキュリティ協会を、取組「中小企業の情報セキュリティ対策ガイドライン」の実施団体に招待しています/);
      sink.clear();
      const res = await j.post(`/my/requests/${id}/decline`, {}, j.csrf(`/my/requests/${id}/decline`));
      assert.equal(res.statusCode, 303);
      await sink.waitFor((m) => m.to.includes(ipa.email) && /辞退されました/.test(m.subject));
      assert.match((await i.get('/my/requests')).body, /辞退/);
      const api = await t.app.inject(`/api/v1/initiatives/${guide}`);
      assert.deepEqual(api.json().organisations.map((o: { slug: string }) => o.slug), ['ipa']);
      // A declined thread takes no more replies.
      await i.get(`/my/requests/${id}`);
      assert.doesNotMatch(i.last!.body, /に返信する/);
    });

    test('withdraw: only the sender may, only while open; the recipient is told', async () => {
      const seminar = pub['kansai-seminar']!;
      const j = await signedIn(jnsa, '10.0.3.1');
      const id = await propose(j, 'ipa', seminar, '関西セミナーに登壇いただけませんか。');
      const i = await signedIn(ipa, '10.0.3.2');
      await i.get(`/my/requests/${id}`);
      assert.match(i.last!.body, new RegExp(`依頼 #${id} を辞退する`));
      const byRecipient = await i.post(`/my/requests/${id}/withdraw`, {}, i.csrf(`/my/requests/${id}/accept`));
      assert.equal(byRecipient.statusCode, 403);
      sink.clear();
      await j.get(`/my/requests/${id}`);
      const res = await j.post(`/my/requests/${id}/withdraw`, {}, j.csrf(`/my/requests/${id}/withdraw`));
      assert.equal(res.statusCode, 303);
      await sink.waitFor((m) => m.to.includes(ipa.email) && /取り下げられました/.test(m.subject));
      const row = await t.db.handle.db.selectFrom('collaboration_requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(row.status, 'withdrawn');
      // Too late to accept.
      await i.get('/my/requests');
      const late = await i.post(`/my/requests/${id}/accept`, {}, i.csrf());
      assert.equal(late.statusCode, 409);
      assert.equal((await t.db.handle.db.selectFrom('collaboration_requests').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status, 'withdrawn');
    });

    test('bad input is refused with the reason, and nothing is written', async () => {
      const j = await signedIn(jnsa, '10.0.4.1');
      const seminar = String(pub['kansai-seminar']);
      const cases: { fields: Record<string, string>; status: number; message: RegExp }[] = [
        { fields: { org: 'ipa', initiative: seminar, message: '' }, status: 400, message: /メッセージを入力してください。/ },
        { fields: { org: 'ipa', initiative: seminar, message: 'あ'.repeat(2001) }, status: 400, message: /メッセージは2000文字以内にしてください（現在2001文字）。/ },
        { fields: { org: 'jnsa', initiative: seminar, message: 'こんにちは' }, status: 400, message: /自団体には依頼を送れません。/ },
        { fields: { org: 'no-such-body', initiative: seminar, message: 'こんにちは' }, status: 400, message: /宛先の団体が見つかりません。/ },
        { fields: { org: 'ipa', initiative: '', message: 'こんにちは' }, status: 400, message: /依頼の対象とする取組を選んでください。/ },
        { fields: { org: 'ipa', initiative: '999999', message: 'こんにちは' }, status: 400, message: /依頼の対象とする取組を選んでください。/ },
        // Both already run the school class.
        { fields: { org: 'ipa', initiative: String(pub['school-class']), message: 'こんにちは' }, status: 400, message: /既に両方の団体が実施団体になっています。/ },
      ];
      const c0 = await counts();
      for (const k of cases) {
        await j.get('/my/requests/new?org=ipa');
        const res = await j.post('/my/requests', k.fields, j.csrf('/my/requests'));
        assert.equal(res.statusCode, k.status, `${JSON.stringify(k.fields).slice(0, 80)}: ${res.statusCode}`);
        assert.match(res.body, k.message);
        assert.match(res.body, /入力内容に問題があります/);
      }
      assert.deepEqual(await counts(), c0);

      // English messages too; the input is kept.
      await j.get('/en/my/requests/new?org=ipa');
      const en = await j.post('/en/my/requests', { org: 'jnsa', initiative: seminar, message: 'Hello <b>there</b>' }, j.csrf('/en/my/requests'));
      assert.equal(en.statusCode, 400);
      assert.match(en.body, /You cannot send a request to your own organisation\./);
      assert.match(en.body, /Hello &lt;b>there&lt;\/b>|Hello &lt;b&gt;there&lt;\/b&gt;/);

      // Opening the form for ourselves or an unknown body says so.
      const self = await j.get('/my/requests/new?org=jnsa');
      assert.equal(self.statusCode, 400);
      assert.match(self.body, /自団体には依頼を送れません。/);
      const unknown = await j.get('/en/my/requests/new?org=nobody');
      assert.equal(unknown.statusCode, 400);
      assert.match(unknown.body, /There is no such organisation\./);

      // A second open request about the same initiative between the same two bodies (either direction).
      const id = await propose(j, 'npa', pub['edu-game']!, '教育ゲームを一緒に広めませんか。');
      const n = await signedIn(npaAdmin, '10.0.4.2');
      const c1 = await counts();
      await n.get('/my/requests/new?org=jnsa');
      const dup = await n.post('/my/requests', { org: 'jnsa', initiative: String(pub['edu-game']), message: 'こちらからも' }, n.csrf('/my/requests'));
      assert.equal(dup.statusCode, 409);
      assert.match(dup.body, /回答待ちの依頼が既にあります/);
      assert.deepEqual(await counts(), c1);
      assert.ok(id > 0);
    });

    test("another organisation's member: 404 for the request, and no request about others' initiatives", async () => {
      const j = await signedIn(jnsa, '10.0.5.1');
      const id = await propose(j, 'ipa', pub['edu-game']!, '教育ゲームの監修をお願いできませんか。');
      const o = await signedIn(outsider, '10.0.5.2');
      const c0 = await counts();
      assert.equal((await o.get(`/my/requests/${id}`)).statusCode, 404);
      assert.equal((await o.get('/en/my/requests/999999')).statusCode, 404);
      assert.equal((await o.get('/my/requests/abc')).statusCode, 404);
      assert.doesNotMatch((await o.get('/my/requests')).body, new RegExp(`/my/requests/${id}"`));
      await o.get('/my/partners');
      const token = o.csrf();
      for (const action of ['accept', 'decline', 'withdraw']) {
        assert.equal((await o.post(`/my/requests/${id}/${action}`, {}, token)).statusCode, 404, action);
      }
      const reply = await o.post(`/my/requests/${id}/reply`, { message: '横から失礼します' }, token);
      assert.equal(reply.statusCode, 404);
      assert.deepEqual(await counts(), c0);
      assert.equal((await t.db.handle.db.selectFrom('collaboration_requests').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status, 'open');

      // IPA's SME guidelines are neither the outsider's nor JNSA's: refused, even with its id put in the form.
      await o.get('/my/requests/new?org=jnsa');
      assert.doesNotMatch(o.last!.body, new RegExp(`value="${pub['sme-guide']}"`));
      const forged = await o.post('/my/requests', { org: 'jnsa', initiative: String(pub['sme-guide']), message: '参加させてください' }, o.csrf('/my/requests'));
      assert.equal(forged.statusCode, 400);
      assert.match(forged.body, /自団体と宛先の団体のどちらが主催する取組でもありません/);
      assert.deepEqual(await counts(), c0);
    });

    test('stored XSS: a message is shown as text on the thread page', async () => {
      const i = await signedIn(ipa, '10.0.6.1');
      const id = await propose(i, 'npa', pub['sme-guide']!, XSS);
      for (const c of [i, await signedIn(npaAdmin, '10.0.6.2')]) {
        const page = await c.get(`/my/requests/${id}`);
        assert.equal(page.statusCode, 200);
        assert.ok(!page.body.includes(XSS), 'the script tag is not in the page as markup');
        assert.ok(page.body.includes('&lt;script>alert(1)&lt;/script>') || page.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
      }
    });

    test('POST without the CSRF token is refused and writes nothing', async () => {
      const j = await signedIn(jnsa, '10.0.7.1');
      const c0 = await counts();
      const res = await j.post('/my/requests', { org: 'ipa', initiative: String(pub['kansai-seminar']), message: 'こんにちは' }, null);
      assert.equal(res.statusCode, 403);
      assert.deepEqual(await counts(), c0);
      const open = await t.db.handle.db.selectFrom('collaboration_requests').select('id').where('status', '=', 'open').orderBy('id').executeTakeFirstOrThrow();
      assert.equal((await j.post(`/my/requests/${open.id}/withdraw`, {}, null)).statusCode, 403);
      assert.deepEqual(await counts(), c0);
    });

    test('signed-out visitors are sent to sign in; request creation is rate limited per client', async () => {
      const anon = new Client(t.app, '10.0.8.1');
      const res = await anon.get('/my/partners');
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/login?next=%2Fmy%2Fpartners');

      const j = await signedIn(jnsa, '10.0.8.2');
      const statuses: number[] = [];
      // Without a token: each attempt still counts against the limit (it is checked first).
      for (let k = 0; k < 21; k++) statuses.push((await j.post('/my/requests', { org: 'ipa', message: 'x' }, null)).statusCode);
      assert.deepEqual(statuses.slice(0, 20), Array(20).fill(403));
      assert.equal(statuses[20], 429);
    });
  });
}
