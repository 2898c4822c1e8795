// Bulk import over HTTP, on SQLite and PostgreSQL: templates, the preview (row by row, column by column,
// in the page's language, nothing written), confirmation (all rows or none, the same review as the
// forms, preview equals result), re-import updating instead of duplicating, every kind of bad input the
// issue lists, the program office's import of many organisations, exports that round-trip and cannot
// run a formula in a spreadsheet, and the server answering while an import runs.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { startTestApp, type TestApp } from '../../test/support/app.ts';
import { Client, createUser, organisationIdBySlug, signIn } from '../../test/support/client.ts';
import { testDialects } from '../../test/support/databases.ts';
import { FIXTURE } from '../../test/support/fixture.ts';
import { fieldParts, postMultipart } from '../../test/support/multipart.ts';
import { shiftJis } from '../../test/support/shift-jis.ts';

const EVENT_HEADER = 'ID,イベント名（日本語）,内容（日本語）,開始日,開始時刻,終了時刻,開催形式,会場（日本語）,都道府県,参加費（円）,対象';
const INIT_HEADER = 'ID,取組名（日本語）,概要（日本語）,官民区分,対象,手法,実施地域,URL';

function text(res: LightMyRequestResponse): string {
  return res.body.replace(/<[^>]+>/g, ' ').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}

function counts(res: LightMyRequestResponse): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of res.body.matchAll(/<li>([^<：]+)：<strong>([\d,]+)<\/strong>/g)) out[m[1]!] = Number(m[2]!.replace(/,/g, ''));
  return out;
}

