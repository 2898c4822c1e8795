// The desk directory (filters, counts, tel: links), its API and OpenAPI entry, and the program office's
// desk form: validation with messages beside the fields, nothing stored on a mistake, audit on save,
// hostile text escaped where it is shown.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../test/support/app.ts';
import { Client, createUser, signIn, type TestUser } from '../../test/support/client.ts';
import { testDialects } from '../../test/support/databases.ts';
import { FIXTURE } from '../../test/support/fixture.ts';

const XSS = '<script>alert(1)</script>';

const NEW_DESK = {
  slug: 'aichi-consumer-center',
  nameJa: '愛知県消費生活総合センター',
  nameEn: 'Aichi Consumer Affairs Centre',
  operatorJa: '愛知県',
  operatorEn: 'Aichi Prefecture',
  summaryJa: 'ネットの契約トラブルの相談。',
  summaryEn: 'Advice on online contract trouble.',
  topics: ['consumer_trouble', 'fraud'],
  audiences: ['individuals'],
  prefecture: '23',
  phone: '052-000-0000',
  webUrl: 'https://example.jp/aichi',
  email: '',
  hoursJa: '平日 9時〜16時30分',
  hoursEn: 'Weekdays 9:00–16:30',
  sourceName: 'テスト出典',
  sourceUrl: '',
  checkedOn: '2026-11-26',
  judged: '1',
  judgementNote: 'テスト',
  position: '100',
};

