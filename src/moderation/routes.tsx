// The program office's pages (/moderation): the review queue, one item with its decisions, the audit
// history, stale entries and broken links. Every route is behind requireModerator (moderators and
// administrators, signed in with their second factor); CSRF is checked globally for every POST.
// Decisions go through the content service, which re-checks the actor, claims the submitted revision
// (a second moderator deciding at the same moment gets a 409), records the audit event and sends mail.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireModerator, userOf } from '../accounts/auth-plugin.ts';
import { viewerFor } from '../accounts/viewer.ts';
import { listAudit, type AuditEntry } from '../audit/audit.ts';
import { initiativeTitle } from '../content/initiative-kind.ts';
import { loadItems, reviewQueueIds } from '../content/repository.ts';
import { contentContext } from '../content/context.ts';
import type { ContentKinds } from '../content/model.ts';
import { approve, itemForModerator, NOTE_REQUIRED, reject, requestChanges, unpublish, type ContentContext } from '../content/service.ts';
import type { InitiativePayload } from '../content/initiative-kind.ts';
import type { Db } from '../db/database.ts';
import { localePath, type Locale, type Text } from '../i18n/locale.ts';
import { staleItems } from '../jobs/freshness.ts';
import { brokenLinks } from '../links/repository.ts';
import { asForm, formText } from '../web/form-body.ts';
import type { FieldErrors } from '../web/form.tsx';
import { pagePost, pageRoute } from '../web/page-route.ts';
import { notFound, Problem } from '../web/problem.ts';
import { sendPage } from '../web/render.ts';
import { changesOf } from './components.tsx';
import { SUBJECT_KIND_LABELS } from '../audit/labels.ts';
import { DECISIONS, HistoryPage, ItemPage, LinksPage, NOTE_MAX, QueuePage, StalePage, submissionKind, type Decision, type GlobalHistoryRow } from './views.tsx';

const NOTICES: Record<string, Text> = {
  approved: { ja: '承認して公開しました。団体にメールでお知らせしました。', en: 'Approved and published. The organisation was told by email.' },
  changes: { ja: '修正を依頼しました。団体にメールでお知らせしました。', en: 'Changes were requested. The organisation was told by email.' },
  rejected: { ja: '承認しないことにしました。団体にメールで理由をお知らせしました。', en: 'Rejected. The organisation was told the reason by email.' },
  unpublished: { ja: '公開を停止しました。団体にメールで理由をお知らせしました。', en: 'Unpublished. The organisation was told the reason by email.' },
};

const NOTE_TOO_LONG: Text = { ja: `コメントは${NOTE_MAX}文字以内にしてください。`, en: `Use ${NOTE_MAX} characters or fewer.` };
const HISTORY_PAGE = 50;

function noticeOf(req: FastifyRequest): Text | undefined {
  const d = (req.query as { done?: unknown } | undefined)?.done;
  return typeof d === 'string' ? NOTICES[d] : undefined;
}

const moderationContext = (req: FastifyRequest): ContentContext => contentContext(req);

function kindOf(req: FastifyRequest, kind: string) {
  const h = req.server.contentKinds.get(kind);
  if (!h) throw notFound();
  return h;
}

/** The :id of the route; anything but plain digits is "not found". */
function idOf(req: FastifyRequest): number {
  const raw = (req.params as { id?: string }).id ?? '';
  if (!/^\d{1,15}$/.test(raw)) throw notFound();
  return Number(raw);
}

/** The typed note, not cut short (so that an over-long one can be shown back with the error). */
function noteOf(req: FastifyRequest): string {
  return formText(asForm(req.body), 'note', 20_000);
}

