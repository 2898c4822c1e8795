// The optional reminder to check again in six months: double opt-in (the confirmation page has a
// button, so a mail scanner opening the link confirms nothing), one email when due, then the address is
// deleted. The request form answers the same whether or not the address is known; the email says what
// happened. No link to any journey or result: the table holds the address, the language and the date.
import type { DatabaseHandle } from '../db/database.ts';
import { tokyoToday } from '../advisories/time.ts';
import { localePath, type Locale } from '../i18n/locale.ts';
import { deliverAll } from '../mail/deliver.ts';
import type { Mailer } from '../mail/mailer.ts';
import { addMonths, REMINDER_AFTER_MONTHS, type Reminder } from './model.ts';
import { checkReminderToken, confirmBinding, reminderConfirmUrl, reminderLinkKey, reminderStopUrl, reminderTokenId } from './reminder-links.ts';
import { alreadyRemindedMail, confirmReminderMail, reminderMail } from './reminder-messages.ts';
import { deleteExpiredProgress, deleteReminder, deleteUnconfirmedBefore, dueReminders, insertReminder, reminderBy, updateReminder } from './repository.ts';

export interface ReminderContext {
  database: DatabaseHandle;
  mailer: Mailer;
  baseUrl: string;
  now: Date;
  log: { error(obj: object, msg: string): void };
}

/** A confirmation link works this long; an unconfirmed address is deleted after it. */
export const CONFIRM_VALID_MS = 7 * 24 * 3_600_000;
/** At most this many emails per address per day from the form: it cannot be used to flood an inbox. */
export const MAILS_PER_ADDRESS_PER_DAY = 3;
const DAY_MS = 24 * 3_600_000;

export const EMAIL_RE = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]+$/;

export function normaliseEmail(s: string): string {
  return s.normalize('NFKC').trim().toLowerCase();
}

/** Records the request and sends the right email; returns nothing the page could leak. */
export async function requestReminder(ctx: ReminderContext, emailInput: string, locale: Locale): Promise<void> {
  const email = normaliseEmail(emailInput);
  const now = ctx.now.toISOString();
  const dueOn = addMonths(tokyoToday(ctx.now), REMINDER_AFTER_MONTHS);
  const key = await reminderLinkKey(ctx.database.db);
  const mail = await ctx.database.db.transaction().execute(async (trx) => {
    const existing = await reminderBy(trx, { email });
    if (!existing) {
      const id = await insertReminder(trx, { email, locale, dueOn, now });
      return confirmReminderMail(email, locale, dueOn, reminderConfirmUrl(ctx.baseUrl, key, locale, id, email, now), reminderStopUrl(ctx.baseUrl, key, locale, id, email));
    }
    const withinDay = ctx.now.getTime() - new Date(existing.confirmSentAt).getTime() < DAY_MS;
    const count = withinDay ? existing.confirmSentCount : 0;
    if (count >= MAILS_PER_ADDRESS_PER_DAY) return null;
    if (existing.status === 'active') {
      // Someone else may be typing this address: the owner's reminder stays as it is.
      await updateReminder(trx, existing.id, { confirmSentAt: withinDay ? existing.confirmSentAt : now, confirmSentCount: count + 1 });
      return alreadyRemindedMail(email, existing.locale, existing.dueOn, reminderStopUrl(ctx.baseUrl, key, existing.locale, existing.id, email));
    }
    await updateReminder(trx, existing.id, { locale, dueOn, confirmSentAt: now, confirmSentCount: count + 1 });
    return confirmReminderMail(email, locale, dueOn, reminderConfirmUrl(ctx.baseUrl, key, locale, existing.id, email, now), reminderStopUrl(ctx.baseUrl, key, locale, existing.id, email));
  });
  if (mail) await deliverAll(ctx.mailer, ctx.log, [mail], { purpose: 'check-reminder' });
}

