// Evaluation reports over HTTP on SQLite and PostgreSQL: a draft is visible only to the office; issuing
// freezes the figures and KPIs, so results added afterwards do not change the issued report; an issued
// report refuses edits; a correction is a new report that names the one it replaces.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../test/support/app.ts';
import { Client, createUser, signIn } from '../../test/support/client.ts';
import { testDialects } from '../../test/support/databases.ts';
import { FIXTURE } from '../../test/support/fixture.ts';
import { listAudit } from '../audit/audit.ts';
import { fiscalYearOf } from '../kpis/status.ts';
import { loadReport } from './repository.ts';

const FY = fiscalYearOf(new Date());

/** n personal checks answered "yes" to the first measure and "no" to the rest, this fiscal year. */
async function record(t: TestApp, n: number, first: 'y' | 'n') {
  const day = new Date().toISOString().slice(0, 10);
  await Promise.all(Array.from({ length: n }, () => t.app.checkResults.record({ check: 'personal', definitionVersion: null, answers: first + 'nnnnnnnn', score: null, completedOn: day, ageBand: '30s', prefecture: '13' })));
}

function firstKpiRow(body: string): string {
  return /<tr id="kpi-personal_updates">([\s\S]*?)<\/tr>/.exec(body)?.[1] ?? '';
}

/** Asserts without printing a whole page when it fails. */
function has(body: string, re: RegExp, msg?: string) {
  assert.ok(re.test(body), msg ?? `expected the page to match ${re}`);
}
function hasNot(body: string, re: RegExp, msg?: string) {
  assert.ok(!re.test(body), msg ?? `expected the page not to match ${re}`);
}

