// KPIs over HTTP on SQLite and PostgreSQL: the program office sets a target (CSRF, validation in ja/en,
// administrators only, audited) and the public KPI page shows it with a status computed from the
// published figures; a strategy measure's implementation status is set and shown on the public tree.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../test/support/app.ts';
import { Client, createUser, signIn } from '../../test/support/client.ts';
import { testDialects } from '../../test/support/databases.ts';
import { FIXTURE } from '../../test/support/fixture.ts';
import { listAudit } from '../audit/audit.ts';
import { INDICATORS } from './indicators.ts';
import { targetsFor } from './repository.ts';

/** Asserts without printing a whole page when it fails. */
function has(body: string, re: RegExp, msg?: string) {
  assert.ok(re.test(body), msg ?? `expected the page to match ${re}`);
}
function hasNot(body: string, re: RegExp, msg?: string) {
  assert.ok(!re.test(body), msg ?? `expected the page not to match ${re}`);
}

for (const dialect of testDialects()) {
  describe(`KPIs and strategy measures (${dialect})`, () => {
    let t: TestApp;
    let adm: Client;
    let member: Client;

    before(async () => {
      t = await startTestApp(dialect, FIXTURE);
      const admin = await createUser(t.db.handle, { email: 'kpi-admin@office.example', displayName: '評価 花子', role: 'admin', totp: true });
      adm = new Client(t.app);
      await signIn(adm, admin);
      const m = await createUser(t.db.handle, { email: 'kpi-member@example.org', role: 'member' });
      member = new Client(t.app);
      await signIn(member, m);
    });
    after(async () => t?.close());

    test('the registry: every indicator has a unique key, both languages, a unit and strategy measures', () => {
      const keys = new Set(INDICATORS.map((i) => i.key));
      assert.equal(keys.size, INDICATORS.length);
      assert.equal(INDICATORS.filter((i) => i.key.startsWith('personal_')).length, 9);
      assert.equal(INDICATORS.filter((i) => i.key.startsWith('firm_')).length, 5);
      for (const i of INDICATORS) {
        assert.ok(i.label.ja && i.label.en && i.measures.length, i.key);
        assert.ok(['percent', 'count', 'score'].includes(i.unit), i.key);
      }
    });

    test('only administrators reach the target page; a POST without the CSRF token is refused', async () => {
      assert.equal((await member.get('/admin/kpis')).statusCode, 403);
      const anon = new Client(t.app);
      const r = await anon.get('/admin/kpis');
      assert.equal(r.statusCode, 303, 'anonymous visitors are sent to sign in');
      await member.get('/');
      assert.equal((await member.post('/admin/kpis', { indicator: 'events_held', period: 'fy2026', target: '10', note: '' }, null)).statusCode, 403);
      assert.equal((await adm.post('/admin/kpis', { indicator: 'events_held', period: 'fy2026', target: '10', note: '' }, null)).statusCode, 403, 'no token');
      assert.equal((await targetsFor(t.db.handle.db, 'fy2026')).size, 0);
    });

    test('bad input is a 400 that says what to fix, in the page language, and stores nothing', async () => {
      await adm.get('/admin/kpis?period=fy2026');
      const ja = await adm.post('/admin/kpis', { indicator: 'personal_updates', period: 'fy2026', target: '120', note: '' });
      assert.equal(ja.statusCode, 400);
      has(ja.body, /この指標の目標は0から100の間で入力してください/);
      has(ja.body, /class="error-summary"/);
      await adm.get('/en/admin/kpis?period=fy2026');
      const en = await adm.post('/en/admin/kpis', { indicator: 'events_held', period: 'fy2026', target: 'many', note: '' });
      assert.equal(en.statusCode, 400);
      has(en.body, /The target must be a number/);
      has(en.body, /value="many"/, 'what was typed is kept');
      const unknown = await adm.post('/en/admin/kpis', { indicator: 'nope', period: 'fy1999x', target: '1', note: '' }, adm.csrf());
      assert.equal(unknown.statusCode, 400);
      has(unknown.body, /Choose an indicator from the list/);
      has(unknown.body, /Choose &quot;all time&quot; or a fiscal year|Choose "all time" or a fiscal year/);
      const frac = await adm.post('/en/admin/kpis', { indicator: 'events_held', period: 'fy2026', target: '2.5', note: '' }, adm.csrf());
      assert.equal(frac.statusCode, 400);
      has(frac.body, /A count target must be a whole number/);
      assert.equal((await targetsFor(t.db.handle.db, 'fy2026')).size, 0);
    });

    test('a valid target is saved (full-width digits and % accepted), replaced when set again, audited, and shown publicly', async () => {
      await adm.get('/admin/kpis?period=fy2026');
      const r = await adm.post('/admin/kpis', { indicator: 'personal_updates', period: 'fy2026', target: '６０．５％', note: '内閣府調査2018の水準から' });
      assert.equal(r.statusCode, 303);
      assert.equal(r.headers.location, '/admin/kpis?period=fy2026&done=saved');
      await adm.get('/admin/kpis?period=fy2026');
      const again = await adm.post('/admin/kpis', { indicator: 'personal_updates', period: 'fy2026', target: '65', note: '見直し' });
      assert.equal(again.statusCode, 303);
      const targets = await targetsFor(t.db.handle.db, 'fy2026');
      assert.equal(targets.size, 1);
      assert.equal(targets.get('personal_updates')!.target, 65);
      const audit = await listAudit(t.db.handle.db, { subjectKind: 'kpi_target' });
      assert.equal(audit.length, 2);
      assert.deepEqual(audit[0]!.before, { indicator: 'personal_updates', period: 'fy2026', target: 60.5, note: '内閣府調査2018の水準から' });
      assert.equal(audit[0]!.actorName, '評価 花子');

      const pub = await new Client(t.app).get('/dashboard/kpis?period=fy2026');
      assert.equal(pub.statusCode, 200);
      const row = /<tr id="kpi-personal_updates">([\s\S]*?)<\/tr>/.exec(pub.body)![1]!;
      has(row, /65\.0%/);
      // No self-checks stored: the value is not published, never read as 0 nor "behind".
      has(row, /非公表/);
      hasNot(row, /遅れ/);
      const en = await new Client(t.app).get('/en/dashboard/kpis?period=fy2026');
      has(en.body, /Not published/);
      has(en.body, /How the status is decided/);
    });

    test('a bad period in the query is a 400 page in the user\'s language, never a 500', async () => {
      const ja = await new Client(t.app).get('/dashboard/kpis?period=2026');
      assert.equal(ja.statusCode, 400);
      has(ja.body, /期間は「all」/);
      const en = await new Client(t.app).get('/en/dashboard/measures?period=fy20');
      assert.equal(en.statusCode, 400);
      has(en.body, /The period must be/);
    });

    test('a strategy measure\'s implementation status is set (validated, audited) and shown on the public tree', async () => {
      assert.equal((await member.get('/admin/measures')).statusCode, 403);
      await adm.get('/admin/measures/participation');
      const bad = await adm.post('/admin/measures/participation', { status: 'finished', note_ja: '', note_en: '' });
      assert.equal(bad.statusCode, 400);
      has(bad.body, /実施状況を選んでください/);
      assert.equal((await adm.post('/admin/measures/no-such-measure', { status: 'implemented', note_ja: '', note_en: '' }, adm.csrf())).statusCode, 404);
      await adm.get('/admin/measures/participation');
      const ok = await adm.post('/admin/measures/participation', { status: 'in_progress', note_ja: '2026年度から地域での研修を開始', note_en: 'Regional training started in FY2026' });
      assert.equal(ok.statusCode, 303);
      const audit = await listAudit(t.db.handle.db, { subjectKind: 'strategy_measure' });
      assert.equal(audit.length, 1);
      assert.equal(audit[0]!.action, 'measure_status_set');

      const ja = await new Client(t.app).get('/dashboard/measures');
      assert.equal(ja.statusCode, 200);
      has(ja.body, /全員参加による協働/);
      has(ja.body, /実施中/);
      has(ja.body, /2026年度から地域での研修を開始/);
      has(ja.body, /未登録/, 'measures without a recorded status say so');
      const en = await new Client(t.app).get('/en/dashboard/measures?period=all');
      has(en.body, /In progress/);
      has(en.body, /Regional training started in FY2026/);
    });
  });
}
