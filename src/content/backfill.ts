// Every public initiative belongs to a content item, so its owner can maintain it. Entries that
// arrived without one (the shipped seed, a database from before accounts existed) get an item owned
// by their first organiser, with revision 1 holding the published version. Idempotent.
import { loadInitiatives } from '../catalogue/repository.ts';
import { sql } from 'kysely';
import type { DatabaseHandle, Db, DialectName } from '../db/database.ts';
import { payloadOf } from './initiative-kind.ts';
import { insertItem, insertRevision, setOrganisers } from './repository.ts';

export async function backfillContentItems(handle: DatabaseHandle, now: string): Promise<number> {
  return handle.db.transaction().execute(async (trx) => {
    // Several instances may start at once: one backfills, the others then find nothing missing.
    if (handle.dialect === 'postgres') await sql`select pg_advisory_xact_lock(7262020)`.execute(trx);
    return backfill(trx, handle.dialect, now);
  });
}

async function backfill(db: Db, dialect: DialectName, now: string): Promise<number> {
  const missing = await db
    .selectFrom('initiatives as i')
    .leftJoin('content_items as c', (j) => j.onRef('c.public_id', '=', 'i.id').on('c.kind', '=', 'initiative'))
    .select('i.id')
    .where('c.id', 'is', null)
    .orderBy('i.id')
    .execute();
  if (!missing.length) return 0;
  const repo = { db, dialect };
  const orgRows = await db
    .selectFrom('initiative_organisations')
    .select(['initiative_id', 'organisation_id'])
    .where('initiative_id', 'in', missing.map((m) => m.id))
    .orderBy('initiative_id')
    .orderBy('position')
    .execute();
  const orgsBy = new Map<number, number[]>();
  for (const r of orgRows) orgsBy.set(r.initiative_id, [...(orgsBy.get(r.initiative_id) ?? []), r.organisation_id]);
  const initiatives = await loadInitiatives(repo, missing.map((m) => m.id));
  let n = 0;
  const trx = db;
  {
    for (const i of initiatives) {
      const orgs = orgsBy.get(i.id) ?? [];
      if (!orgs.length) continue;
      const itemId = await insertItem(trx, { kind: 'initiative', ownerId: orgs[0]!, createdBy: null, now: i.createdAt, publicId: i.id, isPublic: true, confirmedAt: i.confirmedAt });
      const revId = await insertRevision(trx, { itemId, payload: payloadOf(i), status: 'approved', authorId: null, now: i.createdAt, reviewedAt: i.createdAt });
      await trx.updateTable('content_items').set({ published_revision_id: revId, updated_at: now }).where('id', '=', itemId).execute();
      await setOrganisers(trx, itemId, orgs);
      n++;
    }
  }
  return n;
}
