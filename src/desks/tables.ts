// Table row types of the consultation desks and the guided path (migration 0007_desks_help), merged into Database.
import type { Generated } from 'kysely';

export interface DesksTable {
  id: Generated<number>;
  /** Stable key ('ipa-anshin', 'police-cyber-23'): the guided path's rules and the seed refer to it. */
  slug: string;
  operator_ja: string;
  operator_en: string;
  name_ja: string;
  name_en: string;
  summary_ja: string;
  summary_en: string;
  /** As dialled: '#9110', '188', '03-1234-5678'. */
  phone: string | null;
  web_url: string | null;
  email: string | null;
  hours_ja: string;
  hours_en: string;
  /** JIS X 0401 code of the one prefecture served; null = national. */
  prefecture: string | null;
  source_name: string;
  source_url: string | null;
  /** Date the details were checked against the source (YYYY-MM-DD). */
  checked_on: string;
  /** 1 when the entry or its contact details were added by the editors rather than read in the source. */
  judged: number;
  judgement_note: string;
  /** Display order among desks of the same scope (lower first). */
  position: number;
  created_at: string;
  updated_at: string;
}

export interface DeskTopicsTable {
  desk_id: number;
  topic: string;
}

export interface DeskAudiencesTable {
  desk_id: number;
  audience: string;
}

/** One saved version of the guided path's questions and rules (a JSON document, validated before saving). */
export interface HelpFlowsTable {
  id: Generated<number>;
  version: number;
  document: string;
  note: string;
  /** The version this one is a copy of, when it was made by restoring. */
  restored_from: number | null;
  created_by: number | null;
  created_by_name: string | null;
  created_at: string;
}

export interface DesksTables {
  desks: DesksTable;
  desk_topics: DeskTopicsTable;
  desk_audiences: DeskAudiencesTable;
  help_flows: HelpFlowsTable;
}
