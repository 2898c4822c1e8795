// Frozen in time: accounts, sessions, the shared publishing mechanism (content items and their
// revisions), the audit trail, collaboration requests, link checks and job leases. Never edit it after
// it has shipped; add a new migration instead.
import type { Kysely } from 'kysely';
import type { DialectName } from '../database.ts';

export function migration0002(dialect: DialectName) {
  const idColumn = (b: any) =>
    dialect === 'sqlite' ? b.primaryKey().autoIncrement() : b.primaryKey().generatedByDefaultAsIdentity();

  return {
    async up(db: Kysely<any>): Promise<void> {
      // Organisations registered through the portal start 'pending' (not listed publicly) until an
      // administrator verifies them or a moderator approves their first content.
      await db.schema.alterTable('organisations').addColumn('status', 'text', (c) => c.notNull().defaultTo('active')).execute();
      await db.schema.alterTable('organisations').addColumn('verified_at', 'text').execute();
      // 'always': every submission is reviewed; 'verified_direct': a verified organisation publishes without review.
      await db.schema.alterTable('organisations').addColumn('review_policy', 'text', (c) => c.notNull().defaultTo('always')).execute();
      // NFKC-normalised, lower-cased, space-free Japanese name: two organisations may not share it.
      await db.schema.alterTable('organisations').addColumn('name_key', 'text').execute();
      const orgs = await db.selectFrom('organisations').select(['id', 'name_ja']).execute();
      for (const o of orgs) {
        const key = String(o.name_ja).normalize('NFKC').toLowerCase().replace(/\s+/g, '');
        await db.updateTable('organisations').set({ name_key: key }).where('id', '=', o.id).execute();
      }
      await db.schema.createIndex('organisations_name_key_uq').on('organisations').column('name_key').unique().execute();

      // When the owner last confirmed the entry is still current (shown on the public page).
      await db.schema.alterTable('initiatives').addColumn('confirmed_at', 'text').execute();

      await db.schema
        .createTable('users')
        .addColumn('id', 'integer', idColumn)
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('email_verified_at', 'text')
        // 'member' (everyone), 'moderator' (program office), 'admin'.
        .addColumn('role', 'text', (c) => c.notNull().defaultTo('member'))
        .addColumn('organisation_id', 'integer', (c) => c.references('organisations.id'))
        // 'member' or 'admin' within the organisation; null without one.
        .addColumn('org_role', 'text')
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
        .addColumn('totp_secret', 'text')
        .addColumn('totp_enabled_at', 'text')
        .addColumn('totp_last_step', 'integer')
        .addColumn('password_changed_at', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('users_org_idx').on('users').column('organisation_id').execute();

      // Only a hash of the session token is stored: a copy of the database does not yield live sessions.
      await db.schema
        .createTable('sessions')
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        // 0 until the second factor was given (or when the account has none).
        .addColumn('second_factor', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('user_agent', 'text')
        .addColumn('ip', 'text')
        .execute();
      await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

      // Single-use, expiring tokens sent by email: email verification, password reset, invitations.
      await db.schema
        .createTable('user_tokens')
        .addColumn('id', 'integer', idColumn)
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('cascade'))
        .addColumn('organisation_id', 'integer', (c) => c.references('organisations.id').onDelete('cascade'))
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('org_role', 'text')
        .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('user_tokens_email_idx').on('user_tokens').columns(['purpose', 'email']).execute();

      await db.schema
        .createTable('recovery_codes')
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('code_hash', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .addPrimaryKeyConstraint('recovery_codes_pk', ['user_id', 'code_hash'])
        .execute();

      // Failed sign-ins, keyed by the account and by the client (device cookie or address), so an
      // attacker's failures slow the attacker without locking out the real user's known device.
      await db.schema
        .createTable('login_failures')
        .addColumn('id', 'integer', idColumn)
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('client_key', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('login_failures_email_idx').on('login_failures').columns(['email', 'created_at']).execute();

      // The shared publishing mechanism: one content item per initiative (later: event, material,
      // advisory), owned by one organisation. The public tables hold only the approved version.
      await db.schema
        .createTable('content_items')
        .addColumn('id', 'integer', idColumn)
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('owner_organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
        // The row in the public tables (initiatives.id) once approved; kept while unpublished so the id is stable.
        .addColumn('public_id', 'integer')
        .addColumn('is_public', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('published_revision_id', 'integer')
        // The revision being worked on or reviewed (draft, submitted, changes_requested, rejected), if any.
        .addColumn('working_revision_id', 'integer')
        .addColumn('confirmed_at', 'text')
        .addColumn('confirmed_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('reminded_at', 'text')
        .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('content_items_owner_idx').on('content_items').columns(['owner_organisation_id', 'kind']).execute();
      await db.schema.createIndex('content_items_public_uq').on('content_items').columns(['kind', 'public_id']).unique().execute();

      await db.schema
        .createTable('content_item_organisations')
        .addColumn('item_id', 'integer', (c) => c.notNull().references('content_items.id').onDelete('cascade'))
        .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('content_item_organisations_pk', ['item_id', 'organisation_id'])
        .execute();
      await db.schema.createIndex('content_item_organisations_org_idx').on('content_item_organisations').columns(['organisation_id', 'item_id']).execute();

      await db.schema
        .createTable('content_revisions')
        .addColumn('id', 'integer', idColumn)
        .addColumn('item_id', 'integer', (c) => c.notNull().references('content_items.id').onDelete('cascade'))
        .addColumn('number', 'integer', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        // draft, submitted, changes_requested, rejected, approved, superseded, withdrawn
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('author_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('submitted_at', 'text')
        .addColumn('reviewer_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('reviewed_at', 'text')
        .addColumn('review_note', 'text')
        .addUniqueConstraint('content_revisions_number_uq', ['item_id', 'number'])
        .execute();
      await db.schema.createIndex('content_revisions_status_idx').on('content_revisions').columns(['status', 'submitted_at']).execute();

      // Every change, kept: who, what, when, before and after.
      await db.schema
        .createTable('audit_events')
        .addColumn('id', 'integer', idColumn)
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('actor_user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('actor_name', 'text')
        .addColumn('organisation_id', 'integer', (c) => c.references('organisations.id').onDelete('set null'))
        .addColumn('subject_kind', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'integer', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('before', 'text')
        .addColumn('after', 'text')
        .addColumn('note', 'text')
        .execute();
      await db.schema.createIndex('audit_events_subject_idx').on('audit_events').columns(['subject_kind', 'subject_id', 'id']).execute();
      await db.schema.createIndex('audit_events_org_idx').on('audit_events').columns(['organisation_id', 'id']).execute();

      await db.schema
        .createTable('collaboration_requests')
        .addColumn('id', 'integer', idColumn)
        .addColumn('item_id', 'integer', (c) => c.notNull().references('content_items.id').onDelete('cascade'))
        .addColumn('from_organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
        .addColumn('to_organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
        // open, accepted, declined, withdrawn
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('decided_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('decided_at', 'text')
        .execute();
      await db.schema.createIndex('collab_from_idx').on('collaboration_requests').columns(['from_organisation_id', 'id']).execute();
      await db.schema.createIndex('collab_to_idx').on('collaboration_requests').columns(['to_organisation_id', 'id']).execute();

      await db.schema
        .createTable('collaboration_messages')
        .addColumn('id', 'integer', idColumn)
        .addColumn('request_id', 'integer', (c) => c.notNull().references('collaboration_requests.id').onDelete('cascade'))
        .addColumn('author_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('collab_messages_req_idx').on('collaboration_messages').columns(['request_id', 'id']).execute();

      // The latest check of each public initiative's link.
      await db.schema
        .createTable('link_checks')
        .addColumn('initiative_id', 'integer', (c) => c.primaryKey().references('initiatives.id').onDelete('cascade'))
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('checked_at', 'text', (c) => c.notNull())
        .addColumn('ok', 'integer', (c) => c.notNull())
        .addColumn('status_code', 'integer')
        .addColumn('error', 'text')
        .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();

      // Scheduled jobs take a lease so that, with several instances, one runs each job at a time.
      await db.schema
        .createTable('job_leases')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('holder', 'text')
        .addColumn('locked_until', 'text')
        .addColumn('last_finished_at', 'text')
        .execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      for (const t of [
        'job_leases',
        'link_checks',
        'collaboration_messages',
        'collaboration_requests',
        'audit_events',
        'content_revisions',
        'content_item_organisations',
        'content_items',
        'login_failures',
        'recovery_codes',
        'user_tokens',
        'sessions',
        'users',
      ]) {
        await db.schema.dropTable(t).ifExists().execute();
      }
    },
  };
}
