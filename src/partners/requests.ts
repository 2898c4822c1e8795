// Collaboration requests (連携の依頼): one organisation asks another to run an initiative together —
// "join our initiative" or "may we join yours". The recipient accepts (the public entry then lists both
// organisers), declines, or replies; the sender may withdraw. A request is visible only to the members of
// its two organisations (any other id is "not found"); only open requests change state, through a
// conditional UPDATE, so two people acting at once cannot both succeed. Every action is audited once for
// each side and emailed to the other side after the commit; a mail failure is logged, never fatal.
import { sql } from 'kysely';
import type { CurrentUser } from '../accounts/model.ts';
import { recordAudit } from '../audit/audit.ts';
import { addOrganiser } from '../content/service.ts';
import type { InitiativePayload } from '../content/initiative-kind.ts';
import type { ContentKinds } from '../content/model.ts';
import { itemIdByPublicId, loadItems } from '../content/repository.ts';
import type { DatabaseHandle, Db } from '../db/database.ts';
import type { Text } from '../i18n/locale.ts';
import type { Mailer, MailMessage } from '../mail/mailer.ts';
import { deliverAll } from '../mail/deliver.ts';
import { organisationContacts } from '../organisations/contacts.ts';
import type { FieldErrors } from '../web/form.tsx';
import { forbidden, notFound, Problem } from '../web/problem.ts';

export const MESSAGE_MAX = 2000;
export const REQUEST_STATUSES = ['open', 'accepted', 'declined', 'withdrawn'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const REQUEST_STATUS_LABELS: Record<RequestStatus, Text> = {
  open: { ja: '回答待ち', en: 'Awaiting reply' },
  accepted: { ja: '承諾済み', en: 'Accepted' },
  declined: { ja: '辞退', en: 'Declined' },
  withdrawn: { ja: '取り下げ', en: 'Withdrawn' },
};

export interface RequestsContext {
  database: DatabaseHandle;
  kinds: ContentKinds;
  mailer: Mailer;
  baseUrl: string;
  now: Date;
  actor: CurrentUser;
  log: { error(obj: object, msg: string): void };
}

export interface OrgRef {
  id: number;
  slug: string;
  nameJa: string;
  nameEn: string;
}

export interface RequestSummary {
  id: number;
  status: RequestStatus;
  from: OrgRef;
  to: OrgRef;
  /** The content item the request is about. */
  itemId: number;
  /** Its public id (for /initiatives/{id}) while it is published, else null. */
  publicId: number | null;
  titleJa: string;
  titleEn: string;
  createdAt: string;
  updatedAt: string;
  decidedAt: string | null;
}

export interface RequestMessage {
  id: number;
  authorName: string | null;
  organisation: OrgRef;
  body: string;
  createdAt: string;
}

export interface RequestDetail extends RequestSummary {
  /** While open: which organisation accepting would add as an organiser ('none' if both already run it). */
  pendingChange: 'add_from' | 'add_to' | 'none' | null;
  messages: RequestMessage[];
  /** Whether the viewer's organisation is the sender or the recipient. */
  side: 'from' | 'to';
  decidedByName: string | null;
}

export interface ChoosableInitiative {
  publicId: number;
  titleJa: string;
  titleEn: string;
  /** 'ours': inviting them to join; 'theirs': asking to join. */
  side: 'ours' | 'theirs';
}

export type CreateResult = { ok: true; id: number } | { ok: false; status: 400 | 409; errors: FieldErrors };

const iso = (d: Date) => d.toISOString();

export const MESSAGES = {
  self: { ja: '自団体には依頼を送れません。連携先の団体を選んでください。', en: 'You cannot send a request to your own organisation. Choose another body.' },
  unknownOrg: {
    ja: '宛先の団体が見つかりません。「連携先を探す」から団体を選んでください。',
    en: 'There is no such organisation. Choose a body from "Find partners".',
  },
  chooseInitiative: { ja: '依頼の対象とする取組を選んでください。', en: 'Choose the initiative this request is about.' },
  notEitherSide: {
    ja: '選んだ取組は、自団体と宛先の団体のどちらが主催する取組でもありません。一覧から選んでください。',
    en: 'The initiative you chose is owned neither by your organisation nor by theirs. Choose one from the list.',
  },
  bothAlready: { ja: 'この取組は、既に両方の団体が実施団体になっています。', en: 'Both organisations already run this initiative.' },
  messageEmpty: { ja: 'メッセージを入力してください。', en: 'Enter a message.' },
  duplicate: {
    ja: 'この取組について、宛先の団体との間に回答待ちの依頼が既にあります。連携の依頼の一覧から、その依頼に返信してください。',
    en: 'There is already an open request between your organisations about this initiative. Reply to it from your list of collaboration requests.',
  },
  stale: {
    ja: 'この依頼は既に回答済みか取り下げられています。画面を再読み込みして確認してください。',
    en: 'This request has already been answered or withdrawn. Reload the page to see its current state.',
  },
  notOrganisedAnyMore: {
    ja: 'この取組は、現在どちらの団体の取組でもないため、承諾できません。',
    en: 'Neither organisation runs this initiative any more, so the request cannot be accepted.',
  },
  recipientOnly: { ja: 'この操作は、依頼を受け取った団体だけが行えます。', en: 'Only the organisation that received the request can do this.' },
  senderOnly: { ja: 'この操作は、依頼を送った団体だけが行えます。', en: 'Only the organisation that sent the request can do this.' },
  closedThread: {
    ja: '辞退または取り下げられた依頼には返信できません。必要なら新しい依頼を送ってください。',
    en: 'You cannot reply to a declined or withdrawn request. Send a new request if needed.',
  },
} satisfies Record<string, Text>;

export function messageTooLong(n: number): Text {
  return { ja: `メッセージは${MESSAGE_MAX}文字以内にしてください（現在${n}文字）。`, en: `Use ${MESSAGE_MAX.toLocaleString('en')} characters or fewer (you used ${n}).` };
}

/** The message's problem, if any: required, at most MESSAGE_MAX characters (code points, as a person counts them). */
export function checkMessage(body: string): Text | null {
  if (!body.trim()) return MESSAGES.messageEmpty;
  const n = [...body].length;
  return n > MESSAGE_MAX ? messageTooLong(n) : null;
}

// ---------------------------------------------------------------- reading

async function orgRef(db: Db, id: number): Promise<OrgRef | undefined> {
  const r = await db.selectFrom('organisations').select(['id', 'slug', 'name_ja', 'name_en']).where('id', '=', id).executeTakeFirst();
  return r ? { id: r.id, slug: r.slug, nameJa: r.name_ja, nameEn: r.name_en } : undefined;
}

/** A listed organisation by slug (pending organisations cannot be asked). */
export async function organisationBySlug(db: Db, slug: string): Promise<OrgRef | undefined> {
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(slug)) return undefined;
  const r = await db.selectFrom('organisations').select(['id', 'slug', 'name_ja', 'name_en']).where('slug', '=', slug).where('status', '=', 'active').executeTakeFirst();
  return r ? { id: r.id, slug: r.slug, nameJa: r.name_ja, nameEn: r.name_en } : undefined;
}