async function itemPage(req: FastifyRequest, reply: FastifyReply, locale: Locale, id: number, extra: { errors?: FieldErrors; values?: Partial<Record<Decision, string>> } = {}, status = 200) {
  const db = req.server.deps.database.db;
  const item = await itemForModerator(db, userOf(req), id);
  const entries = await listAudit(db, { subjectKind: 'content', subjectId: id, limit: 1000 });
  return sendPage(
    reply,
    ItemPage({
      locale,
      viewer: await viewerFor(req, reply, locale),
      csrf: reply.generateCsrf(),
      item,
      handler: kindOf(req, item.kind),
      history: entries.map((e) => ({ id: e.id, createdAt: e.createdAt, action: e.action, actorName: e.actorName, note: e.note, changes: changesOf(locale, e, kindOf(req, item.kind)) })),
      errors: extra.errors ?? {},
      values: extra.values ?? {},
      notice: status === 200 ? noticeOf(req) : undefined,
    }),
    status,
  );
}

async function organisationNames(db: Db, ids: number[], locale: Locale): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('organisations').select(['id', 'name_ja', 'name_en']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, locale === 'ja' ? r.name_ja : r.name_en]));
}

/** What each audit entry is about, named for people: the initiative's title, the organisation's or user's name. */
async function historyRows(db: Db, kinds: ContentKinds, entries: AuditEntry[], locale: Locale): Promise<GlobalHistoryRow[]> {
  const idsOf = (kind: AuditEntry['subjectKind']) => [...new Set(entries.filter((e) => e.subjectKind === kind).map((e) => e.subjectId))];
  const contentIds = idsOf('content');
  const userIds = idsOf('user');
  const orgIds = [...new Set([...idsOf('organisation'), ...entries.map((e) => e.organisationId).filter((x): x is number => x !== null)])];
  const items = await loadItems<unknown>(db, contentIds);
  const titles = new Map(items.map((i) => [i.id, (i.working ?? i.published) ? (kinds.get(i.kind)?.title((i.working ?? i.published)!.payload)[locale] ?? `#${i.id}`) : `#${i.id}`]));
  const users = userIds.length ? await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', userIds).execute() : [];
  const userNames = new Map(users.map((u) => [u.id, u.display_name]));
  const orgs = await organisationNames(db, orgIds, locale);
  return entries.map((e) => {
    let label = `#${e.subjectId}`;
    let href: string | null = null;
    if (e.subjectKind === 'content') {
      label = titles.get(e.subjectId) ?? label;
      if (titles.has(e.subjectId)) href = localePath(locale, `/moderation/items/${e.subjectId}`);
    } else if (e.subjectKind === 'organisation') label = orgs.get(e.subjectId) ?? label;
    else if (e.subjectKind === 'user') label = userNames.get(e.subjectId) ?? label;
    return {
      id: e.id,
      createdAt: e.createdAt,
      organisationName: e.organisationId !== null ? (orgs.get(e.organisationId) ?? null) : null,
      subjectKindLabel: SUBJECT_KIND_LABELS[e.subjectKind]?.[locale] ?? e.subjectKind,
      subjectLabel: label,
      subjectHref: href,
      action: e.action,
      actorName: e.actorName,
      note: e.note,
    };
  });
}