export type ReminderCheck = { ok: true; reminder: Reminder } | { ok: false; reason: 'invalid' | 'expired' | 'gone' };

export async function reminderForConfirmToken(database: DatabaseHandle, token: string, now: Date): Promise<ReminderCheck> {
  const id = reminderTokenId(token);
  if (id === null) return { ok: false, reason: 'invalid' };
  const r = await reminderBy(database.db, { id });
  if (!r) return { ok: false, reason: 'invalid' };
  if (!checkReminderToken(await reminderLinkKey(database.db), 'confirm', token, confirmBinding(r.email, r.confirmSentAt))) return { ok: false, reason: 'invalid' };
  if (r.status === 'pending' && now.getTime() - new Date(r.confirmSentAt).getTime() > CONFIRM_VALID_MS) return { ok: false, reason: 'expired' };
  return { ok: true, reminder: r };
}

/** Double opt-in, second step (idempotent). */
export async function confirmReminder(database: DatabaseHandle, token: string, now: Date): Promise<ReminderCheck> {
  const check = await reminderForConfirmToken(database, token, now);
  if (!check.ok) return check;
  if (check.reminder.status === 'pending') await updateReminder(database.db, check.reminder.id, { status: 'active' });
  return { ok: true, reminder: { ...check.reminder, status: 'active' } };
}

/** The reminder a stop link belongs to; a well-formed link to a deleted row was already used (or sent). */
export async function reminderForStopToken(database: DatabaseHandle, token: string): Promise<ReminderCheck> {
  const id = reminderTokenId(token);
  if (id === null) return { ok: false, reason: 'invalid' };
  const r = await reminderBy(database.db, { id });
  if (!r) return { ok: false, reason: 'gone' };
  return checkReminderToken(await reminderLinkKey(database.db), 'stop', token, r.email) ? { ok: true, reminder: r } : { ok: false, reason: 'invalid' };
}

export async function stopReminder(database: DatabaseHandle, id: number): Promise<void> {
  await deleteReminder(database.db, id);
}

export interface MaintenanceOptions {
  handle: DatabaseHandle;
  mailer: Mailer;
  baseUrl: string;
  now: Date;
  log: { error(obj: object, msg: string): void };
  signal?: AbortSignal;
  /** Reminders sent per run at most; the rest stay due for the next run. */
  limit?: number;
}

export interface MaintenanceResult {
  sent: number;
  failed: number;
  expiredProgress: number;
  unconfirmed: number;
}

/**
 * The daily job: sends the reminders that are due and deletes each once sent (a failed send stays due
 * for the next day; a crash between sending and deleting sends it again rather than never), deletes
 * expired journeys and requests never confirmed. Mail goes out holding no transaction.
 */
export async function runCheckMaintenance(o: MaintenanceOptions): Promise<MaintenanceResult> {
  const db = o.handle.db;
  const today = tokyoToday(o.now);
  const result: MaintenanceResult = { sent: 0, failed: 0, expiredProgress: 0, unconfirmed: 0 };
  result.expiredProgress = await deleteExpiredProgress(db, today);
  result.unconfirmed = await deleteUnconfirmedBefore(db, new Date(o.now.getTime() - CONFIRM_VALID_MS).toISOString());
  const key = await reminderLinkKey(db);
  for (const r of await dueReminders(db, today, o.limit ?? 1000)) {
    if (o.signal?.aborted) break;
    const mail = reminderMail(r.email, r.locale, `${o.baseUrl}${localePath(r.locale, '/check')}`, reminderStopUrl(o.baseUrl, key, r.locale, r.id, r.email));
    try {
      await o.mailer.send(mail);
    } catch (err) {
      result.failed++;
      o.log.error({ job: 'check-reminders', reminder: r.id, err: (err as Error).message }, 'check reminder could not be sent');
      continue;
    }
    await deleteReminder(db, r.id);
    result.sent++;
  }
  return result;
}
