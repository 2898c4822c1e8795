// Kysely types of the personal check's own tables (migration 0010): saved journeys and reminders.
// Neither refers to the other nor to check_results.
import type { Generated } from 'kysely';

/** A journey in progress (or finished, so its result page can be reopened), keyed by the SHA-256 of its resume token. */
export interface CheckProgressTable {
  token_hash: string;
  /** The definition version the answers refer to (0: the shipped default). */
  definition_version: number;
  /** One code per measure in the definition's order; '-' while unanswered. */
  answers: string;
  age_band: string | null;
  prefecture: string | null;
  /** 1 once the "about you" page was passed (answered or skipped). */
  about_done: number;
  /** Japan dates only, no time of day. */
  completed_on: string | null;
  created_on: string;
  updated_on: string;
  expires_on: string;
}

export interface CheckRemindersTable {
  id: Generated<number>;
  email: string;
  locale: string;
  /** Japan date on which the reminder is sent. */
  due_on: string;
  /** 'pending' until the address is confirmed, then 'active'. */
  status: string;
  /** When the last confirmation email was sent (binds the confirmation link); its count in that day. */
  confirm_sent_at: string;
  confirm_sent_count: number;
  created_at: string;
}

export interface PersonalCheckTables {
  check_progress: CheckProgressTable;
  check_reminders: CheckRemindersTable;
}
