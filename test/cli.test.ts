// The operators' command line as an operator runs it: real processes (`node --import tsx src/cli.ts …`), stdin a
// pipe, stdout and stderr captured, on SQLite and PostgreSQL. Each process costs seconds to start, so each
// test starts its processes together and checks several things per run.
// - seed: an empty database is seeded; a second run refuses (exit 1) unless --if-empty (exit 0);
// - create-admin: the password from stdin, checked by the web's rules and worded as the web words them; the new
//   administrator signs in on the web and is sent to set up a second factor; an existing address is refused
//   unless --promote; the password is never echoed;
// - surveys import: the web's import (same checks), problems listed by line and column, exit 1, nothing stored;
// - progress: plain lines without escape codes when stderr is not a terminal, a bar when forced;
// - exit codes: unknown command or option and an invalid environment are usage errors (2).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PASSWORD_MESSAGES } from '../src/accounts/password.ts';
import { buildApp } from '../src/app.ts';
import { PLAIN_EVERY_MS, progressMode, startProgress } from '../src/cli/progress.ts';
import { createMailer } from '../src/mail/smtp.ts';
import { testConfig } from './support/app.ts';
import { Client, createUser } from './support/client.ts';
import { createTestDatabase, testDialects, type TestDatabase } from './support/databases.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const PASSWORD = 'うみがめ が 三匹 夜明けに 泳ぐ';
const ESC = '\u001b';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * One command line process; `input` is its stdin (a pipe, never a terminal). From another working directory it
 * runs as `npx lastmile` does (bin/lastmile.mjs loads tsx itself).
 */
function cli(args: string[], o: { env?: Record<string, string>; input?: string; cwd?: string } = {}): Promise<Run> {
  const env: Record<string, string | undefined> = { ...process.env, LASTMILE_PROGRESS: undefined, DATABASE_URL: undefined, ...o.env };
  const entry = o.cwd ? [join(ROOT, 'bin/lastmile.mjs')] : ['--import', 'tsx', join(ROOT, 'src/cli.ts')];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...entry, ...args], { cwd: o.cwd ?? ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(o.input ?? '');
  });
}

