// The publishing workflow, shared by every kind of content:
//   draft → submitted → approved (published) | changes_requested | rejected
// Edits to published content are new revisions; the public tables keep the approved one until the
// edit is approved. Every command checks the acting user's organisation against the item's owner
// (an item of another organisation is "not found", whatever id is asked for), runs in one
// transaction, records who/what/when/before/after, and sends email only after the commit.
import type { CurrentUser } from '../accounts/model.ts';
import { isPrivileged } from '../accounts/model.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Db, DatabaseHandle } from '../db/database.ts';
import type { Text } from '../i18n/locale.ts';
import { deliverAll } from '../mail/deliver.ts';
import type { Mailer, MailMessage } from '../mail/mailer.ts';
import { adminsOrEveryone, organisationContacts } from '../organisations/contacts.ts';
import { notFound, Problem, forbidden } from '../web/problem.ts';
import type { InitiativePayload } from './initiative-kind.ts';
import type { ContentItem, ContentKindHandler, ContentKinds } from './model.ts';
import { OPEN_STATUSES } from './model.ts';
import { insertItem, insertRevision, loadItems, setOrganisers } from './repository.ts';

export interface ContentContext {
  database: DatabaseHandle;
  /** The kinds of content the workflow knows (content/model.ts ContentKinds). */
  kinds: ContentKinds;
  mailer: Mailer;
  baseUrl: string;
  now: Date;
  actor: CurrentUser;
  log: { error(obj: object, msg: string): void };
}

export type InitiativeItem = ContentItem<InitiativePayload>;
/** An item of any kind; its payload is read through its kind's handler. */
export type AnyItem = ContentItem<any>;

function handlerOf(ctx: { kinds: ContentKinds }, kind: string): ContentKindHandler<any> {
  const h = ctx.kinds.get(kind);
  if (!h) throw new Error(`no content handler for kind ${kind}`);
  return h;
}

const iso = (d: Date) => d.toISOString();

const conflict = (message: Text) => new Problem(409, 'conflict', message);
const STALE: Text = {
  ja: 'この取組の状態は、ほかの操作で既に変わっています。画面を再読み込みして確認してください。',
  en: 'Someone else has changed this item in the meantime. Reload the page to see its current state.',
};

async function mustLoad(db: Db, itemId: number): Promise<AnyItem> {
  const [item] = await loadItems<unknown>(db, [itemId]);
  if (!item) throw notFound();
  return item;
}

/** The item, if the actor's organisation owns it; otherwise "not found" (no hint that it exists). */
export async function itemForOwner<P = InitiativePayload>(db: Db, actor: CurrentUser, itemId: number, kind?: string): Promise<ContentItem<P>> {
  if (!Number.isSafeInteger(itemId)) throw notFound();
  const [item] = await loadItems<P>(db, [itemId]);
  if (!item || (kind !== undefined && item.kind !== kind) || actor.organisationId === null || item.owner.id !== actor.organisationId) throw notFound();
  return item;
}

/** Owners and co-organisers may read an item (its history included); only owners change it. */
export async function itemForOrganiser<P = InitiativePayload>(db: Db, actor: CurrentUser, itemId: number, kind: string = 'initiative'): Promise<ContentItem<P>> {
  if (!Number.isSafeInteger(itemId)) throw notFound();
  const [item] = await loadItems<P>(db, [itemId]);
  if (!item || item.kind !== kind || actor.organisationId === null || !item.organisers.some((o) => o.id === actor.organisationId)) throw notFound();
  return item;
}

export async function itemForModerator(db: Db, actor: CurrentUser, itemId: number): Promise<AnyItem> {
  if (!isPrivileged(actor)) throw forbidden();
  if (!Number.isSafeInteger(itemId)) throw notFound();
  return mustLoad(db, itemId);
}

function audit(ctx: ContentContext, db: Db, item: { id: number; ownerId: number }, action: string, extra: { before?: unknown; after?: unknown; note?: string | null } = {}) {
  return recordAudit(db, {
    actorUserId: ctx.actor.id,
    actorName: ctx.actor.displayName,
    organisationId: item.ownerId,
    subjectKind: 'content',
    subjectId: item.id,
    action,
    ...extra,
    now: iso(ctx.now),
  });
}

const sendAll = (ctx: ContentContext, mails: MailMessage[]) => deliverAll(ctx.mailer, ctx.log, mails);

