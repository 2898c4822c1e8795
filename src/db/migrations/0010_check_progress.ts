// Frozen in time: saved personal-check journeys (resume without an account) and the optional
// six-month reminders. Never edit it after it has shipped; add a new migration instead.
import type { Kysely } from 'kysely';
import type { DialectName } from '../database.ts';

export function migration0010(dialect: DialectName) {
  const idColumn = (b: any) => (dialect === 'sqlite' ? b.primaryKey().autoIncrement() : b.primaryKey().generatedByDefaultAsIdentity());
  return {
    async up(db: Kysely<any>): Promise<void> {
      // A journey is found by the SHA-256 of its random token (the token itself is only in the person's
      // cookie and resume link). Dates without time of day; no address, no user agent, no link to the
      // anonymous result (check_results has no token) nor to a reminder.
      await db.schema
        .createTable('check_progress')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('definition_version', 'integer', (c) => c.notNull())
        .addColumn('answers', 'text', (c) => c.notNull())
        .addColumn('age_band', 'text')
        .addColumn('prefecture', 'text')
        .addColumn('about_done', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('completed_on', 'text')
        .addColumn('created_on', 'text', (c) => c.notNull())
        .addColumn('updated_on', 'text', (c) => c.notNull())
        .addColumn('expires_on', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('check_progress_expires_idx').on('check_progress').column('expires_on').execute();

      // An address that asked to be reminded to check again, and when. Nothing else: no answers, no
      // journey; the row is deleted once the reminder is sent or the person unsubscribes.
      await db.schema
        .createTable('check_reminders')
        .addColumn('id', 'integer', idColumn)
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('locale', 'text', (c) => c.notNull())
        .addColumn('due_on', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('confirm_sent_at', 'text', (c) => c.notNull())
        .addColumn('confirm_sent_count', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('check_reminders_due_idx').on('check_reminders').columns(['status', 'due_on']).execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      for (const t of ['check_reminders', 'check_progress']) await db.schema.dropTable(t).ifExists().execute();
    },
  };
}
