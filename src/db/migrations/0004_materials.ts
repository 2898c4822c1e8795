// Frozen in time: the materials library (handbooks, leaflets, posters, slides, videos, …). The public
// projection of approved materials, their file versions, links to initiatives and events, the n-gram search index and link checks. Never edit it after it has shipped;
// add a new migration instead.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.ts';

export function migration0004(dialect: DialectName) {
  const idColumn = (b: any) =>
    dialect === 'sqlite' ? b.primaryKey().autoIncrement() : b.primaryKey().generatedByDefaultAsIdentity();

  return {
    async up(db: Kysely<any>): Promise<void> {
      // The approved version of each public material. Its id is the content item's public_id and is
      // kept while the material is unpublished (the row goes, the id comes back on re-publishing).
      await db.schema
        .createTable('materials')
        .addColumn('id', 'integer', idColumn)
        .addColumn('title_ja', 'text', (c) => c.notNull())
        .addColumn('title_en', 'text', (c) => c.notNull())
        .addColumn('summary_ja', 'text', (c) => c.notNull())
        .addColumn('summary_en', 'text', (c) => c.notNull())
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('licence', 'text', (c) => c.notNull())
        .addColumn('attribution', 'text', (c) => c.notNull())
        .addColumn('version_label', 'text', (c) => c.notNull())
        .addColumn('issued_on', 'text')
        .addColumn('url', 'text')
        // The current file version (material_files.id); null when the material is a link only.
        .addColumn('file_id', 'integer')
        .addColumn('search_text', 'text', (c) => c.notNull())
        .addColumn('confirmed_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('materials_updated_idx').on('materials').columns(['updated_at', 'id']).execute();

      await db.schema
        .createTable('material_audiences')
        .addColumn('material_id', 'integer', (c) => c.notNull().references('materials.id').onDelete('cascade'))
        .addColumn('audience', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('material_audiences_pk', ['material_id', 'audience'])
        .execute();
      await db.schema.createIndex('material_audiences_audience_idx').on('material_audiences').columns(['audience', 'material_id']).execute();

      await db.schema
        .createTable('material_organisations')
        .addColumn('material_id', 'integer', (c) => c.notNull().references('materials.id').onDelete('cascade'))
        .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('material_organisations_pk', ['material_id', 'organisation_id'])
        .execute();
      await db.schema.createIndex('material_organisations_org_idx').on('material_organisations').columns(['organisation_id', 'material_id']).execute();

      // Initiatives and events (by public id) a material belongs to.
      await db.schema
        .createTable('material_links')
        .addColumn('material_id', 'integer', (c) => c.notNull().references('materials.id').onDelete('cascade'))
        .addColumn('target_kind', 'text', (c) => c.notNull())
        .addColumn('target_id', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('material_links_pk', ['material_id', 'target_kind', 'target_id'])
        .execute();
      await db.schema.createIndex('material_links_target_idx').on('material_links').columns(['target_kind', 'target_id']).execute();

      // Published file versions. No foreign key to materials: versions (and their download counts)
      // outlive an unpublished material, so re-publishing it brings its history back.
      await db.schema
        .createTable('material_files')
        .addColumn('id', 'integer', idColumn)
        .addColumn('material_id', 'integer', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('media_type', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('download_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('material_files_version_uq', ['material_id', 'version'])
        .execute();

      // The n-gram index behind Japanese search, as for initiatives (src/search/grams.ts).
      if (dialect === 'sqlite') {
        await sql`CREATE VIRTUAL TABLE material_grams USING fts5(grams, content='', contentless_delete=1, tokenize='unicode61')`.execute(db);
      } else {
        await db.schema
          .createTable('material_grams')
          .addColumn('material_id', 'integer', (c) => c.primaryKey().references('materials.id').onDelete('cascade'))
          .addColumn('grams', 'text', (c) => c.notNull())
          .addColumn('grams_tsv', sql`tsvector`, (c) => c.generatedAlwaysAs(sql`to_tsvector('simple', grams)`).stored())
          .execute();
        await sql`CREATE INDEX material_grams_gin ON material_grams USING gin (grams_tsv)`.execute(db);
      }

      await db.schema
        .createTable('material_link_checks')
        .addColumn('material_id', 'integer', (c) => c.primaryKey().references('materials.id').onDelete('cascade'))
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('checked_at', 'text', (c) => c.notNull())
        .addColumn('ok', 'integer', (c) => c.notNull())
        .addColumn('status_code', 'integer')
        .addColumn('error', 'text')
        .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      for (const t of ['material_link_checks', 'material_grams', 'material_files', 'material_links', 'material_organisations', 'material_audiences', 'materials']) {
        await db.schema.dropTable(t).ifExists().execute();
      }
    },
  };
}
