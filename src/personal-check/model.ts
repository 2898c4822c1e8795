// The personal check's domain objects: a saved journey and a reminder request, as the service and the
// views see them (never database rows).
import type { AgeBand } from '../taxonomy/attributes.ts';

export interface Progress {
  /** The definition version the answers refer to (null: the shipped default). */
  definitionVersion: number | null;
  /** One code per measure; '-' while unanswered. */
  answers: string;
  ageBand: AgeBand | null;
  prefecture: string | null;
  aboutDone: boolean;
  completedOn: string | null;
  updatedOn: string;
  expiresOn: string;
}

export interface Reminder {
  id: number;
  email: string;
  locale: 'ja' | 'en';
  dueOn: string;
  status: 'pending' | 'active';
  confirmSentAt: string;
  confirmSentCount: number;
}

/** A saved journey stays this long after its last change. */
export const PROGRESS_KEEP_MONTHS = 12;
/** The reminder asks to check again this long after it was requested. */
export const REMINDER_AFTER_MONTHS = 6;

/** YYYY-MM-DD plus whole months; the day is clamped to the month's last (2026-08-31 + 6 → 2027-02-28). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}
