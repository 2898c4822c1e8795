// Commands on advisories beyond the shared workflow (content/service.ts): who may write them, creating
// one for a chosen issuing organisation, the program office's publish-now path, correcting at once,
// withdrawal (the page stays, with the reason) and the administrators' permission switch. Each runs
// in one transaction with its audit event; messages to subscribers are written in that transaction.
import type { CurrentUser } from '../accounts/model.ts';
import { isPrivileged } from '../accounts/model.ts';
import { recordAudit } from '../audit/audit.ts';
import { loadItems, insertItem, insertRevision, setOrganisers } from '../content/repository.ts';
import { publishRevision, submitForReviewIn, writeDraft, type ContentContext } from '../content/service.ts';
import type { ContentItem } from '../content/model.ts';
import { OPEN_STATUSES } from '../content/model.ts';
import type { Db, DatabaseHandle } from '../db/database.ts';
import type { Text } from '../i18n/locale.ts';
import { enqueueDispatch } from '../outbox/enqueue.ts';
import { forbidden, notFound, Problem } from '../web/problem.ts';
import { advisoryDispatch, advisoryForDispatch, advisoryUrls } from './advisory-kind.ts';
import { ADVISORY_KIND, type AdvisoryPayload } from './model.ts';

export type AdvisoryItem = ContentItem<AdvisoryPayload>;

const iso = (d: Date) => d.toISOString();
const conflict = (message: Text) => new Problem(409, 'conflict', message);
const STALE: Text = { ja: 'この注意喚起の状態は、ほかの操作で既に変わっています。画面を再読み込みして確認してください。', en: 'Someone else has changed this advisory in the meantime. Reload the page to see its current state.' };

export const NOT_ALLOWED: Text = {
  ja: '注意喚起を発信できるのは、事務局が許可した団体と事務局（モデレーター）だけです。発信を希望する場合は事務局にご相談ください。',
  en: 'Only organisations the program office has allowed, and the program office itself, can publish advisories. Contact the program office if your organisation needs to.',
};

export async function organisationMayPublish(db: Db, organisationId: number): Promise<boolean> {
  const o = await db.selectFrom('organisations').select('may_publish_advisories').where('id', '=', organisationId).executeTakeFirst();
  return o?.may_publish_advisories === 1;
}

/** Moderators and administrators always; members only of organisations the program office allowed. */
export async function mayWriteAdvisories(db: Db, actor: CurrentUser): Promise<boolean> {
  if (isPrivileged(actor)) return true;
  return actor.organisationId !== null && (await organisationMayPublish(db, actor.organisationId));
}

/** Organisations a moderator without an organisation may issue an advisory for (those allowed to publish). */
export async function issuingChoices(db: Db): Promise<{ id: number; nameJa: string; nameEn: string }[]> {
  const rows = await db.selectFrom('organisations').select(['id', 'name_ja', 'name_en']).where('may_publish_advisories', '=', 1).orderBy('name_ja').execute();
  return rows.map((r) => ({ id: r.id, nameJa: r.name_ja, nameEn: r.name_en }));
}

/**
 * The advisory, if the actor may work on it: moderators on every advisory; members of the owning
 * organisation while it is allowed to publish. Anyone else gets "not found" (no hint that it exists).
 */
export async function advisoryForWriter(db: Db, actor: CurrentUser, itemId: number): Promise<AdvisoryItem> {
  if (!Number.isSafeInteger(itemId)) throw notFound();
  const [item] = await loadItems<AdvisoryPayload>(db, [itemId]);
  if (!item || item.kind !== ADVISORY_KIND) throw notFound();
  if (isPrivileged(actor)) return item;
  if (actor.organisationId === null || item.owner.id !== actor.organisationId) throw notFound();
  if (!(await organisationMayPublish(db, actor.organisationId))) throw forbidden(NOT_ALLOWED);
  return item;
}

function audit(ctx: ContentContext, db: Db, item: { id: number; ownerId: number }, action: string, extra: { before?: unknown; after?: unknown; note?: string | null } = {}) {
  return recordAudit(db, { actorUserId: ctx.actor.id, actorName: ctx.actor.displayName, organisationId: item.ownerId, subjectKind: 'content', subjectId: item.id, action, ...extra, now: iso(ctx.now) });
}

/**
 * A new advisory with its first revision as a draft. Its issuer is the actor's organisation; a
 * moderator without one chooses among the organisations allowed to publish advisories.
 */
export async function createAdvisory(ctx: ContentContext, payload: AdvisoryPayload, chosenOrganisationId: number | null): Promise<number> {
  const owner = await advisoryOwner(ctx, chosenOrganisationId);
  return ctx.database.db.transaction().execute((trx) => createAdvisoryIn(ctx, trx, owner, payload));
}

