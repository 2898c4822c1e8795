// Frozen in time: data versions for the page cache (issue 8). One row per domain ('content', 'stats');
// database triggers move it on every write to a table that public pages are made of, in the writer's own
// transaction, so every code path (a form, a job, the command line, another instance, another process)
// invalidates the cached pages, and a reader sees the new version exactly when it can see the new data.
//
// Tables left out are never shown on a cached page or change too often to be worth it (sessions, the
// delivery log, audit events, personal check progress…); the list in src/cache/versions.test.ts checks
// that every table is either here or left out on purpose, so a later migration cannot forget a table.
// SQLite has row triggers only; PostgreSQL gets one statement trigger per table (a batch moves it once).
// Never edit it after it has shipped; add a new migration instead (with versionTriggerStatements for
// the new tables).
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.ts';

export const CONTENT_TABLES_0014 = [
  'advisories', 'advisory_audiences', 'advisory_corrections', 'advisory_prefectures',
  'campaign_kit_entries', 'campaign_themes', 'campaigns',
  'check_documents',
  'content_item_organisations', 'content_items', 'content_revisions',
  'desk_audiences', 'desk_topics', 'desks',
  'event_audiences', 'event_organisations', 'event_report_audiences', 'event_reports', 'events',
  'help_flows',
  'initiative_audiences', 'initiative_measures', 'initiative_methods', 'initiative_organisations', 'initiative_regions', 'initiatives',
  'kpi_targets',
  'material_audiences', 'material_links', 'material_organisations', 'materials',
  'organisations',
  'reports',
  'strategy_measure_closure', 'strategy_measure_status', 'strategy_measures',
  'survey_imports', 'survey_values',
] as const;

// check_results rather than check_stats: the writer moves both in one transaction, and a result touches
// one check_results row but a dozen check_stats rows (SQLite fires a trigger per row).
export const STATS_TABLES_0014 = ['check_results', 'declaration_stats', 'dispatches', 'subscription_audiences', 'subscriptions'] as const;

/**
 * material_files is split: a download adds one to download_count, which only the figures show. A crowd
 * downloading a leaflet must not empty the page cache and rebuild the library's index at every click, so
 * that column moves 'stats' and the others move 'content'.
 */
const MATERIAL_FILE_COLUMNS = ['material_id', 'version', 'sha256', 'size', 'media_type', 'name', 'created_at'];

function materialFileStatements(dialect: DialectName): string[] {
  const bump = (domain: string) => `UPDATE data_versions SET version = version + 1 WHERE domain = '${domain}'`;
  if (dialect === 'sqlite')
    return [
      `CREATE TRIGGER data_version_material_files_insert AFTER INSERT ON material_files BEGIN ${bump('content')}; END`,
      `CREATE TRIGGER data_version_material_files_delete AFTER DELETE ON material_files BEGIN ${bump('content')}; END`,
      `CREATE TRIGGER data_version_material_files_update AFTER UPDATE OF ${MATERIAL_FILE_COLUMNS.join(', ')} ON material_files BEGIN ${bump('content')}; END`,
      `CREATE TRIGGER data_version_material_files_download AFTER UPDATE OF download_count ON material_files BEGIN ${bump('stats')}; END`,
    ];
  return [
    `CREATE TRIGGER data_version_material_files AFTER INSERT OR DELETE OR TRUNCATE OR UPDATE OF ${MATERIAL_FILE_COLUMNS.join(', ')} ON material_files FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump('content')`,
    `CREATE TRIGGER data_version_material_files_download AFTER UPDATE OF download_count ON material_files FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump('stats')`,
  ];
}

/** The statements that make writes to `table` move the version of `domain`. */
export function versionTriggerStatements(dialect: DialectName, table: string, domain: 'content' | 'stats'): string[] {
  const bump = `UPDATE data_versions SET version = version + 1 WHERE domain = '${domain}'`;
  if (dialect === 'sqlite') return ['INSERT', 'UPDATE', 'DELETE'].map((op) => `CREATE TRIGGER data_version_${table}_${op.toLowerCase()} AFTER ${op} ON ${table} BEGIN ${bump}; END`);
  return [`CREATE TRIGGER data_version_${table} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump('${domain}')`];
}

export function dropVersionTriggerStatements(dialect: DialectName, table: string): string[] {
  if (dialect === 'sqlite') return ['insert', 'update', 'delete'].map((op) => `DROP TRIGGER IF EXISTS data_version_${table}_${op}`);
  return [`DROP TRIGGER IF EXISTS data_version_${table} ON ${table}`];
}

export function migration0014(dialect: DialectName) {
  const all = [...CONTENT_TABLES_0014.map((t) => [t, 'content'] as const), ...STATS_TABLES_0014.map((t) => [t, 'stats'] as const)];
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('data_versions')
        .addColumn('domain', 'text', (c) => c.primaryKey())
        .addColumn('version', 'bigint', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.insertInto('data_versions').values([{ domain: 'content', version: 0 }, { domain: 'stats', version: 0 }]).execute();
      if (dialect === 'postgres') {
        await sql
          .raw(
            `CREATE FUNCTION data_version_bump() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = TG_ARGV[0];
  RETURN NULL;
END
$fn$`,
          )
          .execute(db);
      }
      for (const [table, domain] of all) for (const s of versionTriggerStatements(dialect, table, domain)) await sql.raw(s).execute(db);
      for (const s of materialFileStatements(dialect)) await sql.raw(s).execute(db);
    },
    async down(db: Kysely<any>): Promise<void> {
      for (const [table] of all) for (const s of dropVersionTriggerStatements(dialect, table)) await sql.raw(s).execute(db);
      for (const t of dialect === 'sqlite' ? ['insert', 'delete', 'update', 'download'].map((x) => `data_version_material_files_${x}`) : ['data_version_material_files', 'data_version_material_files_download'])
        await sql.raw(dialect === 'sqlite' ? `DROP TRIGGER IF EXISTS ${t}` : `DROP TRIGGER IF EXISTS ${t} ON material_files`).execute(db);
      if (dialect === 'postgres') await sql`DROP FUNCTION IF EXISTS data_version_bump()`.execute(db);
      await db.schema.dropTable('data_versions').execute();
    },
  };
}
