// Kysely queries of saved journeys (check_progress) and reminder requests (check_reminders). Every
// function takes a connection or a transaction.
import type { Db } from '../db/database.ts';
import { isAgeBand } from '../taxonomy/attributes.ts';
import type { Progress, Reminder } from './model.ts';

type ProgressRow = {
  definition_version: number;
  answers: string;
  age_band: string | null;
  prefecture: string | null;
  about_done: number;
  completed_on: string | null;
  updated_on: string;
  expires_on: string;
};

const toProgress = (r: ProgressRow): Progress => ({
  definitionVersion: r.definition_version === 0 ? null : r.definition_version,
  answers: r.answers,
  ageBand: isAgeBand(r.age_band) ? r.age_band : null,
  prefecture: r.prefecture,
  aboutDone: r.about_done === 1,
  completedOn: r.completed_on,
  updatedOn: r.updated_on,
  expiresOn: r.expires_on,
});

export async function insertProgress(db: Db, tokenHash: string, p: { definitionVersion: number | null; answers: string; today: string; expiresOn: string }): Promise<void> {
  await db
    .insertInto('check_progress')
    .values({ token_hash: tokenHash, definition_version: p.definitionVersion ?? 0, answers: p.answers, age_band: null, prefecture: null, about_done: 0, completed_on: null, created_on: p.today, updated_on: p.today, expires_on: p.expiresOn })
    .execute();
}

/** The journey, unless it expired (an expired row waits for the daily cleanup but is never used). */
export async function findProgress(db: Db, tokenHash: string, today: string): Promise<Progress | undefined> {
  const r = await db.selectFrom('check_progress').selectAll().where('token_hash', '=', tokenHash).where('expires_on', '>=', today).executeTakeFirst();
  return r ? toProgress(r) : undefined;
}

/** Changes an unfinished journey; returns false when there is none (unknown, expired or completed). */
export async function updateProgress(
  db: Db,
  tokenHash: string,
  change: { answers?: string; ageBand?: string | null; prefecture?: string | null; aboutDone?: boolean },
  today: string,
  expiresOn: string,
): Promise<boolean> {
  const r = await db
    .updateTable('check_progress')
    .set({
      ...(change.answers !== undefined ? { answers: change.answers } : {}),
      ...(change.ageBand !== undefined ? { age_band: change.ageBand } : {}),
      ...(change.prefecture !== undefined ? { prefecture: change.prefecture } : {}),
      ...(change.aboutDone !== undefined ? { about_done: change.aboutDone ? 1 : 0 } : {}),
      updated_on: today,
      expires_on: expiresOn,
    })
    .where('token_hash', '=', tokenHash)
    .where('completed_on', 'is', null)
    .where('expires_on', '>=', today)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Marks the journey completed; false when it already was (the caller then stores no second result). */
export async function markCompleted(db: Db, tokenHash: string, today: string, expiresOn: string): Promise<boolean> {
  const r = await db
    .updateTable('check_progress')
    .set({ completed_on: today, updated_on: today, expires_on: expiresOn })
    .where('token_hash', '=', tokenHash)
    .where('completed_on', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function deleteProgress(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('check_progress').where('token_hash', '=', tokenHash).execute();
}

export async function deleteExpiredProgress(db: Db, today: string): Promise<number> {
  const r = await db.deleteFrom('check_progress').where('expires_on', '<', today).executeTakeFirst();
  return Number(r.numDeletedRows);
}

// ---------------------------------------------------------------- reminders

type ReminderRow = { id: number; email: string; locale: string; due_on: string; status: string; confirm_sent_at: string; confirm_sent_count: number };

const toReminder = (r: ReminderRow): Reminder => ({
  id: Number(r.id),
  email: r.email,
  locale: r.locale === 'en' ? 'en' : 'ja',
  dueOn: r.due_on,
  status: r.status === 'active' ? 'active' : 'pending',
  confirmSentAt: r.confirm_sent_at,
  confirmSentCount: Number(r.confirm_sent_count),
});

export async function reminderBy(db: Db, by: { id: number } | { email: string }): Promise<Reminder | undefined> {
  let q = db.selectFrom('check_reminders').select(['id', 'email', 'locale', 'due_on', 'status', 'confirm_sent_at', 'confirm_sent_count']);
  q = 'id' in by ? q.where('id', '=', by.id) : q.where('email', '=', by.email);
  const r = await q.executeTakeFirst();
  return r ? toReminder(r) : undefined;
}

export async function insertReminder(db: Db, r: { email: string; locale: string; dueOn: string; now: string }): Promise<number> {
  const row = await db
    .insertInto('check_reminders')
    .values({ email: r.email, locale: r.locale, due_on: r.dueOn, status: 'pending', confirm_sent_at: r.now, confirm_sent_count: 1, created_at: r.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function updateReminder(db: Db, id: number, change: { locale?: string; dueOn?: string; status?: 'pending' | 'active'; confirmSentAt?: string; confirmSentCount?: number }): Promise<void> {
  await db
    .updateTable('check_reminders')
    .set({
      ...(change.locale !== undefined ? { locale: change.locale } : {}),
      ...(change.dueOn !== undefined ? { due_on: change.dueOn } : {}),
      ...(change.status !== undefined ? { status: change.status } : {}),
      ...(change.confirmSentAt !== undefined ? { confirm_sent_at: change.confirmSentAt } : {}),
      ...(change.confirmSentCount !== undefined ? { confirm_sent_count: change.confirmSentCount } : {}),
    })
    .where('id', '=', id)
    .execute();
}

export async function deleteReminder(db: Db, id: number): Promise<boolean> {
  const r = await db.deleteFrom('check_reminders').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Confirmed reminders due on or before `today`, oldest first. */
export async function dueReminders(db: Db, today: string, limit: number): Promise<Reminder[]> {
  const rows = await db
    .selectFrom('check_reminders')
    .select(['id', 'email', 'locale', 'due_on', 'status', 'confirm_sent_at', 'confirm_sent_count'])
    .where('status', '=', 'active')
    .where('due_on', '<=', today)
    .orderBy('due_on')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(toReminder);
}

/** Requests never confirmed: the address is deleted once its confirmation link can no longer work. */
export async function deleteUnconfirmedBefore(db: Db, sentBefore: string): Promise<number> {
  const r = await db.deleteFrom('check_reminders').where('status', '=', 'pending').where('confirm_sent_at', '<', sentBefore).executeTakeFirst();
  return Number(r.numDeletedRows);
}
