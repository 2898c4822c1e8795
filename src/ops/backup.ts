// Backups taken while the portal runs and writes, and their restore.
//
// A backup is a directory:
//   database.sqlite | database.pgdump   the database (SQLite online backup API | pg_dump -Fc)
//   uploads/objects/…, uploads/previews/…  the materials' files (UPLOAD_DIR; the temporary area is left out)
//   manifest.json                        when, which dialect, migration and app version, sha256 and size of every part
// It is written as <dir>.partial-… and renamed when complete, so a directory with that name is whole.
//
// Consistency. SQLite: a connection of our own opens a read transaction first and the backup API copies
// the pages of that snapshot in steps (WAL: the portal keeps writing meanwhile, and since our snapshot does
// not move, the copy never restarts); the copy is then checked (integrity_check, foreign_key_check).
// PostgreSQL: pg_dump reads one snapshot by itself. The uploads are copied after the database: files are
// stored before the rows that name them commit and are never deleted, so every file the backed-up rows
// refer to is in the copy.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { copyFile, mkdir, open, readdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, type DialectName } from '../db/database.ts';
import { OpsError } from './errors.ts';
import { findPgTool, runPgTool } from './pg-tools.ts';
import { appliedMigrations, knownMigrations, tablesWithRows } from './schema.ts';

export const MANIFEST = 'manifest.json';
const FORMAT = 'lastmile-backup';

export interface FilePart {
  path: string;
  bytes: number;
  sha256: string;
}

export interface BackupManifest {
  format: typeof FORMAT;
  formatVersion: 1;
  createdAt: string;
  dialect: DialectName;
  /** The last migration applied to the backed-up database. */
  migration: string | null;
  appVersion: string;
  database: FilePart;
  uploads: { files: FilePart[]; bytes: number };
}

export interface Log {
  (message: string): void;
}

/**
 * Bytes done so far of a phase, for the command line's progress bar. PostgreSQL's database phase reports
 * nothing: pg_dump and pg_restore do not say how far they are.
 */
export type BackupProgress = (phase: 'database' | 'uploads' | 'verify', done: number, total: number | null) => void;

export function dialectOf(databaseUrl: string): DialectName {
  return databaseUrl.startsWith('postgres://') || databaseUrl.startsWith('postgresql://') ? 'postgres' : 'sqlite';
}

export function sqliteFile(databaseUrl: string): string {
  if (databaseUrl === ':memory:') throw new OpsError('DATABASE_URL is :memory:: there is no database file to back up or restore into.', 2);
  return resolve(databaseUrl.replace(/^file:/, ''));
}

export async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

async function part(dir: string, path: string): Promise<FilePart> {
  const full = join(dir, path);
  return { path: path.split(sep).join('/'), bytes: (await stat(full)).size, sha256: await sha256File(full) };
}

