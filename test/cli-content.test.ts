// `content import|export|template` as an operator runs it: real processes (`node --import tsx src/cli.ts …`),
// stdout and stderr captured, on SQLite and PostgreSQL. Processes cost about a second each to start, so each
// test starts the ones that do not depend on each other together.
// - a dry run lists the counts and every refused row by line and column in both languages, exits 1 for a bad
//   row and writes nothing, even with --yes;
// - who may import: --as a member of another organisation, a member without --org, an unknown --org;
// - --yes writes (Japanese era dates and full-width digits read), entries go to review, the audit trail names the
//   --as account; the same sheet again changes nothing; a program-office sheet across two organisations;
// - export: a UTF-8 BOM, a formula-looking title neutralised, and importing the export again finds every row
//   unchanged (CSV and xlsx);
// - exit codes 0 / 1 / 2.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { seedCatalogue } from '../src/seed/seed.ts';
import { createUser, organisationIdBySlug } from './support/client.ts';
import { createTestDatabase, testDialects, type TestDatabase } from './support/databases.ts';
import { FIXTURE } from './support/fixture.ts';

const ROOT = new URL('..', import.meta.url).pathname;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli.ts'), ...args], { cwd: ROOT, env: { ...process.env, LASTMILE_PROGRESS: undefined, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const show = (r: Run) => `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;

const csv = (rows: string[][]) => rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n') + '\r\n';

const BAD = csv([
  ['id', 'titleJa', 'summaryJa', 'sector', 'audiences', 'methods', 'prefectures'],
  ['B-1', '正しい行の講座', '公民館で月1回開きます。', '民間', '高齢者', 'イベント', '東京都'],
  ['B-2', '対象が違う講座', '公民館で月1回開きます。', '民間', '宇宙人', 'イベント', '東京都'],
  ['B-3', '地域が違う講座', '公民館で月1回開きます。', '民間', '高齢者', 'イベント', '火星'],
]);

const EVENTS = csv([
  ['id', 'titleJa', 'descriptionJa', 'startDate', 'startTime', 'endTime', 'attendance', 'venueJa', 'prefecture', 'feeYen', 'capacity', 'audiences'],
  ['EV-1', '親子で学ぶネット安全教室', 'スマートフォンの設定を一緒に確認します。', '令和9年2月1日', '13:30', '15:00', '会場', '市民会館 3階', '東京都', '０', '４０', '高齢者'],
  ['EV-2', 'オンライン詐欺対策セミナー', '最近の手口を紹介します。', '２０２７年３月１５日', '１０：００', '１１：３０', 'オンライン', '', '', '１，０００', '', '若年層; 就労世代'],
]);

// A program-office sheet: each row names its organisation; one title looks like a formula.
const OFFICE = csv([
  ['id', 'organisation', 'titleJa', 'titleEn', 'summaryJa', 'sector', 'audiences', 'methods', 'prefectures'],
  ['OFF-1', 'ipa', '=1+1 詐欺対策講座', 'Fraud class', '電話で「還付金がある」と言われたときの対応を練習します。', '公的機関', '高齢者; 就労世代', 'イベント', '東京都; 神奈川県'],
  ['OFF-2', 'npa', 'ネット詐欺相談会', '', '相談を受け付けます。', '公的機関', '高齢者', '相談窓口', '全国'],
  ['OFF-3', 'ipa', '中小企業のセキュリティ診断', '', '自己診断の道具を配ります。', '公的機関', '中小企業', 'ツール', '大阪府'],
]);

