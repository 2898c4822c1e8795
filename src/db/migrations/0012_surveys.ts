// Frozen in time: figures of external surveys (内閣府, IPA…) imported from CSV, and the record of each
// import. Never edit it after it has shipped; add a new migration instead.
import type { Kysely } from 'kysely';
import type { DialectName } from '../database.ts';

export function migration0012(dialect: DialectName) {
  const idColumn = (b: any) => (dialect === 'sqlite' ? b.primaryKey().autoIncrement() : b.primaryKey().generatedByDefaultAsIdentity());
  // SQLite's REAL is already 8 bytes; PostgreSQL's "real" would be 4 (16.9 read back as 16.8999996).
  const float = dialect === 'sqlite' ? 'real' : 'double precision';
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('survey_imports')
        .addColumn('id', 'integer', idColumn)
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('actor_user_id', 'integer')
        .addColumn('actor_name', 'text')
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('row_count', 'integer', (c) => c.notNull())
        .addColumn('inserted', 'integer', (c) => c.notNull())
        .addColumn('updated', 'integer', (c) => c.notNull())
        .execute();

      // One figure of one survey: (survey, year, question, audience) is its key, so a re-import updates it.
      await db.schema
        .createTable('survey_values')
        .addColumn('id', 'integer', idColumn)
        .addColumn('survey', 'text', (c) => c.notNull())
        .addColumn('survey_en', 'text', (c) => c.notNull())
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('question', 'text', (c) => c.notNull())
        .addColumn('question_en', 'text', (c) => c.notNull())
        .addColumn('audience', 'text', (c) => c.notNull())
        .addColumn('value', float as any, (c) => c.notNull())
        .addColumn('unit', 'text', (c) => c.notNull())
        .addColumn('sample_size', 'integer')
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('fieldwork', 'text', (c) => c.notNull())
        .addColumn('measure', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('import_id', 'integer', (c) => c.references('survey_imports.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('survey_values_key', ['survey', 'year', 'question', 'audience'])
        .execute();
      await db.schema.createIndex('survey_values_measure_idx').on('survey_values').columns(['measure', 'audience']).execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      for (const t of ['survey_values', 'survey_imports']) await db.schema.dropTable(t).ifExists().execute();
    },
  };
}
