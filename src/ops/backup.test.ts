// Backups, restore and the move between SQLite and PostgreSQL (issue 9, "Operations"), on both databases.
// A portal with content of every kind (the XSS matrix's records: initiatives, submissions, events,
// advisories, materials with an uploaded file, declarations, desks, webhooks, collaboration requests,
// users… plus self-check results) is backed up while a loop keeps writing declarations and self-check
// results through the app's own services; the backup is restored into a fresh database and compared
// table by table, and exported and imported across dialects. The command line is run as a process once.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { openDatabase, type DatabaseHandle, type DialectName } from '../db/database.ts';
import { insertActiveDeclaration, insertSampleDeclarations } from '../declarations/fixture.ts';
import { gramsOf } from '../search/grams.ts';
import { readCheckStats, readDeclarationLedger } from '../stats/aggregates.ts';
import { activeFromLedger, activeFromRows, recomputeCheckStats } from '../stats/recompute.ts';
import { startTestApp, type TestApp } from '../../test/support/app.ts';
import { createTestDatabase, pgAdmin, testDialects, type TestDatabase } from '../../test/support/databases.ts';
import { matrixSeed, writeMatrix } from '../../test/xss/matrix.ts';
import { createBackup, restoreBackup } from './backup.ts';
import { OpsError } from './errors.ts';
import { cliConfig } from '../cli/common.ts';
import { DERIVED_SEARCH_TABLES, describeTables } from './schema.ts';
import { exportData, importData } from './transfer.ts';

const run = promisify(execFile);