async function publicInitiativesOf(db: Db, organisationId: number): Promise<{ id: number; title_ja: string; title_en: string }[]> {
  return db
    .selectFrom('initiative_organisations as io')
    .innerJoin('initiatives as i', 'i.id', 'io.initiative_id')
    .select(['i.id', 'i.title_ja', 'i.title_en'])
    .where('io.organisation_id', '=', organisationId)
    .orderBy('i.title_ja')
    .orderBy('i.id')
    .limit(500)
    .execute();
}

/** Public initiatives a request between the two could be about: ours (they would join) and theirs (we would join). */
export async function choosableInitiatives(db: Db, ourId: number, theirId: number | null): Promise<ChoosableInitiative[]> {
  const ours = await publicInitiativesOf(db, ourId);
  const theirs = theirId !== null ? await publicInitiativesOf(db, theirId) : [];
  const ourIds = new Set(ours.map((i) => i.id));
  const theirIds = new Set(theirs.map((i) => i.id));
  return [
    ...ours.filter((i) => !theirIds.has(i.id)).map((i) => ({ publicId: i.id, titleJa: i.title_ja, titleEn: i.title_en, side: 'ours' as const })),
    ...theirs.filter((i) => !ourIds.has(i.id)).map((i) => ({ publicId: i.id, titleJa: i.title_ja, titleEn: i.title_en, side: 'theirs' as const })),
  ];
}

type RequestRow = {
  id: number;
  item_id: number;
  from_organisation_id: number;
  to_organisation_id: number;
  status: string;
  created_at: string;
  updated_at: string;
  decided_at: string | null;
  from_slug: string;
  from_name_ja: string;
  from_name_en: string;
  to_slug: string;
  to_name_ja: string;
  to_name_en: string;
  public_id: number | null;
  is_public: number;
  published_revision_id: number | null;
  working_revision_id: number | null;
};