/** The organisation a new advisory belongs to: the writer's own, or (office staff) the one they chose. */
async function advisoryOwner(ctx: ContentContext, chosenOrganisationId: number | null): Promise<number> {
  if (!(await mayWriteAdvisories(ctx.database.db, ctx.actor))) throw forbidden(NOT_ALLOWED);
  let ownerId = ctx.actor.organisationId;
  if (ownerId === null) {
    if (!isPrivileged(ctx.actor) || chosenOrganisationId === null || !(await organisationMayPublish(ctx.database.db, chosenOrganisationId))) throw forbidden(NOT_ALLOWED);
    ownerId = chosenOrganisationId;
  }
  return ownerId;
}

async function createAdvisoryIn(ctx: ContentContext, trx: Db, owner: number, payload: AdvisoryPayload): Promise<number> {
  const now = iso(ctx.now);
  const itemId = await insertItem(trx, { kind: ADVISORY_KIND, ownerId: owner, createdBy: ctx.actor.id, now });
  const revId = await insertRevision(trx, { itemId, payload, status: 'draft', authorId: ctx.actor.id, now });
  await trx.updateTable('content_items').set({ working_revision_id: revId }).where('id', '=', itemId).execute();
  await setOrganisers(trx, itemId, [owner]);
  await audit(ctx, trx, { id: itemId, ownerId: owner }, 'created', { after: payload });
  return itemId;
}

/**
 * "Save and submit" or "save and publish now" from the form, in ONE transaction: as two, a crash
 * between them left a draft while the writer, who got no answer, could not tell whether the warning
 * had gone out or to review.
 */
export async function saveAdvisoryAnd(ctx: ContentContext, existingId: number | null, payload: AdvisoryPayload, chosenOrganisationId: number | null, then: 'submit' | 'publish_now'): Promise<{ id: number; done: 'submitted' | 'published' | 'urgent' }> {
  if (then === 'publish_now' && !isPrivileged(ctx.actor)) throw forbidden();
  const owner = existingId === null ? await advisoryOwner(ctx, chosenOrganisationId) : null;
  return ctx.database.db.transaction().execute(async (trx) => {
    let id: number;
    if (owner !== null) id = await createAdvisoryIn(ctx, trx, owner, payload);
    else {
      id = existingId!;
      await saveAdvisoryIn(ctx, trx, id, payload);
    }
    if (then === 'publish_now') {
      await publishNowIn(ctx, trx, id);
      return { id, done: 'urgent' as const };
    }
    return { id, done: await submitForReviewIn(ctx, trx, id) };
  });
}

/**
 * Saves an edit, by the owner or by a moderator (who may correct any advisory). As in the shared
 * workflow: an open revision is updated in place, a submitted one goes back to draft, and with no
 * open revision a new one starts from the edit.
 */
export async function saveAdvisory(ctx: ContentContext, itemId: number, payload: AdvisoryPayload): Promise<void> {
  await ctx.database.db.transaction().execute((trx) => saveAdvisoryIn(ctx, trx, itemId, payload));
}

async function saveAdvisoryIn(ctx: ContentContext, trx: Db, itemId: number, payload: AdvisoryPayload): Promise<void> {
  const item = await advisoryForWriter(trx, ctx.actor, itemId);
  await refuseIfWithdrawn(trx, item);
  await writeDraft(ctx, trx, item, payload);
}

export const WITHDRAWN_LOCKED: Text = { ja: '取り下げた注意喚起は変更できません。新しい注意喚起として作成してください。', en: 'A withdrawn advisory cannot be changed. Write a new advisory instead.' };

async function refuseIfWithdrawn(db: Db, item: AdvisoryItem) {
  if (item.publicId === null) return;
  const r = await db.selectFrom('advisories').select('withdrawn_at').where('id', '=', item.publicId).executeTakeFirst();
  if (r?.withdrawn_at) throw conflict(WITHDRAWN_LOCKED);
}

export async function isWithdrawn(db: Db, item: AdvisoryItem): Promise<boolean> {
  if (item.publicId === null) return false;
  const r = await db.selectFrom('advisories').select('withdrawn_at').where('id', '=', item.publicId).executeTakeFirst();
  return !!r?.withdrawn_at;
}

/** What the audit trail says about the publish-now path, in both languages (the trail keeps one note). */
export const URGENT_NOTE = '今すぐ公開（緊急）：事務局が審査待ちを経ずに公開。自団体の提出を審査しないという職務分離は、この経路では意図的に適用していません。 / Published at once (urgent) by the program office without the review queue; the usual separation of duties (nobody reviews their own organisation’s submission) is deliberately waived on this path.';

/**
 * 今すぐ公開 / Publish now: a moderator publishes the advisory's open or submitted version at once,
 * as its first publication or as a correction of the published one.
 *
 * Separation of duties — the rule everywhere else is that nobody reviews a submission of their own
 * organisation (content/service.ts submittedRevision). It is deliberately waived here: an urgent
 * warning cannot wait for a second moderator, and the program office often writes advisories in
 * its own name. What keeps this accountable instead: only moderators and administrators (signed in
 * with their second factor) reach this path, the audit entry 'published_urgently' names who did it
 * and says the rule was waived (URGENT_NOTE), and the advisory can be corrected or withdrawn later.
 */
