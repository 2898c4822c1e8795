// Frozen in time: the evaluation's own records (issue 7) — KPI targets set by the program office, the
// implementation status of the strategy's measures, and the periodic evaluation reports (a draft until
// issued; an issued report keeps the snapshot of its figures and is never changed). Never edit it after
// it has shipped; add a new migration instead.
import type { Kysely } from 'kysely';
import type { DialectName } from '../database.ts';

export function migration0013(dialect: DialectName) {
  const idColumn = (b: any) => (dialect === 'sqlite' ? b.primaryKey().autoIncrement() : b.primaryKey().generatedByDefaultAsIdentity());
  return {
    async up(db: Kysely<any>): Promise<void> {
      // One target per indicator and period ('fy2026' or 'all'); changing it replaces the row (the audit
      // trail keeps the earlier value).
      await db.schema
        .createTable('kpi_targets')
        .addColumn('id', 'integer', idColumn)
        .addColumn('indicator', 'text', (c) => c.notNull())
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('target', 'double precision', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('set_by', 'integer')
        .addColumn('set_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('kpi_targets_indicator_period_uq', ['indicator', 'period'])
        .execute();

      // The program office's statement of how far each strategy measure is carried out. Keyed by the
      // measure's slug (the tree is data and may be re-seeded; the slug is its stable name).
      await db.schema
        .createTable('strategy_measure_status')
        .addColumn('measure_slug', 'text', (c) => c.primaryKey())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('note_ja', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('note_en', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('updated_by', 'integer')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('reports')
        .addColumn('id', 'integer', idColumn)
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('fiscal_year', 'integer')
        .addColumn('campaign_id', 'integer')
        .addColumn('title_ja', 'text', (c) => c.notNull())
        .addColumn('title_en', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('assessment_ja', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('assessment_en', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('revisions_ja', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('revisions_en', 'text', (c) => c.notNull().defaultTo(''))
        // A correction names the issued report it replaces.
        .addColumn('replaces_id', 'integer')
        .addColumn('snapshot', 'text')
        .addColumn('issued_at', 'text')
        .addColumn('issued_by', 'integer')
        .addColumn('issued_by_name', 'text')
        .addColumn('created_by', 'integer')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('reports_status_issued_idx').on('reports').columns(['status', 'issued_at']).execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      for (const t of ['reports', 'strategy_measure_status', 'kpi_targets']) await db.schema.dropTable(t).ifExists().execute();
    },
  };
}