function requestQuery(db: Db) {
  return db
    .selectFrom('collaboration_requests as r')
    .innerJoin('organisations as f', 'f.id', 'r.from_organisation_id')
    .innerJoin('organisations as t', 't.id', 'r.to_organisation_id')
    .innerJoin('content_items as c', 'c.id', 'r.item_id')
    .select([
      'r.id',
      'r.item_id',
      'r.from_organisation_id',
      'r.to_organisation_id',
      'r.status',
      'r.created_at',
      'r.updated_at',
      'r.decided_at',
      'f.slug as from_slug',
      'f.name_ja as from_name_ja',
      'f.name_en as from_name_en',
      't.slug as to_slug',
      't.name_ja as to_name_ja',
      't.name_en as to_name_en',
      'c.public_id',
      'c.is_public',
      'c.published_revision_id',
      'c.working_revision_id',
    ]);
}

/** Titles of the items: the published version's, else the version being worked on. */
async function titlesOf(db: Db, rows: RequestRow[]): Promise<Map<number, { ja: string; en: string }>> {
  const revIds = [...new Set(rows.map((r) => r.published_revision_id ?? r.working_revision_id).filter((x): x is number => x !== null))];
  const out = new Map<number, { ja: string; en: string }>();
  if (!revIds.length) return out;
  const revs = await db.selectFrom('content_revisions').select(['id', 'payload']).where('id', 'in', revIds).execute();
  const byId = new Map(revs.map((r) => [r.id, JSON.parse(r.payload) as InitiativePayload]));
  for (const r of rows) {
    const p = byId.get(r.published_revision_id ?? r.working_revision_id ?? -1);
    if (p) out.set(r.item_id, { ja: p.titleJa, en: p.titleEn || p.titleJa });
  }
  return out;
}

function toSummary(r: RequestRow, titles: Map<number, { ja: string; en: string }>): RequestSummary {
  const title = titles.get(r.item_id) ?? { ja: `取組 ${r.item_id}`, en: `Initiative ${r.item_id}` };
  return {
    id: r.id,
    status: r.status as RequestStatus,
    from: { id: r.from_organisation_id, slug: r.from_slug, nameJa: r.from_name_ja, nameEn: r.from_name_en },
    to: { id: r.to_organisation_id, slug: r.to_slug, nameJa: r.to_name_ja, nameEn: r.to_name_en },
    itemId: r.item_id,
    publicId: r.is_public === 1 ? r.public_id : null,
    titleJa: title.ja,
    titleEn: title.en,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    decidedAt: r.decided_at,
  };
}

export const LIST_LIMIT = 200;

/** The organisation's requests, newest first: those it received and those it sent. */
export async function listRequests(db: Db, organisationId: number): Promise<{ incoming: RequestSummary[]; outgoing: RequestSummary[] }> {
  const [incoming, outgoing] = await Promise.all([
    requestQuery(db).where('r.to_organisation_id', '=', organisationId).orderBy('r.id', 'desc').limit(LIST_LIMIT).execute(),
    requestQuery(db).where('r.from_organisation_id', '=', organisationId).orderBy('r.id', 'desc').limit(LIST_LIMIT).execute(),
  ]);
  const titles = await titlesOf(db, [...incoming, ...outgoing]);
  return { incoming: incoming.map((r) => toSummary(r, titles)), outgoing: outgoing.map((r) => toSummary(r, titles)) };
}

/** The request row, if the actor's organisation is one of its two sides; otherwise "not found". */
async function rowForMember(db: Db, actor: CurrentUser, requestId: number): Promise<RequestRow> {
  if (!Number.isSafeInteger(requestId) || requestId < 1 || actor.organisationId === null) throw notFound();
  const row = await requestQuery(db).where('r.id', '=', requestId).executeTakeFirst();
  if (!row || (row.from_organisation_id !== actor.organisationId && row.to_organisation_id !== actor.organisationId)) throw notFound();
  return row;
}

async function organiserIds(db: Db, itemId: number): Promise<Set<number>> {
  const rows = await db.selectFrom('content_item_organisations').select('organisation_id').where('item_id', '=', itemId).execute();
  return new Set(rows.map((r) => r.organisation_id));
}

