// Desk use cases: the directory, one desk, and the program office's changes (each with its audit
// event in the same transaction). Also the idempotent seed of the shipped desks.
import type { CurrentUser } from '../accounts/model.ts';
import { recordAudit } from '../audit/audit.ts';
import type { DatabaseHandle, Db } from '../db/database.ts';
import type { Desk, DeskFilters, DeskInput } from './model.ts';
import { deskIdBySlug, findDesks, insertDesk, loadDesk, updateDesk } from './repository.ts';

export interface DeskDirectory {
  filters: DeskFilters;
  national: Desk[];
  prefectural: Desk[];
  total: number;
}

export async function browseDesks(db: Db, filters: DeskFilters): Promise<DeskDirectory> {
  const desks = await findDesks(db, filters);
  const national = desks.filter((d) => d.prefecture === null);
  const prefectural = desks.filter((d) => d.prefecture !== null);
  return { filters, national, prefectural, total: desks.length };
}

export { loadDesk };

export interface DeskAdminContext {
  database: DatabaseHandle;
  now: Date;
  actor: CurrentUser;
}

const auditView = (d: DeskInput) => ({ ...d });

export async function createDesk(ctx: DeskAdminContext, d: DeskInput): Promise<number | null> {
  const now = ctx.now.toISOString();
  return ctx.database.db.transaction().execute(async (trx) => {
    const id = await insertDesk(trx, d, now);
    if (id === null) return null;
    await recordAudit(trx, { actorUserId: ctx.actor.id, actorName: ctx.actor.displayName, organisationId: null, subjectKind: 'desk', subjectId: id, action: 'desk_created', after: auditView(d), now });
    return id;
  });
}

export async function changeDesk(ctx: DeskAdminContext, id: number, d: DeskInput): Promise<void> {
  const now = ctx.now.toISOString();
  await ctx.database.db.transaction().execute(async (trx) => {
    const before = await loadDesk(trx, id);
    if (!before) return;
    const after = { ...d, slug: before.slug };
    await updateDesk(trx, id, after, now);
    const { id: _i, createdAt: _c, updatedAt: _u, ...beforeInput } = before;
    await recordAudit(trx, { actorUserId: ctx.actor.id, actorName: ctx.actor.displayName, organisationId: null, subjectKind: 'desk', subjectId: id, action: 'desk_updated', before: auditView(beforeInput), after: auditView(after), now });
  });
}

export async function slugTaken(db: Db, slug: string): Promise<boolean> {
  return (await deskIdBySlug(db, slug)) !== undefined;
}

/**
 * The shipped desks (desks/data/desks.ts). Idempotent: a desk whose slug is already there is left as
 * it is, so running it at every start never duplicates nor undoes the program office's edits.
 */
export async function seedDesks(handle: DatabaseHandle, now = new Date().toISOString(), desks?: DeskInput[]): Promise<number> {
  const list = desks ?? (await import('./data/desks.ts')).DESKS;
  return handle.db.transaction().execute(async (trx) => {
    const existing = new Set((await trx.selectFrom('desks').select('slug').execute()).map((r) => r.slug));
    let n = 0;
    for (const d of list) {
      if (existing.has(d.slug)) continue;
      if ((await insertDesk(trx, d, now)) !== null) n++;
    }
    return n;
  });
}
