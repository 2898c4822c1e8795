// Content items, their revisions and organisers. Functions take a connection or a transaction.
import type { Db } from '../db/database.ts';
import type { ContentItem, OrganisationName, Revision, RevisionStatus } from './model.ts';

type RevisionRow = {
  id: number;
  number: number;
  payload: string;
  status: string;
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
  reviewed_at: string | null;
  review_note: string | null;
  author_name: string | null;
  reviewer_name: string | null;
};

function toRevision<P>(r: RevisionRow): Revision<P> {
  return {
    id: r.id,
    number: r.number,
    payload: JSON.parse(r.payload) as P,
    status: r.status as RevisionStatus,
    authorName: r.author_name,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    submittedAt: r.submitted_at,
    reviewerName: r.reviewer_name,
    reviewedAt: r.reviewed_at,
    reviewNote: r.review_note,
  };
}

function revisionQuery(db: Db) {
  return db
    .selectFrom('content_revisions as r')
    .leftJoin('users as a', 'a.id', 'r.author_id')
    .leftJoin('users as v', 'v.id', 'r.reviewer_id')
    .select(['r.id', 'r.item_id', 'r.number', 'r.payload', 'r.status', 'r.created_at', 'r.updated_at', 'r.submitted_at', 'r.reviewed_at', 'r.review_note', 'a.display_name as author_name', 'v.display_name as reviewer_name']);
}

export async function listRevisions<P>(db: Db, itemId: number): Promise<Revision<P>[]> {
  const rows = await revisionQuery(db).where('r.item_id', '=', itemId).orderBy('r.number', 'desc').execute();
  return rows.map((r) => toRevision<P>(r));
}

export async function organisersOf(db: Db, itemIds: number[]): Promise<Map<number, OrganisationName[]>> {
  const out = new Map<number, OrganisationName[]>();
  if (!itemIds.length) return out;
  const rows = await db
    .selectFrom('content_item_organisations as c')
    .innerJoin('organisations as o', 'o.id', 'c.organisation_id')
    .select(['c.item_id', 'o.id', 'o.name_ja', 'o.name_en', 'o.abbreviation'])
    .where('c.item_id', 'in', itemIds)
    .orderBy('c.item_id')
    .orderBy('c.position')
    .execute();
  for (const r of rows) {
    const list = out.get(r.item_id) ?? [];
    list.push({ id: r.id, nameJa: r.name_ja, nameEn: r.name_en, abbreviation: r.abbreviation });
    out.set(r.item_id, list);
  }
  return out;
}

/** Items with their published and working revisions, in the order of the ids given. */
export async function loadItems<P>(db: Db, ids: number[]): Promise<ContentItem<P>[]> {
  if (!ids.length) return [];
  const items = await db
    .selectFrom('content_items as i')
    .innerJoin('organisations as o', 'o.id', 'i.owner_organisation_id')
    .select(['i.id', 'i.kind', 'i.public_id', 'i.is_public', 'i.published_revision_id', 'i.working_revision_id', 'i.confirmed_at', 'i.created_at', 'i.updated_at', 'o.id as owner_id', 'o.name_ja', 'o.name_en'])
    .where('i.id', 'in', ids)
    .execute();
  const revIds = items.flatMap((i) => [i.published_revision_id, i.working_revision_id]).filter((x): x is number => x !== null);
  const revs = revIds.length ? await revisionQuery(db).where('r.id', 'in', revIds).execute() : [];
  const revById = new Map(revs.map((r) => [r.id, toRevision<P>(r)]));
  const organisers = await organisersOf(db, ids);
  const byId = new Map(items.map((i) => [i.id, i]));
  return ids.flatMap((id) => {
    const i = byId.get(id);
    if (!i) return [];
    const owner = { id: i.owner_id, nameJa: i.name_ja, nameEn: i.name_en };
    return [
      {
        id: i.id,
        kind: i.kind,
        owner,
        organisers: organisers.get(i.id) ?? [owner],
        publicId: i.public_id,
        isPublic: i.is_public === 1,
        published: i.published_revision_id !== null ? (revById.get(i.published_revision_id) ?? null) : null,
        working: i.working_revision_id !== null ? (revById.get(i.working_revision_id) ?? null) : null,
        confirmedAt: i.confirmed_at,
        createdAt: i.created_at,
        updatedAt: i.updated_at,
      },
    ];
  });
}

