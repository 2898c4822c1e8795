// Frozen in time: bulk import of content from spreadsheets (issue 10).
// - content_external_ids: the stable id a row of an organisation's sheet carries ("ID" column), per kind,
//   so that importing the same sheet again updates the items it made instead of making new ones.
// - imports: one uploaded sheet, from preview to confirmation. The file waits on disk (UPLOAD_DIR/imports)
//   between the two; the preview's summary and the hash of its plan are kept, and the confirmation is
//   refused if the plan computed at that moment differs (preview equals result).
// Never edit it after it has shipped; add a new migration instead.
import type { Kysely } from 'kysely';
import type { DialectName } from '../database.ts';

export function migration0016(dialect: DialectName) {
  const idColumn = (b: any) => (dialect === 'sqlite' ? b.primaryKey().autoIncrement() : b.primaryKey().generatedByDefaultAsIdentity());
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('content_external_ids')
        .addColumn('item_id', 'integer', (c) => c.primaryKey().references('content_items.id').onDelete('cascade'))
        .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('external_id', 'text', (c) => c.notNull())
        .addUniqueConstraint('content_external_ids_uq', ['organisation_id', 'kind', 'external_id'])
        .execute();

      await db.schema
        .createTable('imports')
        .addColumn('id', 'integer', idColumn)
        // null: the program office's import, whose sheet names each row's organisation.
        .addColumn('organisation_id', 'integer', (c) => c.references('organisations.id').onDelete('cascade'))
        .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('stored_name', 'text')
        .addColumn('format', 'text')
        .addColumn('encoding', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('plan_hash', 'text')
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('applied_at', 'text')
        .execute();
      await db.schema.createIndex('imports_org_idx').on('imports').columns(['organisation_id', 'id']).execute();
      await db.schema.createIndex('imports_created_idx').on('imports').columns(['status', 'created_at']).execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropTable('imports').ifExists().execute();
      await db.schema.dropTable('content_external_ids').ifExists().execute();
    },
  };
}
