// Partner feeds and their entry map. Every read on behalf of an organisation is scoped by its id in the
// query itself, so another organisation's feed is simply not found.
import type { Db } from '../db/database.ts';
import { FEED_KINDS, type Feed, type FeedDefaults, type FeedKind, type FeedSettings, type RefusedEntry } from './model.ts';

/** Refused entries kept for the status page. */
export const MAX_REFUSED_KEPT = 50;

function parseJson<T>(s: string | null, fallback: T): T {
  if (!s) return fallback;
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
}

function toFeed(r: any): Feed {
  const kind: FeedKind = (FEED_KINDS as readonly string[]).includes(r.kind) ? r.kind : 'events';
  const refused = parseJson<RefusedEntry[]>(r.refused_entries, []);
  return {
    id: Number(r.id),
    organisationId: Number(r.organisation_id),
    createdBy: Number(r.created_by),
    name: r.name,
    url: r.url,
    kind,
    defaults: parseJson<FeedDefaults>(r.defaults, { kind: 'events', events: { audiences: [], attendance: 'online', prefecture: null, feeYen: 0 } }),
    status: r.status === 'paused' ? 'paused' : 'active',
    allowPrivate: Number(r.allow_private) === 1,
    etag: r.etag,
    lastModified: r.last_modified,
    lastManualAt: r.last_manual_at,
    state: {
      lastFetchAt: r.last_fetch_at,
      lastResult: r.last_result,
      lastErrorCode: r.last_error_code,
      lastErrorDetail: r.last_error_detail,
      seen: Number(r.seen),
      created: Number(r.created),
      updated: Number(r.updated),
      cancelled: Number(r.cancelled),
      refused: Number(r.refused),
      refusedEntries: Array.isArray(refused) ? refused : [],
      consecutiveFailures: Number(r.consecutive_failures),
    },
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function listFeeds(db: Db, organisationId: number): Promise<Feed[]> {
  const rows = await db.selectFrom('feeds').selectAll().where('organisation_id', '=', organisationId).orderBy('id').execute();
  return rows.map(toFeed);
}

/** One feed of this organisation; undefined for anyone else's id (or no such feed). */
export async function findFeed(db: Db, organisationId: number, id: number): Promise<Feed | undefined> {
  const r = await db.selectFrom('feeds').selectAll().where('id', '=', id).where('organisation_id', '=', organisationId).executeTakeFirst();
  return r ? toFeed(r) : undefined;
}

/** Any feed (the scheduled job, which acts for every organisation). */
export async function loadFeed(db: Db, id: number): Promise<Feed | undefined> {
  const r = await db.selectFrom('feeds').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toFeed(r) : undefined;
}

export async function insertFeed(db: Db, organisationId: number, createdBy: number, s: FeedSettings, now: string): Promise<number> {
  const row = await db
    .insertInto('feeds')
    .values({ organisation_id: organisationId, created_by: createdBy, name: s.name, url: s.url, kind: s.defaults.kind, defaults: JSON.stringify(s.defaults), status: 'active', created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/**
 * New settings. A new address or kind forgets the validators of the old answer (the next fetch is a full
 * one); entries already mapped stay mapped.
 */
export async function updateFeed(db: Db, feed: Feed, s: FeedSettings, now: string): Promise<void> {
  const moved = feed.url !== s.url || feed.kind !== s.defaults.kind;
  await db
    .updateTable('feeds')
    .set({ name: s.name, url: s.url, kind: s.defaults.kind, defaults: JSON.stringify(s.defaults), updated_at: now, ...(moved ? { etag: null, last_modified: null } : {}) })
    .where('id', '=', feed.id)
    .execute();
}

export async function setFeedStatus(db: Db, id: number, status: 'active' | 'paused', now: string): Promise<void> {
  await db.updateTable('feeds').set({ status, updated_at: now }).where('id', '=', id).execute();
}

/** Deletes the feed and its entry map; the content it wrote stays the organisation's. */
export async function deleteFeed(db: Db, id: number): Promise<void> {
  await db.deleteFrom('feed_entries').where('feed_id', '=', id).execute();
  await db.deleteFrom('feeds').where('id', '=', id).execute();
}

/**
 * Takes the feed for one fetch until `until`, unless a fetch holds it already: the job and "fetch now"
 * (on any instance) never work on one feed at once. A paused feed is fetched only on request.
 */
export async function claimFeed(db: Db, id: number, now: string, until: string, manual: boolean): Promise<boolean> {
  let q = db
    .updateTable('feeds')
    .set(manual ? { fetching_until: until, last_manual_at: now } : { fetching_until: until })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('fetching_until', 'is', null), eb('fetching_until', '<', now)]));
  if (!manual) q = q.where('status', '=', 'active');
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Active feeds fetched longest ago (never fetched first). */
export async function dueFeedIds(db: Db, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('feeds')
    .select('id')
    .where('status', '=', 'active')
    .orderBy((eb) => eb.case().when('last_fetch_at', 'is', null).then(0).else(1).end())
    .orderBy('last_fetch_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => Number(r.id));
}

export interface Counts {
  seen: number;
  created: number;
  updated: number;
  cancelled: number;
  refused: RefusedEntry[];
}

export async function recordSuccess(db: Db, id: number, now: string, o: { counts: Counts | null; etag: string | null; lastModified: string | null }): Promise<void> {
  await db
    .updateTable('feeds')
    .set({
      fetching_until: null,
      last_fetch_at: now,
      last_result: o.counts ? 'ok' : 'not_modified',
      last_error_code: null,
      last_error_detail: null,
      consecutive_failures: 0,
      failure_mailed_at: null,
      ...(o.counts
        ? {
            etag: o.etag,
            last_modified: o.lastModified,
            seen: o.counts.seen,
            created: o.counts.created,
            updated: o.counts.updated,
            cancelled: o.counts.cancelled,
            refused: o.counts.refused.length,
            refused_entries: JSON.stringify(o.counts.refused.slice(0, MAX_REFUSED_KEPT)),
          }
        : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** Records a failed fetch; returns how many fetches in a row have failed now. */
export async function recordFailure(db: Db, id: number, now: string, code: string, detail: string): Promise<number> {
  await db
    .updateTable('feeds')
    .set((eb) => ({ fetching_until: null, last_fetch_at: now, last_result: 'failed', last_error_code: code, last_error_detail: detail.slice(0, 300), consecutive_failures: eb('consecutive_failures', '+', 1) }))
    .where('id', '=', id)
    .execute();
  const r = await db.selectFrom('feeds').select('consecutive_failures').where('id', '=', id).executeTakeFirst();
  return Number(r?.consecutive_failures ?? 0);
}

/** Marks the owner as told about the failures; false when someone was told already (another instance). */
export async function markFailureMailed(db: Db, id: number, now: string): Promise<boolean> {
  const r = await db.updateTable('feeds').set({ failure_mailed_at: now }).where('id', '=', id).where('failure_mailed_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function releaseFeed(db: Db, id: number): Promise<void> {
  await db.updateTable('feeds').set({ fetching_until: null }).where('id', '=', id).execute();
}

export interface EntryRow {
  entryId: string;
  itemId: number;
  hash: string;
  state: 'active' | 'cancelled';
}

export async function entriesOf(db: Db, feedId: number): Promise<Map<string, EntryRow>> {
  const rows = await db.selectFrom('feed_entries').select(['entry_id', 'item_id', 'hash', 'state']).where('feed_id', '=', feedId).execute();
  return new Map(rows.map((r) => [r.entry_id, { entryId: r.entry_id, itemId: Number(r.item_id), hash: r.hash, state: r.state === 'cancelled' ? 'cancelled' : 'active' }]));
}

export async function saveEntry(db: Db, feedId: number, e: { entryId: string; itemId: number; hash: string; state: 'active' | 'cancelled'; title: string }, now: string, isNew: boolean): Promise<void> {
  if (isNew) {
    await db.insertInto('feed_entries').values({ feed_id: feedId, entry_id: e.entryId, item_id: e.itemId, hash: e.hash, state: e.state, title: e.title.slice(0, 300), updated_at: now }).execute();
  } else {
    await db.updateTable('feed_entries').set({ hash: e.hash, state: e.state, title: e.title.slice(0, 300), updated_at: now }).where('feed_id', '=', feedId).where('entry_id', '=', e.entryId).execute();
  }
}
