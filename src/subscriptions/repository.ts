// Subscription rows (all channels share the table; this file reads and writes the email ones and the
// choices every channel has). Functions take a connection or a transaction.
import type { Db } from '../db/database.ts';
import type { EmailSubscription, SubscriptionChoices } from './model.ts';

export async function emailSubscriptionBy(db: Db, where: { id: number } | { email: string }): Promise<EmailSubscription | null> {
  let q = db.selectFrom('subscriptions').selectAll().where('channel', '=', 'email');
  q = 'id' in where ? q.where('id', '=', where.id) : q.where('email', '=', where.email);
  const row = await q.executeTakeFirst();
  if (!row || !row.email) return null;
  return {
    id: row.id,
    email: row.email,
    status: row.status as EmailSubscription['status'],
    choices: await choicesOf(db, row),
    confirmSentAt: row.confirm_sent_at,
    confirmSentCount: row.confirm_sent_count,
  };
}

async function choicesOf(db: Db, row: { id: number; all_audiences: number; prefecture: string | null; include_events: number; include_materials: number; locale: string }): Promise<SubscriptionChoices> {
  const audiences = row.all_audiences
    ? []
    : (await db.selectFrom('subscription_audiences').select('audience').where('subscription_id', '=', row.id).orderBy('audience').execute()).map((r) => r.audience);
  return { audiences, prefecture: row.prefecture, events: row.include_events === 1, materials: row.include_materials === 1, locale: row.locale === 'en' ? 'en' : 'ja' };
}

/** Columns that hold the choices, for an insert or an update. */
export function choiceColumns(c: SubscriptionChoices) {
  return {
    locale: c.locale,
    prefecture: c.prefecture,
    all_audiences: c.audiences.length ? 0 : 1,
    include_advisories: 1,
    include_events: c.events ? 1 : 0,
    include_materials: c.materials ? 1 : 0,
  };
}

export async function replaceAudiences(db: Db, subscriptionId: number, audiences: string[]): Promise<void> {
  await db.deleteFrom('subscription_audiences').where('subscription_id', '=', subscriptionId).execute();
  if (audiences.length) await db.insertInto('subscription_audiences').values(audiences.map((audience) => ({ subscription_id: subscriptionId, audience }))).execute();
}

export async function insertEmailSubscription(db: Db, email: string, choices: SubscriptionChoices, now: string): Promise<number> {
  const row = await db
    .insertInto('subscriptions')
    .values({ channel: 'email', status: 'pending', email, ...choiceColumns(choices), confirm_sent_at: now, confirm_sent_count: 1, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await replaceAudiences(db, row.id, choices.audiences);
  return row.id;
}

/**
 * Deletes the subscription and the address with it: an unsubscribed address is erased at once, nothing is
 * kept about someone who left. What was still queued for it is cancelled here (the worker would also skip
 * it); settled deliveries keep only the former id, which no longer leads to anyone.
 */
export async function deleteSubscription(db: Db, id: number): Promise<void> {
  await db.updateTable('deliveries').set({ status: 'cancelled', locked_by: null }).where('subscription_id', '=', id).where('status', '=', 'pending').execute();
  await db.deleteFrom('subscription_audiences').where('subscription_id', '=', id).execute();
  await db.deleteFrom('subscriptions').where('id', '=', id).execute();
}
