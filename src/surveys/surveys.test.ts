// External survey figures: the shipped baseline, CSV checks reported by line (and nothing half-imported),
// BOM and Japanese headers, re-import updating, the figure for the API, and /admin/surveys over HTTP.
// Runs on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { renderToString } from 'preact-render-to-string';
import { startTestApp, type TestApp } from '../../test/support/app.ts';
import { Client, createUser, signIn } from '../../test/support/client.ts';
import { createTestDatabase, testDialects, type TestDatabase } from '../../test/support/databases.ts';
import { FIXTURE } from '../../test/support/fixture.ts';
import { postMultipart } from '../../test/support/multipart.ts';
import { parseSurveyCsv } from './csv.ts';
import { SURVEY_FIGURES } from './figures.ts';
import { listSurveyValues, surveyFiguresFor } from './repository.ts';
import { importSurveyCsv, seedBaselineSurveys } from './service.ts';
import { SurveyComparison } from './views.tsx';

const NOW = '2026-11-26T03:00:00.000Z';
const HEADER = 'survey,year,question,audience,value,sample_size,source';
const NAIKAKU = 'インターネットの安全・安心に関する世論調査';

test('a file with three bad rows reports exactly their lines and columns', () => {
  const csv = [
    HEADER,
    'A調査,2020,設問1,seniors,40.0,500,出典A', // line 2: fine
    'A調査,2020,設問2,elderly,40.0,500,出典A', // line 3: unknown audience
    'A調査,2020,設問3,youth,12,500,出典A', // line 4: fine
    'A調査,2020,設問4,youth,120,500,出典A', // line 5: value above 100
    'A調査,2020,設問5,youth,"1,5",500,出典A', // line 6: fine? no: "1,5" is 15 after removing separators
    'A調査,2020,設問6,youth,7,,出典A', // line 7: fine (unknown sample size)
    'A調査,二〇二〇,設問7,youth,7,10,出典A', // line 8: year not a year
    'A調査,2020,設問1,seniors,41.0,500,出典A', // line 9: duplicate of line 2
    'A調査,2020,設問8,youth,7,10,', // line 10: missing source
  ].join('\n');
  const r = parseSurveyCsv(Buffer.from(csv));
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.deepEqual(
    r.issues.map((i) => [i.line, i.column]),
    [
      [3, 'audience'],
      [5, 'value'],
      [8, 'year'],
      [9, null],
      [10, 'source'],
    ],
  );
  assert.match(r.issues[3]!.message.ja, /2行目と同じ/);
  assert.match(r.issues[1]!.message.en, /not between 0 and 100/);
});

test('a quoted value spanning two lines does not shift the line numbers after it', () => {
  const r = parseSurveyCsv(Buffer.from(`${HEADER}\n"B調査\n（改行あり）",2020,設問,youth,5,10,出典\nB調査,2020,設問,nobody,5,10,出典\n`));
  assert.equal(r.ok, false);
  if (!r.ok) assert.deepEqual(r.issues.map((i) => i.line), [4]);
});

test('file-level problems: not UTF-8, missing column, no rows, too large', () => {
  const sjis = Buffer.from([0x92, 0xb2, 0x8d, 0xb8, 0x2c, 0x0a]); // 調査, in Shift_JIS
  const notUtf8 = parseSurveyCsv(sjis);
  assert.ok(!notUtf8.ok && /UTF-8/.test(notUtf8.issues[0]!.message.ja));
  const missing = parseSurveyCsv(Buffer.from('survey,year,question,audience,value,source\nA,2020,Q,youth,5,S\n'));
  assert.ok(!missing.ok && missing.issues.some((i) => i.column === 'sample_size'));
  const empty = parseSurveyCsv(Buffer.from(`${HEADER}\n`));
  assert.ok(!empty.ok && /値の行がありません/.test(empty.issues[0]!.message.ja));
  const big = parseSurveyCsv(Buffer.alloc(2 * 1024 * 1024 + 1, 0x41));
  assert.ok(!big.ok && /2 MB/.test(big.issues[0]!.message.en));
});

