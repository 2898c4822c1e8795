// Kysely queries of published events, campaigns and event reports. Every function takes a connection
// or a transaction. The filters are written once (whereEvents) and used by the list, the calendar,
// the map counts, the feeds and the API, so they agree by construction.
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Database, Db } from '../db/database.ts';
import { AUDIENCES, type Audience } from '../taxonomy/taxonomy.ts';
import type { Attendance, Campaign, CampaignJudgeable, CampaignTheme, EventFilters, EventReport, KitEntry, KitKind, OrganiserRef, PublicEvent } from './model.ts';
import { placeCodes } from './schema.ts';
import { addDays, tokyoInstant } from './time.ts';

type EEB = ExpressionBuilder<Database & { e: Database['events'] }, 'e'>;

/** The WHERE of a filtered event list. `now` decides upcoming and past; `ignorePlace` serves the map's counts. */
export function whereEvents(f: EventFilters, now: string, opts: { ignorePlace?: boolean } = {}) {
  return (eb: EEB): Expression<SqlBool> => {
    const conds: Expression<SqlBool>[] = [];
    const place = opts.ignorePlace ? null : placeCodes(f);
    if (place) conds.push(eb('e.prefecture', 'in', place));
    if (f.audiences.length) conds.push(eb('e.id', 'in', eb.selectFrom('event_audiences').select('event_id').where('audience', 'in', f.audiences)));
    // An event counts for a date range when any part of it falls in the range (Japan days).
    if (f.from) conds.push(eb('e.end_at', '>', tokyoInstant(f.from)));
    if (f.to) conds.push(eb('e.start_at', '<', tokyoInstant(addDays(f.to, 1))));
    if (f.online === true) conds.push(eb('e.attendance', 'in', ['online', 'hybrid']));
    if (f.online === false) conds.push(eb('e.attendance', '=', 'onsite'));
    if (f.campaignId !== null) conds.push(eb('e.campaign_id', '=', f.campaignId));
    if (f.when === 'upcoming') conds.push(eb('e.end_at', '>', now));
    if (f.when === 'past') conds.push(eb('e.end_at', '<=', now));
    return eb.and(conds);
  };
}

