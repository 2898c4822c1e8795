// Table row types of the self-declaration registry (migration 0009_declarations), merged into Database.
import type { Generated } from 'kysely';

export interface DeclarationsTable {
  id: Generated<number>;
  /** 'LM-2026-0000123', given when the email is confirmed; null while pending. */
  number: string | null;
  /** pending | active | withdrawn | lapsed | revoked */
  status: string;
  /** 1 or 2 */
  star: number;
  name: string;
  name_kana: string | null;
  /** Normalised name (NFKC, lower case, kana folded, no spaces): the sole proprietors' duplicate key. */
  name_key: string;
  /** The name without its legal form (株式会社…), normalised: what "sort by name" orders by. */
  sort_key: string;
  /** Normalised name and kana: the substring search target. */
  search_text: string;
  /** 13 digits, or null for sole proprietors and others without one. */
  corporate_number: string | null;
  prefecture: string;
  municipality: string | null;
  /** JSIC division letter (taxonomy/attributes.ts). */
  industry: string;
  size_band: string;
  website: string | null;
  /** Two stars: the address where the firm publishes its basic security policy. */
  policy_url: string | null;
  /** 1 when the firm states it completed the 25-item self-diagnosis (required for two stars). */
  diagnosis_done: Generated<number>;
  /** Contact address (normalised), never shown publicly. */
  email: string;
  /** Language of the emails. */
  locale: string;
  confirm_sent_at: string | null;
  created_at: string;
  updated_at: string;
  /** When the declaration became active (its email confirmed). */
  declared_at: string | null;
  renewed_at: string | null;
  /** Japan date (YYYY-MM-DD) one year after the declaration or the last renewal. */
  renewal_due: string | null;
  /** The renewal_due for which the 30-days-before reminder was sent (once per due date). */
  reminded_early_for: string | null;
  /** The renewal_due for which the on-the-day reminder was sent. */
  reminded_due_for: string | null;
  /** When the status last changed to withdrawn, lapsed or revoked. */
  ended_at: string | null;
  revoked_reason: string | null;
}

/** PostgreSQL only: the n-gram index of each declaration's name (SQLite keeps it in an FTS5 table of the same name). */
export interface DeclarationGramsTable {
  declaration_id: number;
  grams: string;
}

/** The single counter behind declaration numbers. */
export interface DeclarationSequenceTable {
  id: number;
  last: number;
}

/** Emails the public forms caused per address (SHA-256 of the normalised address) and Japan day. */
export interface DeclarationMailQuotaTable {
  email_hash: string;
  day: string;
  count: number;
}

export interface DeclarationsTables {
  declarations: DeclarationsTable;
  declaration_grams: DeclarationGramsTable;
  declaration_sequence: DeclarationSequenceTable;
  declaration_mail_quota: DeclarationMailQuotaTable;
}
