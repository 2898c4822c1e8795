// Frozen in time: the public projection of advisories (注意喚起), who is affected (audiences,
// prefectures), their public correction history, and the program office's permission for an
// organisation to publish advisories. Never edit it after it has shipped; add a new migration instead.
import type { Kysely } from 'kysely';
import type { DialectName } from '../database.ts';

export function migration0006(dialect: DialectName) {
  const idColumn = (b: any) =>
    dialect === 'sqlite' ? b.primaryKey().autoIncrement() : b.primaryKey().generatedByDefaultAsIdentity();

  return {
    async up(db: Kysely<any>): Promise<void> {
      // Granted by an administrator; moderators and administrators may always write advisories.
      await db.schema.alterTable('organisations').addColumn('may_publish_advisories', 'integer', (c) => c.notNull().defaultTo(0)).execute();

      await db.schema
        .createTable('advisories')
        .addColumn('id', 'integer', idColumn)
        .addColumn('item_id', 'integer', (c) => c.notNull().unique().references('content_items.id').onDelete('cascade'))
        .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
        .addColumn('title_ja', 'text', (c) => c.notNull())
        .addColumn('title_en', 'text', (c) => c.notNull())
        .addColumn('what_ja', 'text', (c) => c.notNull())
        .addColumn('what_en', 'text', (c) => c.notNull())
        .addColumn('actions_ja', 'text', (c) => c.notNull())
        .addColumn('actions_en', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('nationwide', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('valid_until', 'text')
        .addColumn('links', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('published_at', 'text', (c) => c.notNull())
        .addColumn('corrected_at', 'text')
        .addColumn('correction_note_ja', 'text')
        .addColumn('correction_note_en', 'text')
        // A withdrawn advisory stays readable at its address, with the reason.
        .addColumn('withdrawn_at', 'text')
        .addColumn('withdrawal_note', 'text')
        .addColumn('confirmed_at', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('advisories_published_idx').on('advisories').columns(['published_at', 'id']).execute();
      await db.schema.createIndex('advisories_current_idx').on('advisories').columns(['withdrawn_at', 'valid_until']).execute();

      await db.schema
        .createTable('advisory_audiences')
        .addColumn('advisory_id', 'integer', (c) => c.notNull().references('advisories.id').onDelete('cascade'))
        .addColumn('audience', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('advisory_audiences_pk', ['advisory_id', 'audience'])
        .execute();
      await db.schema.createIndex('advisory_audiences_audience_idx').on('advisory_audiences').columns(['audience', 'advisory_id']).execute();

      await db.schema
        .createTable('advisory_prefectures')
        .addColumn('advisory_id', 'integer', (c) => c.notNull().references('advisories.id').onDelete('cascade'))
        .addColumn('prefecture', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('advisory_prefectures_pk', ['advisory_id', 'prefecture'])
        .execute();
      await db.schema.createIndex('advisory_prefectures_prefecture_idx').on('advisory_prefectures').columns(['prefecture', 'advisory_id']).execute();

      await db.schema
        .createTable('advisory_corrections')
        .addColumn('id', 'integer', idColumn)
        .addColumn('advisory_id', 'integer', (c) => c.notNull().references('advisories.id').onDelete('cascade'))
        .addColumn('corrected_at', 'text', (c) => c.notNull())
        .addColumn('note_ja', 'text', (c) => c.notNull())
        .addColumn('note_en', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('advisory_corrections_advisory_idx').on('advisory_corrections').columns(['advisory_id', 'corrected_at']).execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      for (const t of ['advisory_corrections', 'advisory_prefectures', 'advisory_audiences', 'advisories']) await db.schema.dropTable(t).ifExists().execute();
      await db.schema.alterTable('organisations').dropColumn('may_publish_advisories').execute();
    },
  };
}