async function fsyncPath(path: string): Promise<void> {
  try {
    const fh = await open(path, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    /* some file systems cannot sync a directory: then as durable as the platform allows */
  }
}

async function serverMajor(databaseUrl: string): Promise<number> {
  const c = new pg.Client({ connectionString: databaseUrl });
  try {
    await c.connect();
    const r = await c.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
    return Math.floor(Number(r.rows[0]?.v) / 10000);
  } catch (err) {
    throw new OpsError(`Cannot connect to PostgreSQL: ${(err as Error).message}. Check DATABASE_URL and that the server runs. / PostgreSQL に接続できません。`);
  } finally {
    await c.end().catch(() => {});
  }
}

async function migrationOf(databaseUrl: string): Promise<string | null> {
  const h = openDatabase(databaseUrl);
  try {
    return (await appliedMigrations(h)).at(-1) ?? null;
  } finally {
    await h.destroy();
  }
}

// ---------------------------------------------------------------- backup

export interface BackupOptions {
  databaseUrl: string;
  uploadDir: string;
  /** A new directory, or an existing one in which a dated backup directory is made. */
  target: string;
  appVersion: string;
  /** SQLite pages copied per step of the backup API (the portal's writes go on between steps). */
  pagesPerStep?: number;
  now?: () => Date;
  log?: Log;
  onProgress?: BackupProgress;
}

export interface BackupResult {
  dir: string;
  manifest: BackupManifest;
}

/** Where the backup goes: `target` itself when new (or empty), else a dated directory inside it. */
async function backupDir(target: string, createdAt: Date): Promise<string> {
  const t = resolve(target);
  if (!existsSync(t)) return t;
  const s = await stat(t);
  if (!s.isDirectory()) throw new OpsError(`${t} exists and is not a directory: give a new directory name, or an existing directory to put a dated backup in.`, 2);
  if ((await readdir(t)).length === 0) return t;
  return join(t, `lastmile-backup-${createdAt.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}`);
}

async function backupSqlite(databaseUrl: string, dest: string, pagesPerStep: number, onProgress?: BackupProgress): Promise<void> {
  const file = sqliteFile(databaseUrl);
  if (!existsSync(file)) throw new OpsError(`The database file ${file} does not exist (DATABASE_URL). / データベースのファイルがありません。`, 2);
  const source = new SqliteDatabase(file, { fileMustExist: true });
  try {
    source.pragma('busy_timeout = 5000');
    // Pin one snapshot: the backup reads inside this read transaction, so other connections' commits
    // neither change what is copied nor make the backup API start again.
    source.exec('BEGIN');
    source.prepare('SELECT count(*) FROM sqlite_master').get();
    const pageSize = Number(source.pragma('page_size', { simple: true }));
    const copied = await source.backup(dest, {
      progress: ({ totalPages, remainingPages }) => {
        onProgress?.('database', (totalPages - remainingPages) * pageSize, totalPages * pageSize);
        return pagesPerStep;
      },
    });
    onProgress?.('database', copied.totalPages * pageSize, copied.totalPages * pageSize);
    source.exec('COMMIT');
  } finally {
    source.close();
  }
  const copy = new SqliteDatabase(dest);
  try {
    // One self-contained file (no -wal beside it), then the checks.
    copy.pragma('journal_mode = DELETE');
    const integrity = copy.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new OpsError(`The backup copy failed SQLite's integrity check (${String(integrity)}); the source database may be damaged: run PRAGMA integrity_check on it.`);
    const fk = copy.pragma('foreign_key_check') as unknown[];
    if (fk.length) throw new OpsError(`The backup copy has ${fk.length} rows whose foreign keys point nowhere; the source database is inconsistent.`);
  } finally {
    copy.close();
  }
}

async function backupPostgres(databaseUrl: string, dest: string): Promise<void> {
  const tool = await findPgTool('pg_dump', await serverMajor(databaseUrl));
  // -Fc: compressed custom format, restored selectively and in parallel by pg_restore; one snapshot.
  await runPgTool(tool, ['--format=custom', '--no-owner', '--no-acl', `--file=${dest}`], databaseUrl);
  const restore = await findPgTool('pg_restore', tool.major);
  // Reading its table of contents proves the archive is whole.
  await runPgTool(restore, ['--list', dest], databaseUrl);
}

async function listUploads(root: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(dir: string): Promise<void> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) out.push(relative(root, p));
    }
  }
  // objects/ (the files) and previews/ (made from them); tmp/ holds only uploads in progress.
  for (const sub of ['objects', 'previews']) await walk(join(root, sub));
  return out.sort();
}