async function organisationRecipients(db: Db, organisationId: number): Promise<string[]> {
  return adminsOrEveryone(await organisationContacts(db, organisationId)).map((c) => c.email);
}

// ---------------------------------------------------------------- owner commands

export async function createInitiative(ctx: ContentContext, payload: InitiativePayload): Promise<number> {
  return createItem(ctx, 'initiative', payload);
}

/** A new item of the given kind, owned by the actor's organisation, with its first revision as a draft. */
export async function createItem(ctx: ContentContext, kind: string, payload: unknown): Promise<number> {
  const orgId = ctx.actor.organisationId;
  if (orgId === null) throw forbidden();
  handlerOf(ctx, kind);
  return ctx.database.db.transaction().execute((trx) => createIn(ctx, trx, kind, orgId, payload));
}

async function createIn(ctx: ContentContext, trx: Db, kind: string, orgId: number, payload: unknown): Promise<number> {
  const now = iso(ctx.now);
  const itemId = await insertItem(trx, { kind, ownerId: orgId, createdBy: ctx.actor.id, now });
  const revId = await insertRevision(trx, { itemId, payload, status: 'draft', authorId: ctx.actor.id, now });
  await trx.updateTable('content_items').set({ working_revision_id: revId }).where('id', '=', itemId).execute();
  await setOrganisers(trx, itemId, [orgId]);
  await audit(ctx, trx, { id: itemId, ownerId: orgId }, 'created', { after: payload });
  return itemId;
}

/**
 * "Save and submit" from the form: the new item (or the saved edit) and its submission in ONE
 * transaction. As two, a crash between them left a draft that nobody had asked for, and the owner, who
 * got no answer, could not tell whether the entry had gone to review.
 */
export async function saveAndSubmit(ctx: ContentContext, kind: string, existingId: number | null, payload: unknown): Promise<{ id: number; result: 'submitted' | 'published' }> {
  const orgId = ctx.actor.organisationId;
  if (orgId === null) throw forbidden();
  handlerOf(ctx, kind);
  return ctx.database.db.transaction().execute((trx) => saveAndSubmitIn(ctx, trx, kind, existingId, payload));
}

/** saveAndSubmit inside the caller's transaction (a partner feed writes the item and its entry line together). */
export async function saveAndSubmitIn(ctx: ContentContext, trx: Db, kind: string, existingId: number | null, payload: unknown): Promise<{ id: number; result: 'submitted' | 'published' }> {
  const orgId = ctx.actor.organisationId;
  if (orgId === null) throw forbidden();
  handlerOf(ctx, kind);
  let id: number;
  if (existingId === null) id = await createIn(ctx, trx, kind, orgId, payload);
  else {
    await saveDraftIn(ctx, trx, existingId, payload);
    id = existingId;
  }
  return { id, result: await submitForReviewIn(ctx, trx, id) };
}

/**
 * Saves the owner's edit. An open revision is updated in place; a submitted one goes back to draft
 * (it leaves the review queue); with no open revision, a new one starts from the edit.
 */
export async function saveDraft(ctx: ContentContext, itemId: number, payload: unknown): Promise<void> {
  await ctx.database.db.transaction().execute((trx) => saveDraftIn(ctx, trx, itemId, payload));
}

async function saveDraftIn(ctx: ContentContext, trx: Db, itemId: number, payload: unknown): Promise<void> {
  await writeDraft(ctx, trx, await itemForOwner<unknown>(trx, ctx.actor, itemId), payload);
}

/**
 * Stores `payload` as the item's open revision, the writer's access already checked (each kind checks its own):
 * shared by every kind's "save", so a draft is written the same way whatever the content.
 */
