// Frozen in time: consultation desks (相談窓口) and the guided path's flow (「困ったときは」) as versioned
// JSON documents. Never edit it after it has shipped; add a new migration instead.
import type { Kysely } from 'kysely';
import type { DialectName } from '../database.ts';

export function migration0007(dialect: DialectName) {
  const idColumn = (b: any) =>
    dialect === 'sqlite' ? b.primaryKey().autoIncrement() : b.primaryKey().generatedByDefaultAsIdentity();

  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('desks')
        .addColumn('id', 'integer', idColumn)
        // Stable key: the guided path's rules name desks by it, and the seed finds its own rows by it.
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('operator_ja', 'text', (c) => c.notNull())
        .addColumn('operator_en', 'text', (c) => c.notNull())
        .addColumn('name_ja', 'text', (c) => c.notNull())
        .addColumn('name_en', 'text', (c) => c.notNull())
        .addColumn('summary_ja', 'text', (c) => c.notNull())
        .addColumn('summary_en', 'text', (c) => c.notNull())
        .addColumn('phone', 'text')
        .addColumn('web_url', 'text')
        .addColumn('email', 'text')
        .addColumn('hours_ja', 'text', (c) => c.notNull())
        .addColumn('hours_en', 'text', (c) => c.notNull())
        // JIS X 0401 code of the one prefecture it serves; null for a national desk.
        .addColumn('prefecture', 'text')
        .addColumn('source_name', 'text', (c) => c.notNull())
        .addColumn('source_url', 'text')
        .addColumn('checked_on', 'text', (c) => c.notNull())
        .addColumn('judged', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('judgement_note', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('desks_prefecture_idx').on('desks').columns(['prefecture', 'position']).execute();

      await db.schema
        .createTable('desk_topics')
        .addColumn('desk_id', 'integer', (c) => c.notNull().references('desks.id').onDelete('cascade'))
        .addColumn('topic', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('desk_topics_pk', ['desk_id', 'topic'])
        .execute();
      await db.schema.createIndex('desk_topics_topic_idx').on('desk_topics').columns(['topic', 'desk_id']).execute();

      await db.schema
        .createTable('desk_audiences')
        .addColumn('desk_id', 'integer', (c) => c.notNull().references('desks.id').onDelete('cascade'))
        .addColumn('audience', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('desk_audiences_pk', ['desk_id', 'audience'])
        .execute();
      await db.schema.createIndex('desk_audiences_audience_idx').on('desk_audiences').columns(['audience', 'desk_id']).execute();

      // Every saved version of the guided path's flow; the highest version is the one in use.
      // Restoring an earlier version saves a copy of it as a new version, so history only grows.
      await db.schema
        .createTable('help_flows')
        .addColumn('id', 'integer', idColumn)
        .addColumn('version', 'integer', (c) => c.notNull().unique())
        .addColumn('document', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('restored_from', 'integer')
        .addColumn('created_by', 'integer', (c) => c.references('users.id'))
        .addColumn('created_by_name', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      for (const t of ['help_flows', 'desk_audiences', 'desk_topics', 'desks']) await db.schema.dropTable(t).ifExists().execute();
    },
  };
}
