// Frozen in time: indexes for operations and retention (issue 9). No new table.
// - Dead letters per channel: /metrics counts them at every scrape (ops/metrics.ts). Without an index that
//   count reads the whole delivery log (a million rows per advisory at national scale); dead rows are few,
//   so a partial index is small. Pending rows already have one (deliveries_due_idx, migration 0005).
// - Dispatches by date: the retention job (retention/retention.ts) finds the messages older than the
//   retention period, then deletes their settled deliveries through deliveries_dispatch_idx.
// Never edit it after it has shipped; add a new migration instead.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.ts';

export function migration0015(_dialect: DialectName) {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await sql`CREATE INDEX deliveries_dead_idx ON deliveries (channel) WHERE status = 'dead'`.execute(db);
      await db.schema.createIndex('dispatches_created_idx').on('dispatches').columns(['created_at', 'id']).execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropIndex('dispatches_created_idx').ifExists().execute();
      await db.schema.dropIndex('deliveries_dead_idx').ifExists().execute();
    },
  };
}