export async function writeDraft(ctx: ContentContext, trx: Db, item: ContentItem<unknown>, payload: unknown): Promise<void> {
  const now = iso(ctx.now);
  const itemId = item.id;
  const w = item.working;
  if (w && (OPEN_STATUSES.includes(w.status) || w.status === 'submitted')) {
    const r = await trx
      .updateTable('content_revisions')
      .set({ payload: JSON.stringify(payload), status: 'draft', author_id: ctx.actor.id, updated_at: now, submitted_at: null })
      .where('id', '=', w.id)
      .where('status', '=', w.status)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw conflict(STALE);
    await audit(ctx, trx, { id: itemId, ownerId: item.owner.id }, w.status === 'submitted' ? 'withdrawn_and_edited' : 'edited', { before: w.payload, after: payload });
  } else {
    const revId = await insertRevision(trx, { itemId, payload, status: 'draft', authorId: ctx.actor.id, now });
    await trx.updateTable('content_items').set({ working_revision_id: revId, updated_at: now }).where('id', '=', itemId).execute();
    await audit(ctx, trx, { id: itemId, ownerId: item.owner.id }, 'edited', { before: item.published?.payload ?? null, after: payload });
  }
  await trx.updateTable('content_items').set({ updated_at: now }).where('id', '=', itemId).execute();
}

/** Sends the open revision for review — or, for a verified organisation whose policy allows it, publishes it directly. */
export async function submitForReview(ctx: ContentContext, itemId: number): Promise<'submitted' | 'published'> {
  return ctx.database.db.transaction().execute((trx) => submitForReviewIn(ctx, trx, itemId));
}

/** submitForReview inside the caller's transaction (for flows that save and submit at once). */
export async function submitForReviewIn(ctx: ContentContext, trx: Db, itemId: number): Promise<'submitted' | 'published'> {
  const now = iso(ctx.now);
  const item = await itemForOwner<unknown>(trx, ctx.actor, itemId);
  const w = item.working;
  if (!w || !OPEN_STATUSES.includes(w.status)) throw conflict({ ja: '審査に出せる下書きがありません。', en: 'There is no draft to submit.' });
  const org = await trx.selectFrom('organisations').select(['verified_at', 'review_policy']).where('id', '=', item.owner.id).executeTakeFirstOrThrow();
  const r = await trx.updateTable('content_revisions').set({ status: 'submitted', submitted_at: now, updated_at: now }).where('id', '=', w.id).where('status', '=', w.status).executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw conflict(STALE);
  await audit(ctx, trx, { id: itemId, ownerId: item.owner.id }, 'submitted', { after: w.payload });
  if (org.verified_at !== null && org.review_policy === 'verified_direct') {
    await publishRevision(ctx, trx, item, w.id, w.payload, null, 'published_without_review');
    return 'published';
  }
  return 'submitted';
}

/** Takes a submitted revision back out of the queue (it becomes a draft again). */
export async function withdrawSubmission(ctx: ContentContext, itemId: number): Promise<void> {
  const now = iso(ctx.now);
  await ctx.database.db.transaction().execute(async (trx) => {
    const item = await itemForOwner<unknown>(trx, ctx.actor, itemId);
    const w = item.working;
    if (!w || w.status !== 'submitted') throw conflict(STALE);
    const r = await trx.updateTable('content_revisions').set({ status: 'draft', submitted_at: null, updated_at: now }).where('id', '=', w.id).where('status', '=', 'submitted').executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw conflict(STALE);
    await audit(ctx, trx, { id: itemId, ownerId: item.owner.id }, 'submission_withdrawn');
  });
}

/** Discards the open edit; the published version (if any) stays as it is. */
export async function discardDraft(ctx: ContentContext, itemId: number): Promise<void> {
  const now = iso(ctx.now);
  await ctx.database.db.transaction().execute(async (trx) => {
    const item = await itemForOwner<unknown>(trx, ctx.actor, itemId);
    const w = item.working;
    if (!w || w.status === 'submitted') throw conflict(STALE);
    await trx.updateTable('content_revisions').set({ status: 'withdrawn', updated_at: now }).where('id', '=', w.id).execute();
    await trx.updateTable('content_items').set({ working_revision_id: null, updated_at: now }).where('id', '=', itemId).execute();
    await audit(ctx, trx, { id: itemId, ownerId: item.owner.id }, 'draft_discarded', { before: w.payload });
  });
}

/** "Still current": the owner confirms the public entry without changing it. */
export async function confirmCurrent(ctx: ContentContext, itemId: number): Promise<void> {
  const now = iso(ctx.now);
  await ctx.database.db.transaction().execute(async (trx) => {
    const item = await itemForOwner<unknown>(trx, ctx.actor, itemId);
    if (!item.isPublic || item.publicId === null) throw conflict({ ja: '公開中の取組だけ確認できます。', en: 'Only published initiatives can be confirmed.' });
    await trx.updateTable('content_items').set({ confirmed_at: now, confirmed_by: ctx.actor.id, updated_at: now }).where('id', '=', itemId).execute();
    await handlerOf(ctx, item.kind).confirm({ db: trx, dialect: ctx.database.dialect }, item.publicId, now);
    await audit(ctx, trx, { id: itemId, ownerId: item.owner.id }, 'confirmed_current', { before: { confirmedAt: item.confirmedAt }, after: { confirmedAt: now } });
  });
}

