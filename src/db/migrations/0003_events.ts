// Frozen in time: campaigns (themes, partner kit), the public projection of events, their iCalendar
// sequence numbers and the organisers' reports after an event. Never edit it after it has shipped;
// add a new migration instead.
import type { Kysely } from 'kysely';
import type { DialectName } from '../database.ts';

export function migration0003(dialect: DialectName) {
  const idColumn = (b: any) =>
    dialect === 'sqlite' ? b.primaryKey().autoIncrement() : b.primaryKey().generatedByDefaultAsIdentity();

  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('campaigns')
        .addColumn('id', 'integer', idColumn)
        // Stable key of shipped campaigns, so seeding is idempotent; null for campaigns made on the portal.
        .addColumn('slug', 'text', (c) => c.unique())
        .addColumn('title_ja', 'text', (c) => c.notNull())
        .addColumn('title_en', 'text', (c) => c.notNull())
        .addColumn('summary_ja', 'text', (c) => c.notNull())
        .addColumn('summary_en', 'text', (c) => c.notNull())
        // Japan dates (YYYY-MM-DD), both days included.
        .addColumn('start_date', 'text', (c) => c.notNull())
        .addColumn('end_date', 'text', (c) => c.notNull())
        .addColumn('judged', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('judgement_note', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('source', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('campaigns_dates_idx').on('campaigns').columns(['start_date', 'end_date']).execute();

      await db.schema
        .createTable('campaign_themes')
        .addColumn('id', 'integer', idColumn)
        .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('title_ja', 'text', (c) => c.notNull())
        .addColumn('title_en', 'text', (c) => c.notNull())
        .addColumn('description_ja', 'text', (c) => c.notNull())
        .addColumn('description_en', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('campaign_themes_campaign_idx').on('campaign_themes').columns(['campaign_id', 'position']).execute();

      await db.schema
        .createTable('campaign_kit_entries')
        .addColumn('id', 'integer', idColumn)
        .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        // banner, post, text, link
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('title_ja', 'text', (c) => c.notNull())
        .addColumn('title_en', 'text', (c) => c.notNull())
        .addColumn('body_ja', 'text', (c) => c.notNull())
        .addColumn('body_en', 'text', (c) => c.notNull())
        .addColumn('url', 'text')
        // A material of the materials library (its table comes in a later migration, hence no foreign key).
        .addColumn('material_id', 'integer')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('campaign_kit_campaign_idx').on('campaign_kit_entries').columns(['campaign_id', 'position']).execute();

      // The public projection of events: only approved versions. Drafts and edits under review live in
      // content_revisions, as for initiatives.
      await db.schema
        .createTable('events')
        .addColumn('id', 'integer', idColumn)
        .addColumn('item_id', 'integer', (c) => c.notNull().unique().references('content_items.id').onDelete('cascade'))
        .addColumn('title_ja', 'text', (c) => c.notNull())
        .addColumn('title_en', 'text', (c) => c.notNull())
        .addColumn('description_ja', 'text', (c) => c.notNull())
        .addColumn('description_en', 'text', (c) => c.notNull())
        // Public id of an initiative; no foreign key, so an initiative unpublished for a while keeps its events' link.
        .addColumn('initiative_id', 'integer')
        // Instants in UTC (ISO 8601, so text order is time order); all-day events span 00:00–00:00 Japan time.
        .addColumn('start_at', 'text', (c) => c.notNull())
        .addColumn('end_at', 'text', (c) => c.notNull())
        // Japan dates of the first and last day, both included.
        .addColumn('start_date', 'text', (c) => c.notNull())
        .addColumn('end_date', 'text', (c) => c.notNull())
        .addColumn('all_day', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('start_time', 'text')
        .addColumn('end_time', 'text')
        // onsite, online, hybrid
        .addColumn('attendance', 'text', (c) => c.notNull())
        .addColumn('venue_ja', 'text', (c) => c.notNull())
        .addColumn('venue_en', 'text', (c) => c.notNull())
        .addColumn('prefecture', 'text')
        .addColumn('fee_yen', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('capacity', 'integer')
        .addColumn('registration_url', 'text')
        .addColumn('accessibility_ja', 'text', (c) => c.notNull())
        .addColumn('accessibility_en', 'text', (c) => c.notNull())
        .addColumn('campaign_id', 'integer', (c) => c.references('campaigns.id').onDelete('set null'))
        .addColumn('cancelled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('confirmed_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('events_start_idx').on('events').columns(['start_at', 'id']).execute();
      await db.schema.createIndex('events_end_idx').on('events').column('end_at').execute();
      await db.schema.createIndex('events_prefecture_idx').on('events').columns(['prefecture', 'start_at']).execute();
      await db.schema.createIndex('events_campaign_idx').on('events').columns(['campaign_id', 'start_at']).execute();

      await db.schema
        .createTable('event_organisations')
        .addColumn('event_id', 'integer', (c) => c.notNull().references('events.id').onDelete('cascade'))
        .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('event_organisations_pk', ['event_id', 'organisation_id'])
        .execute();
      await db.schema.createIndex('event_organisations_org_idx').on('event_organisations').columns(['organisation_id', 'event_id']).execute();

      await db.schema
        .createTable('event_audiences')
        .addColumn('event_id', 'integer', (c) => c.notNull().references('events.id').onDelete('cascade'))
        .addColumn('audience', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('event_audiences_pk', ['event_id', 'audience'])
        .execute();
      await db.schema.createIndex('event_audiences_audience_idx').on('event_audiences').columns(['audience', 'event_id']).execute();

      // iCalendar SEQUENCE per public event id; outlives unpublishing (no foreign key on purpose).
      await db.schema
        .createTable('event_sequences')
        .addColumn('event_id', 'integer', (c) => c.primaryKey())
        .addColumn('sequence', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      // After an event its organisers report what happened. One report per event (content item), not public.
      await db.schema
        .createTable('event_reports')
        .addColumn('id', 'integer', idColumn)
        .addColumn('item_id', 'integer', (c) => c.notNull().unique().references('content_items.id').onDelete('cascade'))
        .addColumn('participants', 'integer', (c) => c.notNull())
        .addColumn('materials_used', 'text', (c) => c.notNull())
        .addColumn('notes', 'text', (c) => c.notNull())
        .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('event_report_audiences')
        .addColumn('report_id', 'integer', (c) => c.notNull().references('event_reports.id').onDelete('cascade'))
        .addColumn('audience', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('event_report_audiences_pk', ['report_id', 'audience'])
        .execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      for (const t of [
        'event_report_audiences',
        'event_reports',
        'event_sequences',
        'event_audiences',
        'event_organisations',
        'events',
        'campaign_kit_entries',
        'campaign_themes',
        'campaigns',
      ]) {
        await db.schema.dropTable(t).ifExists().execute();
      }
    },
  };
}
