// Dialect-neutral export and import of every table: how a portal moves from SQLite to PostgreSQL when one
// machine is no longer enough (or back, or between two databases of the same kind).
//
// The file is NDJSON (gzip-compressed when its name ends in .gz): a header line (format, source dialect,
// migration, each table's columns, the id sequences), then one line per row, {"table": …, "row": {…}},
// table after table in foreign-key order, then a trailer with the row counts (a cut-off file is refused).
// Both directions stream: the export pages through each table by primary key inside one read snapshot,
// the import reads line by line and inserts in batches inside one transaction (all or nothing).
//
// Values cross as JSON: integers as numbers (PostgreSQL's bigint arrives as a string and leaves as a
// number), reals as numbers, text as strings (dates are ISO text in both schemas), blobs as base64. The
// import converts each value to the target column's kind. What is not copied row for row: the search
// indexes (rebuilt from search_text), the trigger-maintained tables (the triggers fire while rows go in;
// their rows are then replaced by the exported ones), data_versions (moved past both databases' versions,
// so no cached page outlives the import) and the id sequences (set to the source's, at least max(id)).
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, stat, unlink } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, DatabaseHandle, DialectName } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { gramsOf } from '../search/grams.ts';
import { OpsError } from './errors.ts';
import { appliedMigrations, freshDatabase, DERIVED_SEARCH_TABLES, describeTables, foreignKeyOrder, quoteIdent, tablesWithRows, TRIGGER_MAINTAINED, triggerNames, unknownTriggers, type ColumnKind, type TableInfo } from './schema.ts';

const FORMAT = 'lastmile-export';
const PAGE = 1000;

export interface ExportHeader {
  format: typeof FORMAT;
  formatVersion: 1;
  createdAt: string;
  dialect: DialectName;
  migration: string | null;
  appVersion: string;
  tables: { name: string; columns: string[]; primaryKey: string[] }[];
  /** The last id handed out per table (SQLite sqlite_sequence, PostgreSQL identity sequences). */
  sequences: Record<string, number>;
}

export interface TransferCounts {
  tables: number;
  rows: number;
  perTable: Record<string, number>;
}

type Row = Record<string, unknown>;

/** To JSON: PostgreSQL bigint strings become numbers where exact; blobs become {"$base64": …}. */
function exportValue(v: unknown, kind: ColumnKind): unknown {
  if (v === null || v === undefined) return null;
  if (Buffer.isBuffer(v)) return { $base64: v.toString('base64') };
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (kind === 'integer' && typeof v === 'string' && /^-?\d+$/.test(v) && Number.isSafeInteger(Number(v))) return Number(v);
  if (kind === 'real' && typeof v === 'string' && v !== '' && Number.isFinite(Number(v))) return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Date) return v.toISOString();
  return v;
}

/** From JSON to what the target column takes. */
function importValue(v: unknown, kind: ColumnKind): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'object' && v !== null && '$base64' in v) return Buffer.from(String((v as { $base64: string }).$base64), 'base64');
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (kind === 'integer' && typeof v === 'string' && /^-?\d+$/.test(v)) return Number.isSafeInteger(Number(v)) ? Number(v) : v;
  if (kind === 'real' && typeof v === 'string' && v !== '') return Number(v);
  if (kind === 'text' && typeof v === 'number') return String(v);
  return v;
}