// ---------------------------------------------------------------- moderator commands

/** Writes an approved revision to the public tables (exported for advisories' publish-now path). */
export async function publishRevision(ctx: ContentContext, trx: Db, item: AnyItem, revisionId: number, payload: unknown, note: string | null, action: string) {
  const now = iso(ctx.now);
  const repo = { db: trx, dialect: ctx.database.dialect };
  const publicId = await handlerOf(ctx, item.kind).publish(repo, { itemId: item.id, publicId: item.publicId, payload, organisers: item.organisers, confirmedAt: now, ownerSubmitted: true, now, baseUrl: ctx.baseUrl });
  if (item.published && item.published.id !== revisionId) {
    await trx.updateTable('content_revisions').set({ status: 'superseded', updated_at: now }).where('id', '=', item.published.id).execute();
  }
  await trx
    .updateTable('content_revisions')
    .set({ status: 'approved', reviewer_id: action === 'published_without_review' ? null : ctx.actor.id, reviewed_at: now, review_note: note, updated_at: now })
    .where('id', '=', revisionId)
    .execute();
  // Approval counts as the owner's confirmation that the entry is current.
  await trx
    .updateTable('content_items')
    .set({ public_id: publicId, is_public: 1, published_revision_id: revisionId, working_revision_id: null, confirmed_at: now, updated_at: now })
    .where('id', '=', item.id)
    .execute();
  // An organisation is listed publicly once its first content is approved.
  await trx.updateTable('organisations').set({ status: 'active', updated_at: now }).where('id', '=', item.owner.id).where('status', '=', 'pending').execute();
  await audit(ctx, trx, { id: item.id, ownerId: item.owner.id }, action, { before: item.published?.payload ?? null, after: payload, note });
}

async function submittedRevision(trx: Db, ctx: ContentContext, itemId: number) {
  const item = await itemForModerator(trx, ctx.actor, itemId);
  // Nobody reviews their own organisation's submission (separation of duties).
  if (ctx.actor.organisationId !== null && ctx.actor.organisationId === item.owner.id) {
    throw forbidden({ ja: '自分の団体の取組は審査できません。別の担当者に依頼してください。', en: "You cannot review your own organisation's submission. Ask another moderator." });
  }
  const w = item.working;
  if (!w || w.status !== 'submitted') throw conflict(STALE);
  // Claim the revision: a second moderator acting at the same moment finds it no longer 'submitted'.
  const r = await trx.updateTable('content_revisions').set({ status: 'approved' }).where('id', '=', w.id).where('status', '=', 'submitted').executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw conflict(STALE);
  return { item, w };
}

function decisionMail(ctx: ContentContext, to: string[], item: AnyItem, title: string, decision: Text, note: string | null): MailMessage[] {
  const url = `${ctx.baseUrl}${handlerOf(ctx, item.kind).ownerPath(item.id)}`;
  return to.map((email) => ({
    to: email,
    subject: `【ラストワンマイル】${decision.ja}：${title} / ${decision.en}`,
    text: `「${title}」の審査結果：${decision.ja}\n${note ? `\n事務局からのコメント：\n${note}\n` : ''}\n詳細：${url}\n\n----------\n\nReview of "${title}": ${decision.en}\n${note ? `\nComment from the program office:\n${note}\n` : ''}\nDetails: ${url.replace('/my/', '/en/my/')}\n`,
  }));
}

export async function approve(ctx: ContentContext, itemId: number, note: string): Promise<void> {
  const { item, w } = await ctx.database.db.transaction().execute(async (trx) => {
    const { item, w } = await submittedRevision(trx, ctx, itemId);
    await publishRevision(ctx, trx, item, w.id, w.payload, note || null, 'approved');
    return { item, w };
  });
  await sendAll(ctx, decisionMail(ctx, await organisationRecipients(ctx.database.db, item.owner.id), item, handlerOf(ctx, item.kind).title(w.payload).ja, { ja: '承認・公開されました', en: 'approved and published' }, note || null));
}

