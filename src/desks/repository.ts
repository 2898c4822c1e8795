// Kysely queries of the desks. Every function takes a connection or a transaction.
import type { Db } from '../db/database.ts';
import type { Desk, DeskAudience, DeskFilters, DeskInput, DeskTopic } from './model.ts';

type Row = {
  id: number;
  slug: string;
  operator_ja: string;
  operator_en: string;
  name_ja: string;
  name_en: string;
  summary_ja: string;
  summary_en: string;
  phone: string | null;
  web_url: string | null;
  email: string | null;
  hours_ja: string;
  hours_en: string;
  prefecture: string | null;
  source_name: string;
  source_url: string | null;
  checked_on: string;
  judged: number;
  judgement_note: string;
  position: number;
  created_at: string;
  updated_at: string;
};

function toDesk(r: Row, topics: DeskTopic[], audiences: DeskAudience[]): Desk {
  return {
    id: r.id,
    slug: r.slug,
    operatorJa: r.operator_ja,
    operatorEn: r.operator_en,
    nameJa: r.name_ja,
    nameEn: r.name_en,
    summaryJa: r.summary_ja,
    summaryEn: r.summary_en,
    topics,
    audiences,
    phone: r.phone,
    webUrl: r.web_url,
    email: r.email,
    hoursJa: r.hours_ja,
    hoursEn: r.hours_en,
    prefecture: r.prefecture,
    sourceName: r.source_name,
    sourceUrl: r.source_url,
    checkedOn: r.checked_on,
    judged: r.judged === 1,
    judgementNote: r.judgement_note,
    position: r.position,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** National desks first, then prefectural ones in JIS order; within each, by position. */
async function loadRows(db: Db, rows: Row[]): Promise<Desk[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const [topics, audiences] = await Promise.all([
    db.selectFrom('desk_topics').select(['desk_id', 'topic']).where('desk_id', 'in', ids).execute(),
    db.selectFrom('desk_audiences').select(['desk_id', 'audience']).where('desk_id', 'in', ids).execute(),
  ]);
  const t = new Map<number, DeskTopic[]>();
  const a = new Map<number, DeskAudience[]>();
  for (const x of topics) t.set(x.desk_id, [...(t.get(x.desk_id) ?? []), x.topic as DeskTopic]);
  for (const x of audiences) a.set(x.desk_id, [...(a.get(x.desk_id) ?? []), x.audience as DeskAudience]);
  return rows.map((r) => toDesk(r, t.get(r.id) ?? [], a.get(r.id) ?? []));
}

export async function findDesks(db: Db, f: DeskFilters): Promise<Desk[]> {
  let q = db.selectFrom('desks').selectAll();
  if (f.topic) q = q.where('id', 'in', db.selectFrom('desk_topics').select('desk_id').where('topic', '=', f.topic));
  if (f.audience) q = q.where('id', 'in', db.selectFrom('desk_audiences').select('desk_id').where('audience', '=', f.audience));
  if (f.prefecture) {
    const code = f.prefecture;
    q = q.where((eb) => eb.or([eb('prefecture', 'is', null), eb('prefecture', '=', code)]));
  }
  const rows = await q.orderBy('position').orderBy('prefecture').orderBy('id').execute();
  return loadRows(db, rows);
}

export async function loadDesk(db: Db, id: number): Promise<Desk | undefined> {
  const rows = await db.selectFrom('desks').selectAll().where('id', '=', id).execute();
  return (await loadRows(db, rows))[0];
}

export async function loadDesksBySlug(db: Db, slugs: string[]): Promise<Map<string, Desk>> {
  if (!slugs.length) return new Map();
  const rows = await db.selectFrom('desks').selectAll().where('slug', 'in', slugs).execute();
  return new Map((await loadRows(db, rows)).map((d) => [d.slug, d]));
}

export async function allDeskSlugs(db: Db): Promise<Set<string>> {
  return new Set((await db.selectFrom('desks').select('slug').execute()).map((r) => r.slug));
}

export async function deskIdBySlug(db: Db, slug: string): Promise<number | undefined> {
  return (await db.selectFrom('desks').select('id').where('slug', '=', slug).executeTakeFirst())?.id;
}

function columns(d: DeskInput, now: string) {
  return {
    operator_ja: d.operatorJa,
    operator_en: d.operatorEn,
    name_ja: d.nameJa,
    name_en: d.nameEn,
    summary_ja: d.summaryJa,
    summary_en: d.summaryEn,
    phone: d.phone,
    web_url: d.webUrl,
    email: d.email,
    hours_ja: d.hoursJa,
    hours_en: d.hoursEn,
    prefecture: d.prefecture,
    source_name: d.sourceName,
    source_url: d.sourceUrl,
    checked_on: d.checkedOn,
    judged: d.judged ? 1 : 0,
    judgement_note: d.judgementNote,
    position: d.position,
    updated_at: now,
  };
}

async function writeLinks(db: Db, id: number, d: DeskInput): Promise<void> {
  await db.deleteFrom('desk_topics').where('desk_id', '=', id).execute();
  await db.deleteFrom('desk_audiences').where('desk_id', '=', id).execute();
  if (d.topics.length) await db.insertInto('desk_topics').values(d.topics.map((topic) => ({ desk_id: id, topic }))).execute();
  if (d.audiences.length) await db.insertInto('desk_audiences').values(d.audiences.map((audience) => ({ desk_id: id, audience }))).execute();
}

/** Inserts a desk; returns its id, or null when the slug is taken (two instances seeding at once). */
export async function insertDesk(db: Db, d: DeskInput, now: string): Promise<number | null> {
  const r = await db
    .insertInto('desks')
    .values({ slug: d.slug, ...columns(d, now), created_at: now })
    .onConflict((oc) => oc.column('slug').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!r) return null;
  await writeLinks(db, r.id, d);
  return r.id;
}

/** Updates every field but the slug (rules refer to it). */
export async function updateDesk(db: Db, id: number, d: DeskInput, now: string): Promise<void> {
  await db.updateTable('desks').set(columns(d, now)).where('id', '=', id).execute();
  await writeLinks(db, id, d);
}
