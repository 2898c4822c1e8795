// Table row types of events and campaigns (migration 0003_events), merged into Database.
import type { Generated } from 'kysely';

/** A named period of awareness activity (サイバーセキュリティ月間, or one the program office defines). */
export interface CampaignsTable {
  id: Generated<number>;
  /** Stable key of shipped campaigns ('cybersecurity-month-2027'); null for campaigns made on the portal. */
  slug: string | null;
  title_ja: string;
  title_en: string;
  summary_ja: string;
  summary_en: string;
  /** First and last day, Japan dates (YYYY-MM-DD), both included. */
  start_date: string;
  end_date: string;
  /** JSON array of field names whose values are editorial judgement ('dates', 'themes', 'summary', …). */
  judged: string;
  judgement_note: string;
  source: string;
  created_at: string;
  updated_at: string;
}

export interface CampaignThemesTable {
  id: Generated<number>;
  campaign_id: number;
  position: number;
  title_ja: string;
  title_en: string;
  description_ja: string;
  description_en: string;
}

/** The partner kit: banners, sample posts and texts organisations reuse. */
export interface CampaignKitEntriesTable {
  id: Generated<number>;
  campaign_id: number;
  position: number;
  /** 'banner', 'post', 'text' or 'link'. */
  kind: string;
  title_ja: string;
  title_en: string;
  body_ja: string;
  body_en: string;
  url: string | null;
  /** A material of the materials library, once that exists (no foreign key yet: its table comes later). */
  material_id: number | null;
  created_at: string;
  updated_at: string;
}

/** The public projection: the approved version of each published event. Drafts live in content_revisions. */
export interface EventsTable {
  id: Generated<number>;
  /** The content item (owner, revisions) this public entry belongs to. */
  item_id: number;
  title_ja: string;
  title_en: string;
  description_ja: string;
  description_en: string;
  /** Public id of the initiative it belongs to (no foreign key: an unpublished initiative keeps the link for when it returns). */
  initiative_id: number | null;
  /** Instants (ISO 8601 UTC). All-day events start at 00:00 Japan time and end at 00:00 after their last day. */
  start_at: string;
  end_at: string;
  /** Japan dates of the first and last day (both included). */
  start_date: string;
  end_date: string;
  all_day: number;
  /** Japan wall-clock times (HH:MM), null for all-day events. */
  start_time: string | null;
  end_time: string | null;
  /** 'onsite', 'online' or 'hybrid'. */
  attendance: string;
  venue_ja: string;
  venue_en: string;
  /** JIS X 0401 code of the venue's prefecture; null for events only online without one. */
  prefecture: string | null;
  fee_yen: number;
  capacity: number | null;
  registration_url: string | null;
  accessibility_ja: string;
  accessibility_en: string;
  campaign_id: number | null;
  cancelled: number;
  confirmed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface EventOrganisationsTable {
  event_id: number;
  organisation_id: number;
  position: number;
}

export interface EventAudiencesTable {
  event_id: number;
  audience: string;
}

/**
 * iCalendar SEQUENCE of each public event id. Kept apart from `events` because it must outlive
 * unpublishing: a re-published event must carry a higher number than any copy a calendar app holds.
 */
export interface EventSequencesTable {
  event_id: number;
  sequence: number;
  updated_at: string;
}

/** What happened at an event, reported by its organisers afterwards. Not public. */
export interface EventReportsTable {
  id: Generated<number>;
  /** The event's content item (reports belong to the owner's item, published or not). */
  item_id: number;
  participants: number;
  materials_used: string;
  notes: string;
  created_by: number | null;
  created_at: string;
  updated_by: number | null;
  updated_at: string;
}

export interface EventReportAudiencesTable {
  report_id: number;
  audience: string;
}

export interface EventsTables {
  campaigns: CampaignsTable;
  campaign_themes: CampaignThemesTable;
  campaign_kit_entries: CampaignKitEntriesTable;
  events: EventsTable;
  event_organisations: EventOrganisationsTable;
  event_audiences: EventAudiencesTable;
  event_sequences: EventSequencesTable;
  event_reports: EventReportsTable;
  event_report_audiences: EventReportAudiencesTable;
}
