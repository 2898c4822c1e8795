// Webhook endpoints (subscriptions with channel 'webhook', owned by an organisation) and their delivery
// log. Every function takes a connection or a transaction; every read by an organisation is scoped by
// its id in the query itself, so another organisation's endpoint is simply not found.
import type { Db } from '../db/database.ts';
import { messageIdOf, type DispatchPayload } from '../outbox/model.ts';

/** disabled_reason when the owner paused the endpoint (the worker writes the receiver's answer when it disables one). */
export const PAUSED_BY_OWNER = 'paused_by_owner';

export interface EndpointSettings {
  name: string;
  url: string;
  locale: 'ja' | 'en';
  /** JIS code, or null for the whole country. */
  prefecture: string | null;
  /** Empty: every audience. */
  audiences: string[];
  includeEvents: boolean;
  includeMaterials: boolean;
}

export interface Endpoint extends EndpointSettings {
  id: number;
  organisationId: number;
  status: string;
  disabledReason: string | null;
  allowPrivate: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface EndpointSummary extends Endpoint {
  organisationNameJa: string;
  organisationNameEn: string;
  lastDelivery: { status: string; at: string | null; httpStatus: number | null } | null;
  dead: number;
}

function toEndpoint(r: any, audiences: string[]): Endpoint {
  return {
    id: Number(r.id),
    organisationId: Number(r.owner_organisation_id),
    name: r.name ?? '',
    url: r.webhook_url ?? '',
    locale: r.locale === 'en' ? 'en' : 'ja',
    prefecture: r.prefecture,
    audiences: Number(r.all_audiences) === 1 ? [] : audiences,
    includeEvents: Number(r.include_events) === 1,
    includeMaterials: Number(r.include_materials) === 1,
    status: r.status,
    disabledReason: r.disabled_reason,
    allowPrivate: Number(r.allow_private) === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const ENDPOINT_COLUMNS = [
  's.id',
  's.owner_organisation_id',
  's.name',
  's.webhook_url',
  's.locale',
  's.prefecture',
  's.all_audiences',
  's.include_events',
  's.include_materials',
  's.status',
  's.disabled_reason',
  's.allow_private',
  's.created_at',
  's.updated_at',
] as const;

async function audiencesOf(db: Db, ids: number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  if (!ids.length) return out;
  const rows = await db.selectFrom('subscription_audiences').select(['subscription_id', 'audience']).where('subscription_id', 'in', ids).orderBy('audience').execute();
  for (const r of rows) {
    const list = out.get(r.subscription_id) ?? [];
    list.push(r.audience);
    out.set(r.subscription_id, list);
  }
  return out;
}

function summaries(db: Db) {
  return db
    .selectFrom('subscriptions as s')
    .innerJoin('organisations as o', 'o.id', 's.owner_organisation_id')
    .select(ENDPOINT_COLUMNS)
    .select(['o.name_ja', 'o.name_en'])
    .select((eb) => [
      eb.selectFrom('deliveries as d').select('d.status').whereRef('d.subscription_id', '=', 's.id').orderBy('d.id', 'desc').limit(1).as('last_status_code'),
      eb.selectFrom('deliveries as d').select('d.last_attempt_at').whereRef('d.subscription_id', '=', 's.id').orderBy('d.id', 'desc').limit(1).as('last_at'),
      eb.selectFrom('deliveries as d').select('d.last_status').whereRef('d.subscription_id', '=', 's.id').orderBy('d.id', 'desc').limit(1).as('last_http'),
      eb.selectFrom('deliveries as d').select((e) => e.fn.countAll<number | string>().as('n')).whereRef('d.subscription_id', '=', 's.id').where('d.status', '=', 'dead').as('dead'),
    ])
    .where('s.channel', '=', 'webhook');
}

async function toSummaries(db: Db, rows: any[]): Promise<EndpointSummary[]> {
  const auds = await audiencesOf(db, rows.map((r) => Number(r.id)));
  return rows.map((r) => ({
    ...toEndpoint(r, auds.get(Number(r.id)) ?? []),
    organisationNameJa: r.name_ja,
    organisationNameEn: r.name_en,
    lastDelivery: r.last_status_code ? { status: r.last_status_code, at: r.last_at ?? null, httpStatus: r.last_http === null || r.last_http === undefined ? null : Number(r.last_http) } : null,
    dead: Number(r.dead ?? 0),
  }));
}

/** The organisation's endpoints with their latest delivery, oldest first. */
export async function listEndpoints(db: Db, organisationId: number): Promise<EndpointSummary[]> {
  return toSummaries(db, await summaries(db).where('s.owner_organisation_id', '=', organisationId).orderBy('s.id').execute());
}

/** Every organisation's endpoints (administrators). */
export async function listAllEndpoints(db: Db): Promise<EndpointSummary[]> {
  return toSummaries(db, await summaries(db).orderBy('o.name_ja').orderBy('s.id').execute());
}

/** One endpoint of this organisation; undefined for anyone else's id (or no such endpoint). */
export async function findEndpoint(db: Db, organisationId: number, id: number): Promise<Endpoint | undefined> {
  const r = await db.selectFrom('subscriptions as s').select(ENDPOINT_COLUMNS).where('s.id', '=', id).where('s.channel', '=', 'webhook').where('s.owner_organisation_id', '=', organisationId).executeTakeFirst();
  if (!r) return undefined;
  return toEndpoint(r, (await audiencesOf(db, [id])).get(id) ?? []);
}

/** Any organisation's endpoint (administrators). */
export async function findAnyEndpoint(db: Db, id: number): Promise<Endpoint | undefined> {
  const r = await db.selectFrom('subscriptions as s').select(ENDPOINT_COLUMNS).where('s.id', '=', id).where('s.channel', '=', 'webhook').executeTakeFirst();
  if (!r) return undefined;
  return toEndpoint(r, (await audiencesOf(db, [id])).get(id) ?? []);
}

function settingsColumns(s: EndpointSettings) {
  return {
    name: s.name,
    webhook_url: s.url,
    locale: s.locale,
    prefecture: s.prefecture,
    all_audiences: s.audiences.length ? 0 : 1,
    include_events: s.includeEvents ? 1 : 0,
    include_materials: s.includeMaterials ? 1 : 0,
  };
}

async function replaceAudiences(db: Db, id: number, audiences: string[]): Promise<void> {
  await db.deleteFrom('subscription_audiences').where('subscription_id', '=', id).execute();
  if (audiences.length) await db.insertInto('subscription_audiences').values(audiences.map((audience) => ({ subscription_id: id, audience }))).execute();
}

export async function insertEndpoint(db: Db, organisationId: number, s: EndpointSettings, secret: string, now: string): Promise<number> {
  const row = await db
    .insertInto('subscriptions')
    .values({
      channel: 'webhook',
      status: 'active',
      include_advisories: 1,
      owner_organisation_id: organisationId,
      webhook_secret: secret,
      allow_private: 0,
      created_at: now,
      updated_at: now,
      ...settingsColumns(s),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(row.id);
  await replaceAudiences(db, id, s.audiences);
  return id;
}

export async function updateEndpoint(db: Db, id: number, s: EndpointSettings, now: string): Promise<void> {
  await db.updateTable('subscriptions').set({ ...settingsColumns(s), updated_at: now }).where('id', '=', id).where('channel', '=', 'webhook').execute();
  await replaceAudiences(db, id, s.audiences);
}

export async function setEndpointSecret(db: Db, id: number, secret: string, now: string): Promise<void> {
  await db.updateTable('subscriptions').set({ webhook_secret: secret, updated_at: now }).where('id', '=', id).where('channel', '=', 'webhook').execute();
}

/** Pauses (status 'disabled', reason paused_by_owner; its pending deliveries are cancelled) or resumes. */
export async function setEndpointActive(db: Db, id: number, active: boolean, now: string): Promise<void> {
  await db
    .updateTable('subscriptions')
    .set(active ? { status: 'active', disabled_reason: null, updated_at: now } : { status: 'disabled', disabled_reason: PAUSED_BY_OWNER, updated_at: now })
    .where('id', '=', id)
    .where('channel', '=', 'webhook')
    .execute();
  // What was waiting would otherwise be sent the moment it is resumed, possibly days late; the owner can
  // replay it from the log if it still matters.
  if (!active) await db.updateTable('deliveries').set({ status: 'cancelled', locked_by: null }).where('subscription_id', '=', id).where('status', '=', 'pending').execute();
}

export async function setAllowPrivate(db: Db, id: number, allowed: boolean, now: string): Promise<void> {
  await db.updateTable('subscriptions').set({ allow_private: allowed ? 1 : 0, updated_at: now }).where('id', '=', id).where('channel', '=', 'webhook').execute();
}

/** Deletes the endpoint with its audiences and its delivery log (nobody could read the log any more). */
export async function deleteEndpoint(db: Db, id: number): Promise<void> {
  await db.deleteFrom('deliveries').where('subscription_id', '=', id).execute();
  await db.deleteFrom('subscription_audiences').where('subscription_id', '=', id).execute();
  await db.deleteFrom('subscriptions').where('id', '=', id).where('channel', '=', 'webhook').execute();
}

export interface DeliveryLogEntry {
  id: number;
  messageId: string;
  type: string;
  title: DispatchPayload['title'] | null;
  status: string;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  lastAttemptAt: string | null;
  deliveredAt: string | null;
  nextAttemptAt: string;
}

export const LOG_PAGE_SIZE = 20;

/** One page of the endpoint's deliveries, newest first, and how many there are in all. */
export async function listDeliveries(db: Db, subscriptionId: number, page: number): Promise<{ entries: DeliveryLogEntry[]; total: number }> {
  const count = await db.selectFrom('deliveries').select((eb) => eb.fn.countAll<number | string>().as('n')).where('subscription_id', '=', subscriptionId).executeTakeFirst();
  const rows = await db
    .selectFrom('deliveries as d')
    .innerJoin('dispatches as p', 'p.id', 'd.dispatch_id')
    .select(['d.id', 'd.dispatch_id', 'd.status', 'd.attempts', 'd.last_status', 'd.last_error', 'd.last_attempt_at', 'd.delivered_at', 'd.next_attempt_at', 'p.topic', 'p.action', 'p.payload', 'p.created_at'])
    .where('d.subscription_id', '=', subscriptionId)
    .orderBy('d.id', 'desc')
    .limit(LOG_PAGE_SIZE)
    .offset((page - 1) * LOG_PAGE_SIZE)
    .execute();
  const entries = rows.map((r) => {
    let title: DispatchPayload['title'] | null = null;
    try {
      title = (JSON.parse(r.payload) as DispatchPayload).title ?? null;
    } catch {
      title = null;
    }
    return {
      id: Number(r.id),
      messageId: messageIdOf(Number(r.dispatch_id), subscriptionId),
      type: `${r.topic}.${r.action}`,
      title,
      status: r.status,
      attempts: Number(r.attempts),
      lastStatus: r.last_status === null ? null : Number(r.last_status),
      lastError: r.last_error,
      createdAt: r.created_at,
      lastAttemptAt: r.last_attempt_at,
      deliveredAt: r.delivered_at,
      nextAttemptAt: r.next_attempt_at,
    };
  });
  return { entries, total: Number(count?.n ?? 0) };
}

/** Finished deliveries can be sent again; a pending one is already on its way. */
const REPLAYABLE = ['dead', 'delivered', 'cancelled'];

/**
 * Sends a finished delivery of this endpoint again, as a fresh start: pending, no attempts, due now,
 * claimed by nobody. It keeps its message id, so a receiver that did get it can drop the repeat.
 * Returns false when the delivery is not this endpoint's or not finished.
 */
export async function replayDelivery(db: Db, subscriptionId: number, deliveryId: number, now: string): Promise<boolean> {
  const r = await db
    .updateTable('deliveries')
    .set({ status: 'pending', attempts: 0, next_attempt_at: now, locked_by: null, delivered_at: null })
    .where('id', '=', deliveryId)
    .where('subscription_id', '=', subscriptionId)
    .where('status', 'in', REPLAYABLE)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Replays every dead delivery of the endpoint; returns how many. */
export async function replayDeadDeliveries(db: Db, subscriptionId: number, now: string): Promise<number> {
  const r = await db
    .updateTable('deliveries')
    .set({ status: 'pending', attempts: 0, next_attempt_at: now, locked_by: null })
    .where('subscription_id', '=', subscriptionId)
    .where('status', '=', 'dead')
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