for (const dialect of testDialects()) {
  describe(`survey figures (${dialect})`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await createTestDatabase(dialect);
    });
    after(async () => t?.cleanup());

    test('the shipped baseline imports once, with its known values and empty sample sizes left empty', async () => {
      assert.equal(await seedBaselineSurveys(t.handle, NOW), 23);
      assert.equal(await seedBaselineSurveys(t.handle, NOW), 0, 'a second start imports nothing');
      const all = await listSurveyValues(t.handle.db);
      assert.equal(all.length, 23);
      const none = all.find((f) => f.survey === NAIKAKU && f.year === 2018 && f.question === 'セキュリティ対策をしていない');
      assert.equal(none?.value, 16.9);
      assert.equal(none?.sampleSize, 1666);
      assert.equal(none?.fieldwork, '2018-09-20/2018-09-30');
      const fears = all.filter((f) => f.question.startsWith('不安の内容'));
      assert.deepEqual(fears.map((f) => f.sampleSize), [1287, 1287, 1287, 1287]);
      const ipa = all.filter((f) => f.source.includes('IPA') && f.unit === 'percent');
      assert.equal(ipa.length, 7);
      assert.ok(ipa.every((f) => f.sampleSize === null), 'IPA sample sizes are not in the reference: not invented');
      const software = await surveyFiguresFor(t.handle, { measure: 'personal:5' });
      assert.deepEqual(software.map((f) => [f.year, f.value]), [[2017, 58.5], [2019, 55.1]]);
      // A figure about individuals is shown for each individual audience, never for firms.
      assert.equal((await surveyFiguresFor(t.handle, { audience: 'seniors' })).length, 21, '20 about individuals, 1 about everyone');
      assert.deepEqual((await surveyFiguresFor(t.handle, { audience: 'sme' })).map((f) => f.value).sort(), [1064, 1117, 302]);
    });

    test('a file with a bad row stores nothing at all', async () => {
      const before = (await listSurveyValues(t.handle.db)).length;
      const r = await importSurveyCsv(t.handle, { bytes: `${HEADER}\nC調査,2021,設問,youth,5,10,出典\nC調査,2021,設問2,youth,500,10,出典\n`, fileName: 'bad.csv', actor: null, now: NOW });
      assert.equal(r.ok, false);
      assert.equal((await listSurveyValues(t.handle.db)).length, before);
      const imports = await t.handle.db.selectFrom('survey_imports').select('file_name').execute();
      assert.ok(!imports.some((i) => i.file_name === 'bad.csv'));
    });

    test('BOM, Japanese headers, full-width digits and "58.5%" are accepted; re-importing updates instead of duplicating', async () => {
      const csv = '\ufeff調査,年,設問,対象,値,標本数,出典\r\nD調査,２０２２,対策をしている,高齢者,５８．５％,"１,２００",D出典\r\nD調査,2022年,対策をしていない,youth,41.5%,,D出典\r\n';
      const r = await importSurveyCsv(t.handle, { bytes: Buffer.from(csv), fileName: 'jp.csv', actor: null, now: NOW });
      assert.deepEqual(r.ok && [r.rowCount, r.inserted, r.updated], [2, 2, 0]);
      let d = (await listSurveyValues(t.handle.db)).filter((f) => f.survey === 'D調査');
      assert.deepEqual(d.map((f) => [f.year, f.audience, f.value, f.sampleSize]), [[2022, 'seniors', 58.5, 1200], [2022, 'youth', 41.5, null]]);

      const again = await importSurveyCsv(t.handle, { bytes: `${HEADER}\nD調査,2022,対策をしている,seniors,60.2,1300,D出典（改訂）\n`, fileName: 'jp2.csv', actor: null, now: NOW });
      assert.deepEqual(again.ok && [again.inserted, again.updated], [0, 1]);
      d = (await listSurveyValues(t.handle.db)).filter((f) => f.survey === 'D調査');
      assert.equal(d.length, 2);
      assert.deepEqual([d[0]!.value, d[0]!.sampleSize, d[0]!.source], [60.2, 1300, 'D出典（改訂）']);
    });

    test('the published figure is labelled as a survey source, percentages only, and the table says so on every row', async () => {
      const table = await SURVEY_FIGURES[0]!.build(t.handle, { measure: 'personal:1' });
      assert.equal(table.source.kind, 'survey');
      assert.deepEqual(table.rows.map((r) => r.cells[0]!.value), [51.5, 50.8]);
      assert.ok(table.rows.every((r) => r.cells[1]!.value === null));
      const html = renderToString(SurveyComparison({ locale: 'en', rows: await surveyFiguresFor(t.handle, { measure: 'personal:5' }) })!);
      assert.match(html, /<caption>Other surveys \(a different source\)<\/caption>/);
      assert.equal((html.match(/情報処理推進機構/g) ?? []).length, 2, 'the source on each row');
      assert.match(html, /58\.5%/);
      assert.match(html, /Not given/);
      const ja = renderToString(SurveyComparison({ locale: 'ja', rows: await surveyFiguresFor(t.handle, { measure: 'personal:5' }) })!);
      assert.match(ja, /他の調査の結果（出典が異なります）/);
    });
  });

  describe(`/admin/surveys (${dialect})`, () => {
    let t: TestApp;
    let adm: Client;
    before(async () => {
      t = await startTestApp(dialect, FIXTURE);
      const admin = await createUser(t.db.handle, { email: 'admin-surveys@office.example', displayName: '調査 花子', role: 'admin', totp: true });
      adm = new Client(t.app);
      await signIn(adm, admin);
    });
    after(async () => t?.close());

    const count = async () => (await listSurveyValues(t.db.handle.db)).length;

    test('the baseline is there from the first start, and the page lists it with the template to download', async () => {
      assert.equal(await count(), 23);
      const page = await adm.get('/admin/surveys');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /16\.9%/);
      assert.match(page.body, /enctype="multipart\/form-data"/);
      const tpl = await adm.get('/admin/surveys/template.csv');
      assert.equal(tpl.statusCode, 200);
      assert.match(String(tpl.headers['content-type']), /text\/csv/);
      const parsed = parseSurveyCsv(tpl.rawPayload);
      assert.ok(parsed.ok && parsed.rows.length === 1, 'the template itself imports');
    });

    test('an upload with CSRF imports and audits; bad rows are listed by line and nothing is stored', async () => {
      await adm.get('/admin/surveys');
      const good = await postMultipart(adm, '/admin/surveys', [
        { name: '_csrf', value: adm.csrf() },
        { name: 'file', filename: 'e.csv', contentType: 'text/csv', data: `${HEADER}\nE調査,2023,設問,sme,33.3,300,E出典\n` },
      ]);
      assert.equal(good.statusCode, 303);
      const result = await adm.get(String(good.headers.location).replace(/#.*$/, ''));
      assert.match(result.body, /「e\.csv」の1行を取り込みました（新規1件、更新0件）/);
      assert.equal(await count(), 24);
      const audit = await t.db.handle.db.selectFrom('audit_events').selectAll().where('subject_kind', '=', 'survey_import').where('action', '=', 'survey_imported').where('actor_name', '=', '調査 花子').execute();
      assert.equal(audit.length, 1);

      await adm.get('/en/admin/surveys');
      const bad = await postMultipart(adm, '/en/admin/surveys', [
        { name: '_csrf', value: adm.csrf() },
        { name: 'file', filename: 'f.csv', data: `${HEADER}\nF調査,2023,Q1,sme,1,3,S\nF調査,2023,Q2,martians,1,3,S\nF調査,2023,Q3,sme,1,3,S\nF調査,2023,Q4,sme,101,3,S\n` },
      ]);
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /Line 3, column audience: Unknown audience &quot;martians&quot;|Line 3, column audience: Unknown audience "martians"/);
      assert.match(bad.body, /Line 5, column value/);
      assert.match(bad.body, /Nothing was stored/);
      assert.equal(await count(), 24);
    });

    test('without the CSRF token nothing is stored; a non-administrator gets 403', async () => {
      const forged = await postMultipart(adm, '/admin/surveys', [{ name: 'file', filename: 'g.csv', data: `${HEADER}\nG調査,2023,Q,sme,1,3,S\n` }]);
      assert.equal(forged.statusCode, 403);
      assert.equal(await count(), 24);

      const member = await createUser(t.db.handle, { email: 'member-surveys@example.org', role: 'member' });
      const c = new Client(t.app);
      await signIn(c, member);
      assert.equal((await c.get('/admin/surveys')).statusCode, 403);
      await c.get('/my/account');
      const post = await postMultipart(c, '/admin/surveys', [
        { name: '_csrf', value: c.csrf() },
        { name: 'file', filename: 'h.csv', data: `${HEADER}\nH調査,2023,Q,sme,1,3,S\n` },
      ]);
      assert.equal(post.statusCode, 403);
      assert.equal(await count(), 24);
    });
  });
}
