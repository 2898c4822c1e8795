// Links in reminder emails carry an HMAC token instead of an account: "<id>.<mac>", keyed by a secret
// this installation made for itself (its own, not the subscriptions' key, so a link of one can never
// work for the other). The confirmation link is bound to the address and the time it was sent (a new
// request makes older confirmation links stop working); the stop link to the address.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { localePath, type Locale } from '../i18n/locale.ts';
import { instanceSecret } from '../outbox/secrets.ts';

export type ReminderLinkPurpose = 'confirm' | 'stop';

export async function reminderLinkKey(db: Db): Promise<Buffer> {
  return Buffer.from(await instanceSecret(db, 'check-reminder-link-key', () => randomBytes(32).toString('base64url')), 'base64url');
}

function mac(key: Buffer, purpose: ReminderLinkPurpose, id: number, binding: string): string {
  return createHmac('sha256', key).update(`check-reminder\n${purpose}\n${id}\n${binding}`).digest().subarray(0, 16).toString('base64url');
}

export function reminderToken(key: Buffer, purpose: ReminderLinkPurpose, id: number, binding: string): string {
  return `${id}.${mac(key, purpose, id, binding)}`;
}

/** The reminder id a token claims, before it is checked against the row. */
export function reminderTokenId(token: string): number | null {
  const m = /^(\d{1,12})\.[A-Za-z0-9_-]{22}$/.exec(token);
  return m ? Number(m[1]) : null;
}

export function checkReminderToken(key: Buffer, purpose: ReminderLinkPurpose, token: string, binding: string): boolean {
  const id = reminderTokenId(token);
  if (id === null) return false;
  const expected = Buffer.from(reminderToken(key, purpose, id, binding));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export const confirmBinding = (email: string, sentAt: string) => `${email}\n${sentAt}`;

export function reminderConfirmUrl(baseUrl: string, key: Buffer, locale: Locale, id: number, email: string, sentAt: string): string {
  return `${baseUrl}${localePath(locale, '/check/reminder/confirm')}?t=${reminderToken(key, 'confirm', id, confirmBinding(email, sentAt))}`;
}

/** A GET shows a page with a button; a POST (RFC 8058 one-click) deletes the reminder at once. */
export function reminderStopUrl(baseUrl: string, key: Buffer, locale: Locale, id: number, email: string): string {
  return `${baseUrl}${localePath(locale, '/check/reminder/stop')}?t=${reminderToken(key, 'stop', id, email)}`;
}