function changeOnAccept(organisers: Set<number>, fromId: number, toId: number): 'add_from' | 'add_to' | 'none' | 'impossible' {
  const f = organisers.has(fromId);
  const t = organisers.has(toId);
  if (f && t) return 'none';
  if (f) return 'add_to';
  if (t) return 'add_from';
  return 'impossible';
}

export async function getRequest(db: Db, actor: CurrentUser, requestId: number): Promise<RequestDetail> {
  const row = await rowForMember(db, actor, requestId);
  const [titles, msgs, organisers, decider] = await Promise.all([
    titlesOf(db, [row]),
    db
      .selectFrom('collaboration_messages as m')
      .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
      .leftJoin('users as u', 'u.id', 'm.author_id')
      .select(['m.id', 'm.body', 'm.created_at', 'u.display_name', 'o.id as org_id', 'o.slug', 'o.name_ja', 'o.name_en'])
      .where('m.request_id', '=', row.id)
      .orderBy('m.id')
      .execute(),
    organiserIds(db, row.item_id),
    db
      .selectFrom('collaboration_requests as r')
      .innerJoin('users as u', 'u.id', 'r.decided_by')
      .select('u.display_name')
      .where('r.id', '=', row.id)
      .executeTakeFirst(),
  ]);
  const change = changeOnAccept(organisers, row.from_organisation_id, row.to_organisation_id);
  return {
    ...toSummary(row, titles),
    pendingChange: row.status === 'open' ? (change === 'impossible' ? null : change) : null,
    messages: msgs.map((m) => ({
      id: m.id,
      authorName: m.display_name,
      organisation: { id: m.org_id, slug: m.slug, nameJa: m.name_ja, nameEn: m.name_en },
      body: m.body,
      createdAt: m.created_at,
    })),
    side: row.from_organisation_id === actor.organisationId ? 'from' : 'to',
    decidedByName: decider?.display_name ?? null,
  };
}

// ---------------------------------------------------------------- mail and audit

async function tell(ctx: RequestsContext, organisationId: number, requestId: number, what: Text, title: { ja: string; en: string }, by: OrgRef) {
  let to: string[];
  try {
    to = (await organisationContacts(ctx.database.db, organisationId)).map((c) => c.email);
  } catch (err) {
    ctx.log.error({ err: (err as Error).message, requestId }, 'recipients of a collaboration email could not be read');
    return;
  }
  const url = `${ctx.baseUrl}/my/requests/${requestId}`;
  const urlEn = `${ctx.baseUrl}/en/my/requests/${requestId}`;
  // The messages themselves stay on the portal: the email says what happened and where to read it.
  const mails: MailMessage[] = to.map((email) => ({
    to: email,
    subject: `【ラストワンマイル】${what.ja}：${title.ja} / ${what.en}: ${title.en}`,
    text:
      `${what.ja}\n\n取組：${title.ja}\n相手の団体：${by.nameJa}\n\n内容の確認と返信はこちら（ログインが必要です）：\n${url}\n\n` +
      `----------\n\n` +
      `${what.en}\n\nInitiative: ${title.en}\nOther organisation: ${by.nameEn}\n\nRead and reply here (sign-in required):\n${urlEn}\n`,
  }));
  await deliverAll(ctx.mailer, ctx.log, mails, { requestId });
}

/** One audit event per side, so each organisation sees it in its own trail. */
async function auditBothSides(ctx: RequestsContext, db: Db, r: { id: number; from: number; to: number }, action: string, extra: { before?: unknown; after?: unknown; note?: string | null } = {}) {
  for (const organisationId of [r.from, r.to]) {
    await recordAudit(db, {
      actorUserId: ctx.actor.id,
      actorName: ctx.actor.displayName,
      organisationId,
      subjectKind: 'collaboration',
      subjectId: r.id,
      action,
      ...extra,
      now: iso(ctx.now),
    });
  }
}

// ---------------------------------------------------------------- commands

export interface NewRequest {
  /** The recipient's slug. */
  org: string;
  /** The public id of the initiative (as chosen in the form); NaN when none was chosen. */
  initiative: number;
  message: string;
}

