// What the backup, restore, export and import commands know about a database, read from the database
// itself (sqlite_master and PRAGMAs; information_schema and pg_catalog) rather than from a list in code:
// a table added by a later migration is carried without anyone remembering to add it here. The few
// tables that are not plain data (search indexes, trigger-maintained figures, migration bookkeeping)
// are named below, with why, and an unknown trigger stops an import rather than silently doubling rows.
import { sql, type Kysely } from 'kysely';
import { openDatabase, type Database, type DatabaseHandle } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';

/** The storage class a value is converted to when it crosses dialects. */
export type ColumnKind = 'integer' | 'real' | 'text' | 'blob';

export interface ColumnInfo {
  name: string;
  kind: ColumnKind;
}

export interface TableInfo {
  name: string;
  columns: ColumnInfo[];
  primaryKey: string[];
  /** Tables this one references by foreign key (itself excluded). */
  references: string[];
  /** True when a column references this same table (a tree: rows must arrive parents first). */
  selfReference: { column: string; references: string } | null;
  /** PostgreSQL identity columns (their sequences are set after an import). */
  identity: string[];
}

/** Migration bookkeeping: the target's own migrator writes these; they are never copied. */
export const BOOKKEEPING_TABLES = new Set(['kysely_migration', 'kysely_migration_lock', 'sqlite_sequence']);

/**
 * Search indexes derived from a base table's search_text (SQLite FTS5, PostgreSQL tables with a generated
 * tsvector): not portable between dialects (SQLite's are contentless and cannot even be read back), so
 * they are left out of exports and rebuilt from the base rows after an import.
 */
export const DERIVED_SEARCH_TABLES: Record<string, { base: string; key: string }> = {
  initiative_grams: { base: 'initiatives', key: 'initiative_id' },
  material_grams: { base: 'materials', key: 'material_id' },
  declaration_grams: { base: 'declarations', key: 'declaration_id' },
};

/**
 * Tables that database triggers write when other tables change. An import replaces whatever the triggers
 * wrote while its rows went in with the exported rows (which are the source's truth), so they are imported
 * last. Each known trigger name prefix says which table it maintains.
 */
export const TRIGGER_MAINTAINED: Record<string, string> = {
  data_version_: 'data_versions',
  declaration_stats_: 'declaration_stats',
};

function kindOfSqlite(declared: string): ColumnKind {
  // SQLite's own affinity rules (section 3.1 of "Datatypes In SQLite").
  const t = declared.toUpperCase();
  if (t.includes('INT')) return 'integer';
  if (t.includes('CHAR') || t.includes('CLOB') || t.includes('TEXT')) return 'text';
  if (t === '' || t.includes('BLOB')) return 'blob';
  if (t.includes('REAL') || t.includes('FLOA') || t.includes('DOUB')) return 'real';
  return 'real';
}

function kindOfPostgres(dataType: string): ColumnKind {
  if (['integer', 'bigint', 'smallint'].includes(dataType)) return 'integer';
  if (['double precision', 'real', 'numeric'].includes(dataType)) return 'real';
  if (dataType === 'bytea') return 'blob';
  return 'text';
}

/** Every data table of the database (bookkeeping and SQLite's internal and FTS shadow tables excluded). */
export async function describeTables(handle: DatabaseHandle): Promise<TableInfo[]> {
  return handle.dialect === 'sqlite' ? describeSqlite(handle) : describePostgres(handle.db);
}

function describeSqlite(handle: DatabaseHandle): TableInfo[] {
  const s = handle.sqlite!;
  const all = s.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string; sql: string }[];
  const virtual = all.filter((t) => /^CREATE VIRTUAL TABLE/i.test(t.sql)).map((t) => t.name);
  const shadow = (name: string) => virtual.some((v) => name.startsWith(`${v}_`));
  const out: TableInfo[] = [];
  for (const t of all) {
    if (BOOKKEEPING_TABLES.has(t.name) || virtual.includes(t.name) || shadow(t.name)) continue;
    const cols = s.prepare(`PRAGMA table_info(${quoteIdent(t.name)})`).all() as { name: string; type: string; pk: number }[];
    const fks = s.prepare(`PRAGMA foreign_key_list(${quoteIdent(t.name)})`).all() as { table: string; from: string; to: string | null }[];
    const self = fks.find((f) => f.table === t.name);
    out.push({
      name: t.name,
      columns: cols.map((c) => ({ name: c.name, kind: kindOfSqlite(c.type) })),
      primaryKey: cols.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name),
      references: [...new Set(fks.map((f) => f.table).filter((x) => x !== t.name))],
      selfReference: self ? { column: self.from, references: self.to ?? 'rowid' } : null,
      identity: [],
    });
  }
  for (const v of virtual) if (!(v in DERIVED_SEARCH_TABLES)) throw new Error(`virtual table ${v} is not known to the backup tools (src/ops/schema.ts)`);
  return out;
}