export async function moderationRoutes(app: FastifyInstance) {
  app.addHook('preHandler', requireModerator);
  const db = () => app.deps.database.db;
  const now = () => app.deps.now?.() ?? new Date();

  // ---- the queue
  pageRoute(app, '/moderation', undefined, async (req, reply, locale) => {
    const items = await loadItems<unknown>(db(), await reviewQueueIds(db()));
    const [stale, links] = await Promise.all([staleItems(db(), now()), brokenLinks(db())]);
    const entries = items
      .filter((i) => i.working?.status === 'submitted')
      .map((i) => ({
        itemId: i.id,
        title: kindOf(req, i.kind).title(i.working!.payload)[locale],
        ownerName: locale === 'ja' ? i.owner.nameJa : i.owner.nameEn,
        kind: submissionKind(i),
        submittedAt: i.working!.submittedAt,
        // Advisories are urgent: they come first and can be published at once from their page.
        urgent: i.kind === 'advisory',
      }))
      .sort((a, b) => Number(b.urgent) - Number(a.urgent));
    return sendPage(reply, QueuePage({ locale, viewer: await viewerFor(req, reply, locale), entries, counts: { stale: stale.length, links: links.length }, notice: noticeOf(req) }));
  });

  // ---- one item
  pageRoute<unknown, { id: string }>(app, '/moderation/items/:id', undefined, (req, reply, locale) => itemPage(req, reply, locale, idOf(req)));

  /**
   * One decision: read the note, check it (required for all but approval; at most NOTE_MAX characters),
   * then call the service. A missing or over-long note re-renders the item with the note kept.
   */
  const decision = (d: Decision, required: boolean, run: (ctx: ContentContext, id: number, note: string) => Promise<void>, done: (locale: Locale, id: number) => string) =>
    pagePost<unknown, { id: string }>(app, `/moderation/items/:id/${DECISIONS[d].path}`, undefined, async (req, reply, locale) => {
      const id = idOf(req);
      const note = noteOf(req);
      const field = DECISIONS[d].field;
      const again = (message: Text) => itemPage(req, reply, locale, id, { errors: { [field]: message }, values: { [d]: note } }, 400);
      if (required && !note) return again(NOTE_REQUIRED);
      if (note.length > NOTE_MAX) return again(NOTE_TOO_LONG);
      try {
        await run(moderationContext(req), id, note);
      } catch (err) {
        // The service checks the note too; its answer is shown the same way.
        if (err instanceof Problem && err.code === 'note_required') return again(NOTE_REQUIRED);
        throw err;
      }
      return reply.redirect(done(locale, id), 303);
    });

  decision('approve', false, approve, (locale) => localePath(locale, '/moderation') + '?done=approved');
  decision('changes', true, requestChanges, (locale) => localePath(locale, '/moderation') + '?done=changes');
  decision('reject', true, reject, (locale) => localePath(locale, '/moderation') + '?done=rejected');
  decision('unpublish', true, unpublish, (locale, id) => localePath(locale, `/moderation/items/${id}`) + '?done=unpublished');

  // ---- every audit event, newest first
  pageRoute<{ before?: unknown }>(app, '/moderation/history', undefined, async (req, reply, locale) => {
    const raw = req.query.before;
    let beforeId: number | undefined;
    if (raw !== undefined) {
      if (typeof raw !== 'string' || !/^\d{1,15}$/.test(raw)) {
        throw new Problem(400, 'invalid_request', { ja: '指定された条件に誤りがあります。', en: 'The request contains an error.' }, [
          { param: 'before', message: { ja: 'before には履歴の番号（数字）を指定してください。', en: 'before must be the number of a history entry.' } },
        ]);
      }
      beforeId = Number(raw);
    }
    const entries = await listAudit(db(), { beforeId, limit: HISTORY_PAGE + 1 });
    const page = entries.slice(0, HISTORY_PAGE);
    const older = entries.length > HISTORY_PAGE ? page[page.length - 1] : undefined;
    return sendPage(
      reply,
      HistoryPage({
        locale,
        viewer: await viewerFor(req, reply, locale),
        rows: await historyRows(db(), req.server.contentKinds, page, locale),
        beforeId,
        olderHref: older ? `${localePath(locale, '/moderation/history')}?before=${older.id}` : null,
        newestHref: beforeId !== undefined ? localePath(locale, '/moderation/history') : null,
      }),
    );
  });

  // ---- maintenance lists
  pageRoute(app, '/moderation/stale', undefined, async (req, reply, locale) => {
    const items = await staleItems(db(), now());
    return sendPage(reply, StalePage({ locale, viewer: await viewerFor(req, reply, locale), items }));
  });

  pageRoute(app, '/moderation/links', undefined, async (req, reply, locale) => {
    const links = await brokenLinks(db());
    const publicIds = [...new Set(links.map((l) => l.initiativeId))];
    const rows = publicIds.length
      ? await db().selectFrom('content_items').select(['id', 'public_id']).where('kind', '=', 'initiative').where('public_id', 'in', publicIds).execute()
      : [];
    const itemByPublic = new Map(rows.map((r) => [r.public_id, r.id]));
    return sendPage(reply, LinksPage({ locale, viewer: await viewerFor(req, reply, locale), links: links.map((l) => ({ ...l, itemId: itemByPublic.get(l.initiativeId) ?? null })) }));
  });
}