async function readSequences(db: Kysely<Database> | Transaction<Database>, dialect: DialectName, tables: TableInfo[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  if (dialect === 'sqlite') {
    const exists = await sql<{ n: number }>`SELECT count(*) AS n FROM sqlite_master WHERE name = 'sqlite_sequence'`.execute(db);
    if (!Number(exists.rows[0]?.n)) return out;
    for (const r of (await sql<{ name: string; seq: number }>`SELECT name, seq FROM sqlite_sequence`.execute(db)).rows) out[r.name] = Number(r.seq);
    return out;
  }
  for (const t of tables)
    for (const col of t.identity) {
      const r = await sql<{ v: string | null }>`SELECT s.last_value::text AS v FROM pg_sequences s WHERE format('%I.%I', s.schemaname, s.sequencename) = pg_get_serial_sequence(${t.name}, ${col})`.execute(db);
      if (r.rows[0]?.v != null) out[t.name] = Number(r.rows[0].v);
    }
  return out;
}

/** Rows of a table ordered by primary key, a page at a time (keyset: no OFFSET scans). */
async function* pagesOf(db: Transaction<Database>, t: TableInfo): AsyncGenerator<Row[]> {
  const cols = sql.join(t.columns.map((c) => sql.ref(c.name)));
  const order = sql.join(t.primaryKey.map((c) => sql.ref(c)));
  let after: unknown[] | null = null;
  for (;;) {
    const where: ReturnType<typeof sql> = after ? sql`WHERE (${order}) > (${sql.join(after)})` : sql``;
    const rows = (await sql<Row>`SELECT ${cols} FROM ${sql.table(t.name)} ${where} ORDER BY ${order} LIMIT ${PAGE}`.execute(db)).rows;
    if (!rows.length) return;
    yield rows;
    if (rows.length < PAGE) return;
    const last = rows[rows.length - 1]!;
    after = t.primaryKey.map((c) => last[c]);
  }
}

/** Progress so far (cumulative), for the command line's bar; `total` is null until known. */
export type OnProgress = (done: number, total: number | null) => void;

export interface ExportOptions {
  appVersion: string;
  now?: () => Date;
  /** Rows written of the snapshot's rows (counted first, inside the snapshot, only when asked). */
  onProgress?: OnProgress;
}

/** Writes every table of `handle` to `file` (NDJSON; gzip when it ends in .gz). Safe while the portal runs. */
export async function exportData(handle: DatabaseHandle, file: string, o: ExportOptions): Promise<TransferCounts> {
  const all = await describeTables(handle);
  const tables = foreignKeyOrder(all.filter((t) => !(t.name in DERIVED_SEARCH_TABLES)));
  for (const t of tables) if (!t.primaryKey.length) throw new OpsError(`Table ${t.name} has no primary key: the export cannot page through it in a stable order.`);
  const migration = (await appliedMigrations(handle)).at(-1) ?? null;
  if (migration === null) throw new OpsError('This database was never migrated: there is nothing of Lastmile in it to export. Check DATABASE_URL.', 2);
  const tmp = `${file}.partial-${randomBytes(4).toString('hex')}`;
  const fileOut = createWriteStream(tmp);
  const gz = file.endsWith('.gz') ? createGzip() : null;
  const out = gz ?? fileOut;
  const done = gz ? pipeline(gz, fileOut) : once(fileOut, 'finish').then(() => {});
  const write = async (obj: unknown) => {
    if (!out.write(`${JSON.stringify(obj)}\n`)) await once(out, 'drain');
  };
  const counts: TransferCounts = { tables: tables.length, rows: 0, perTable: {} };
  try {
    let trx = handle.db.transaction();
    // One snapshot for every table: rows written meanwhile are either all in or all out.
    if (handle.dialect === 'postgres') trx = trx.setIsolationLevel('repeatable read').setAccessMode('read only');
    await trx.execute(async (db) => {
      const header: ExportHeader = {
        format: FORMAT,
        formatVersion: 1,
        createdAt: (o.now ?? (() => new Date()))().toISOString(),
        dialect: handle.dialect,
        migration,
        appVersion: o.appVersion,
        tables: tables.map((t) => ({ name: t.name, columns: t.columns.map((c) => c.name), primaryKey: t.primaryKey })),
        sequences: await readSequences(db, handle.dialect, tables),
      };
      await write(header);
      let total: number | null = null;
      if (o.onProgress) {
        total = 0;
        for (const t of tables) total += Number((await sql<{ n: number | string }>`SELECT count(*) AS n FROM ${sql.table(t.name)}`.execute(db)).rows[0]?.n ?? 0);
        o.onProgress(0, total);
      }
      for (const t of tables) {
        let n = 0;
        for await (const rows of pagesOf(db, t)) {
          for (const r of rows) {
            const row: Row = {};
            for (const c of t.columns) row[c.name] = exportValue(r[c.name], c.kind);
            await write({ table: t.name, row });
          }
          n += rows.length;
          o.onProgress?.(counts.rows + n, total);
        }
        counts.perTable[t.name] = n;
        counts.rows += n;
      }
      await write({ end: true, rows: counts.perTable });
    });
    out.end();
    await done;
    await rename(tmp, file);
    return counts;
  } catch (err) {
    out.destroy();
    await done.catch(() => {});
    await unlink(tmp).catch(() => {});
    throw err;
  }
}

// ---------------------------------------------------------------- import

export interface ImportOptions {
  log?: (message: string) => void;
  /** Bytes of the file read so far, of its size (compressed bytes for a .gz). */
  onProgress?: OnProgress;
}

/** Trees (a table referencing itself) go in parents first; they are small (the strategy's measures). */
function parentsFirst(rows: Row[], self: { column: string; references: string }): Row[] {
  const byKey = new Map(rows.map((r) => [String(r[self.references]), r]));
  const placed = new Set<string>();
  const out: Row[] = [];
  const place = (r: Row, depth: number) => {
    const key = String(r[self.references]);
    if (placed.has(key)) return;
    if (depth > rows.length) throw new OpsError(`The rows of a self-referencing table form a cycle (${self.column}).`);
    const parent = r[self.column];
    if (parent !== null && parent !== undefined && byKey.has(String(parent))) place(byKey.get(String(parent))!, depth + 1);
    placed.add(key);
    out.push(r);
  };
  for (const r of rows) place(r, 0);
  return out;
}

async function insertBatch(db: Transaction<Database>, t: TableInfo, rows: Row[]): Promise<void> {
  if (!rows.length) return;
  const cols = t.columns.map((c) => c.name);
  const values = rows.map((r) => sql`(${sql.join(t.columns.map((c) => importValue(r[c.name], c.kind)))})`);
  // Identity columns are GENERATED BY DEFAULT on PostgreSQL: explicit ids are taken as given.
  await sql`INSERT INTO ${sql.table(t.name)} (${sql.join(cols.map((c) => sql.ref(c)))}) VALUES ${sql.join(values)}`.execute(db);
}

async function rebuildSearchTables(db: Transaction<Database>, dialect: DialectName, present: Set<string>): Promise<void> {
  for (const [gramsTable, { base, key }] of Object.entries(DERIVED_SEARCH_TABLES)) {
    if (!present.has(base)) continue;
    let after = -1;
    for (;;) {
      const rows = (await sql<{ id: number; search_text: string }>`SELECT id, search_text FROM ${sql.table(base)} WHERE id > ${after} ORDER BY id LIMIT ${PAGE}`.execute(db)).rows;
      if (!rows.length) break;
      const values = rows.map((r) => sql`(${Number(r.id)}, ${gramsOf(r.search_text)})`);
      // SQLite: a contentless FTS5 table keyed by rowid; PostgreSQL: a table with a generated tsvector.
      const target = dialect === 'sqlite' ? sql`${sql.table(gramsTable)} (rowid, grams)` : sql`${sql.table(gramsTable)} (${sql.ref(key)}, grams)`;
      await sql`INSERT INTO ${target} VALUES ${sql.join(values)}`.execute(db);
      after = Number(rows[rows.length - 1]!.id);
      if (rows.length < PAGE) break;
    }
  }
}

async function setSequences(db: Transaction<Database>, dialect: DialectName, tables: TableInfo[], exported: Record<string, number>): Promise<void> {
  if (dialect === 'sqlite') {
    // SQLite moved sqlite_sequence to max(id) as ids went in; ids the source handed out and then deleted stay used.
    for (const [name, seq] of Object.entries(exported)) {
      if (!tables.some((t) => t.name === name)) continue;
      const updated = await sql`UPDATE sqlite_sequence SET seq = max(seq, ${seq}) WHERE name = ${name}`.execute(db);
      if (!Number(updated.numAffectedRows ?? 0)) await sql`INSERT INTO sqlite_sequence (name, seq) VALUES (${name}, ${seq})`.execute(db);
    }
    return;
  }
  for (const t of tables)
    for (const col of t.identity) {
      const floor = exported[t.name] ?? 0;
      await sql`SELECT setval(pg_get_serial_sequence(${t.name}, ${col}), greatest(coalesce((SELECT max(${sql.ref(col)}) FROM ${sql.table(t.name)}), 0), ${floor}, 1), greatest(coalesce((SELECT max(${sql.ref(col)}) FROM ${sql.table(t.name)}), 0), ${floor}) > 0)`.execute(db);
    }
}

function openLines(file: string): { lines: AsyncIterable<string>; bytesRead: () => number } {
  const raw = createReadStream(file);
  const input = file.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  raw.on('error', (err) => input.destroy(err));
  return { lines: createInterface({ input, crlfDelay: Infinity }), bytesRead: () => raw.bytesRead };
}

/**
 * Loads an export into `handle`'s database, which must be empty (it is migrated first if it is new). One
 * transaction: an error leaves the database as it was.
 */
export async function importData(handle: DatabaseHandle, file: string, o: ImportOptions = {}): Promise<TransferCounts> {
  const log = o.log ?? (() => {});
  const opened = openLines(file);
  const lines = opened.lines[Symbol.asyncIterator]();
  let first: IteratorResult<string>;
  try {
    first = await lines.next();
  } catch (err) {
    throw new OpsError(`Cannot read ${file}: ${(err as Error).message}`, (err as NodeJS.ErrnoException).code === 'ENOENT' ? 2 : 1);
  }
  let header: ExportHeader;
  try {
    header = JSON.parse(first.done ? '' : first.value) as ExportHeader;
  } catch {
    throw new OpsError(`${file} is not a Lastmile export (its first line is not JSON).`);
  }
  if (header.format !== FORMAT || header.formatVersion !== 1) throw new OpsError(`${file} is not a Lastmile export (format ${String(header.format)}).`);

  const applied = await migrateToLatest(handle);
  if (applied.length) log(`Migrated the target database (${applied.length} migrations).`);
  const migration = (await appliedMigrations(handle)).at(-1) ?? null;
  if (header.migration !== migration)
    throw new OpsError(
      `The export is at migration ${header.migration} and this database at ${migration}. Run \`migrate\` against the source database with this version of Lastmile, export again, then import. / エクスポート元とこのデータベースのマイグレーションが一致しません。`,
    );
  const used = await tablesWithRows(handle);
  if (used.length)
    throw new OpsError(`The target database is not empty (${used.length} tables with rows, e.g. ${used.slice(0, 5).join(', ')}). Import into a new, empty database (createdb, or a new SQLite file), and do not start the portal on it first: it would seed it. / インポート先は空のデータベースにしてください。`);
  const unknown = unknownTriggers(await triggerNames(handle));
  if (unknown.length) throw new OpsError(`The target database has triggers whose effect the import does not know (${unknown.join(', ')}); add them to TRIGGER_MAINTAINED in src/ops/schema.ts.`);

  const targetTables = (await describeTables(handle)).filter((t) => !(t.name in DERIVED_SEARCH_TABLES));
  const byName = new Map(targetTables.map((t) => [t.name, t]));
  const missing = header.tables.filter((t) => !byName.has(t.name)).map((t) => t.name);
  const extra = targetTables.filter((t) => !header.tables.some((h) => h.name === t.name)).map((t) => t.name);
  if (missing.length || extra.length) throw new OpsError(`The export's tables differ from this database's (only in the export: ${missing.join(', ') || 'none'}; only here: ${extra.join(', ') || 'none'}).`);
  for (const h of header.tables) {
    const want = byName.get(h.name)!.columns.map((c) => c.name).sort().join(',');
    if ([...h.columns].sort().join(',') !== want) throw new OpsError(`The columns of ${h.name} differ between the export and this database.`);
  }
  const maintained = new Set(Object.values(TRIGGER_MAINTAINED));
  const { filledByMigrations } = await freshDatabase();

  const counts: TransferCounts = { tables: header.tables.length, rows: 0, perTable: {} };
  const size = o.onProgress ? (await stat(file)).size : 0;
  o.onProgress?.(0, size);
  await handle.db.transaction().execute(async (db) => {
    const started = new Set<string>();
    const mustNotFollow = new Set<string>();
    // The table being read, its pending batch, and its rows when it is a tree (inserted parents first at its end).
    const st: { current: TableInfo | null; batch: Row[]; tree: Row[] | null } = { current: null, batch: [], tree: null };
    const exportedVersions: Row[] = [];
    let ended = false;
    const batchSize = (t: TableInfo) => Math.max(1, Math.min(PAGE, Math.floor(30_000 / t.columns.length)));
    const finish = async () => {
      if (!st.current) return;
      if (st.tree) await insertBatch(db, st.current, parentsFirst(st.tree, st.current.selfReference!));
      else await insertBatch(db, st.current, st.batch);
      st.batch = [];
      st.tree = null;
    };
    const begin = async (name: string) => {
      await finish();
      const t = byName.get(name);
      if (!t) throw new OpsError(`The export has rows for ${name}, a table this database does not have.`);
      if (started.has(name)) throw new OpsError(`The export's rows of ${name} are not together: the file was not made by export.`);
      if (mustNotFollow.has(name)) throw new OpsError(`The export has ${name} after a table that references it: the file was not made by export.`);
      if (!maintained.has(name) && [...started].some((s) => maintained.has(s))) throw new OpsError(`The export has ${name} after the trigger-maintained tables: the file was not made by export.`);
      for (const r of t.references) if (!started.has(r)) mustNotFollow.add(r);
      started.add(name);
      st.current = t;
      counts.perTable[name] = 0;
      // What the triggers wrote while the other tables went in is replaced by the source's own rows.
      // So are the rows migrations put in (declaration_sequence's counter…): the export has the source's.
      if ((maintained.has(name) || filledByMigrations.has(name)) && name !== 'data_versions') await sql`DELETE FROM ${sql.table(name)}`.execute(db);
      if (t.selfReference) st.tree = [];
      log(`  ${name}…`);
    };
    for (let next = await lines.next(); !next.done; next = await lines.next()) {
      if (!next.value.trim()) continue;
      if (ended) throw new OpsError(`${file} has lines after its end mark.`);
      let obj: { table?: string; row?: Row; end?: boolean; rows?: Record<string, number> };
      try {
        obj = JSON.parse(next.value);
      } catch {
        throw new OpsError(`${file} has a line that is not JSON (after ${counts.rows} rows).`);
      }
      if (obj.end) {
        await finish();
        for (const [name, n] of Object.entries(obj.rows ?? {}))
          if ((counts.perTable[name] ?? 0) !== n) throw new OpsError(`${file} says ${name} has ${n} rows but ${counts.perTable[name] ?? 0} were read.`);
        ended = true;
        continue;
      }
      if (typeof obj.table !== 'string' || typeof obj.row !== 'object' || obj.row === null) throw new OpsError(`${file} has a line that is neither a row nor the end mark.`);
      if (st.current?.name !== obj.table) await begin(obj.table);
      const t = st.current!;
      counts.perTable[obj.table] = (counts.perTable[obj.table] ?? 0) + 1;
      counts.rows++;
      if (o.onProgress && counts.rows % 1000 === 0) o.onProgress(opened.bytesRead(), size);
      if (obj.table === 'data_versions') exportedVersions.push(obj.row);
      else if (st.tree) st.tree.push(obj.row);
      else {
        st.batch.push(obj.row);
        if (st.batch.length >= batchSize(t)) {
          await insertBatch(db, t, st.batch);
          st.batch = [];
        }
      }
    }
    if (!ended) throw new OpsError(`${file} ends before its end mark: the export was cut off. Nothing was imported. / ファイルが途中で切れています。`);
    o.onProgress?.(size, size);
    // Past both databases' versions: no page cached against either can be mistaken for the new data.
    for (const v of exportedVersions)
      await sql`UPDATE data_versions SET version = (CASE WHEN version > ${Number(v.version)} THEN version ELSE ${Number(v.version)} END) + 1 WHERE domain = ${String(v.domain)}`.execute(db);
    await rebuildSearchTables(db, handle.dialect, started);
    await setSequences(db, handle.dialect, targetTables, header.sequences ?? {});
  });
  return counts;
}