async function describePostgres(db: Kysely<Database>): Promise<TableInfo[]> {
  const tables = (await sql<{ name: string }>`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`.execute(db)).rows.map((r) => r.name);
  const cols = (
    await sql<{ table_name: string; column_name: string; data_type: string; is_identity: string; is_generated: string }>`
      SELECT table_name, column_name, data_type, is_identity, is_generated FROM information_schema.columns
      WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`.execute(db)
  ).rows;
  const pks = (
    await sql<{ table_name: string; column_name: string }>`
      SELECT c.relname AS table_name, a.attname AS column_name
      FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN LATERAL unnest(k.conkey) WITH ORDINALITY AS u(attnum, ord) ON true
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = u.attnum
      WHERE k.contype = 'p' AND n.nspname = current_schema() ORDER BY c.relname, u.ord`.execute(db)
  ).rows;
  const fks = (
    await sql<{ table_name: string; column_name: string; ref_table: string; ref_column: string }>`
      SELECT c.relname AS table_name, a.attname AS column_name, rc.relname AS ref_table, ra.attname AS ref_column
      FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_class rc ON rc.oid = k.confrelid
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.conkey[1]
      JOIN pg_attribute ra ON ra.attrelid = rc.oid AND ra.attnum = k.confkey[1]
      WHERE k.contype = 'f' AND n.nspname = current_schema()`.execute(db)
  ).rows;
  const out: TableInfo[] = [];
  for (const name of tables) {
    if (BOOKKEEPING_TABLES.has(name)) continue;
    const mine = cols.filter((c) => c.table_name === name);
    const myFks = fks.filter((f) => f.table_name === name);
    const self = myFks.find((f) => f.ref_table === name);
    out.push({
      name,
      // Generated columns (the search tables' tsvector) are computed by the database, never written.
      columns: mine.filter((c) => c.is_generated !== 'ALWAYS').map((c) => ({ name: c.column_name, kind: kindOfPostgres(c.data_type) })),
      primaryKey: pks.filter((p) => p.table_name === name).map((p) => p.column_name),
      references: [...new Set(myFks.map((f) => f.ref_table).filter((x) => x !== name))],
      selfReference: self ? { column: self.column_name, references: self.ref_column } : null,
      identity: mine.filter((c) => c.is_identity === 'YES').map((c) => c.column_name),
    });
  }
  return out;
}

/**
 * Tables in an order where every table comes after the tables it references (Kahn's algorithm, ties by
 * name so the order is stable), trigger-maintained tables last. A cycle between tables is an error: rows
 * could not be inserted in any order with the foreign keys checked.
 */
export function foreignKeyOrder(tables: TableInfo[]): TableInfo[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const maintained = new Set(Object.values(TRIGGER_MAINTAINED));
  const pending = new Map(tables.map((t) => [t.name, new Set(t.references.filter((r) => byName.has(r)))]));
  const out: TableInfo[] = [];
  while (pending.size) {
    const ready = [...pending].filter(([, deps]) => deps.size === 0).map(([n]) => n).sort();
    if (!ready.length) throw new Error(`the foreign keys between these tables form a cycle: ${[...pending.keys()].join(', ')}`);
    for (const n of ready) {
      pending.delete(n);
      for (const deps of pending.values()) deps.delete(n);
      out.push(byName.get(n)!);
    }
  }
  return [...out.filter((t) => !maintained.has(t.name)), ...out.filter((t) => maintained.has(t.name))];
}

/** Trigger names in the database, for the check that every trigger's effect is known. */
export async function triggerNames(handle: DatabaseHandle): Promise<string[]> {
  if (handle.dialect === 'sqlite') return handle.sqlite!.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").pluck().all() as string[];
  const r = await sql<{ name: string }>`SELECT t.tgname AS name FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT t.tgisinternal AND n.nspname = current_schema()`.execute(handle.db);
  return r.rows.map((x) => x.name);
}

export function unknownTriggers(names: string[]): string[] {
  return names.filter((n) => !Object.keys(TRIGGER_MAINTAINED).some((p) => n.startsWith(p)));
}

/** Data tables holding rows, except the rows migrations put there themselves (and derived tables): empty means safe to overwrite. */
export async function tablesWithRows(handle: DatabaseHandle): Promise<string[]> {
  const { filledByMigrations } = await freshDatabase();
  const tables = await describeTables(handle);
  const out: string[] = [];
  for (const t of tables) {
    if (t.name in DERIVED_SEARCH_TABLES) continue;
    const r = await sql<{ n: number | string }>`SELECT count(*) AS n FROM (SELECT 1 FROM ${sql.table(t.name)} LIMIT 1000) x`.execute(handle.db);
    if (Number(r.rows[0]?.n ?? 0) > (filledByMigrations.get(t.name) ?? 0)) out.push(t.name);
  }
  return out;
}

/** Migrations recorded as applied in this database, in order (none when it was never migrated). */
export async function appliedMigrations(handle: DatabaseHandle): Promise<string[]> {
  const exists =
    handle.dialect === 'sqlite'
      ? handle.sqlite!.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'").get() !== undefined
      : (await sql<{ t: string | null }>`SELECT to_regclass('kysely_migration')::text AS t`.execute(handle.db)).rows[0]?.t != null;
  if (!exists) return [];
  const r = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(handle.db);
  return r.rows.map((x) => x.name);
}

let fresh: Promise<{ migrations: string[]; filledByMigrations: Map<string, number> }> | null = null;

/**
 * What this code's migrations make of an empty database: the migrations it knows, and the tables they
 * fill by themselves with how many rows (data_versions, declaration_sequence…). Learnt from a scratch
 * in-memory database rather than kept as a list that a new migration could forget.
 */
export function freshDatabase(): Promise<{ migrations: string[]; filledByMigrations: Map<string, number> }> {
  fresh ??= (async () => {
    const scratch = openDatabase(':memory:');
    try {
      const migrations = (await migrateToLatest(scratch)).sort();
      const filledByMigrations = new Map<string, number>();
      for (const t of await describeTables(scratch)) {
        const n = Number((scratch.sqlite!.prepare(`SELECT count(*) FROM ${quoteIdent(t.name)}`).pluck().get() as number) ?? 0);
        if (n) filledByMigrations.set(t.name, n);
      }
      return { migrations, filledByMigrations };
    } finally {
      await scratch.destroy();
    }
  })();
  return fresh;
}

export async function knownMigrations(): Promise<string[]> {
  return (await freshDatabase()).migrations;
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