export async function createBackup(o: BackupOptions): Promise<BackupResult> {
  const log = o.log ?? (() => {});
  const createdAt = (o.now ?? (() => new Date()))();
  const dialect = dialectOf(o.databaseUrl);
  // Checked before anything opens it: opening a missing SQLite file would create an empty database.
  if (dialect === 'sqlite' && !existsSync(sqliteFile(o.databaseUrl))) throw new OpsError(`The database file ${sqliteFile(o.databaseUrl)} does not exist (DATABASE_URL). / データベースのファイルがありません。`, 2);
  const dir = await backupDir(o.target, createdAt);
  if (existsSync(dir) && (await readdir(dir)).length) throw new OpsError(`${dir} already exists and is not empty.`, 2);
  await mkdir(dirname(dir), { recursive: true });
  const work = `${dir}.partial-${randomBytes(4).toString('hex')}`;
  await mkdir(work);
  try {
    const migration = await migrationOf(o.databaseUrl);
    const dbName = dialect === 'sqlite' ? 'database.sqlite' : 'database.pgdump';
    log(`Backing up the ${dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'} database (online; the portal may keep running)…`);
    if (dialect === 'sqlite') await backupSqlite(o.databaseUrl, join(work, dbName), o.pagesPerStep ?? 1024, o.onProgress);
    else await backupPostgres(o.databaseUrl, join(work, dbName));
    const database = await part(work, dbName);

    const uploadRoot = resolve(o.uploadDir);
    const names = await listUploads(uploadRoot);
    log(`Copying ${names.length} uploaded files from ${uploadRoot}…`);
    const files: FilePart[] = [];
    let total: number | null = null;
    if (o.onProgress) {
      total = 0;
      for (const name of names) total += (await stat(join(uploadRoot, name))).size;
      o.onProgress('uploads', 0, total);
    }
    let copied = 0;
    for (const name of names) {
      const dest = join(work, 'uploads', name);
      await mkdir(dirname(dest), { recursive: true });
      await copyFile(join(uploadRoot, name), dest);
      const f = await part(join(work, 'uploads'), name);
      files.push(f);
      copied += f.bytes;
      o.onProgress?.('uploads', copied, total);
    }
    const manifest: BackupManifest = {
      format: FORMAT,
      formatVersion: 1,
      createdAt: createdAt.toISOString(),
      dialect,
      migration,
      appVersion: o.appVersion,
      database,
      uploads: { files, bytes: files.reduce((s, f) => s + f.bytes, 0) },
    };
    await writeFile(join(work, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    await fsyncPath(join(work, MANIFEST));
    await fsyncPath(join(work, dbName));
    await fsyncPath(work);
    await rename(work, dir);
    await fsyncPath(dirname(dir));
    return { dir, manifest };
  } catch (err) {
    await rm(work, { recursive: true, force: true });
    throw err;
  }
}

// ---------------------------------------------------------------- restore

export async function readManifest(dir: string): Promise<BackupManifest> {
  const path = join(resolve(dir), MANIFEST);
  let m: BackupManifest;
  try {
    m = JSON.parse(await readFile(path, 'utf8')) as BackupManifest;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new OpsError(code === 'ENOENT' ? `${path} not found: give the directory that \`backup\` made. / バックアップのディレクトリを指定してください。` : `${path} is not valid JSON.`, code === 'ENOENT' ? 2 : 1);
  }
  if (m.format !== FORMAT || m.formatVersion !== 1) throw new OpsError(`${path} is not a Lastmile backup manifest (format ${String(m.format)} ${String(m.formatVersion)}).`);
  return m;
}

/** Every part's size and sha256 as the manifest says: a damaged or incomplete backup is never restored. */
export async function verifyBackup(dir: string, m: BackupManifest, onProgress?: BackupProgress): Promise<void> {
  const total = m.database.bytes + m.uploads.bytes;
  let done = 0;
  onProgress?.('verify', 0, total);
  const check = async (base: string, p: FilePart) => {
    const full = join(base, p.path);
    if (!full.startsWith(resolve(dir) + sep)) throw new OpsError(`The manifest names a file outside the backup: ${p.path}`);
    if (!existsSync(full)) throw new OpsError(`The backup is incomplete: ${p.path} is missing.`);
    const got = await part(base, p.path);
    if (got.bytes !== p.bytes || got.sha256 !== p.sha256) throw new OpsError(`The backup is damaged: ${p.path} does not match its sha256 in the manifest. / バックアップが破損しています。`);
    done += p.bytes;
    onProgress?.('verify', done, total);
  };
  await check(resolve(dir), m.database);
  for (const f of m.uploads.files) await check(join(resolve(dir), 'uploads'), f);
}

export interface RestoreOptions {
  databaseUrl: string;
  uploadDir: string;
  source: string;
  /** Replace a database that already holds data. */
  force?: boolean;
  log?: Log;
  onProgress?: BackupProgress;
}

async function refuseUnlessEmpty(databaseUrl: string, force: boolean, log: Log): Promise<void> {
  if (dialectOf(databaseUrl) === 'sqlite' && !existsSync(sqliteFile(databaseUrl))) return;
  let h;
  try {
    h = openDatabase(databaseUrl);
    const used = await tablesWithRows(h);
    if (!used.length) return;
    const what = `The target database already holds data (${used.length} tables with rows, e.g. ${used.slice(0, 5).join(', ')}).`;
    if (!force)
      throw new OpsError(`${what} Restoring replaces all of it. If that is what you want, run again with --force. / 復元先のデータベースにはデータがあります。置き換える場合は --force を付けてください。`);
    log(`${what} --force: it is replaced.`);
  } catch (err) {
    if (err instanceof OpsError) throw err;
    throw new OpsError(`Cannot open the target database: ${(err as Error).message}. For PostgreSQL, create the database first (createdb). / 復元先のデータベースを開けません。`);
  } finally {
    await h?.destroy();
  }
}

/**
 * SQLite: no other connection may have the file open (the portal, a worker). Leaving WAL mode needs every
 * other connection closed, so it is the test; it also folds the WAL into the file we are about to replace.
 */
function refuseIfSqliteInUse(file: string): void {
  if (!existsSync(file)) return;
  const db = new SqliteDatabase(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 0');
    let mode: unknown;
    try {
      mode = db.pragma('journal_mode = DELETE', { simple: true });
    } catch {
      mode = 'busy';
    }
    if (mode !== 'delete')
      throw new OpsError(`${file} is in use by another process (the portal or npm run worker). Stop them first, then restore. / データベースが使用中です。ポータルとワーカーを停止してから復元してください。`);
  } finally {
    db.close();
  }
}

async function restoreSqlite(dir: string, m: BackupManifest, databaseUrl: string): Promise<void> {
  const file = sqliteFile(databaseUrl);
  refuseIfSqliteInUse(file);
  await mkdir(dirname(file), { recursive: true });
  // Written beside the target and renamed over it: the target is either the old database or the new one.
  const tmp = `${file}.restore-${randomBytes(4).toString('hex')}`;
  try {
    await copyFile(join(dir, m.database.path), tmp);
    await fsyncPath(tmp);
    // A WAL or journal left beside the old file would be applied to the new one.
    for (const s of ['-wal', '-shm', '-journal']) await unlink(`${file}${s}`).catch(() => {});
    await rename(tmp, file);
    await fsyncPath(dirname(file));
  } catch (err) {
    await unlink(tmp).catch(() => {});
    throw err;
  }
}

async function restorePostgres(dir: string, m: BackupManifest, databaseUrl: string): Promise<void> {
  const tool = await findPgTool('pg_restore', await serverMajor(databaseUrl));
  const database = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ''));
  // --clean replaces what the dump has; a table only the target has (a newer migration's) would stay, and
  // the restored kysely_migration would make the next start create it again and fail. Refuse instead.
  const listed = await runPgTool(tool, ['--list', join(dir, m.database.path)], databaseUrl);
  const inDump = new Set([...listed.matchAll(/^\d+; \d+ \d+ TABLE \S+ (\S+) /gm)].map((x) => x[1]));
  const h = openDatabase(databaseUrl);
  let extra: string[];
  try {
    extra = (await sql<{ name: string }>`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()`.execute(h.db)).rows.map((r) => r.name).filter((n) => !inDump.has(n));
  } finally {
    await h.destroy();
  }
  if (extra.length)
    throw new OpsError(`The target database has tables the backup does not (${extra.join(', ')}: from a newer version?). Restore into a new database (createdb), or drop those tables first.`);
  // --clean --if-exists: replaces the objects the dump has; one transaction: all of it or none.
  await runPgTool(tool, ['--no-owner', '--no-acl', '--clean', '--if-exists', '--single-transaction', '--exit-on-error', `--dbname=${database}`, join(dir, m.database.path)], databaseUrl);
}