for (const dialect of testDialects()) {
  describe(`bulk import (${dialect})`, () => {
    let t: TestApp;
    let uploadDir: string;
    let jnsa: number;
    let owner: Client;
    let ownerId: number;
    let other: Client;
    let office: Client;

    const db = () => t.db.handle.db;
    const itemCount = async (kind: string) => Number((await db().selectFrom('content_items').select((eb) => eb.fn.countAll().as('n')).where('kind', '=', kind).executeTakeFirstOrThrow()).n);

    /** Uploads a sheet; returns the preview page (after the redirect) or the refused form. */
    async function upload(c: Client, kind: string, fileName: string, data: Buffer | string, base = '/my/import'): Promise<{ res: LightMyRequestResponse; url: string | null }> {
      await c.get(base);
      const res = await postMultipart(c, base, [...fieldParts({ _csrf: c.csrf(base), kind }), { name: 'file', filename: fileName, data }]);
      if (res.statusCode !== 303) return { res, url: null };
      const url = res.headers.location as string;
      return { res: await c.get(url), url };
    }

    /** Presses "confirm" on the preview page; with no such button (rows refused), posts it anyway. */
    async function confirm(c: Client, url: string): Promise<LightMyRequestResponse> {
      const page = await c.get(url);
      return c.post(`${url}/confirm`, {}, page.body.includes(`action="${url}/confirm"`) ? c.csrf(`${url}/confirm`) : c.csrf());
    }

    before(async () => {
      uploadDir = mkdtempSync(join(tmpdir(), 'lastmile-imports-'));
      t = await startTestApp(dialect, FIXTURE, { env: { UPLOAD_DIR: uploadDir, UPLOAD_MAX_BYTES: String(2 * 1024 * 1024), IMPORT_MAX_ROWS: '5000' } });
      jnsa = await organisationIdBySlug(t.db.handle, 'jnsa');
      const u = await createUser(t.db.handle, { email: 'import@jnsa.example', displayName: '取込 担当', organisationId: jnsa });
      ownerId = u.id;
      owner = new Client(t.app);
      await signIn(owner, u);
      other = new Client(t.app);
      const otherOrg = (await db().selectFrom('organisations').select('id').where('slug', '!=', 'jnsa').orderBy('id').executeTakeFirstOrThrow()).id;
      await signIn(other, await createUser(t.db.handle, { email: 'other@example.org', organisationId: otherOrg }));
      office = new Client(t.app);
      await signIn(office, await createUser(t.db.handle, { email: 'office@example.go.jp', role: 'admin', totp: true }));
    });

    after(async () => {
      await t?.close();
      rmSync(uploadDir, { recursive: true, force: true });
    });

    test('templates: CSV with a BOM and the columns in the page language; an Excel workbook with notes', async () => {
      const csv = await owner.get('/my/import/templates/events.csv');
      assert.equal(csv.statusCode, 200);
      assert.match(String(csv.headers['content-type']), /text\/csv/);
      assert.equal(csv.rawPayload.subarray(0, 3).toString('hex'), 'efbbbf');
      assert.match(csv.body, /イベント名（日本語）/);
      const en = await owner.get('/en/my/import/templates/initiatives.csv');
      assert.match(en.body, /Title \(Japanese\)/);
      const xlsx = await owner.get('/my/import/templates/materials.xlsx');
      assert.equal(xlsx.statusCode, 200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const ws = wb.worksheets[0]!;
      assert.equal(ws.getCell(1, 2).text, '教材名（日本語）');
      assert.equal((await owner.get('/my/import/templates/nothing.csv')).statusCode, 404);
      // The start page explains every column.
      const page = await owner.get('/my/import');
      assert.match(text(page), /開始日 .*令和9年2月1日/);
    });

    test('preview: row by row and column by column, in Japanese and English, and nothing is written', async () => {
      const before = await itemCount('event');
      const csv = [
        EVENT_HEADER,
        'E1,安全教室,内容です,2027-02-01,13:30,15:00,会場,市民会館,東京都,0,高齢者',
        'E2,日付が変,内容です,2027年2月30日,,,オンライン,,,0,若年層',
        'E3,,内容です,2027/2/1,25:00,,会場,,火星,abc,宇宙人',
        'E1,重複,内容です,2027-02-01,,,オンライン,,,0,若年層',
      ].join('\r\n');
      const { res, url } = await upload(owner, 'events', 'events.csv', `\uFEFF${csv}`);
      assert.equal(res.statusCode, 200);
      const body = text(res);
      assert.deepEqual(counts(res), { 新規登録: 1, 更新: 0, 変更なし: 0, 取込み不可: 3 });
      assert.match(body, /「開始日」列： 「2027年2月30日」は日付として読めません/);
      assert.match(body, /「開始時刻」列： 「25:00」は時刻として読めません/);
      assert.match(body, /「都道府県」列： 「火星」は都道府県名として読めません/);
      assert.match(body, /「参加費（円）」列： 「abc」は数として読めません/);
      assert.match(body, /「イベント名（日本語）」列： イベント名（日本語）を入力してください/);
      assert.match(body, /「ID（管理番号）」列： 2行目と同じIDです/);
      assert.match(body, /このままでは確定できません/);
      assert.doesNotMatch(res.body, /\/confirm"/, 'no confirm button while rows are refused');
      const en = text(await owner.get(`/en${url}`));
      assert.match(en, /Start date: "2027年2月30日" is not a date/);
      assert.match(en, /Same ID as line 2/);
      // Confirming anyway (a forged post) writes nothing.
      const forced = await confirm(owner, url!);
      assert.equal(forced.statusCode, 409);
      assert.match(text(forced), /何も登録していません/);
      assert.equal(await itemCount('event'), before);
    });

    test('confirm: Japanese dates, full-width digits and Shift_JIS; all rows stored, in review, as the preview said; re-import updates', async () => {
      const before = await itemCount('event');
      const rows = [
        EVENT_HEADER,
        'K1,親子ネット安全教室,スマホの設定を一緒に確認します。,令和9年2月1日,１３：３０,15:00,会場,市民会館 3階,東京都,無料,高齢者; 若年層',
        'K2,オンライン講座,詐欺メールの見分け方。,2027/2/1,,,オンライン,,,０,就労世代',
        'K3,年末の講座,内容,2027年12月1日（水）,10:00,12:00,会場とオンライン,公民館,大阪,"1,000",小規模企業者',
      ];
      const { res, url } = await upload(owner, 'events', 'イベント一覧.csv', shiftJis(rows.join('\r\n') + '\r\n'));
      assert.equal(res.statusCode, 200);
      assert.deepEqual(counts(res), { 新規登録: 3, 更新: 0, 変更なし: 0, 取込み不可: 0 });
      assert.match(text(res), /CSV \(Shift_JIS\)/);
      const done = await confirm(owner, url!);
      assert.equal(done.statusCode, 303);
      const result = await owner.get(done.headers.location as string);
      assert.match(text(result), /取り込みました：新規3件、更新0件/);
      assert.equal(await itemCount('event'), before + 3);
      // Same review as typed-in events: submitted, in the moderators' queue, audited under the person.
      const revs = await db()
        .selectFrom('content_items as i')
        .innerJoin('content_revisions as r', 'r.id', 'i.working_revision_id')
        .innerJoin('content_external_ids as x', 'x.item_id', 'i.id')
        .select(['x.external_id', 'r.status', 'r.payload', 'r.author_id', 'i.id'])
        .where('i.owner_organisation_id', '=', jnsa)
        .where('x.external_id', 'in', ['K1', 'K2', 'K3'])
        .orderBy('x.external_id')
        .execute();
      assert.deepEqual(revs.map((r) => r.status), ['submitted', 'submitted', 'submitted']);
      assert.ok(revs.every((r) => r.author_id === ownerId));
      const k1 = JSON.parse(revs[0]!.payload);
      assert.deepEqual([k1.startDate, k1.startTime, k1.endTime, k1.feeYen, k1.prefecture, k1.audiences], ['2027-02-01', '13:30', '15:00', 0, '13', ['seniors', 'youth']]);
      const k3 = JSON.parse(revs[2]!.payload);
      assert.deepEqual([k3.startDate, k3.feeYen, k3.prefecture, k3.attendance], ['2027-12-01', 1000, '27', 'hybrid']);
      const audit = await db().selectFrom('audit_events').select(['action', 'actor_user_id']).where('subject_kind', '=', 'content').where('subject_id', '=', revs[0]!.id).orderBy('id').execute();
      assert.deepEqual(audit.map((a) => a.action), ['created', 'submitted']);
      assert.equal(audit[0]!.actor_user_id, ownerId);
      const queue = await office.get('/moderation');
      assert.match(text(queue), /親子ネット安全教室/);

      // The same sheet again: nothing to do. One row changed: an update, no duplicate.
      const again = await upload(owner, 'events', 'again.csv', shiftJis(rows.join('\r\n')));
      assert.deepEqual(counts(again.res), { 新規登録: 0, 更新: 0, 変更なし: 3, 取込み不可: 0 });
      assert.match(text(again.res), /登録するものはありません/);
      const changed = rows.map((r) => (r.startsWith('K2,') ? r.replace('詐欺メールの見分け方。', '詐欺メールとSMSの見分け方。') : r));
      const upd = await upload(owner, 'events', 'changed.csv', `\uFEFF${changed.join('\n')}`);
      assert.deepEqual(counts(upd.res), { 新規登録: 0, 更新: 1, 変更なし: 2, 取込み不可: 0 });
      assert.match(text(upd.res), /ID「K2」で一致/);
      assert.match(text(upd.res), /変わる列：内容（日本語）/);
      assert.equal((await confirm(owner, upd.url!)).statusCode, 303);
      assert.equal(await itemCount('event'), before + 3);
      const k2 = await db().selectFrom('content_items as i').innerJoin('content_revisions as r', 'r.id', 'i.working_revision_id').select(['r.payload', 'r.status']).where('i.id', '=', revs[1]!.id).executeTakeFirstOrThrow();
      assert.equal(k2.status, 'submitted');
      assert.match(k2.payload, /SMSの見分け方/);
    });

    test('preview equals result: a change between preview and confirmation writes nothing', async () => {
      const sheet = [INIT_HEADER, 'P1,照合テスト取組,概要,民間,高齢者,イベント,全国,https://example.jp/p1', 'P2,照合テスト取組2,概要,民間,高齢者,イベント,全国,'].join('\n');
      const first = await upload(owner, 'initiatives', 'p.csv', sheet);
      assert.equal((await confirm(owner, first.url!)).statusCode, 303);
      const changed = sheet.replace('https://example.jp/p1', 'https://example.jp/p1-new');
      const preview = await upload(owner, 'initiatives', 'p2.csv', changed);
      assert.deepEqual(counts(preview.res), { 新規登録: 0, 更新: 1, 変更なし: 1, 取込み不可: 0 });
      // Someone edits P1 by hand after the preview: the plan at confirmation differs.
      const p1 = await db().selectFrom('content_external_ids').select('item_id').where('external_id', '=', 'P1').executeTakeFirstOrThrow();
      const rev = await db().selectFrom('content_items as i').innerJoin('content_revisions as r', 'r.id', 'i.working_revision_id').select(['r.id', 'r.payload']).where('i.id', '=', p1.item_id).executeTakeFirstOrThrow();
      await db().updateTable('content_revisions').set({ payload: rev.payload.replace('https://example.jp/p1', 'https://example.jp/p1-new') }).where('id', '=', rev.id).execute();
      const snapshot = await db().selectFrom('content_revisions').select(['id', 'payload', 'status']).orderBy('id').execute();
      const refused = await confirm(owner, preview.url!);
      assert.equal(refused.statusCode, 409);
      assert.match(text(refused), /プレビューの後に内容が変わった/);
      assert.deepEqual(await db().selectFrom('content_revisions').select(['id', 'payload', 'status']).orderBy('id').execute(), snapshot);
      const rec = await db().selectFrom('imports').select('status').where('id', '=', Number(preview.url!.split('/').pop())).executeTakeFirstOrThrow();
      assert.equal(rec.status, 'previewed', 'the import record is rolled back with the rows');
      // A second confirmation of an applied import is refused too.
      assert.equal((await confirm(owner, first.url!)).statusCode, 409);
    });

    test('bad files: wrong encoding, broken quoting, not a spreadsheet, macros, too large, too many rows, missing columns', async () => {
      const before = await db().selectFrom('content_revisions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      const cases: [string, Buffer | string, RegExp][] = [
        ['latin1.csv', Buffer.concat([Buffer.from(`${INIT_HEADER}\n`), Buffer.from([0x80, 0x81, 0xff, 0xfe, 0x0a])]), /文字コード/],
        ['quote.csv', `${INIT_HEADER}\nQ1,"閉じない引用符,概要,民間,高齢者,イベント,全国,\n`, /引用符/],
        ['page.csv', '<!DOCTYPE html><html><body>not a sheet</body></html>', /HTML/],
        ['report.pdf', Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n'), /取り込めません|スプレッドシート|CSV/],
        ['columns.csv', 'name,description\nA,B\n', /必要な列がありません/],
        ['empty.csv', '', /空|ありません/],
      ];
      for (const [name, data, pattern] of cases) {
        const { res, url } = await upload(owner, 'initiatives', name, data);
        assert.equal(res.statusCode, 200, name);
        assert.ok(url, name);
        assert.match(text(res), /このファイルは取り込めません。何も登録していません。/, name);
        assert.match(text(res), pattern, name);
        assert.doesNotMatch(res.body, /\/confirm"/, name);
      }
      // A macro-enabled workbook: refused, never opened as a workbook.
      const wb = new ExcelJS.Workbook();
      wb.addWorksheet('x').addRow(['a']);
      const m = await upload(owner, 'initiatives', 'macro.xlsm', Buffer.from(await wb.xlsx.writeBuffer()));
      assert.match(text(m.res), /マクロ/);
      // Too many rows for the web (IMPORT_MAX_ROWS=5000 here): a clear report.
      const many = [INIT_HEADER, ...Array.from({ length: 5001 }, (_, i) => `M${i},取組${i},概要,民間,高齢者,イベント,全国,`)].join('\n');
      const big = await upload(owner, 'initiatives', 'many.csv', many);
      assert.match(text(big.res), /5,000|5000/);
      // Larger than UPLOAD_MAX_BYTES: 413 with the form.
      const huge = await upload(owner, 'initiatives', 'huge.csv', Buffer.alloc(2 * 1024 * 1024 + 10, 0x41));
      assert.equal(huge.res.statusCode, 413);
      assert.match(text(huge.res), /ファイルが大きすぎます/);
      // No kind, no file: the form says what is missing.
      await owner.get('/my/import');
      const none = await postMultipart(owner, '/my/import', fieldParts({ _csrf: owner.csrf('/my/import') }));
      assert.equal(none.statusCode, 400);
      assert.match(text(none), /登録する内容（取組・イベント・教材）を選んでください/);
      assert.equal((await db().selectFrom('content_revisions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n, before.n);
      // Refused sheets are not kept on disk.
      assert.deepEqual(readdirSync(join(uploadDir, 'imports')).filter((f) => f.endsWith('.sheet')).length <= 1, true);
    });

    test('unknown names are refused by name: a strategy measure, an audience, a prefecture', async () => {
      const sheet = ['ID,取組名（日本語）,概要（日本語）,官民区分,対象,手法,実施地域,戦略上の位置付け（識別子）', 'U1,名前の確認,概要,民間,高齢者; 宇宙人,イベント,東京都; 火星,no-such-measure'].join('\n');
      const { res } = await upload(owner, 'initiatives', 'unknown.csv', sheet);
      const body = text(res);
      assert.match(body, /戦略の施策「no-such-measure」はありません/);
      assert.match(body, /「宇宙人」は選べません/);
      assert.match(body, /「火星」は都道府県名として読めません/);
    });

    test('another organisation cannot see, confirm or discard an import; members cannot use the office import', async () => {
      const mine = await upload(owner, 'initiatives', 'mine.csv', [INIT_HEADER, 'X1,他団体テスト,概要,民間,高齢者,イベント,全国,'].join('\n'));
      assert.equal((await other.get(mine.url!)).statusCode, 404);
      await other.get('/my/import');
      const token = other.csrf();
      assert.equal((await other.post(`${mine.url}/confirm`, {}, token)).statusCode, 404);
      assert.equal((await other.post(`${mine.url}/discard`, {}, token)).statusCode, 404);
      assert.equal((await owner.get('/admin/import')).statusCode, 403);
      await owner.get(mine.url!);
      const discarded = await owner.post(`${mine.url}/discard`, {}, owner.csrf(`${mine.url}/discard`));
      assert.equal(discarded.statusCode, 303);
      assert.match(text(await owner.get(discarded.headers.location as string)), /破棄しました/);
    });

    test('the program office imports a sheet of several organisations; an unknown organisation is refused', async () => {
      const slugs = (await db().selectFrom('organisations').select('slug').orderBy('id').limit(2).execute()).map((r) => r.slug);
      const header = 'ID,団体（識別子）,取組名（日本語）,概要（日本語）,官民区分,対象,手法,実施地域';
      const bad = await upload(office, 'initiatives', 'office.csv', [header, `O1,${slugs[0]},事務局取込A,概要,公的機関,高齢者,ツール,全国`, 'O2,no-such-org,事務局取込B,概要,民間,中小企業,ツール,全国'].join('\n'), '/admin/import');
      assert.match(text(bad.res), /団体「no-such-org」は登録されていません/);
      const good = await upload(office, 'initiatives', 'office.csv', [header, `O1,${slugs[0]},事務局取込A,概要,公的機関,高齢者,ツール,全国`, `O2,${slugs[1]},事務局取込B,概要,民間,中小企業,ツール,全国`].join('\n'), '/admin/import');
      assert.deepEqual(counts(good.res), { 新規登録: 2, 更新: 0, 変更なし: 0, 取込み不可: 0 });
      assert.equal((await confirm(office, good.url!)).statusCode, 303);
      const owners = await db()
        .selectFrom('content_external_ids as x')
        .innerJoin('organisations as o', 'o.id', 'x.organisation_id')
        .select(['x.external_id', 'o.slug'])
        .where('x.external_id', 'in', ['O1', 'O2'])
        .orderBy('x.external_id')
        .execute();
      assert.deepEqual(owners.map((o) => o.slug), slugs);
    });

    test('export: the same columns, formulas neutralised, and an export imports back unchanged (all three kinds)', async () => {
      // A title a spreadsheet would run as a formula.
      const sheet = [INIT_HEADER, 'F1,"=HYPERLINK(""http://evil.example"",""x"")",@SUM(A1),民間,高齢者,イベント,全国,'].join('\n');
      const f = await upload(owner, 'initiatives', 'formula.csv', sheet);
      assert.deepEqual(counts(f.res), { 新規登録: 1, 更新: 0, 変更なし: 0, 取込み不可: 0 });
      assert.equal((await confirm(owner, f.url!)).statusCode, 303);
      const mats = [
        'ID,教材名（日本語）,概要（日本語）,種類,対象,言語,利用条件,クレジット表記,発行日,URL',
        'MT1,フィッシングに注意,リーフレット,リーフレット,高齢者,日本語,cc-by-4.0,出典：JNSA,令和8年4月1日,https://example.jp/leaflet.pdf',
        'MT2,+81-3-1234-5678 に電話,-5度でも,動画,若年層,英語,CC BY 4.0,-JNSA,,https://example.jp/video',
      ].join('\n');
      const m = await upload(owner, 'materials', 'materials.csv', mats);
      assert.deepEqual(counts(m.res), { 新規登録: 2, 更新: 0, 変更なし: 0, 取込み不可: 0 }, text(m.res).slice(text(m.res).indexOf('行ごと')));
      assert.equal((await confirm(owner, m.url!)).statusCode, 303);

      const csv = await owner.get('/my/export/initiatives.csv');
      assert.equal(csv.statusCode, 200);
      assert.equal(csv.rawPayload.subarray(0, 3).toString('hex'), 'efbbbf');
      assert.match(csv.body, /'=HYPERLINK/);
      assert.match(csv.body, /'@SUM\(A1\)/);
      assert.doesNotMatch(csv.body, /(^|,)=HYPERLINK/m);
      assert.match(String(csv.headers['cache-control']), /no-store/);
      const matCsv = await owner.get('/my/export/materials.csv');
      assert.match(matCsv.body, /'\+81-3-1234-5678/);
      for (const [kind, format] of [['initiatives', 'csv'], ['events', 'csv'], ['materials', 'csv'], ['initiatives', 'xlsx'], ['events', 'xlsx'], ['materials', 'xlsx']] as const) {
        for (const lang of ['', '/en']) {
          const exp = await owner.get(`${lang}/my/export/${kind}.${format}`);
          assert.equal(exp.statusCode, 200, `${kind}.${format}`);
          const back = await upload(owner, kind, `back.${format}`, exp.rawPayload);
          const c = counts(back.res);
          assert.equal(c['取込み不可'], 0, `${lang} ${kind}.${format}: ${text(back.res).slice(0, 600)}`);
          assert.equal(c['新規登録'], 0, `${kind}.${format}`);
          assert.equal(c['更新'], 0, `${lang} ${kind}.${format}: ${text(back.res).slice(0, 900)}`);
          assert.ok(c['変更なし']! > 0, `${kind}.${format}`);
        }
      }
      // xlsx: the dangerous text is a string cell, never a formula.
      const xlsx = await owner.get('/my/export/initiatives.xlsx');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const cells: ExcelJS.Cell[] = [];
      wb.worksheets[0]!.eachRow((row) => row.eachCell((c) => cells.push(c)));
      assert.ok(cells.some((c) => String(c.value).includes('HYPERLINK')));
      assert.ok(cells.every((c) => c.type !== ExcelJS.ValueType.Formula));
      // Everything the organisation owns, one sheet per kind.
      const all = await owner.get('/my/export/all.xlsx');
      const wbAll = new ExcelJS.Workbook();
      await wbAll.xlsx.load(all.rawPayload as unknown as ArrayBuffer);
      assert.deepEqual(wbAll.worksheets.map((w) => w.name), ['取組', 'イベント', '教材', '注意喚起', '団体情報', 'メンバー', 'フィード', 'Webhook']);
      const members: string[] = [];
      wbAll.getWorksheet('メンバー')!.eachRow((row) => members.push(String(row.getCell(2).value)));
      assert.ok(members.includes('import@jnsa.example'));
      assert.ok(!members.includes('other@example.org'), "another organisation's member is not in the export");
      // Another organisation's export holds none of this organisation's entries.
      const theirs = await other.get('/my/export/initiatives.csv');
      assert.doesNotMatch(theirs.body, /HYPERLINK/);
    });

    test('the server answers while a large import is being confirmed', async () => {
      const rows = [INIT_HEADER, ...Array.from({ length: 4000 }, (_, i) => `R${i},応答テスト取組 ${i},概要 ${i},民間,高齢者; 中小企業,イベント,東京都; 大阪府,https://example.jp/r/${i}`)].join('\n');
      const p = await upload(owner, 'initiatives', 'large.csv', rows);
      assert.deepEqual(counts(p.res), { 新規登録: 4000, 更新: 0, 変更なし: 0, 取込み不可: 0 });
      let finished = false;
      const confirming = confirm(owner, p.url!).then((r) => {
        finished = true;
        return r;
      });
      const answered: number[] = [];
      let pagesDuring = 0;
      // Health never waits for the import's transaction. On PostgreSQL pages that read the database are served
      // from other connections meanwhile; on SQLite they wait for its one connection (README, OPERATIONS.md).
      const reader = new Client(t.app, '127.0.0.9');
      const pages = (async () => {
        for (let i = 0; !finished && dialect === 'postgres'; i++) {
          const r = await reader.get(`/initiatives?q=${encodeURIComponent(`応答${i}`)}`);
          assert.equal(r.statusCode, 200);
          if (!finished) pagesDuring++;
        }
      })();
      while (!finished) {
        const started = performance.now();
        const r = await t.app.inject({ method: 'GET', url: '/health/live' });
        if (!finished) answered.push(performance.now() - started);
        assert.equal(r.statusCode, 200);
        await new Promise((res) => setImmediate(res));
      }
      await pages;
      assert.equal((await confirming).statusCode, 303);
      assert.ok(answered.length >= 3, `only ${answered.length} answers during the import`);
      if (dialect === 'postgres') assert.ok(pagesDuring >= 1, 'no catalogue page was served while the import ran');
    });
  });
}
