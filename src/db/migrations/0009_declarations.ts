// Frozen in time: the self-declaration registry in the style of SECURITY ACTION (declarations, their
// name search index, the number sequence and the per-address email quota). Never edit it after it has
// shipped; add a new migration instead.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.ts';

export function migration0009(dialect: DialectName) {
  const idColumn = (b: any) =>
    dialect === 'sqlite' ? b.primaryKey().autoIncrement() : b.primaryKey().generatedByDefaultAsIdentity();

  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('declarations')
        .addColumn('id', 'integer', idColumn)
        .addColumn('number', 'text', (c) => c.unique())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('star', 'integer', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_kana', 'text')
        .addColumn('name_key', 'text', (c) => c.notNull())
        .addColumn('sort_key', 'text', (c) => c.notNull())
        .addColumn('search_text', 'text', (c) => c.notNull())
        .addColumn('corporate_number', 'text')
        .addColumn('prefecture', 'text', (c) => c.notNull())
        .addColumn('municipality', 'text')
        .addColumn('industry', 'text', (c) => c.notNull())
        .addColumn('size_band', 'text', (c) => c.notNull())
        .addColumn('website', 'text')
        .addColumn('policy_url', 'text')
        .addColumn('diagnosis_done', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('locale', 'text', (c) => c.notNull())
        .addColumn('confirm_sent_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('declared_at', 'text')
        .addColumn('renewed_at', 'text')
        .addColumn('renewal_due', 'text')
        .addColumn('reminded_early_for', 'text')
        .addColumn('reminded_due_for', 'text')
        .addColumn('ended_at', 'text')
        .addColumn('revoked_reason', 'text')
        .execute();

      // Duplicates are refused by the database too, so two submissions at the same moment cannot both
      // succeed: one live (pending or active) declaration per corporate number, and for those without one,
      // per normalised name, prefecture and contact address. Partial unique indexes (SQLite and PostgreSQL).
      await sql`CREATE UNIQUE INDEX declarations_live_corporate_uq ON declarations (corporate_number) WHERE corporate_number IS NOT NULL AND status IN ('pending', 'active')`.execute(db);
      await sql`CREATE UNIQUE INDEX declarations_live_sole_uq ON declarations (name_key, prefecture, email) WHERE corporate_number IS NULL AND status IN ('pending', 'active')`.execute(db);

      // Public search, designed for a million rows: each common filter has an index that also gives the
      // display order (name or date), so a page is an ordered index walk that stops after 20 rows, and the
      // capped count (10,000) stops early too. Status is checked on the rows walked (most are active).
      const idx = (name: string, columns: string[]) => db.schema.createIndex(name).on('declarations').columns(columns).execute();
      await idx('declarations_sort_idx', ['sort_key', 'id']);
      await idx('declarations_date_idx', ['declared_at', 'id']);
      await idx('declarations_pref_sort_idx', ['prefecture', 'sort_key', 'id']);
      await idx('declarations_pref_date_idx', ['prefecture', 'declared_at', 'id']);
      await idx('declarations_industry_sort_idx', ['industry', 'sort_key', 'id']);
      await idx('declarations_size_sort_idx', ['size_band', 'sort_key', 'id']);
      await idx('declarations_star_sort_idx', ['star', 'sort_key', 'id']);
      await idx('declarations_corporate_idx', ['corporate_number']);
      await idx('declarations_email_idx', ['email']);
      // The daily renewal job and the clean-up of unconfirmed declarations.
      await idx('declarations_status_due_idx', ['status', 'renewal_due']);

      // The n-gram index of names and kana (src/search/grams.ts): 1–2 character words are exact look-ups.
      if (dialect === 'sqlite') {
        await sql`CREATE VIRTUAL TABLE declaration_grams USING fts5(grams, content='', contentless_delete=1, tokenize='unicode61')`.execute(db);
      } else {
        await db.schema
          .createTable('declaration_grams')
          .addColumn('declaration_id', 'integer', (c) => c.primaryKey().references('declarations.id').onDelete('cascade'))
          .addColumn('grams', 'text', (c) => c.notNull())
          .addColumn('grams_tsv', sql`tsvector`, (c) => c.generatedAlwaysAs(sql`to_tsvector('simple', grams)`).stored())
          .execute();
        await sql`CREATE INDEX declaration_grams_gin ON declaration_grams USING gin (grams_tsv)`.execute(db);
      }

      await db.schema
        .createTable('declaration_sequence')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('last', 'integer', (c) => c.notNull())
        .execute();
      await db.insertInto('declaration_sequence').values({ id: 1, last: 0 }).execute();

      await db.schema
        .createTable('declaration_mail_quota')
        .addColumn('email_hash', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('declaration_mail_quota_pk', ['email_hash', 'day'])
        .execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      for (const t of ['declaration_mail_quota', 'declaration_sequence', 'declaration_grams', 'declarations']) await db.schema.dropTable(t).ifExists().execute();
    },
  };
}