for (const dialect of testDialects()) {
  describe(`consultation desks (${dialect})`, () => {
    let t: TestApp;
    let admin: TestUser;
    let adm: Client;

    before(async () => {
      t = await startTestApp(dialect, FIXTURE);
      admin = await createUser(t.db.handle, { email: 'desk-admin@office.example', displayName: '窓口 管理', role: 'admin', totp: true });
      adm = new Client(t.app);
      await signIn(adm, admin);
    });
    after(async () => {
      await t?.close();
    });

    const cards = (body: string) => [...body.matchAll(/<h3 class="desk-card-title"><a href="(?:\/en)?\/desks\/\d+">([^<]+)<\/a>/g)].map((m) => m[1]!);

    test('the directory: all desks, then filters by topic, audience and prefecture (its desks plus national ones), with a count', async () => {
      const all = await t.app.inject('/desks');
      assert.equal(all.statusCode, 200);
      assert.match(all.body, /56件の窓口/);
      assert.equal(cards(all.body).length, 56);
      assert.match(all.body, /href="tel:%239110"/, '#9110 as a tel: link with # escaped');
      assert.match(all.body, /href="tel:110"/);
      assert.match(all.body, /サイバー犯罪相談窓口（警視庁）/);

      const aichi = await t.app.inject('/desks?prefecture=23');
      const names = cards(aichi.body);
      assert.ok(names.includes('サイバー犯罪相談窓口（愛知県警察）'));
      assert.ok(!names.includes('サイバー犯罪相談窓口（警視庁）'));
      assert.ok(names.includes('情報セキュリティ安心相談窓口'), 'national desks too');
      assert.match(aichi.body, new RegExp(`${names.length}件の窓口`));
      assert.match(aichi.body, /<option value="23" selected/);

      const spam = cards((await t.app.inject('/desks?topic=spam_email')).body);
      assert.deepEqual(spam.sort(), ['情報セキュリティ安心相談窓口', '迷惑メール相談センター'].sort());

      const schools = cards((await t.app.inject('/desks?topic=targeted_attack&for=education&prefecture=01')).body);
      assert.ok(schools.includes('標的型サイバー攻撃特別相談窓口／サイバーレスキュー隊（J-CRAT）'));
      assert.ok(schools.includes('サイバー犯罪相談窓口（北海道警察）'));
      assert.ok(!schools.some((n) => n.includes('青森')));

      const none = await t.app.inject('/desks?topic=consumer_trouble&for=large_enterprise');
      assert.match(none.body, /0件の窓口/);
      assert.match(none.body, /条件に合う窓口はありません/);

      const en = await t.app.inject('/en/desks?prefecture=13');
      assert.match(en.body, /Cybercrime desk \(Tokyo Metropolitan Police Department\)/);
      assert.match(en.body, /Call <span class="call-number">#9110<\/span>/);

      // Empty values ("any" in a select) are no filter.
      assert.match((await t.app.inject('/desks?topic=&for=&prefecture=')).body, /56件の窓口/);
    });

    test('bad filters get 400 with a message naming the parameter, in the page language (and in the API)', async () => {
      const r = await t.app.inject('/desks?topic=aliens&prefecture=99');
      assert.equal(r.statusCode, 400);
      assert.match(r.body, /相談したいこと（topic）に「aliens」は使えません/);
      assert.match(r.body, /都道府県（prefecture）に「99」は使えません/);
      assert.match((await t.app.inject('/en/desks?for=cats')).body, /Who is asking \(for\) cannot be &quot;cats&quot;/);
      assert.equal((await t.app.inject('/desks?topic=fraud&topic=malware')).statusCode, 400);
      const api = await t.app.inject({ url: '/api/v1/desks?prefecture=%3Cscript%3E', headers: { 'accept-language': 'en' } });
      assert.equal(api.statusCode, 400);
      assert.equal(api.json().error.details[0].param, 'prefecture');
      assert.equal((await t.app.inject('/desks/999999')).statusCode, 404);
      assert.equal((await t.app.inject('/desks/abc')).statusCode, 404);
      assert.equal((await t.app.inject('/api/v1/desks/999999')).statusCode, 404);
    });

    test('a desk page shows how to reach it, its source, date checked and that the editors added details', async () => {
      const id = (await t.db.handle.db.selectFrom('desks').select('id').where('slug', '=', 'police-cyber-23').executeTakeFirstOrThrow()).id;
      const r = await t.app.inject(`/desks/${id}`);
      assert.equal(r.statusCode, 200);
      assert.match(r.body, /<h1>サイバー犯罪相談窓口（愛知県警察）<\/h1>/);
      assert.match(r.body, /サイバーセキュリティ意識・行動強化プログラム（概要）/);
      assert.match(r.body, /平成31年1月24日|2019-01-24/);
      assert.match(r.body, /編集部が追加した情報を含みます/);
      assert.match(r.body, /https:\/\/www\.npa\.go\.jp\/bureau\/cyber\/soudan\.html/);
      const dekyo = (await t.db.handle.db.selectFrom('desks').select('id').where('slug', '=', 'dekyo-spam-mail').executeTakeFirstOrThrow()).id;
      assert.match((await t.app.inject(`/desks/${dekyo}`)).body, /2015年2月/);
    });

    test('API: list and one desk, in the OpenAPI document', async () => {
      const list = (await t.app.inject('/api/v1/desks?prefecture=23&topic=fraud')).json();
      assert.equal(list.total, list.items.length);
      const aichi = list.items.find((d: { slug: string }) => d.slug === 'police-cyber-23');
      assert.ok(aichi);
      assert.deepEqual(Object.keys(aichi).sort(), ['audiences', 'checkedOn', 'email', 'hours', 'id', 'judged', 'judgementNote', 'links', 'name', 'operator', 'phone', 'prefecture', 'scope', 'slug', 'source', 'summary', 'telUri', 'topics', 'updatedAt', 'webUrl'].sort());
      assert.equal(aichi.scope, 'prefecture');
      assert.equal(aichi.prefecture, '23');
      assert.equal(aichi.phone, '#9110');
      assert.equal(aichi.telUri, 'tel:%239110');
      assert.equal(aichi.judged, true);
      assert.deepEqual(aichi.name, { ja: 'サイバー犯罪相談窓口（愛知県警察）', en: 'Cybercrime desk (Aichi Prefectural Police)' });
      assert.ok(list.items.every((d: { prefecture: string | null }) => d.prefecture === null || d.prefecture === '23'));
      const one = (await t.app.inject(`/api/v1/desks/${aichi.id}`)).json();
      assert.deepEqual(one, aichi);
      assert.equal(one.links.html, `http://lastmile.test/desks/${aichi.id}`);
      const doc = (await t.app.inject('/api/v1/openapi.json')).json();
      assert.ok(doc.paths['/api/v1/desks']);
      assert.ok(doc.paths['/api/v1/desks/{id}']);
      assert.ok(doc.components.schemas.Desk);
      assert.ok(doc.components.schemas.DeskList);
    });

    test('the program office adds a desk: mistakes are shown beside the fields (400) and nothing is stored; then it is listed and audited', async () => {
      const db = t.db.handle.db;
      const count = async () => Number((await db.selectFrom('desks').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const before = await count();
      await adm.get('/admin/desks/new');
      const cases: [Record<string, string | string[]>, RegExp][] = [
        [{ slug: 'Bad Slug' }, /識別子は半角英小文字/],
        [{ slug: 'police-110' }, /この識別子はすでに使われています/],
        [{ nameJa: '' }, /窓口名（日本語）を入力してください。/],
        [{ audiences: [] }, /対象を1つ以上選んでください。/],
        [{ audiences: ['aliens'] }, /対象を一覧から選び直してください。/],
        [{ topics: ['lottery'] }, /相談できる内容を一覧から選び直してください。/],
        [{ phone: 'call me' }, /電話番号は 03-1234-5678/],
        [{ webUrl: 'javascript:alert(1)' }, /https:\/\/ で始まるアドレス/],
        [{ prefecture: '48' }, /地域を一覧から選び直してください。/],
        [{ checkedOn: '2026-02-30' }, /確認日は 2026-11-26 のように/],
        [{ phone: '', webUrl: '', email: '', hoursJa: '', hoursEn: '' }, /どれか1つは入力してください/],
      ];
      for (const [fields, message] of cases) {
        const r = await adm.post('/admin/desks/new', { ...NEW_DESK, ...fields }, adm.csrf('/admin/desks/new'));
        assert.equal(r.statusCode, 400, JSON.stringify(fields));
        assert.match(r.body, message);
        assert.match(r.body, /error-summary/);
      }
      await adm.get('/en/admin/desks/new');
      const en = await adm.post('/en/admin/desks/new', { ...NEW_DESK, nameEn: '' }, adm.csrf('/en/admin/desks/new'));
      assert.equal(en.statusCode, 400);
      assert.match(en.body, /Enter the name of the desk \(English\)\./);
      assert.equal(await count(), before, 'nothing stored');

      await adm.get('/admin/desks/new');
      const ok = await adm.post('/admin/desks/new', NEW_DESK, adm.csrf('/admin/desks/new'));
      assert.equal(ok.statusCode, 303, ok.body.slice(0, 1000));
      assert.equal(ok.headers.location, '/admin/desks?done=created');
      assert.equal(await count(), before + 1);
      const aichi = cards((await t.app.inject('/desks?prefecture=23&topic=consumer_trouble')).body);
      assert.ok(aichi.includes('愛知県消費生活総合センター'));
      assert.ok(!cards((await t.app.inject('/desks?prefecture=13&topic=consumer_trouble')).body).includes('愛知県消費生活総合センター'));
      const row = await db.selectFrom('desks').select('id').where('slug', '=', 'aichi-consumer-center').executeTakeFirstOrThrow();
      const audit = await db.selectFrom('audit_events').selectAll().where('subject_kind', '=', 'desk').where('subject_id', '=', row.id).execute();
      assert.deepEqual(audit.map((a) => [a.action, a.actor_name]), [['desk_created', '窓口 管理']]);
      // Without the CSRF token: refused.
      assert.equal((await adm.post('/admin/desks/new', { ...NEW_DESK, slug: 'another-one' }, null)).statusCode, 403);
      assert.equal(await count(), before + 1);
    });

    test('the program office edits a desk: the slug stays, the change is public at once and audited with before and after; hostile text is escaped', async () => {
      const db = t.db.handle.db;
      const d = await db.selectFrom('desks').select(['id', 'slug']).where('slug', '=', 'consumer-hotline-188').executeTakeFirstOrThrow();
      const page = await adm.get(`/admin/desks/${d.id}/edit`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /value="消費者ホットライン 188"/);
      const list = await adm.get('/admin/desks');
      assert.match(list.body, /consumer-hotline-188/);
      const values = {
        ...NEW_DESK,
        slug: 'hijacked',
        nameJa: `消費者ホットライン 188 ${XSS}`,
        operatorJa: '消費者庁',
        topics: ['consumer_trouble'],
        audiences: ['individuals', 'sme'],
        prefecture: '',
        phone: '188',
      };
      await adm.get(`/admin/desks/${d.id}/edit`);
      const r = await adm.post(`/admin/desks/${d.id}/edit`, values, adm.csrf(`/admin/desks/${d.id}/edit`));
      assert.equal(r.statusCode, 303, r.body.slice(0, 500));
      const after = await db.selectFrom('desks').selectAll().where('id', '=', d.id).executeTakeFirstOrThrow();
      assert.equal(after.slug, 'consumer-hotline-188', 'the slug cannot be changed by the form');
      const pub = await t.app.inject(`/desks/${d.id}`);
      assert.doesNotMatch(pub.body, /<script>alert/);
      assert.match(pub.body, /&lt;script>alert\(1\)&lt;\/script>|&lt;script&gt;/);
      assert.ok(cards((await t.app.inject('/desks?for=sme&topic=consumer_trouble')).body).some((n) => n.startsWith('消費者ホットライン 188')));
      const audit = await db.selectFrom('audit_events').selectAll().where('subject_kind', '=', 'desk').where('subject_id', '=', d.id).execute();
      assert.equal(audit.length, 1);
      assert.equal(audit[0]!.action, 'desk_updated');
      assert.equal(JSON.parse(audit[0]!.before!).nameJa, '消費者ホットライン 188');
      assert.equal(JSON.parse(audit[0]!.after!).nameJa, `消費者ホットライン 188 ${XSS}`);
      // A mistake on edit: 400, kept input, nothing changed.
      await adm.get(`/admin/desks/${d.id}/edit`);
      const bad = await adm.post(`/admin/desks/${d.id}/edit`, { ...values, nameJa: '変更後', phone: 'abc' }, adm.csrf(`/admin/desks/${d.id}/edit`));
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /value="変更後"/);
      assert.equal((await db.selectFrom('desks').select('name_ja').where('id', '=', d.id).executeTakeFirstOrThrow()).name_ja, `消費者ホットライン 188 ${XSS}`);
      assert.equal((await adm.get('/admin/desks/999999/edit')).statusCode, 404);
    });
  });
}
