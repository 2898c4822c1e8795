// Frozen in time: this migration describes the schema as it was when it was written. Never edit it
// after it has shipped; add a new migration instead.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.ts';

export function migration0001(dialect: DialectName) {
  const idColumn = (b: any) =>
    dialect === 'sqlite' ? b.primaryKey().autoIncrement() : b.primaryKey().generatedByDefaultAsIdentity();
  const idType = 'integer' as const;

  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('organisations')
        .addColumn('id', idType, idColumn)
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('name_ja', 'text', (c) => c.notNull())
        .addColumn('name_en', 'text', (c) => c.notNull())
        .addColumn('abbreviation', 'text')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('sector', 'text', (c) => c.notNull())
        .addColumn('website', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('strategy_measures')
        .addColumn('id', idType, idColumn)
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('parent_id', 'integer', (c) => c.references('strategy_measures.id'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('title_ja', 'text', (c) => c.notNull())
        .addColumn('title_en', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('strategy_measure_closure')
        .addColumn('ancestor_id', 'integer', (c) => c.notNull().references('strategy_measures.id').onDelete('cascade'))
        .addColumn('descendant_id', 'integer', (c) => c.notNull().references('strategy_measures.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('strategy_measure_closure_pk', ['ancestor_id', 'descendant_id'])
        .execute();

      await db.schema
        .createTable('initiatives')
        .addColumn('id', idType, idColumn)
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('title_ja', 'text', (c) => c.notNull())
        .addColumn('title_en', 'text', (c) => c.notNull())
        .addColumn('summary_ja', 'text', (c) => c.notNull())
        .addColumn('summary_en', 'text', (c) => c.notNull())
        .addColumn('sector', 'text', (c) => c.notNull())
        .addColumn('nationwide', 'integer', (c) => c.notNull())
        .addColumn('url', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('judged', 'text', (c) => c.notNull())
        .addColumn('judgement_note', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('source_date', 'text')
        .addColumn('search_text', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      // Narrow index for the facet and matrix counts, so they need not read the wide rows.
      await db.schema.createIndex('initiatives_facets_idx').on('initiatives').columns(['sector', 'nationwide']).execute();
      await db.schema.createIndex('initiatives_updated_idx').on('initiatives').column('updated_at').execute();
      // The default sort of the catalogue (by title, byte order on both engines so that both list alike).
      if (dialect === 'sqlite') {
        await db.schema.createIndex('initiatives_title_ja_idx').on('initiatives').column('title_ja').execute();
      } else {
        await sql`CREATE INDEX initiatives_title_ja_idx ON initiatives (title_ja COLLATE "C")`.execute(db);
      }

      const link = async (table: string, column: string, type: 'text' | 'integer', ref?: string) => {
        await db.schema
          .createTable(table)
          .addColumn('initiative_id', 'integer', (c) => c.notNull().references('initiatives.id').onDelete('cascade'))
          .addColumn(column, type, (c) => (ref ? c.notNull().references(ref).onDelete('cascade') : c.notNull()))
          .addPrimaryKeyConstraint(`${table}_pk`, ['initiative_id', column])
          .execute();
        // Facet counts and filters read the table value-first.
        await db.schema.createIndex(`${table}_value_idx`).on(table).columns([column, 'initiative_id']).execute();
      };
      await link('initiative_audiences', 'audience', 'text');
      await link('initiative_methods', 'method', 'text');
      await link('initiative_regions', 'prefecture', 'text');
      await link('initiative_measures', 'measure_id', 'integer', 'strategy_measures.id');

      await db.schema
        .createTable('initiative_organisations')
        .addColumn('initiative_id', 'integer', (c) => c.notNull().references('initiatives.id').onDelete('cascade'))
        .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('initiative_organisations_pk', ['initiative_id', 'organisation_id'])
        .execute();
      await db.schema
        .createIndex('initiative_organisations_value_idx')
        .on('initiative_organisations')
        .columns(['organisation_id', 'initiative_id'])
        .execute();

      // One row whose version changes with every write to the catalogue, in the same transaction: each
      // process rebuilds its in-memory facet index when it sees a new version (src/catalogue/facet-index.ts).
      await db.schema
        .createTable('catalogue_state')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('version', 'integer', (c) => c.notNull())
        .execute();
      await db.insertInto('catalogue_state').values({ id: 1, version: 1 }).execute();

      // The n-gram index behind Japanese search (see src/search/grams.ts).
      if (dialect === 'sqlite') {
        await sql`CREATE VIRTUAL TABLE initiative_grams USING fts5(grams, content='', contentless_delete=1, tokenize='unicode61')`.execute(db);
      } else {
        // The tsvector is stored, not computed per query: a sequential scan (which the planner picks for
        // small tables) then costs a comparison per row, not a parse of hundreds of tokens.
        await db.schema
          .createTable('initiative_grams')
          .addColumn('initiative_id', 'integer', (c) => c.primaryKey().references('initiatives.id').onDelete('cascade'))
          .addColumn('grams', 'text', (c) => c.notNull())
          .addColumn('grams_tsv', sql`tsvector`, (c) => c.generatedAlwaysAs(sql`to_tsvector('simple', grams)`).stored())
          .execute();
        await sql`CREATE INDEX initiative_grams_gin ON initiative_grams USING gin (grams_tsv)`.execute(db);
      }
    },
    async down(db: Kysely<any>): Promise<void> {
      for (const t of [
        'catalogue_state',
        'initiative_grams',
        'initiative_organisations',
        'initiative_measures',
        'initiative_regions',
        'initiative_methods',
        'initiative_audiences',
        'initiatives',
        'strategy_measure_closure',
        'strategy_measures',
        'organisations',
      ]) {
        await db.schema.dropTable(t).ifExists().execute();
      }
    },
  };
}
