// Web push subscriptions in the shared `subscriptions` table (channel 'push'), keyed by the endpoint
// URL the browser's push service gave it. Functions take a connection or a transaction.
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

export interface PushSubscriptionInput {
  endpoint: string;
  p256dh: string;
  auth: string;
  locale: 'ja' | 'en';
  /** Empty: every audience. */
  audiences: string[];
  /** JIS code, or null for all of Japan. */
  prefecture: string | null;
  includeEvents: boolean;
  includeMaterials: boolean;
}

export type UpsertResult = { kind: 'created' | 'updated'; id: number } | { kind: 'conflict' };

/**
 * Creates the subscription or, for an endpoint already known, replaces its choices. An existing
 * endpoint is only changed by the browser that holds its keys (same auth secret): endpoints are not
 * secrets anyone could not learn from a log line, the auth secret is.
 */
export async function upsertPushSubscription(db: Db, s: PushSubscriptionInput, now: string): Promise<UpsertResult> {
  const existing = await db
    .selectFrom('subscriptions')
    .select(['id', 'push_auth'])
    .where('channel', '=', 'push')
    .where('push_endpoint', '=', s.endpoint)
    .executeTakeFirst();
  if (existing && existing.push_auth !== s.auth) return { kind: 'conflict' };
  const fields = {
    status: 'active',
    locale: s.locale,
    prefecture: s.prefecture,
    all_audiences: s.audiences.length ? 0 : 1,
    include_advisories: 1,
    include_events: s.includeEvents ? 1 : 0,
    include_materials: s.includeMaterials ? 1 : 0,
    push_p256dh: s.p256dh,
    push_auth: s.auth,
    disabled_reason: null,
    updated_at: now,
  };
  let id: number;
  if (existing) {
    id = existing.id;
    await db.updateTable('subscriptions').set(fields).where('id', '=', id).execute();
    await db.deleteFrom('subscription_audiences').where('subscription_id', '=', id).execute();
  } else {
    // Two tabs subscribing the same browser at once: the unique index lets one insert win, and the
    // other then updates the row it made. The conflict target repeats the partial index's predicate
    // literally (SQLite matches the index by its text, so a bound parameter would not do).
    const row = await db
      .insertInto('subscriptions')
      .values({ channel: 'push', push_endpoint: s.endpoint, created_at: now, ...fields })
      .onConflict((oc) => oc.column('push_endpoint').where('channel', '=', sql.lit('push')).doUpdateSet(fields))
      .returning('id')
      .executeTakeFirstOrThrow();
    id = Number(row.id);
    await db.deleteFrom('subscription_audiences').where('subscription_id', '=', id).execute();
  }
  if (s.audiences.length) {
    await db
      .insertInto('subscription_audiences')
      .values([...new Set(s.audiences)].map((audience) => ({ subscription_id: id, audience })))
      .execute();
  }
  return { kind: existing ? 'updated' : 'created', id };
}

/**
 * Forgets a browser's subscription (the endpoint is personal data once unused) and cancels what was
 * still waiting to be sent to it. False when there was none with this endpoint and auth secret.
 */
export async function deletePushSubscription(db: Db, endpoint: string, auth: string): Promise<boolean> {
  const row = await db
    .selectFrom('subscriptions')
    .select('id')
    .where('channel', '=', 'push')
    .where('push_endpoint', '=', endpoint)
    .where('push_auth', '=', auth)
    .executeTakeFirst();
  if (!row) return false;
  await db.updateTable('deliveries').set({ status: 'cancelled', locked_by: null }).where('subscription_id', '=', row.id).where('status', '=', 'pending').execute();
  await db.deleteFrom('subscription_audiences').where('subscription_id', '=', row.id).execute();
  await db.deleteFrom('subscriptions').where('id', '=', row.id).execute();
  return true;
}

export async function findPushSubscription(db: Db, endpoint: string) {
  return db.selectFrom('subscriptions').selectAll().where('channel', '=', 'push').where('push_endpoint', '=', endpoint).executeTakeFirst();
}
