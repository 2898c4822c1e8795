// Frozen in time: subscriptions (email, webhook, web push), the outbox of deliveries and the
// instance's own secrets (VAPID keys, the key that signs subscription links). Never edit it after it
// has shipped; add a new migration instead.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.ts';

export function migration0005(dialect: DialectName) {
  const idColumn = (b: any) =>
    dialect === 'sqlite' ? b.primaryKey().autoIncrement() : b.primaryKey().generatedByDefaultAsIdentity();
  // Deliveries grow by a million rows per advisory at national scale: 64-bit ids on PostgreSQL.
  const bigId = dialect === 'sqlite' ? 'integer' : 'bigint';

  return {
    async up(db: Kysely<any>): Promise<void> {
      // Generated on first start, shared by every instance through the database.
      await db.schema
        .createTable('instance_secrets')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      // One table for the three channels: the matching (topics, audiences, prefecture) is the same,
      // and one INSERT … SELECT can then fan an advisory out to all of them.
      await db.schema
        .createTable('subscriptions')
        .addColumn('id', 'integer', idColumn)
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('locale', 'text', (c) => c.notNull())
        // JIS code; null = anywhere in Japan (receives every prefecture's advisories).
        .addColumn('prefecture', 'text')
        .addColumn('all_audiences', 'integer', (c) => c.notNull())
        .addColumn('include_advisories', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('include_events', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('include_materials', 'integer', (c) => c.notNull().defaultTo(0))
        // email
        .addColumn('email', 'text')
        .addColumn('confirmed_at', 'text')
        .addColumn('confirm_sent_at', 'text')
        .addColumn('confirm_sent_count', 'integer', (c) => c.notNull().defaultTo(0))
        // webhook (owned by an organisation's account)
        .addColumn('owner_organisation_id', 'integer', (c) => c.references('organisations.id'))
        .addColumn('name', 'text')
        .addColumn('webhook_url', 'text')
        .addColumn('webhook_secret', 'text')
        .addColumn('allow_private', 'integer', (c) => c.notNull().defaultTo(0))
        // web push
        .addColumn('push_endpoint', 'text')
        .addColumn('push_p256dh', 'text')
        .addColumn('push_auth', 'text')
        .addColumn('disabled_reason', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await sql`CREATE UNIQUE INDEX subscriptions_email_uq ON subscriptions (email) WHERE channel = 'email'`.execute(db);
      await sql`CREATE UNIQUE INDEX subscriptions_push_uq ON subscriptions (push_endpoint) WHERE channel = 'push'`.execute(db);
      await db.schema.createIndex('subscriptions_owner_idx').on('subscriptions').columns(['owner_organisation_id', 'id']).execute();
      await db.schema.createIndex('subscriptions_status_idx').on('subscriptions').columns(['status', 'prefecture']).execute();

      await db.schema
        .createTable('subscription_audiences')
        .addColumn('subscription_id', 'integer', (c) => c.notNull().references('subscriptions.id').onDelete('cascade'))
        .addColumn('audience', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('subscription_audiences_pk', ['subscription_id', 'audience'])
        .execute();
      await db.schema.createIndex('subscription_audiences_audience_idx').on('subscription_audiences').columns(['audience', 'subscription_id']).execute();

      // One message to many: the payload is stored once, not per recipient.
      await db.schema
        .createTable('dispatches')
        .addColumn('id', 'integer', idColumn)
        .addColumn('topic', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'integer', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('recipients', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('dispatches_subject_idx').on('dispatches').columns(['topic', 'subject_id', 'id']).execute();

      // The outbox. A row is due when status = 'pending' and next_attempt_at <= now. Claiming it moves
      // next_attempt_at to the end of the worker's lease, so a crashed worker's rows come due again by
      // themselves; no separate 'sending' state needs cleaning up.
      await db.schema
        .createTable('deliveries')
        .addColumn('id', bigId, idColumn)
        .addColumn('dispatch_id', 'integer', (c) => c.notNull())
        .addColumn('subscription_id', 'integer', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('next_attempt_at', 'text', (c) => c.notNull())
        .addColumn('locked_by', 'text')
        .addColumn('last_attempt_at', 'text')
        .addColumn('last_status', 'integer')
        .addColumn('last_error', 'text')
        .addColumn('delivered_at', 'text')
        .execute();
      await sql`CREATE INDEX deliveries_due_idx ON deliveries (channel, next_attempt_at) WHERE status = 'pending'`.execute(db);
      await db.schema.createIndex('deliveries_subscription_idx').on('deliveries').columns(['subscription_id', 'id']).execute();
      await db.schema.createIndex('deliveries_dispatch_idx').on('deliveries').columns(['dispatch_id']).execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      for (const t of ['deliveries', 'dispatches', 'subscription_audiences', 'subscriptions', 'instance_secrets']) {
        await db.schema.dropTable(t).ifExists().execute();
      }
    },
  };
}