for (const dialect of testDialects()) {
  describe(`content import and export on the command line, ${dialect}`, () => {
    let d: TestDatabase;
    let env: Record<string, string>;
    const dir = mkdtempSync(join(tmpdir(), 'lastmile-cli-content-'));
    const file = (name: string, text?: string) => {
      const p = join(dir, name);
      if (text !== undefined) writeFileSync(p, text);
      return p;
    };
    const items = async () => Number((await d.handle.db.selectFrom('content_items').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    let member: { id: number };

    before(async () => {
      d = await createTestDatabase(dialect);
      await seedCatalogue(d.handle, FIXTURE, '2026-11-01T00:00:00.000Z');
      env = { DATABASE_URL: d.url, UPLOAD_DIR: join(dir, 'uploads'), SMTP_URL: 'log' };
      member = await createUser(d.handle, { email: 'member@jnsa.example.jp', displayName: '会員 一郎', organisationId: await organisationIdBySlug(d.handle, 'jnsa') });
      await createUser(d.handle, { email: 'member@ipa.example.jp', organisationId: await organisationIdBySlug(d.handle, 'ipa') });
      await createUser(d.handle, { email: 'moderator@example.jp', displayName: '事務局 花子', role: 'admin' });
    });
    after(async () => {
      await d?.cleanup();
      rmSync(dir, { recursive: true, force: true });
    });

    test('a bad row: the dry run lists it by line and column in both languages, exit 1; nothing is written, even with --yes; who may import', async () => {
      const bad = file('bad.csv', BAD);
      const before = await items();
      const as = ['--as', 'member@jnsa.example.jp'];
      const [dry, yes, otherOrg, noOrg] = await Promise.all([
        cli(['content', 'import', 'initiatives', bad, ...as, '--org', 'jnsa'], env),
        cli(['content', 'import', 'initiatives', bad, ...as, '--org', 'jnsa', '--yes'], env),
        cli(['content', 'import', 'initiatives', bad, '--as', 'member@ipa.example.jp', '--org', 'jnsa', '--yes'], env),
        cli(['content', 'import', 'initiatives', bad, ...as], env),
      ]);
      for (const r of [dry, yes]) {
        assert.equal(r.code, 1, show(r));
        assert.match(r.stdout, /bad\.csv \(initiatives, csv, utf-8\): 3 rows — 1 new, 0 updated, 0 unchanged, 2 refused/);
        const line3 = r.stdout.split('\n').find((l) => l.includes('line 3, column "対象": '));
        assert.ok(line3 && /[a-z]{3}.* \/ .*[\u3040-\u30ff]/.test(line3), `line 3's audience named in English and Japanese:\n${r.stdout}`);
        assert.match(r.stdout, /line 4, column "実施地域": /);
        assert.doesNotMatch(r.stdout, /line 2,/, 'the good row is not listed as a problem');
        assert.match(r.stderr, /2 rows are refused .*nothing was written/);
      }
      assert.equal(otherOrg.code, 1, show(otherOrg));
      assert.match(otherOrg.stderr, /member@ipa\.example\.jp does not belong to the organisation "jnsa"/);
      assert.equal(noOrg.code, 1, show(noOrg));
      assert.match(noOrg.stderr, /not an administrator.*--org/);
      for (const r of [otherOrg, noOrg]) assert.equal(r.stdout, '', 'refused before anything was read');
      assert.equal(await items(), before, 'nothing written');
    });

    test('--yes writes to review under the --as account; the same sheets again change nothing; a program-office sheet across organisations; the export round-trips', async () => {
      const events = file('events.csv', EVENTS);
      const office = file('office.csv', OFFICE);
      const before = await items();
      const [ev, off] = await Promise.all([
        cli(['content', 'import', 'events', events, '--as', 'member@jnsa.example.jp', '--org', 'jnsa', '--yes'], env),
        cli(['content', 'import', 'initiatives', office, '--as', 'moderator@example.jp', '--yes'], env),
      ]);
      assert.equal(ev.code, 0, show(ev));
      assert.match(ev.stdout, /Imported events\.csv as member@jnsa\.example\.jp: 2 new, 0 updated, 0 unchanged; 2 sent to review/);
      assert.equal(off.code, 0, show(off));
      assert.match(off.stdout, /3 new, 0 updated, 0 unchanged; 3 sent to review/);
      assert.equal(await items(), before + 5);

      const rows = await d.handle.db
        .selectFrom('content_items as i')
        .innerJoin('content_revisions as r', 'r.id', 'i.working_revision_id')
        .innerJoin('organisations as o', 'o.id', 'i.owner_organisation_id')
        .select(['i.id', 'i.kind', 'o.slug', 'r.status', 'r.payload', 'i.is_public'])
        .orderBy('i.id')
        .execute();
      const byTitle = new Map(rows.map((r) => [JSON.parse(r.payload).titleJa as string, { ...r, payload: JSON.parse(r.payload) }]));
      const ev1 = byTitle.get('親子で学ぶネット安全教室')!;
      const ev2 = byTitle.get('オンライン詐欺対策セミナー')!;
      assert.equal(ev1.payload.startDate, '2027-02-01', '令和9年2月1日');
      assert.equal(ev1.payload.capacity, 40, 'full-width digits');
      assert.equal(ev2.payload.startDate, '2027-03-15');
      assert.equal(ev2.payload.startTime, '10:00');
      assert.equal(ev2.payload.feeYen, 1000);
      assert.deepEqual([ev1.slug, ev2.slug], ['jnsa', 'jnsa']);
      assert.deepEqual(['=1+1 詐欺対策講座', 'ネット詐欺相談会', '中小企業のセキュリティ診断'].map((t) => byTitle.get(t)?.slug), ['ipa', 'npa', 'ipa'], 'each row to the organisation it names');
      const imported = ['親子で学ぶネット安全教室', 'オンライン詐欺対策セミナー', '=1+1 詐欺対策講座', 'ネット詐欺相談会', '中小企業のセキュリティ診断'].map((t) => byTitle.get(t)!);
      assert.ok(imported.every((r) => r.status === 'submitted' && !r.is_public), 'in review, not public');
      const audit = await d.handle.db.selectFrom('audit_events').select(['actor_user_id', 'actor_name', 'action', 'note']).where('subject_kind', '=', 'content').where('subject_id', 'in', [ev1.id, ev2.id]).execute();
      assert.deepEqual(audit.map((a) => a.action).sort(), ['created', 'created', 'submitted', 'submitted']);
      assert.ok(audit.every((a) => a.actor_user_id === member.id && a.actor_name === '会員 一郎' && /events\.csv, line [23]/.test(a.note ?? '')), JSON.stringify(audit));

      // Again, and exports of what is there now.
      const ipaCsv = join(dir, 'ipa-initiatives.csv');
      const eventsXlsx = join(dir, 'jnsa-events.xlsx');
      const [evAgain, offAgain, exported, exportedXlsx, toStdout] = await Promise.all([
        cli(['content', 'import', 'events', events, '--as', 'member@jnsa.example.jp', '--org', 'jnsa', '--yes'], env),
        cli(['content', 'import', 'initiatives', office, '--as', 'moderator@example.jp', '--yes'], env),
        cli(['content', 'export', 'initiatives', '--org', 'ipa', '-o', ipaCsv], env),
        cli(['content', 'export', 'events', '--org', 'jnsa', '--lang', 'en', '-o', eventsXlsx], env),
        cli(['content', 'export', 'initiatives'], env),
      ]);
      for (const r of [evAgain, offAgain]) {
        assert.equal(r.code, 0, show(r));
        assert.match(r.stdout, / 0 new, 0 updated, \d unchanged, 0 refused/);
        assert.match(r.stdout, /Nothing to write: every row is unchanged/);
      }
      assert.equal(await items(), before + 5, 'nothing duplicated');
      assert.equal(exported.code, 0, show(exported));
      assert.match(exported.stdout, /Exported \d+ initiatives of ipa \(csv\) to .*ipa-initiatives\.csv/);
      const text = readFileSync(ipaCsv, 'utf8');
      assert.ok(text.startsWith('\ufeffID（管理番号）,'), 'UTF-8 BOM, Japanese column names');
      assert.ok(text.includes(",'=1+1 詐欺対策講座,"), 'the formula-looking title is neutralised');
      assert.match(text, /\r\nOFF-1,/, 'the organisation\'s own IDs');
      assert.equal(exportedXlsx.code, 0, show(exportedXlsx));
      assert.equal(readFileSync(eventsXlsx).subarray(0, 2).toString(), 'PK', 'an xlsx workbook');
      assert.equal(toStdout.code, 0, show(toStdout));
      assert.ok(toStdout.stdout.startsWith('\ufeff') && toStdout.stdout.includes(',団体（識別子）,'), 'all organisations: with the organisation column');
      assert.match(toStdout.stderr, /Exported \d+ initiatives \(csv\) to stdout/, 'the result line keeps out of the exported file');

      // Round trip: the exports, imported again, change nothing.
      const [csvBack, xlsxBack] = await Promise.all([
        cli(['content', 'import', 'initiatives', ipaCsv, '--as', 'member@ipa.example.jp', '--org', 'ipa', '--yes'], env),
        cli(['content', 'import', 'events', eventsXlsx, '--as', 'moderator@example.jp', '--org', 'jnsa'], env),
      ]);
      assert.equal(csvBack.code, 0, show(csvBack));
      // The organisation's catalogue entries came too, and round-trip like the imported ones.
      const ipaItems = rows.filter((r) => r.slug === 'ipa').length;
      assert.match(csvBack.stdout, /(\d+) rows — 0 new, 0 updated, \1 unchanged, 0 refused/);
      assert.match(csvBack.stdout, /Nothing to write/);
      assert.ok(ipaItems >= 2);
      assert.equal(xlsxBack.code, 0, show(xlsxBack));
      assert.match(xlsxBack.stdout, /\(events, xlsx\): 2 rows — 0 new, 0 updated, 2 unchanged, 0 refused/);
      assert.equal(await items(), before + 5);
    });
  });
}

describe('content commands: usage errors and templates (the same on either database)', () => {
  let d: TestDatabase;
  let env: Record<string, string>;
  const dir = mkdtempSync(join(tmpdir(), 'lastmile-cli-content-'));
  before(async () => {
    d = await createTestDatabase('sqlite');
    await seedCatalogue(d.handle, FIXTURE, '2026-11-01T00:00:00.000Z');
    await createUser(d.handle, { email: 'member@jnsa.example.jp', organisationId: await organisationIdBySlug(d.handle, 'jnsa') });
    env = { DATABASE_URL: d.url, UPLOAD_DIR: join(dir, 'uploads') };
  });
  after(async () => {
    await d?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  test('naming what does not exist or a wrong option is a usage error (exit 2); a template is written (exit 0)', async () => {
    const sheet = join(dir, 'bad.csv');
    writeFileSync(sheet, BAD);
    const as = ['--as', 'member@jnsa.example.jp'];
    const [unknownOrg, unknownAccount, badKind, missingAs, noFile, allWithoutOrg, template] = await Promise.all([
      cli(['content', 'import', 'initiatives', sheet, ...as, '--org', 'no-such-body'], env),
      cli(['content', 'import', 'initiatives', sheet, '--as', 'nobody@example.jp', '--org', 'jnsa'], env),
      cli(['content', 'import', 'courses', sheet, ...as], env),
      cli(['content', 'import', 'initiatives', sheet, '--org', 'jnsa'], env),
      cli(['content', 'import', 'initiatives', join(dir, 'absent.csv'), ...as, '--org', 'jnsa'], env),
      cli(['content', 'export', 'all', '--format', 'xlsx'], env),
      cli(['content', 'template', 'materials', '--office', '--lang', 'en'], env),
    ]);
    for (const r of [unknownOrg, unknownAccount, badKind, missingAs, noFile, allWithoutOrg]) {
      assert.equal(r.code, 2, show(r));
      assert.equal(r.stdout, '', 'nothing read, nothing written');
      assert.doesNotMatch(r.stderr, /\bat .*\.ts:\d+/, 'no stack trace');
    }
    assert.match(unknownOrg.stderr, /There is no organisation "no-such-body"/);
    assert.match(unknownAccount.stderr, /There is no account nobody@example\.jp \(--as\)/);
    assert.match(badKind.stderr, /'courses' is invalid/);
    assert.match(missingAs.stderr, /required option '--as <email>'/);
    assert.match(noFile.stderr, /no such file/);
    assert.match(allWithoutOrg.stderr, /--org/);
    assert.equal(template.code, 0, show(template));
    assert.ok(template.stdout.startsWith('\ufeffID,Organisation (identifier),Title (Japanese)'), template.stdout.slice(0, 80));
    assert.match(template.stderr, /Wrote the materials template \(csv, en\) to stdout/);
  });
});
