// Email subscriptions without an account: double opt-in, a page to change the choices, one-click
// unsubscribe. The answer to "subscribe" is the same whether or not the address is known, so the form
// cannot be used to learn who subscribes; the email says what happened.
import type { DatabaseHandle } from '../db/database.ts';
import type { Locale } from '../i18n/locale.ts';
import type { Mailer } from '../mail/mailer.ts';
import { deliverAll } from '../mail/deliver.ts';
import { alreadySubscribedMail, confirmMail } from './messages.ts';
import { confirmUrl, manageUrl } from './links.ts';
import type { EmailSubscription, SubscriptionChoices } from './model.ts';
import { choiceColumns, deleteSubscription, emailSubscriptionBy, insertEmailSubscription, replaceAudiences } from './repository.ts';
import { checkLinkToken, subscriptionLinkKey, tokenId } from './tokens.ts';

export interface SubscriptionContext {
  database: DatabaseHandle;
  mailer: Mailer;
  baseUrl: string;
  now: Date;
  log: { error(obj: object, msg: string): void };
}

/** A confirmation link works this long after it was sent. */
export const CONFIRM_VALID_MS = 7 * 24 * 3_600_000;
/** At most this many confirmation (or "already subscribed") emails per address per day: the form cannot flood someone's inbox. */
export const MAILS_PER_ADDRESS_PER_DAY = 3;
const DAY_MS = 24 * 3_600_000;

export function normaliseEmail(s: string): string {
  return s.normalize('NFKC').trim().toLowerCase();
}

/** Records the request and sends the right email; returns nothing the page could leak. */
export async function requestSubscription(ctx: SubscriptionContext, emailInput: string, choices: SubscriptionChoices): Promise<void> {
  const email = normaliseEmail(emailInput);
  const now = ctx.now.toISOString();
  const key = await subscriptionLinkKey(ctx.database.db);
  const mail = await ctx.database.db.transaction().execute(async (trx) => {
    const existing = await emailSubscriptionBy(trx, { email });
    const withinDay = existing?.confirmSentAt ? ctx.now.getTime() - new Date(existing.confirmSentAt).getTime() < DAY_MS : false;
    const count = withinDay ? existing!.confirmSentCount : 0;
    if (existing && count >= MAILS_PER_ADDRESS_PER_DAY) return null;
    if (!existing) {
      const id = await insertEmailSubscription(trx, email, choices, now);
      return { to: email, ...confirmMail(choices.locale, confirmUrl(ctx.baseUrl, key, choices.locale, id, email, now)) };
    }
    const sentCount = { confirm_sent_at: now, confirm_sent_count: count + 1, updated_at: now };
    if (existing.status === 'active') {
      // Someone else may be typing this address: the choices stay as the owner set them.
      await trx.updateTable('subscriptions').set(sentCount).where('id', '=', existing.id).execute();
      return { to: email, ...alreadySubscribedMail(existing.choices.locale, manageUrl(ctx.baseUrl, key, existing.choices.locale, existing.id, email)) };
    }
    await trx
      .updateTable('subscriptions')
      .set({ ...choiceColumns(choices), ...sentCount, status: 'pending', disabled_reason: null })
      .where('id', '=', existing.id)
      .execute();
    await replaceAudiences(trx, existing.id, choices.audiences);
    return { to: email, ...confirmMail(choices.locale, confirmUrl(ctx.baseUrl, key, choices.locale, existing.id, email, now)) };
  });
  if (mail) await deliverAll(ctx.mailer, ctx.log, [mail], { purpose: 'subscription' });
}

export type TokenCheck = { ok: true; subscription: EmailSubscription } | { ok: false; reason: 'invalid' | 'expired' | 'gone' };

/** The subscription a manage / unsubscribe link belongs to. */
export async function subscriptionForManageToken(database: DatabaseHandle, token: string): Promise<TokenCheck> {
  const id = tokenId(token);
  if (id === null) return { ok: false, reason: 'invalid' };
  const sub = await emailSubscriptionBy(database.db, { id });
  // A well-formed link to a deleted subscription: it was unsubscribed (and the address erased).
  if (!sub) return { ok: false, reason: 'gone' };
  const key = await subscriptionLinkKey(database.db);
  return checkLinkToken(key, 'manage', token, sub.email) ? { ok: true, subscription: sub } : { ok: false, reason: 'invalid' };
}

export async function subscriptionForConfirmToken(database: DatabaseHandle, token: string, now: Date): Promise<TokenCheck> {
  const id = tokenId(token);
  if (id === null) return { ok: false, reason: 'invalid' };
  const sub = await emailSubscriptionBy(database.db, { id });
  if (!sub || !sub.confirmSentAt) return { ok: false, reason: 'invalid' };
  const key = await subscriptionLinkKey(database.db);
  if (!checkLinkToken(key, 'confirm', token, `${sub.email}\n${sub.confirmSentAt}`)) return { ok: false, reason: 'invalid' };
  if (sub.status === 'pending' && now.getTime() - new Date(sub.confirmSentAt).getTime() > CONFIRM_VALID_MS) return { ok: false, reason: 'expired' };
  return { ok: true, subscription: sub };
}

/** Double opt-in, second step. Returns the manage link's token for the confirmation page. */
export async function confirmSubscription(ctx: SubscriptionContext, token: string): Promise<TokenCheck & { manageToken?: string }> {
  const check = await subscriptionForConfirmToken(ctx.database, token, ctx.now);
  if (!check.ok) return check;
  const sub = check.subscription;
  if (sub.status === 'pending') {
    const now = ctx.now.toISOString();
    await ctx.database.db.updateTable('subscriptions').set({ status: 'active', confirmed_at: now, updated_at: now }).where('id', '=', sub.id).where('status', '=', 'pending').execute();
  }
  const key = await subscriptionLinkKey(ctx.database.db);
  const manage = new URL(manageUrl(ctx.baseUrl, key, sub.choices.locale, sub.id, sub.email));
  return { ok: true, subscription: { ...sub, status: 'active' }, manageToken: manage.searchParams.get('t')! };
}

export async function updateChoices(database: DatabaseHandle, subscriptionId: number, choices: SubscriptionChoices, now: Date): Promise<void> {
  await database.db.transaction().execute(async (trx) => {
    await trx.updateTable('subscriptions').set({ ...choiceColumns(choices), updated_at: now.toISOString() }).where('id', '=', subscriptionId).execute();
    await replaceAudiences(trx, subscriptionId, choices.audiences);
  });
}

export async function unsubscribe(database: DatabaseHandle, subscriptionId: number): Promise<void> {
  await database.db.transaction().execute((trx) => deleteSubscription(trx, subscriptionId));
}

export type { Locale };
