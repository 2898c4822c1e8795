// Frozen in time: the self-checks' definitions as versioned JSON documents, and the anonymous results of
// completed checks. Never edit it after it has shipped; add a new migration instead.
import type { Kysely } from 'kysely';
import type { DialectName } from '../database.ts';

export function migration0008(dialect: DialectName) {
  const idColumn = (b: any) =>
    dialect === 'sqlite' ? b.primaryKey().autoIncrement() : b.primaryKey().generatedByDefaultAsIdentity();

  return {
    async up(db: Kysely<any>): Promise<void> {
      // Every saved version of each definition (personal check, 5 measures, 25-item diagnosis, quiz bank,
      // policy template); the highest version of a kind is in use. Restoring saves a copy as a new version.
      await db.schema
        .createTable('check_documents')
        .addColumn('id', 'integer', idColumn)
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('document', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('restored_from', 'integer')
        .addColumn('created_by', 'integer', (c) => c.references('users.id'))
        .addColumn('created_by_name', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('check_documents_kind_version_key', ['kind', 'version'])
        .execute();

      // One row per completed check, and nothing that could lead back to a person: no name, no email,
      // no address, no token, no time of day. Append-only and narrow, for tens of millions of rows:
      // one index (by check and day) for the evaluation's incremental figures and for purging by date.
      // answers: one character per item in the definition's order (its `version` says which text).
      await db.schema
        .createTable('check_results')
        .addColumn('id', dialect === 'sqlite' ? 'integer' : 'bigint', idColumn)
        .addColumn('check_kind', 'text', (c) => c.notNull())
        .addColumn('definition_version', 'integer', (c) => c.notNull())
        .addColumn('completed_on', 'text', (c) => c.notNull())
        .addColumn('answers', 'text', (c) => c.notNull())
        .addColumn('score', 'integer')
        .addColumn('age_band', 'text')
        .addColumn('prefecture', 'text')
        .addColumn('size_band', 'text')
        .addColumn('industry', 'text')
        .execute();
      await db.schema.createIndex('check_results_kind_day_idx').on('check_results').columns(['check_kind', 'completed_on']).execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      for (const t of ['check_results', 'check_documents']) await db.schema.dropTable(t).ifExists().execute();
    },
  };
}