export async function countEvents(db: Db, f: EventFilters, now: string): Promise<number> {
  const r = await db
    .selectFrom('events as e')
    .select((eb) => eb.fn.countAll().as('n'))
    .where(whereEvents(f, now))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Ids in display order: upcoming and all soonest first, past most recent first. */
export async function eventIds(db: Db, f: EventFilters, now: string, page: { limit: number; offset: number }): Promise<number[]> {
  const dir = f.when === 'past' ? 'desc' : 'asc';
  const rows = await db
    .selectFrom('events as e')
    .select('e.id')
    .where(whereEvents(f, now))
    .orderBy('e.start_at', dir)
    .orderBy('e.end_at', dir)
    .orderBy('e.id', dir)
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows.map((r) => r.id);
}

/** How many events each prefecture has under every filter except the place (the map). */
export async function countsByPrefecture(db: Db, f: EventFilters, now: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('events as e')
    .select((eb) => ['e.prefecture', eb.fn.countAll().as('n')])
    .where(whereEvents(f, now, { ignorePlace: true }))
    .where('e.prefecture', 'is not', null)
    .groupBy('e.prefecture')
    .execute();
  return new Map(rows.map((r) => [r.prefecture!, Number(r.n)]));
}

/** Events without a prefecture (online only) under the same filters: the map says how many it cannot show. */
export async function countWithoutPrefecture(db: Db, f: EventFilters, now: string): Promise<number> {
  const r = await db
    .selectFrom('events as e')
    .select((eb) => eb.fn.countAll().as('n'))
    .where(whereEvents(f, now, { ignorePlace: true }))
    .where('e.prefecture', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Published events with everything the pages show, in the order of the ids given. */
export async function loadEvents(db: Db, ids: number[]): Promise<PublicEvent[]> {
  if (!ids.length) return [];
  const rows = await db
    .selectFrom('events as e')
    .leftJoin('initiatives as i', 'i.id', 'e.initiative_id')
    .leftJoin('campaigns as c', 'c.id', 'e.campaign_id')
    .leftJoin('event_sequences as s', 's.event_id', 'e.id')
    .selectAll('e')
    .select(['i.id as i_id', 'i.title_ja as i_title_ja', 'i.title_en as i_title_en', 'c.title_ja as c_title_ja', 'c.title_en as c_title_en', 's.sequence'])
    .where('e.id', 'in', ids)
    .execute();
  const orgs = await db
    .selectFrom('event_organisations as eo')
    .innerJoin('organisations as o', 'o.id', 'eo.organisation_id')
    .select(['eo.event_id', 'o.id', 'o.slug', 'o.name_ja', 'o.name_en', 'o.abbreviation'])
    .where('eo.event_id', 'in', ids)
    .orderBy('eo.event_id')
    .orderBy('eo.position')
    .execute();
  const audiences = await db.selectFrom('event_audiences').select(['event_id', 'audience']).where('event_id', 'in', ids).execute();
  const orgsBy = new Map<number, OrganiserRef[]>();
  for (const o of orgs) orgsBy.set(o.event_id, [...(orgsBy.get(o.event_id) ?? []), { id: o.id, slug: o.slug, nameJa: o.name_ja, nameEn: o.name_en, abbreviation: o.abbreviation }]);
  const audBy = new Map<number, Set<string>>();
  for (const a of audiences) audBy.set(a.event_id, (audBy.get(a.event_id) ?? new Set()).add(a.audience));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    const aud = audBy.get(id) ?? new Set();
    return [
      {
        id: r.id,
        itemId: r.item_id,
        titleJa: r.title_ja,
        titleEn: r.title_en,
        descriptionJa: r.description_ja,
        descriptionEn: r.description_en,
        organisers: orgsBy.get(id) ?? [],
        initiative: r.i_id !== null && r.i_id !== undefined ? { id: r.i_id, titleJa: r.i_title_ja!, titleEn: r.i_title_en! } : null,
        audiences: AUDIENCES.filter((a) => aud.has(a)) as Audience[],
        allDay: r.all_day === 1,
        startAt: r.start_at,
        endAt: r.end_at,
        startDate: r.start_date,
        endDate: r.end_date,
        startTime: r.start_time,
        endTime: r.end_time,
        attendance: r.attendance as Attendance,
        venueJa: r.venue_ja,
        venueEn: r.venue_en,
        prefecture: r.prefecture,
        feeYen: r.fee_yen,
        capacity: r.capacity,
        registrationUrl: r.registration_url,
        accessibilityJa: r.accessibility_ja,
        accessibilityEn: r.accessibility_en,
        campaign: r.campaign_id !== null && r.c_title_ja ? { id: r.campaign_id, titleJa: r.c_title_ja, titleEn: r.c_title_en! } : null,
        cancelled: r.cancelled === 1,
        sequence: r.sequence ?? 0,
        confirmedAt: r.confirmed_at,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      },
    ];
  });
}

// ---------------------------------------------------------------- campaigns

function parseJudged(s: string): CampaignJudgeable[] {
  try {
    const v = JSON.parse(s);
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}

export async function loadCampaigns(db: Db, ids?: number[]): Promise<Campaign[]> {
  let q = db.selectFrom('campaigns').selectAll().orderBy('start_date', 'desc').orderBy('id', 'desc');
  if (ids) {
    if (!ids.length) return [];
    q = q.where('id', 'in', ids);
  }
  const rows = await q.execute();
  if (!rows.length) return [];
  const cids = rows.map((r) => r.id);
  const themes = await db.selectFrom('campaign_themes').selectAll().where('campaign_id', 'in', cids).orderBy('position').orderBy('id').execute();
  const kit = await db.selectFrom('campaign_kit_entries').selectAll().where('campaign_id', 'in', cids).orderBy('position').orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    titleJa: r.title_ja,
    titleEn: r.title_en,
    summaryJa: r.summary_ja,
    summaryEn: r.summary_en,
    startDate: r.start_date,
    endDate: r.end_date,
    judged: parseJudged(r.judged),
    judgementNote: r.judgement_note,
    source: r.source,
    themes: themes
      .filter((t) => t.campaign_id === r.id)
      .map((t): CampaignTheme => ({ id: t.id, position: t.position, titleJa: t.title_ja, titleEn: t.title_en, descriptionJa: t.description_ja, descriptionEn: t.description_en })),
    kit: kit
      .filter((k) => k.campaign_id === r.id)
      .map((k): KitEntry => ({ id: k.id, position: k.position, kind: k.kind as KitKind, titleJa: k.title_ja, titleEn: k.title_en, bodyJa: k.body_ja, bodyEn: k.body_en, url: k.url, materialId: k.material_id })),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

export async function loadCampaign(db: Db, id: number): Promise<Campaign | undefined> {
  return (await loadCampaigns(db, [id]))[0];
}

export async function campaignChoices(db: Db): Promise<{ id: number; titleJa: string; titleEn: string; startDate: string; endDate: string }[]> {
  const rows = await db.selectFrom('campaigns').select(['id', 'title_ja', 'title_en', 'start_date', 'end_date']).orderBy('start_date', 'desc').orderBy('id', 'desc').execute();
  return rows.map((r) => ({ id: r.id, titleJa: r.title_ja, titleEn: r.title_en, startDate: r.start_date, endDate: r.end_date }));
}

// ---------------------------------------------------------------- reports

export async function loadReport(db: Db, itemId: number): Promise<EventReport | undefined> {
  const r = await db
    .selectFrom('event_reports as r')
    .leftJoin('users as u', 'u.id', 'r.updated_by')
    .select(['r.id', 'r.item_id', 'r.participants', 'r.materials_used', 'r.notes', 'r.created_at', 'r.updated_at', 'u.display_name'])
    .where('r.item_id', '=', itemId)
    .executeTakeFirst();
  if (!r) return undefined;
  const aud = await db.selectFrom('event_report_audiences').select('audience').where('report_id', '=', r.id).execute();
  const set = new Set(aud.map((a) => a.audience));
  return {
    itemId: r.item_id,
    participants: r.participants,
    audiences: AUDIENCES.filter((a) => set.has(a)),
    materialsUsed: r.materials_used,
    notes: r.notes,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    updatedByName: r.display_name,
  };
}