export async function requestChanges(ctx: ContentContext, itemId: number, note: string): Promise<void> {
  await decide(ctx, itemId, note, 'changes_requested', { ja: '修正をお願いします', en: 'changes requested' });
}

export async function reject(ctx: ContentContext, itemId: number, note: string): Promise<void> {
  await decide(ctx, itemId, note, 'rejected', { ja: '承認されませんでした', en: 'not approved' });
}

export const NOTE_REQUIRED: Text = { ja: '理由（団体に伝わります）を入力してください。', en: 'Enter the reason; the organisation will see it.' };

async function decide(ctx: ContentContext, itemId: number, note: string, status: 'changes_requested' | 'rejected', decision: Text) {
  if (!note) throw new Problem(400, 'note_required', NOTE_REQUIRED, [{ param: 'note', message: NOTE_REQUIRED }]);
  const now = iso(ctx.now);
  const { item, w } = await ctx.database.db.transaction().execute(async (trx) => {
    const { item, w } = await submittedRevision(trx, ctx, itemId);
    await trx.updateTable('content_revisions').set({ status, reviewer_id: ctx.actor.id, reviewed_at: now, review_note: note, updated_at: now }).where('id', '=', w.id).execute();
    await trx.updateTable('content_items').set({ updated_at: now }).where('id', '=', itemId).execute();
    await audit(ctx, trx, { id: itemId, ownerId: item.owner.id }, status, { after: w.payload, note });
    return { item, w };
  });
  await sendAll(ctx, decisionMail(ctx, await organisationRecipients(ctx.database.db, item.owner.id), item, handlerOf(ctx, item.kind).title(w.payload).ja, decision, note));
}

/** Takes published content off the public pages (moderators, or the owner). Its history is kept. */
export async function unpublish(ctx: ContentContext, itemId: number, note: string): Promise<void> {
  if (!note) throw new Problem(400, 'note_required', NOTE_REQUIRED, [{ param: 'note', message: NOTE_REQUIRED }]);
  const now = iso(ctx.now);
  const item = await ctx.database.db.transaction().execute(async (trx) => {
    const item: AnyItem = isPrivileged(ctx.actor) ? await itemForModerator(trx, ctx.actor, itemId) : await itemForOwner<unknown>(trx, ctx.actor, itemId);
    if (!item.isPublic || item.publicId === null) throw conflict({ ja: 'この取組は公開されていません。', en: 'This initiative is not published.' });
    const r = await trx.updateTable('content_items').set({ is_public: 0, updated_at: now }).where('id', '=', itemId).where('is_public', '=', 1).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw conflict(STALE);
    await handlerOf(ctx, item.kind).unpublish({ db: trx, dialect: ctx.database.dialect }, item.publicId);
    await audit(ctx, trx, { id: itemId, ownerId: item.owner.id }, 'unpublished', { before: item.published?.payload ?? null, note });
    return item;
  });
  if (isPrivileged(ctx.actor)) {
    await sendAll(ctx, decisionMail(ctx, await organisationRecipients(ctx.database.db, item.owner.id), item, item.published ? handlerOf(ctx, item.kind).title(item.published.payload).ja : '', { ja: '公開を停止しました', en: 'unpublished' }, note));
  }
}

/** Adds an organiser (an accepted collaboration), updating the public entry in the same transaction. */
export async function addOrganiser(database: DatabaseHandle, trx: Db, item: InitiativeItem, organisationId: number, now: string, kinds: ContentKinds): Promise<void> {
  if (item.organisers.some((o) => o.id === organisationId)) return;
  const org = await trx.selectFrom('organisations').select(['id', 'name_ja', 'name_en']).where('id', '=', organisationId).executeTakeFirstOrThrow();
  const organisers = [...item.organisers, { id: org.id, nameJa: org.name_ja, nameEn: org.name_en }];
  await setOrganisers(trx, item.id, organisers.map((o) => o.id));
  if (item.isPublic && item.publicId !== null && item.published) {
    await handlerOf({ kinds }, item.kind).publish({ db: trx, dialect: database.dialect }, { itemId: item.id, publicId: item.publicId, payload: item.published.payload, organisers, confirmedAt: item.confirmedAt, ownerSubmitted: false, now });
  }
}