/** Sends a request (and its first message) from the actor's organisation. Nothing is written unless all is valid. */
export async function createRequest(ctx: RequestsContext, input: NewRequest): Promise<CreateResult> {
  const fromId = ctx.actor.organisationId;
  if (fromId === null) throw forbidden();
  const db = ctx.database.db;
  const errors: FieldErrors = {};
  const recipient = input.org ? await organisationBySlug(db, input.org) : undefined;
  if (!recipient) errors.org = MESSAGES.unknownOrg;
  else if (recipient.id === fromId) errors.org = MESSAGES.self;
  const messageProblem = checkMessage(input.message);
  if (messageProblem) errors.message = messageProblem;

  let itemId: number | undefined;
  if (!Number.isSafeInteger(input.initiative) || input.initiative < 1) errors.initiative = MESSAGES.chooseInitiative;
  else {
    itemId = await itemIdByPublicId(db, 'initiative', input.initiative);
    const [item] = itemId !== undefined ? await loadItems(db, [itemId]) : [];
    if (!item || !item.isPublic) errors.initiative = MESSAGES.chooseInitiative;
    else if (recipient && !errors.org) {
      const change = changeOnAccept(new Set(item.organisers.map((o) => o.id)), fromId, recipient.id);
      // The owner of the initiative must be one of the two sides: its public entry changes only with the owner's consent.
      if (change === 'impossible' || (item.owner.id !== fromId && item.owner.id !== recipient.id)) errors.initiative = MESSAGES.notEitherSide;
      else if (change === 'none') errors.initiative = MESSAGES.bothAlready;
    } else if (!item.organisers.some((o) => o.id === fromId)) {
      // Without a valid recipient, only our own initiatives can be checked.
      errors.initiative = MESSAGES.notEitherSide;
    }
  }
  if (Object.keys(errors).length) return { ok: false, status: 400, errors };

  const to = recipient!;
  const from = (await orgRef(db, fromId))!;
  const now = iso(ctx.now);
  const created = await db.transaction().execute(async (trx) => {
    // Two people sending the same request at once: the second waits, then finds the first.
    if (ctx.database.dialect === 'postgres') await sql`select pg_advisory_xact_lock(7262021, ${itemId!}::int)`.execute(trx);
    const open = await trx
      .selectFrom('collaboration_requests')
      .select('id')
      .where('item_id', '=', itemId!)
      .where('status', '=', 'open')
      .where((eb) =>
        eb.or([
          eb.and([eb('from_organisation_id', '=', fromId), eb('to_organisation_id', '=', to.id)]),
          eb.and([eb('from_organisation_id', '=', to.id), eb('to_organisation_id', '=', fromId)]),
        ]),
      )
      .executeTakeFirst();
    if (open) return null;
    const organisers = await organiserIds(trx, itemId!);
    const change = changeOnAccept(organisers, fromId, to.id);
    const r = await trx
      .insertInto('collaboration_requests')
      .values({ item_id: itemId!, from_organisation_id: fromId, to_organisation_id: to.id, status: 'open', created_by: ctx.actor.id, created_at: now, updated_at: now, decided_by: null, decided_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('collaboration_messages').values({ request_id: r.id, author_id: ctx.actor.id, organisation_id: fromId, body: input.message, created_at: now }).execute();
    await auditBothSides(ctx, trx, { id: r.id, from: fromId, to: to.id }, 'requested', {
      after: { itemId: itemId!, publicId: input.initiative, from: fromId, to: to.id, kind: change === 'add_to' ? 'invite' : 'join' },
    });
    return r.id;
  });
  if (created === null) return { ok: false, status: 409, errors: { initiative: MESSAGES.duplicate } };
  const [item] = await loadItems<InitiativePayload>(db, [itemId!]);
  const p = item?.published?.payload;
  await tell(ctx, to.id, created, { ja: '連携の依頼が届きました', en: 'New collaboration request' }, { ja: p?.titleJa ?? '', en: p?.titleEn || p?.titleJa || '' }, from);
  return { ok: true, id: created };
}

function titleOfDetail(d: RequestSummary) {
  return { ja: d.titleJa, en: d.titleEn };
}

/** Adds a message to the thread (either side; not once the request was declined or withdrawn). */
export async function replyToRequest(ctx: RequestsContext, requestId: number, body: string): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  const db = ctx.database.db;
  const row = await rowForMember(db, ctx.actor, requestId);
  const problem = checkMessage(body);
  if (problem) return { ok: false, errors: { message: problem } };
  if (row.status === 'declined' || row.status === 'withdrawn') throw new Problem(409, 'conflict', MESSAGES.closedThread);
  const orgId = ctx.actor.organisationId!;
  const now = iso(ctx.now);
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('collaboration_messages').values({ request_id: row.id, author_id: ctx.actor.id, organisation_id: orgId, body, created_at: now }).execute();
    await trx.updateTable('collaboration_requests').set({ updated_at: now }).where('id', '=', row.id).execute();
    await auditBothSides(ctx, trx, { id: row.id, from: row.from_organisation_id, to: row.to_organisation_id }, 'replied');
  });
  const summary = toSummary(row, await titlesOf(db, [row]));
  const other = orgId === row.from_organisation_id ? row.to_organisation_id : row.from_organisation_id;
  const by = orgId === row.from_organisation_id ? summary.from : summary.to;
  await tell(ctx, other, row.id, { ja: '連携の依頼に返信がありました', en: 'New reply to a collaboration request' }, titleOfDetail(summary), by);
  return { ok: true };
}

