// Table row types of advisories (migration 0006_advisories), merged into Database.
import type { Generated } from 'kysely';

/**
 * The public projection of advisories (注意喚起): the approved version of each published advisory.
 * Drafts and corrections under review live in content_revisions. A withdrawn advisory keeps its row
 * (withdrawn_at set): people who were warned can still read why it was withdrawn.
 */
export interface AdvisoriesTable {
  /** The content item's public id. */
  id: Generated<number>;
  item_id: number;
  /** The issuing organisation (the content item's owner). */
  organisation_id: number;
  title_ja: string;
  title_en: string;
  /** What is happening (Markdown). */
  what_ja: string;
  what_en: string;
  /** What to do (Markdown). */
  actions_ja: string;
  actions_en: string;
  /** 'emergency' | 'warning' | 'caution' | 'info' (advisories/model.ts SEVERITIES). */
  severity: string;
  nationwide: number;
  /** Last day it applies, Japan date (YYYY-MM-DD); null = until withdrawn. */
  valid_until: string | null;
  /** JSON array of { url, label }. */
  links: string;
  /** First publication. */
  published_at: string;
  /** Latest correction, with its note. */
  corrected_at: string | null;
  correction_note_ja: string | null;
  correction_note_en: string | null;
  withdrawn_at: string | null;
  withdrawal_note: string | null;
  confirmed_at: string | null;
  updated_at: string;
}

export interface AdvisoryAudiencesTable {
  advisory_id: number;
  audience: string;
}

export interface AdvisoryPrefecturesTable {
  advisory_id: number;
  prefecture: string;
}

/** Every correction of a published advisory, with its note: the public correction history. */
export interface AdvisoryCorrectionsTable {
  id: Generated<number>;
  advisory_id: number;
  corrected_at: string;
  note_ja: string;
  note_en: string;
}

export interface AdvisoriesTables {
  advisories: AdvisoriesTable;
  advisory_audiences: AdvisoryAudiencesTable;
  advisory_prefectures: AdvisoryPrefecturesTable;
  advisory_corrections: AdvisoryCorrectionsTable;
}