export async function publishAdvisoryNow(ctx: ContentContext, itemId: number): Promise<void> {
  if (!isPrivileged(ctx.actor)) throw forbidden();
  await ctx.database.db.transaction().execute((trx) => publishNowIn(ctx, trx, itemId));
}

async function publishNowIn(ctx: ContentContext, trx: Db, itemId: number): Promise<void> {
  const item = await advisoryForWriter(trx, ctx.actor, itemId);
  await refuseIfWithdrawn(trx, item);
  const w = item.working;
  if (!w || !(OPEN_STATUSES.includes(w.status) || w.status === 'submitted')) throw conflict({ ja: '公開できる版がありません。', en: 'There is no version to publish.' });
  // Claim the revision, so that a reviewer deciding at the same moment gets a conflict.
  const r = await trx.updateTable('content_revisions').set({ status: 'approved' }).where('id', '=', w.id).where('status', '=', w.status).executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw conflict(STALE);
  await publishRevision(ctx, trx, item, w.id, w.payload, URGENT_NOTE, 'published_urgently');
}

/**
 * Withdraws a published advisory (取り下げ), by a moderator or the owner: the page stays at its address
 * with a banner and the reason, it leaves the default list and the "current" feed, and everyone an
 * earlier message reached is told (enqueueDispatch sends 'withdrawn' to earlier recipients). An edit
 * in progress is dropped: a withdrawn advisory is not changed any more.
 */
export async function withdrawAdvisory(ctx: ContentContext, itemId: number, note: string): Promise<void> {
  if (!note) throw new Problem(400, 'note_required', WITHDRAWAL_NOTE_REQUIRED, [{ param: 'note', message: WITHDRAWAL_NOTE_REQUIRED }]);
  const now = iso(ctx.now);
  await ctx.database.db.transaction().execute(async (trx) => {
    const item = await advisoryForWriter(trx, ctx.actor, itemId);
    if (!item.isPublic || item.publicId === null) throw conflict({ ja: 'この注意喚起は公開されていません。', en: 'This advisory is not published.' });
    const r = await trx.updateTable('advisories').set({ withdrawn_at: now, withdrawal_note: note, updated_at: now }).where('id', '=', item.publicId).where('withdrawn_at', 'is', null).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw conflict({ ja: 'この注意喚起は既に取り下げられています。', en: 'This advisory has already been withdrawn.' });
    if (item.working) {
      await trx.updateTable('content_revisions').set({ status: 'withdrawn', updated_at: now }).where('id', '=', item.working.id).execute();
      await trx.updateTable('content_items').set({ working_revision_id: null }).where('id', '=', itemId).execute();
    }
    await trx.updateTable('content_items').set({ updated_at: now }).where('id', '=', itemId).execute();
    const found = await advisoryForDispatch(trx, item.publicId);
    await enqueueDispatch(trx, advisoryDispatch(found!.subject, { action: 'withdrawn', note: { ja: note, en: note }, now, url: advisoryUrls(ctx.baseUrl, item.publicId) }), now);
    await audit(ctx, trx, { id: itemId, ownerId: item.owner.id }, 'advisory_withdrawn', { before: item.published?.payload ?? null, note });
  });
}

export const WITHDRAWAL_NOTE_REQUIRED: Text = { ja: '取り下げの理由を入力してください（受信した人とページを見る人に伝わります）。', en: 'Enter why it is withdrawn; people who received it and readers of the page will see it.' };

/** An administrator allows an organisation to publish advisories, or takes the permission back. */
export async function setAdvisoryPermission(database: DatabaseHandle, actor: CurrentUser, organisationId: number, allowed: boolean, at: Date): Promise<void> {
  if (actor.role !== 'admin') throw forbidden();
  const now = iso(at);
  await database.db.transaction().execute(async (trx) => {
    const org = await trx.selectFrom('organisations').select(['id', 'may_publish_advisories']).where('id', '=', organisationId).executeTakeFirst();
    if (!org) throw notFound();
    if ((org.may_publish_advisories === 1) === allowed) return;
    await trx.updateTable('organisations').set({ may_publish_advisories: allowed ? 1 : 0, updated_at: now }).where('id', '=', organisationId).execute();
    await recordAudit(trx, {
      actorUserId: actor.id,
      actorName: actor.displayName,
      organisationId,
      subjectKind: 'organisation',
      subjectId: organisationId,
      action: allowed ? 'advisory_permission_granted' : 'advisory_permission_revoked',
      before: { mayPublishAdvisories: org.may_publish_advisories === 1 },
      after: { mayPublishAdvisories: allowed },
      now,
    });
  });
}