for (const dialect of testDialects()) {
  describe(`evaluation reports (${dialect})`, () => {
    let t: TestApp;
    let adm: Client;
    let member: Client;
    let reportId = 0;

    before(async () => {
      t = await startTestApp(dialect, FIXTURE);
      const admin = await createUser(t.db.handle, { email: 'report-admin@office.example', displayName: '報告 一郎', role: 'admin', totp: true });
      adm = new Client(t.app);
      await signIn(adm, admin);
      const m = await createUser(t.db.handle, { email: 'report-member@example.org' });
      member = new Client(t.app);
      await signIn(member, m);
      // 25 people, 15 of whom keep their software up to date: 60.0 % (both groups at least 10, so published).
      await record(t, 15, 'y');
      await record(t, 10, 'n');
    });
    after(async () => t?.close());

    test('only administrators manage reports; creating needs the CSRF token and valid choices (ja/en)', async () => {
      assert.equal((await member.get('/admin/reports')).statusCode, 403);
      await adm.get('/admin/reports');
      assert.equal((await adm.post('/admin/reports', { kind: 'year', fiscal_year: String(FY) }, null)).statusCode, 403);
      await adm.get('/admin/reports');
      const bad = await adm.post('/admin/reports', { kind: 'campaign', campaign_id: '999999' });
      assert.equal(bad.statusCode, 400);
      has(bad.body, /キャンペーンを一覧から選んでください/);
      await adm.get('/en/admin/reports');
      const badEn = await adm.post('/en/admin/reports', { kind: 'year', fiscal_year: '1990' });
      assert.equal(badEn.statusCode, 400);
      has(badEn.body, /Choose a fiscal year \(2019 or later\)/);
    });

    test('a draft is written in both languages, visible to the office, and 404 to the public', async () => {
      await adm.get('/admin/reports');
      const created = await adm.post('/admin/reports', { kind: 'year', fiscal_year: String(FY) });
      assert.equal(created.statusCode, 303);
      reportId = Number(/\/admin\/reports\/(\d+)/.exec(created.headers.location as string)![1]);
      await adm.get(`/admin/reports/${reportId}`);
      const saved = await adm.post(`/admin/reports/${reportId}`, {
        assessment_ja: 'アップデートの実践は目標に届いた。\n\n高齢層の回答が少ない。',
        assessment_en: 'Keeping software up to date met its target.\n\nFew answers from older people.',
        revisions_ja: '高齢層向けの講座を増やす。',
        revisions_en: 'More sessions for older people.',
      });
      assert.equal(saved.statusCode, 303);
      assert.equal((await new Client(t.app).get(`/reports/${reportId}`)).statusCode, 404);
      assert.equal((await member.get(`/en/reports/${reportId}`)).statusCode, 404);
      assert.doesNotMatch((await new Client(t.app).get('/reports')).body, new RegExp(`/reports/${reportId}"`));
      const preview = await adm.get(`/admin/reports/${reportId}/preview`);
      assert.equal(preview.statusCode, 200);
      has(preview.body, /プレビューです（未発行）/);
      has(preview.body, /高齢層の回答が少ない。/);
    });

    test('issuing freezes the snapshot; results added later do not change the issued report', async () => {
      await adm.get(`/admin/kpis?period=fy${FY}`);
      assert.equal((await adm.post('/admin/kpis', { indicator: 'personal_updates', period: `fy${FY}`, target: '50', note: '' })).statusCode, 303);
      await adm.get(`/admin/kpis?period=fy${FY}`);
      assert.equal((await adm.post('/admin/kpis', { indicator: 'personal_passwords', period: `fy${FY}`, target: '90', note: '' })).statusCode, 303);
      await adm.get(`/admin/reports/${reportId}`);
      const issued = await adm.post(`/admin/reports/${reportId}/issue`, {});
      assert.equal(issued.statusCode, 303);
      assert.equal(issued.headers.location, `/reports/${reportId}`);

      const page = await new Client(t.app).get(`/reports/${reportId}`);
      assert.equal(page.statusCode, 200);
      has(page.body, /60\.0%/, 'the KPI value at issue time');
      has(firstKpiRow(page.body), /達成/, '60.0 % meets the target of 50 %');
      has(/<tr id="kpi-personal_passwords">([\s\S]*?)<\/tr>/.exec(page.body)![1]!, /0\.0%[\s\S]*遅れ/, 'nobody manages passwords: 0 % against 90 % is behind');
      has(page.body, /<p class="report-text">アップデートの実践は目標に届いた。<\/p>\s*<p class="report-text">高齢層の回答が少ない。<\/p>/);
      has(page.body, /サイバーセキュリティ意識・行動強化プログラム 事務局/);
      hasNot(page.body, /報告 一郎/, 'the public page names the office, not a person');
      has(page.body, /<svg/, 'charts as SVG');
      const en = await new Client(t.app).get(`/en/reports/${reportId}`);
      has(en.body, /Keeping software up to date met its target\./);
      assert.match((await new Client(t.app).get('/reports')).body, new RegExp(`/reports/${reportId}"`));

      const snapshotBefore = (await loadReport(t.db.handle.db, reportId))!.snapshot;
      // 20 more people who do not update: the live figure falls to 33.3 %.
      await record(t, 20, 'n');
      const live = await new Client(t.app).get(`/dashboard/kpis?period=fy${FY}`);
      has(firstKpiRow(live.body), /33\.3%[\s\S]*遅れ/, 'live: now behind');
      const after = await new Client(t.app).get(`/reports/${reportId}`);
      has(firstKpiRow(after.body), /60\.0%[\s\S]*達成/, 'the issued report still says achieved');
      hasNot(after.body, /33\.3%/);
      assert.deepEqual((await loadReport(t.db.handle.db, reportId))!.snapshot, snapshotBefore);
      const audit = await listAudit(t.db.handle.db, { subjectKind: 'report', subjectId: reportId });
      assert.deepEqual(audit.map((a) => a.action).reverse(), ['report_created', 'report_edited', 'report_issued']);
    });

    test('an issued report refuses edits and a second issue, with a message; a correction names the report it replaces', async () => {
      await adm.get(`/admin/reports/${reportId}`);
      const csrf = adm.csrf();
      const edit = await adm.post(`/admin/reports/${reportId}`, { assessment_ja: '書き換え', assessment_en: 'rewritten', revisions_ja: '', revisions_en: '' }, csrf);
      assert.equal(edit.statusCode, 409);
      has(edit.body, /この報告書は発行済みのため変更できません/);
      const again = await adm.post(`/admin/reports/${reportId}/issue`, {}, csrf);
      assert.equal(again.statusCode, 409);
      assert.equal((await loadReport(t.db.handle.db, reportId))!.assessment.ja, 'アップデートの実践は目標に届いた。\n\n高齢層の回答が少ない。');

      await adm.get('/admin/reports');
      const corr = await adm.post('/admin/reports', { kind: 'year', fiscal_year: String(FY), replaces_id: String(reportId) });
      assert.equal(corr.statusCode, 303);
      const corrId = Number(/\/admin\/reports\/(\d+)/.exec(corr.headers.location as string)![1]);
      await adm.get(`/admin/reports/${corrId}`);
      assert.equal((await adm.post(`/admin/reports/${corrId}/issue`, {})).statusCode, 303);
      const corrected = await new Client(t.app).get(`/reports/${corrId}`);
      has(corrected.body, /訂正版/);
      has(corrected.body, new RegExp(`href="/reports/${reportId}"`));
      has(corrected.body, /33\.3%/, 'the correction carries the figures of its own issue date');
      const old = await new Client(t.app).get(`/reports/${reportId}`);
      has(old.body, /この報告書は訂正されました/);
      has(old.body, new RegExp(`href="/reports/${corrId}"`));
    });

    test('a campaign report can be created from a seeded campaign', async () => {
      const c = await t.db.handle.db.selectFrom('campaigns').select(['id', 'title_ja']).orderBy('id').executeTakeFirstOrThrow();
      await adm.get('/admin/reports');
      const r = await adm.post('/admin/reports', { kind: 'campaign', campaign_id: String(c.id) });
      assert.equal(r.statusCode, 303);
      const id = Number(/\/admin\/reports\/(\d+)/.exec(r.headers.location as string)![1]);
      const page = await adm.get(`/admin/reports/${id}/preview`);
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes(c.title_ja), 'the campaign is named');
    });
  });
}
