// Frozen in time: partner feeds (issue 10). An organisation registers its iCalendar or Atom/RSS feed;
// the portal fetches it on a schedule and writes its entries as the organisation's content, through the
// same review as typed-in content. feed_entries maps each entry at the source to the item it became,
// with a hash of what was last written, so that an unchanged entry writes nothing and a changed one a
// new revision. Neither table is shown on a public page (the items they write are, and move the
// 'content' version through the content tables' own triggers): both are in NOT_VERSIONED.
// Never edit it after it has shipped; add a new migration instead.
import type { Kysely } from 'kysely';
import type { DialectName } from '../database.ts';

export function migration0017(dialect: DialectName) {
  const idColumn = (b: any) => (dialect === 'sqlite' ? b.primaryKey().autoIncrement() : b.primaryKey().generatedByDefaultAsIdentity());
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('feeds')
        .addColumn('id', 'integer', idColumn)
        .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
        .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('defaults', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('allow_private', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('etag', 'text')
        .addColumn('last_modified', 'text')
        .addColumn('fetching_until', 'text')
        .addColumn('last_fetch_at', 'text')
        .addColumn('last_manual_at', 'text')
        .addColumn('last_result', 'text')
        .addColumn('last_error_code', 'text')
        .addColumn('last_error_detail', 'text')
        .addColumn('seen', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('updated', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('cancelled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('refused', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('refused_entries', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('failure_mailed_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('feeds_organisation_idx').on('feeds').columns(['organisation_id', 'id']).execute();
      // The round picks the active feeds fetched longest ago.
      await db.schema.createIndex('feeds_due_idx').on('feeds').columns(['status', 'last_fetch_at']).execute();

      await db.schema
        .createTable('feed_entries')
        .addColumn('feed_id', 'integer', (c) => c.notNull().references('feeds.id').onDelete('cascade'))
        .addColumn('entry_id', 'text', (c) => c.notNull())
        .addColumn('item_id', 'integer', (c) => c.notNull().references('content_items.id').onDelete('cascade'))
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('feed_entries_pk', ['feed_id', 'entry_id'])
        .execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      for (const t of ['feed_entries', 'feeds']) await db.schema.dropTable(t).ifExists().execute();
    },
  };
}