async function restoreUploads(dir: string, m: BackupManifest, uploadDir: string, onProgress?: BackupProgress): Promise<number> {
  const root = resolve(uploadDir);
  let copied = 0;
  let done = 0;
  onProgress?.('uploads', 0, m.uploads.bytes);
  for (const f of m.uploads.files) {
    const dest = join(root, f.path);
    // Stored by content hash: a file of that name and size is that content already.
    if (!existsSync(dest) || (await stat(dest)).size !== f.bytes) {
      await mkdir(dirname(dest), { recursive: true });
      const tmp = `${dest}.restore-${randomBytes(4).toString('hex')}`;
      await copyFile(join(dir, 'uploads', f.path), tmp);
      await rename(tmp, dest);
      copied++;
    }
    done += f.bytes;
    onProgress?.('uploads', done, m.uploads.bytes);
  }
  return copied;
}

export interface RestoreResult {
  manifest: BackupManifest;
  uploadsCopied: number;
}

export async function restoreBackup(o: RestoreOptions): Promise<RestoreResult> {
  const log = o.log ?? (() => {});
  const dir = resolve(o.source);
  const m = await readManifest(dir);
  const dialect = dialectOf(o.databaseUrl);
  if (m.dialect !== dialect)
    throw new OpsError(
      `This backup is of a ${m.dialect} database and DATABASE_URL points at ${dialect}. A backup restores into the same kind of database; to move between SQLite and PostgreSQL, restore it into its own kind, then use export and import.`,
      2,
    );
  if (m.migration !== null && !(await knownMigrations()).includes(m.migration))
    throw new OpsError(`This backup was made by a newer Lastmile (its database is at migration ${m.migration}, unknown to this version). Install that version or a later one to restore it.`, 2);
  log(`Checking the backup of ${m.createdAt} (${m.dialect}, ${m.uploads.files.length} uploaded files)…`);
  await verifyBackup(dir, m, o.onProgress);
  await refuseUnlessEmpty(o.databaseUrl, o.force ?? false, log);
  log('Restoring the database…');
  if (dialect === 'sqlite') await restoreSqlite(dir, m, o.databaseUrl);
  else await restorePostgres(dir, m, o.databaseUrl);
  log(`Restoring uploaded files into ${resolve(o.uploadDir)}…`);
  const uploadsCopied = await restoreUploads(dir, m, o.uploadDir, o.onProgress);
  return { manifest: m, uploadsCopied };
}