export async function itemIdsOwnedBy(db: Db, organisationId: number, kind: string): Promise<number[]> {
  const rows = await db.selectFrom('content_items').select('id').where('owner_organisation_id', '=', organisationId).where('kind', '=', kind).orderBy('updated_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map((r) => r.id);
}

/** Items an organisation co-organises but does not own (it may see them, not edit them). */
export async function itemIdsCoOrganisedBy(db: Db, organisationId: number, kind: string): Promise<number[]> {
  const rows = await db
    .selectFrom('content_item_organisations as c')
    .innerJoin('content_items as i', 'i.id', 'c.item_id')
    .select('i.id')
    .where('c.organisation_id', '=', organisationId)
    .where('i.owner_organisation_id', '!=', organisationId)
    .where('i.kind', '=', kind)
    .orderBy('i.id', 'desc')
    .execute();
  return rows.map((r) => r.id);
}

export async function itemIdByPublicId(db: Db, kind: string, publicId: number): Promise<number | undefined> {
  const r = await db.selectFrom('content_items').select('id').where('kind', '=', kind).where('public_id', '=', publicId).executeTakeFirst();
  return r?.id;
}

/** Submitted revisions waiting for a moderator, oldest first. */
export async function reviewQueueIds(db: Db): Promise<number[]> {
  const rows = await db
    .selectFrom('content_items as i')
    .innerJoin('content_revisions as r', 'r.id', 'i.working_revision_id')
    .select('i.id')
    .where('r.status', '=', 'submitted')
    .orderBy('r.submitted_at')
    .orderBy('i.id')
    .limit(500)
    .execute();
  return rows.map((r) => r.id);
}

export async function insertItem(db: Db, v: { kind: string; ownerId: number; createdBy: number | null; now: string; publicId?: number | null; isPublic?: boolean; confirmedAt?: string | null }): Promise<number> {
  const r = await db
    .insertInto('content_items')
    .values({
      kind: v.kind,
      owner_organisation_id: v.ownerId,
      public_id: v.publicId ?? null,
      is_public: v.isPublic ? 1 : 0,
      confirmed_at: v.confirmedAt ?? null,
      created_by: v.createdBy,
      created_at: v.now,
      updated_at: v.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function insertRevision(db: Db, v: { itemId: number; payload: unknown; status: RevisionStatus; authorId: number | null; now: string; reviewedAt?: string | null }): Promise<number> {
  const last = await db.selectFrom('content_revisions').select((eb) => eb.fn.max('number').as('n')).where('item_id', '=', v.itemId).executeTakeFirst();
  const r = await db
    .insertInto('content_revisions')
    .values({
      item_id: v.itemId,
      number: Number(last?.n ?? 0) + 1,
      payload: JSON.stringify(v.payload),
      status: v.status,
      author_id: v.authorId,
      created_at: v.now,
      updated_at: v.now,
      reviewed_at: v.reviewedAt ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function setOrganisers(db: Db, itemId: number, organisationIds: number[]): Promise<void> {
  await db.deleteFrom('content_item_organisations').where('item_id', '=', itemId).execute();
  const uniq = [...new Set(organisationIds)];
  if (uniq.length) await db.insertInto('content_item_organisations').values(uniq.map((organisation_id, position) => ({ item_id: itemId, organisation_id, position }))).execute();
}

export interface NewSubmittedItem {
  kind: string;
  ownerId: number;
  createdBy: number | null;
  payload: unknown;
  now: string;
}

/**
 * Many new items at once (bulk import), each with its first revision already submitted for review and
 * its owner as sole organiser: one statement per table for the whole batch, where one item at a time
 * costs a dozen. Returns the new ids in input order.
 */
export async function insertSubmittedItems(db: Db, rows: NewSubmittedItem[]): Promise<{ itemId: number; revisionId: number }[]> {
  if (!rows.length) return [];
  const items = await db
    .insertInto('content_items')
    .values(rows.map((r) => ({ kind: r.kind, owner_organisation_id: r.ownerId, public_id: null, is_public: 0, confirmed_at: null, created_by: r.createdBy, created_at: r.now, updated_at: r.now })))
    .returning('id')
    .execute();
  // Identity and autoincrement values rise in the order the rows of one statement are inserted.
  const itemIds = items.map((i) => i.id).sort((a, b) => a - b);
  const revs = await db
    .insertInto('content_revisions')
    .values(rows.map((r, k) => ({ item_id: itemIds[k]!, number: 1, payload: JSON.stringify(r.payload), status: 'submitted', author_id: r.createdBy, created_at: r.now, updated_at: r.now, submitted_at: r.now })))
    .returning(['id', 'item_id'])
    .execute();
  const revByItem = new Map(revs.map((r) => [r.item_id, r.id]));
  // One statement for the batch (a CASE over the ids): a correlated subquery per row cost twice as much on PostgreSQL.
  await db
    .updateTable('content_items')
    .set((eb) => {
      let c = eb.case().when('id', '=', itemIds[0]!).then(revByItem.get(itemIds[0]!)!);
      for (const id of itemIds.slice(1)) c = c.when('id', '=', id).then(revByItem.get(id)!);
      return { working_revision_id: c.end() };
    })
    .where('id', 'in', itemIds)
    .execute();
  await db.insertInto('content_item_organisations').values(rows.map((r, k) => ({ item_id: itemIds[k]!, organisation_id: r.ownerId, position: 0 }))).execute();
  return itemIds.map((itemId) => ({ itemId, revisionId: revByItem.get(itemId)! }));
}