type Decision = 'accepted' | 'declined' | 'withdrawn';

const DECISION_TEXT: Record<Decision, Text> = {
  accepted: { ja: '連携の依頼が承諾されました', en: 'Collaboration request accepted' },
  declined: { ja: '連携の依頼が辞退されました', en: 'Collaboration request declined' },
  withdrawn: { ja: '連携の依頼が取り下げられました', en: 'Collaboration request withdrawn' },
};

async function decide(ctx: RequestsContext, requestId: number, decision: Decision): Promise<void> {
  const db = ctx.database.db;
  const row = await rowForMember(db, ctx.actor, requestId);
  const orgId = ctx.actor.organisationId!;
  const isRecipient = orgId === row.to_organisation_id;
  if (decision === 'withdrawn' ? isRecipient : !isRecipient) throw forbidden(decision === 'withdrawn' ? MESSAGES.senderOnly : MESSAGES.recipientOnly);
  if (row.status !== 'open') throw new Problem(409, 'conflict', MESSAGES.stale);
  const now = iso(ctx.now);
  await db.transaction().execute(async (trx) => {
    // Claim the request: whoever acted first wins; a second attempt finds it no longer open.
    const r = await trx
      .updateTable('collaboration_requests')
      .set({ status: decision, decided_by: ctx.actor.id, decided_at: now, updated_at: now })
      .where('id', '=', row.id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new Problem(409, 'conflict', MESSAGES.stale);
    let added: number | null = null;
    if (decision === 'accepted') {
      const [item] = await loadItems<InitiativePayload>(trx, [row.item_id]);
      if (!item) throw new Problem(409, 'conflict', MESSAGES.notOrganisedAnyMore);
      const change = changeOnAccept(new Set(item.organisers.map((o) => o.id)), row.from_organisation_id, row.to_organisation_id);
      const ownerIsASide = item.owner.id === row.from_organisation_id || item.owner.id === row.to_organisation_id;
      if (change === 'impossible' || !ownerIsASide) throw new Problem(409, 'conflict', MESSAGES.notOrganisedAnyMore);
      if (change !== 'none') {
        added = change === 'add_from' ? row.from_organisation_id : row.to_organisation_id;
        await addOrganiser(ctx.database, trx, item, added, now, ctx.kinds);
        await recordAudit(trx, {
          actorUserId: ctx.actor.id,
          actorName: ctx.actor.displayName,
          organisationId: item.owner.id,
          subjectKind: 'content',
          subjectId: item.id,
          action: 'organiser_added',
          before: { organisers: item.organisers.map((o) => o.id) },
          after: { organisers: [...item.organisers.map((o) => o.id), added], collaborationRequestId: row.id },
          now,
        });
      }
    }
    await auditBothSides(ctx, trx, { id: row.id, from: row.from_organisation_id, to: row.to_organisation_id }, decision, {
      before: { status: 'open' },
      after: { status: decision, ...(added !== null ? { addedOrganisationId: added } : {}) },
    });
  });
  const summary = toSummary(row, await titlesOf(db, [row]));
  const other = isRecipient ? row.from_organisation_id : row.to_organisation_id;
  await tell(ctx, other, row.id, DECISION_TEXT[decision], titleOfDetail(summary), isRecipient ? summary.to : summary.from);
}

/** The recipient accepts: whichever of the two is not yet an organiser becomes one, and the public entry lists both. */
export const acceptRequest = (ctx: RequestsContext, requestId: number) => decide(ctx, requestId, 'accepted');
/** The recipient declines. */
export const declineRequest = (ctx: RequestsContext, requestId: number) => decide(ctx, requestId, 'declined');
/** The sender withdraws. */
export const withdrawRequest = (ctx: RequestsContext, requestId: number) => decide(ctx, requestId, 'withdrawn');