const show = (r: Run) => `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;

describe('progress display (the module, with fake streams and a fake clock)', () => {
  const capture = (isTTY: boolean) => {
    const chunks: string[] = [];
    return { chunks, stream: { isTTY, columns: 100, write: (c: string) => (chunks.push(c), true) } };
  };

  test('not a terminal: plain lines at most every 2 s with counts, rate and time left, then one final line', () => {
    const { chunks, stream } = capture(false);
    let t = 0;
    const p = startProgress({ label: 'import', total: 100_000, unit: 'rows' }, { stream, env: {}, now: () => t });
    for (let i = 0; i < 100; i++) {
      t += 250;
      p.tick(1000);
    }
    p.done('imported');
    const text = chunks.join('');
    assert.ok(!text.includes(ESC), 'no escape codes in a log');
    const lines = text.trimEnd().split('\n');
    // 25 s of work: a line every 2 s at most, and the final one.
    assert.ok(lines.length <= Math.ceil(25_000 / PLAIN_EVERY_MS) + 1 && lines.length >= 10, `${lines.length} lines`);
    assert.match(lines[0]!, /^import: 8000\/100000 rows \(8%\), 4000 rows\/s, about 23 s left$/);
    assert.equal(lines.at(-1), 'import: imported (100000 rows in 25 s)');
  });

  test('a terminal (or LASTMILE_PROGRESS=bar): a bar redrawn in place, ending on the summary', async () => {
    for (const [isTTY, env] of [[true, {}], [false, { LASTMILE_PROGRESS: 'bar' }]] as const) {
      const { chunks, stream } = capture(isTTY);
      const p = startProgress({ label: 'export', unit: 'bytes' }, { stream, env });
      p.setTotal(4 * 1024 * 1024);
      for (let i = 0; i < 4; i++) {
        await new Promise((r) => setTimeout(r, 120));
        p.tick(1024 * 1024);
      }
      p.done('written');
      const text = chunks.join('');
      assert.ok(text.includes(`${ESC}[`), 'cursor movements');
      assert.match(text, /export =+-*\s+\d.* MiB\/4\.0 MiB \(\d+%\)/);
      assert.match(text, /export: written \(4\.0 MiB in 0\.\d s\)/);
    }
  });

  test('LASTMILE_PROGRESS chooses; none writes nothing', () => {
    assert.equal(progressMode({ isTTY: true, write: () => true }, {}), 'bar');
    assert.equal(progressMode({ isTTY: false, write: () => true }, {}), 'plain');
    assert.equal(progressMode({ isTTY: true, write: () => true }, { LASTMILE_PROGRESS: 'plain' }), 'plain');
    const { chunks, stream } = capture(true);
    const p = startProgress({ label: 'x', total: 3, unit: 'tables' }, { stream, env: { LASTMILE_PROGRESS: 'none' } });
    p.tick(3);
    p.done('ok');
    assert.deepEqual(chunks, []);
  });
});

describe('command line: usage and configuration errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lastmile-cli-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('unknown command or option, invalid or missing DATABASE_URL: exit 2 with a message', async () => {
    writeFileSync(join(dir, 'figures.csv'), 'survey,year,question,audience,value,sample_size,source\n');
    const [command, option, invalid, missing] = await Promise.all([
      cli(['frobnicate']),
      cli(['seed', '--everything']),
      cli(['seed'], { env: { DATABASE_URL: 'mysql://db.example.internal/lastmile' } }),
      // No DATABASE_URL: the server's default (./data/lastmile.sqlite), absent here; nothing may be created.
      cli(['surveys', 'import', 'figures.csv'], { cwd: dir }),
    ]);
    assert.equal(command.code, 2, show(command));
    assert.match(command.stderr, /unknown command 'frobnicate'/);
    assert.equal(option.code, 2, show(option));
    assert.match(option.stderr, /unknown option '--everything'/);
    assert.equal(invalid.code, 2, show(invalid));
    assert.match(invalid.stderr, /DATABASE_URL/);
    assert.equal(missing.code, 2, show(missing));
    assert.match(missing.stderr, /data\/lastmile\.sqlite does not exist \(DATABASE_URL\)/);
    assert.ok(!existsSync(join(dir, 'data')), 'no database created by a command that only adds to one');
    for (const r of [command, option, invalid, missing]) assert.doesNotMatch(r.stderr, /\bat .*\.ts:\d+/, 'no stack trace');
  });
});

for (const dialect of testDialects()) {
  describe(`command line on ${dialect}`, () => {
    let d: TestDatabase;
    let env: Record<string, string>;
    const dir = mkdtempSync(join(tmpdir(), 'lastmile-cli-'));
    const count = async (table: 'organisations' | 'users' | 'survey_values') => Number((await d.handle.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

    before(async () => {
      d = await createTestDatabase(dialect);
      env = { DATABASE_URL: d.url, UPLOAD_DIR: join(dir, 'uploads') };
    });
    after(async () => {
      await d?.cleanup();
      rmSync(dir, { recursive: true, force: true });
    });

    test('seed fills an empty database once; again it refuses (exit 1), with --if-empty it succeeds', async () => {
      const first = await cli(['seed'], { env });
      assert.equal(first.code, 0, show(first));
      const organisations = await count('organisations');
      assert.ok(organisations > 20, `${organisations} organisations`);
      assert.match(first.stdout, new RegExp(`Seeded \\d+ initiatives of ${organisations} organisations`));
      const campaigns = Number((await d.handle.db.selectFrom('campaigns').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      assert.ok(campaigns > 0, 'what the server seeds with the catalogue came too');

      const [again, ifEmpty] = await Promise.all([cli(['seed'], { env }), cli(['seed', '--if-empty'], { env })]);
      assert.equal(again.code, 1, show(again));
      assert.match(again.stderr, /already has a catalogue .*--if-empty/);
      assert.equal(ifEmpty.code, 0, show(ifEmpty));
      assert.match(ifEmpty.stdout, /already seeded/);
      assert.equal(await count('organisations'), organisations, 'nothing seeded twice');
    });

    test('create-admin: password from stdin by the web rules; the administrator signs in and must set up a second factor', async () => {
      await createUser(d.handle, { email: 'member@example.jp' });
      await createUser(d.handle, { email: 'moderator-to-be@example.jp', role: 'moderator' });
      const [created, weak, existing, promoted] = await Promise.all([
        cli(['create-admin', '--email', 'Admin@Example.JP', '--name', '運用 花子'], { env, input: `${PASSWORD}\n` }),
        cli(['create-admin', '--email', 'weak@example.jp', '--name', 'Weak'], { env, input: 'password\n' }),
        cli(['create-admin', '--email', 'member@example.jp', '--name', 'Member', '--password-stdin'], { env, input: `${PASSWORD}\n` }),
        cli(['create-admin', '--email', 'moderator-to-be@example.jp', '--promote'], { env }),
      ]);
      assert.equal(created.code, 0, show(created));
      assert.match(created.stdout, /Created the administrator admin@example\.jp .*two-factor/);
      assert.equal(weak.code, 1, show(weak));
      assert.ok(weak.stderr.includes(PASSWORD_MESSAGES.common.en) && weak.stderr.includes(PASSWORD_MESSAGES.common.ja), 'the web\'s message, in both languages');
      assert.equal(existing.code, 1, show(existing));
      assert.match(existing.stderr, /already exists.*--promote/);
      assert.equal(promoted.code, 0, show(promoted));
      assert.match(promoted.stdout, /now an administrator/);
      for (const r of [created, weak, existing]) for (const secret of [PASSWORD, 'password\n']) assert.ok(!r.stdout.includes(secret) && !r.stderr.includes(secret), 'the password is never echoed');

      const users = await d.handle.db.selectFrom('users').select(['email', 'role', 'email_verified_at', 'totp_enabled_at']).orderBy('email').execute();
      assert.deepEqual(
        users.map((u) => [u.email, u.role]),
        [['admin@example.jp', 'admin'], ['member@example.jp', 'member'], ['moderator-to-be@example.jp', 'admin']],
        'the weak password made no account; the existing member is unchanged',
      );
      const admin = users[0]!;
      assert.ok(admin.email_verified_at && admin.totp_enabled_at === null);
      const audit = await d.handle.db.selectFrom('audit_events').select(['action', 'actor_name']).where('subject_kind', '=', 'user').orderBy('id').execute();
      assert.deepEqual(audit.map((a) => a.action).sort(), ['created', 'role_changed']);
      assert.ok(audit.every((a) => /command line/.test(a.actor_name ?? '')));

      // On the web: the password works, and an administrator without a second factor is sent to set one up.
      const config = testConfig();
      const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, log: { info() {} } });
      const app = await buildApp({ config, database: d.handle, mailer });
      try {
        const client = new Client(app);
        await client.get('/login');
        const signedIn = await client.post('/login', { email: 'admin@example.jp', password: PASSWORD });
        assert.equal(signedIn.statusCode, 303);
        assert.equal(signedIn.headers.location, '/my/account/two-factor');
        const adminPage = await client.get('/admin/surveys');
        assert.equal(adminPage.statusCode, 303, 'no administrator page before the second factor');
        assert.equal(adminPage.headers.location, '/my/account/two-factor');
        const setup = await client.get('/my/account/two-factor');
        assert.equal(setup.statusCode, 200);
        assert.ok(setup.body.includes('<h1>2段階認証の設定</h1>') && setup.body.includes('name="code"'), 'the set-up form');
      } finally {
        await app.close();
        await mailer.close();
      }
    });

    test('surveys import: a good file is imported; a bad one exits 1 naming the line and stores nothing', async () => {
      const header = 'survey,year,question,audience,value,sample_size,source';
      writeFileSync(join(dir, 'good.csv'), `\ufeff${header}\nCLI調査,2026,対策をしている,seniors,58.5%,"1,200",CLI出典\nCLI調査,2026,対策をしていない,youth,41.5,800,CLI出典\n`);
      writeFileSync(join(dir, 'bad.csv'), `${header}\nBAD調査,2026,設問,youth,5,10,出典\nBAD調査,2026,設問2,youth,500,10,出典\n`);
      const before = await count('survey_values');
      const [good, bad] = await Promise.all([cli(['surveys', 'import', join(dir, 'good.csv')], { env }), cli(['surveys', 'import', join(dir, 'bad.csv')], { env })]);
      assert.equal(good.code, 0, show(good));
      assert.match(good.stdout, /Imported 2 figures from good\.csv: 2 new, 0 updated/);
      const rows = await d.handle.db.selectFrom('survey_values').select(['value', 'sample_size']).where('survey', '=', 'CLI調査').orderBy('value').execute();
      assert.deepEqual(rows.map((r) => [Number(r.value), Number(r.sample_size)]), [[41.5, 800], [58.5, 1200]]);
      assert.equal(bad.code, 1, show(bad));
      assert.match(bad.stderr, /line 3, column value: .*500/);
      assert.match(bad.stderr, /nothing was stored/);
      assert.equal(await count('survey_values'), before + 2, 'nothing of the bad file');
    });

    test('progress of a long command: plain lines and a final one when stderr is not a terminal, a bar when forced', async () => {
      const [plain, bar] = await Promise.all([
        cli(['export', join(dir, 'plain.ndjson')], { env }),
        cli(['export', join(dir, 'bar.ndjson.gz')], { env: { ...env, LASTMILE_PROGRESS: 'bar' } }),
      ]);
      assert.equal(plain.code, 0, show(plain));
      assert.ok(!plain.stderr.includes(ESC), 'no escape codes in a log');
      assert.match(plain.stderr.trimEnd().split('\n').at(-1)!, /^export: \d+ tables \(\d+ rows in \d+(\.\d)? s\)$/);
      assert.match(plain.stdout, /^Exported \d+ rows of \d+ tables/);
      assert.equal(bar.code, 0, show(bar));
      assert.ok(bar.stderr.includes(`${ESC}[`), 'a bar draws with escape sequences');
      assert.doesNotMatch(bar.stdout, new RegExp(ESC), 'results on stdout stay plain');
    });
  });
}