/** Each table's rows, normalised by column kind and sorted by primary key, as one sha256 (and the count). */
async function digests(handle: DatabaseHandle): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const t of await describeTables(handle)) {
    if (t.name in DERIVED_SEARCH_TABLES) continue;
    const rows = (await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(t.name)}`.execute(handle.db)).rows;
    const norm = rows.map((r) => t.columns.map((c) => (r[c.name] === null ? null : c.kind === 'integer' || c.kind === 'real' ? Number(r[c.name]) : String(r[c.name]))));
    const pk = t.primaryKey.map((k) => t.columns.findIndex((c) => c.name === k));
    norm.sort((a, b) => {
      for (const i of pk) if (a[i] !== b[i]) return (a[i] as number | string) < (b[i] as number | string) ? -1 : 1;
      return 0;
    });
    out.set(t.name, `${rows.length}:${createHash('sha256').update(JSON.stringify(norm)).digest('hex')}`);
  }
  return out;
}

/** Nothing half written: the maintained figures equal a recount, and every declaration has its search row. */
async function assertConsistent(handle: DatabaseHandle, what: string): Promise<void> {
  assert.deepEqual(await readCheckStats(handle.db), await recomputeCheckStats(handle), `${what}: self-check figures equal a recount of the results`);
  assert.deepEqual(activeFromLedger((await readDeclarationLedger(handle.db)).values()), await activeFromRows(handle), `${what}: declaration figures equal a recount`);
  if (handle.dialect === 'sqlite') {
    assert.equal(handle.sqlite!.pragma('integrity_check', { simple: true }), 'ok', `${what}: integrity_check`);
    assert.deepEqual(handle.sqlite!.pragma('foreign_key_check'), [], `${what}: foreign_key_check`);
  }
}

/** The search index answers for an initiative, a material and a declaration (rebuilt after an import). */
async function assertSearchable(handle: DatabaseHandle): Promise<void> {
  for (const [gramsTable, { base, key }] of Object.entries(DERIVED_SEARCH_TABLES)) {
    const row = (await sql<{ id: number; search_text: string }>`SELECT id, search_text FROM ${sql.table(base)} ORDER BY id LIMIT 1`.execute(handle.db)).rows[0];
    assert.ok(row, `${base} has rows`);
    const gram = gramsOf(row.search_text).split(' ')[0]!;
    const hits =
      handle.dialect === 'sqlite'
        ? (await sql<{ id: number }>`SELECT rowid AS id FROM ${sql.table(gramsTable)} WHERE ${sql.table(gramsTable)} MATCH ${`"${gram}"`}`.execute(handle.db)).rows
        : (await sql<{ id: number }>`SELECT ${sql.ref(key)} AS id FROM ${sql.table(gramsTable)} WHERE grams_tsv @@ to_tsquery('simple', ${gram})`.execute(handle.db)).rows;
    assert.ok(hits.some((h) => Number(h.id) === Number(row.id)), `${gramsTable} finds ${base} ${row.id}`);
  }
}

function assertSameTables(a: Map<string, string>, b: Map<string, string>, what: string, except: string[] = []): void {
  assert.deepEqual([...a.keys()].sort(), [...b.keys()].sort(), `${what}: the same tables`);
  const differ = [...a.keys()].filter((t) => !except.includes(t) && a.get(t) !== b.get(t));
  assert.deepEqual(differ, [], `${what}: every table has the same rows`);
}

const other = (d: DialectName): DialectName => (d === 'sqlite' ? 'postgres' : 'sqlite');

for (const dialect of testDialects()) {
  describe(`backup, restore, export and import (${dialect})`, () => {
    let t: TestApp;
    let work: string;
    let uploadDir: string;
    let backupDir: string;
    const cleanups: (() => Promise<void>)[] = [];
    const fresh = async (d: DialectName): Promise<TestDatabase> => {
      const db = await createTestDatabase(d);
      cleanups.push(() => db.cleanup());
      return db;
    };
    /** A database URL nobody has opened yet (restore needs the SQLite file closed, or a PostgreSQL database that exists). */
    const emptyTarget = async (d: DialectName): Promise<string> => {
      if (d === 'sqlite') return `file:${join(work, `target-${Math.random().toString(36).slice(2)}.sqlite`)}`;
      // A bare CREATE DATABASE, as an operator makes one (restore brings the schema).
      const name = `lastmile_restore_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
      await pgAdmin(`CREATE DATABASE ${name}`);
      cleanups.push(() => pgAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      const u = new URL(process.env.LASTMILE_TEST_PG!);
      u.pathname = `/${name}`;
      return u.toString();
    };

    before(async () => {
      work = mkdtempSync(join(tmpdir(), 'lastmile-backup-'));
      uploadDir = join(work, 'uploads');
      t = await startTestApp(dialect, matrixSeed(), { env: { UPLOAD_DIR: uploadDir } });
      await writeMatrix(t.app, t.db.handle, uploadDir);
      await insertSampleDeclarations(t.db.handle);
      for (let i = 0; i < 20; i++) await t.app.checkResults.record({ check: 'business5', definitionVersion: null, answers: 'yynyn'.slice(0, 5), score: null, completedOn: '2026-11-20', sizeBand: '6-20', industry: 'E', prefecture: '13' });
    });
    after(async () => {
      await t?.close();
      for (const c of cleanups.reverse()) await c();
      rmSync(work, { recursive: true, force: true });
    });

    test('a backup taken while the portal writes restores into a fresh database whole and consistent', async () => {
      let stop = false;
      let written = 0;
      // Declarations (rows, search index, sequence and trigger-kept figures in one transaction) and
      // self-check results (rows and maintained figures in one batch), without pause, through the services.
      const writer = (async () => {
        for (let i = 0; !stop; i++) {
          await insertActiveDeclaration(t.db.handle, { name: `並行書き込み ${i}`, prefecture: '27' }, `writer-${i}@example.jp`);
          await t.app.checkResults.record({ check: 'business5', definitionVersion: null, answers: 'yyyyn', score: null, completedOn: '2026-11-21', sizeBand: '21-50', industry: 'I', prefecture: '27' });
          written++;
        }
      })();
      while (written < 3) await new Promise((r) => setTimeout(r, 5));
      const atStart = written;
      const { dir, manifest } = await createBackup({ databaseUrl: t.db.url, uploadDir, target: join(work, 'backups'), appVersion: 'test', pagesPerStep: 32 });
      const atEnd = written;
      stop = true;
      await writer;
      backupDir = dir;
      const during = atEnd - atStart;
      console.log(`  backup (${dialect}): ${written} write pairs in all, ${during} while the backup ran; ${manifest.uploads.files.length} uploaded files`);
      assert.ok(during > 0, 'writes went on while the backup was taken');
      assert.equal(manifest.dialect, dialect);
      assert.ok(manifest.uploads.files.some((f) => f.path.startsWith('objects/')), 'the uploaded material is in the backup');
      assert.ok(existsSync(join(dir, 'manifest.json')));

      const targetUrl = await emptyTarget(dialect);
      const restoredUploads = join(work, 'restored-uploads');
      await restoreBackup({ databaseUrl: targetUrl, uploadDir: restoredUploads, source: dir });
      const restored = openDatabase(targetUrl);
      cleanups.push(() => restored.destroy());
      await assertConsistent(restored, 'restored');
      await assertSearchable(restored);
      const source = await digests(t.db.handle);
      const copy = await digests(restored);
      // The writer's tables hold the rows committed before the backup's snapshot: a prefix of the writes, nothing half.
      const moved = ['declarations', 'declaration_stats', 'declaration_sequence', 'check_results', 'check_stats', 'data_versions'];
      assertSameTables(source, copy, 'restored', moved);
      const names = (await restored.db.selectFrom('declarations').select('name').where('name', 'like', '並行書き込み %').execute()).map((r) => Number(r.name.split(' ')[1]));
      assert.ok(names.length >= atStart && names.length <= atEnd, `the backup holds the writes committed when it began (${names.length} of ${written})`);
      assert.deepEqual(names.sort((a, b) => a - b), names.map((_, i) => i), 'the writes in the backup are the first ones, without a gap');
      const results = await restored.db.selectFrom('check_results').select((eb) => eb.fn.countAll<number>().as('n')).where('completed_on', '=', '2026-11-21').executeTakeFirstOrThrow();
      assert.ok(Math.abs(Number(results.n) - names.length) <= 1, 'self-check results of the same moment');
      for (const f of manifest.uploads.files) assert.deepEqual(readFileSync(join(restoredUploads, f.path)), readFileSync(join(uploadDir, f.path)), `uploaded file ${f.path} restored`);
    });

    test('restore refuses a database that holds data unless --force, and a damaged backup', async () => {
      assert.ok(backupDir, 'the backup test ran first');
      // The portal's own database (it is open: on SQLite even --force is refused while it is in use).
      await assert.rejects(restoreBackup({ databaseUrl: t.db.url, uploadDir: join(work, 'u2'), source: backupDir }), (err: unknown) => err instanceof OpsError && err.exitCode === 1 && /already holds data/.test(err.message) && /--force/.test(err.message));
      if (dialect === 'sqlite')
        await assert.rejects(restoreBackup({ databaseUrl: t.db.url, uploadDir: join(work, 'u2'), source: backupDir, force: true }), (err: unknown) => err instanceof OpsError && /in use/.test(err.message));
      // A closed database holding data: --force replaces it with the backup.
      const target = await emptyTarget(dialect);
      await restoreBackup({ databaseUrl: target, uploadDir: join(work, 'u3'), source: backupDir });
      await assert.rejects(restoreBackup({ databaseUrl: target, uploadDir: join(work, 'u3'), source: backupDir }), /--force/);
      await restoreBackup({ databaseUrl: target, uploadDir: join(work, 'u3'), source: backupDir, force: true });
      // A damaged backup (one byte of the database changed) is never restored.
      const damaged = join(work, `damaged-${dialect}`);
      cpSync(backupDir, damaged, { recursive: true });
      const dbFile = join(damaged, dialect === 'sqlite' ? 'database.sqlite' : 'database.pgdump');
      const bytes = readFileSync(dbFile);
      bytes[bytes.length - 10] = (bytes[bytes.length - 10] ?? 0) ^ 0xff;
      writeFileSync(dbFile, bytes);
      await assert.rejects(restoreBackup({ databaseUrl: await emptyTarget(dialect), uploadDir: join(work, 'u5'), source: damaged }), (err: unknown) => err instanceof OpsError && /damaged/.test(err.message));
      // Another kind of database: refused as a usage error, pointing at export and import.
      const wrong = dialect === 'sqlite' ? 'postgres://nobody@127.0.0.1:1/none' : `file:${join(work, 'wrong.sqlite')}`;
      await assert.rejects(restoreBackup({ databaseUrl: wrong, uploadDir: join(work, 'u4'), source: backupDir }), (err: unknown) => err instanceof OpsError && err.exitCode === 2 && /export and import/.test(err.message));
    });

    test(`export, then import into an empty ${other(dialect)} database: the same rows, the same ids, figures and search intact`, async () => {
      const to = testDialects().includes(other(dialect)) ? other(dialect) : dialect;
      const file = join(work, `export-${dialect}.ndjson.gz`);
      const before = await digests(t.db.handle);
      const exported = await exportData(t.db.handle, file, { appVersion: 'test' });
      const target = await fresh(to);
      const imported = await importData(target.handle, file);
      console.log(`  export ${dialect} → import ${to}: ${exported.rows} rows in ${exported.tables} tables`);
      assert.equal(imported.rows, exported.rows);
      const after = await digests(target.handle);
      // data_versions moves past the source's so no cached page outlives the import.
      assertSameTables(before, after, `${dialect} → ${to}`, ['data_versions']);
      const versions = async (h: DatabaseHandle) => new Map((await h.db.selectFrom('data_versions').selectAll().execute()).map((r) => [r.domain, Number(r.version)]));
      const [src, dst] = [await versions(t.db.handle), await versions(target.handle)];
      for (const [domain, v] of src) assert.ok(dst.get(domain)! > v, `data version ${domain} moved past the source's`);
      await assertConsistent(target.handle, `imported into ${to}`);
      await assertSearchable(target.handle);
      // New rows get new ids after the imported ones (sequences set).
      const maxId = Number((await target.handle.db.selectFrom('organisations').select((eb) => eb.fn.max('id').as('m')).executeTakeFirstOrThrow()).m);
      const inserted = await target.handle.db.insertInto('organisations').values({ slug: 'after-import', name_ja: '移行後', name_en: 'After import', kind: 'association', sector: 'private', created_at: '2026-11-26T00:00:00Z', updated_at: '2026-11-26T00:00:00Z' } as never).returning('id').executeTakeFirstOrThrow();
      assert.ok(Number(inserted.id) > maxId, 'a new organisation gets an id after the imported ones');
      // A second import into the same (now full) database is refused, and a cut-off file too.
      await assert.rejects(importData(target.handle, file), /not empty/);
      const cut = join(work, `cut-${dialect}.ndjson`);
      const whole = join(work, `whole-${dialect}.ndjson`);
      await exportData(t.db.handle, whole, { appVersion: 'test' });
      const text = readFileSync(whole, 'utf8').split('\n');
      writeFileSync(cut, text.slice(0, Math.floor(text.length / 2)).join('\n'));
      // (Checked on SQLite whatever the direction: the check is the reader's, before any dialect.)
      const empty = await fresh('sqlite');
      await assert.rejects(importData(empty.handle, cut), /cut off/);
      assert.equal(Number((await empty.handle.db.selectFrom('organisations').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n), 0, 'a failed import leaves nothing');
    });

    if (dialect === 'sqlite')
      test('the command line as a process: exit codes and messages', async () => {
        const cli = (args: string[], env: Record<string, string>) =>
          run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { env: { ...process.env, ...env }, cwd: new URL('../..', import.meta.url).pathname }).then(
            (r) => ({ code: 0, ...r }),
            (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
          );
        const env = { DATABASE_URL: t.db.url, UPLOAD_DIR: uploadDir };
        const [ok, refused] = await Promise.all([cli(['backup', join(work, 'cli-backup')], env), cli(['restore', backupDir], env)]);
        assert.equal(ok.code, 0, ok.stderr);
        assert.match(ok.stdout, /Backup written to .*cli-backup/);
        assert.ok(existsSync(join(work, 'cli-backup', 'manifest.json')));
        assert.equal(refused.code, 1);
        assert.match(refused.stderr, /already holds data.*--force/);
        assert.doesNotMatch(refused.stderr, /\bat .*\.ts:\d+/, 'no stack trace without --verbose');
        // An invalid environment is a usage error (exit 2), named by variable; checked in process (each process costs seconds).
        assert.throws(() => cliConfig({ DATABASE_URL: 'mysql://nope' }), (err: unknown) => err instanceof OpsError && err.exitCode === 2 && /DATABASE_URL/.test(err.message));
      });
  });
}
