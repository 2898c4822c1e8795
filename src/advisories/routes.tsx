// Advisories: the public pages and Atom feeds, the API, the pages where allowed organisations and the
// program office write them (/my/advisories: drafts, submission, publish now, corrections,
// withdrawal) and the administrators' permission switch. Handlers are a few lines each:
// guard → read what they need → service → view or redirect.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isPrivileged } from '../accounts/model.ts';
import { requireAdmin, requireSignedIn, userOf } from '../accounts/auth-plugin.ts';
import { viewerFor } from '../accounts/viewer.ts';
import { listAudit } from '../audit/audit.ts';
import { contentContext } from '../content/context.ts';
import { itemIdsOwnedBy, loadItems } from '../content/repository.ts';
import { confirmCurrent, discardDraft, submitForReview, withdrawSubmission, type ContentContext } from '../content/service.ts';
import { localePath, type Locale, type Text } from '../i18n/locale.ts';
import { asForm, formText } from '../web/form-body.ts';
import type { FieldErrors } from '../web/form.tsx';
import { pagePost, pageRoute } from '../web/page-route.ts';
import { forbidden, notFound, Problem } from '../web/problem.ts';
import { sendPage } from '../web/render.ts';
import { ADVISORY_NOT_FOUND, advisoryApiRoutes } from './api.ts';
import { advisoriesAtom } from './feed.ts';
import { advisoryIssues, emptyAdvisoryValues, readAdvisoryForm, toFieldErrors, valuesOf, type AdvisoryFormValues } from './form.ts';
import { ADVISORY_KIND, normaliseAdvisory, type AdvisoryPayload } from './model.ts';
import { AdvisoryFormPage, MyAdvisoriesPage, MyAdvisoryPage } from './my-views.tsx';
import { browseAdvisories, feedAdvisories, loadAdvisories } from './repository.ts';
import { AdvisoryFeedQuery, AdvisoryQuery, filtersFromQuery, filtersToSearchParams, parseAdvisoryQuery } from './schema.ts';
import {
  advisoryForWriter,
  createAdvisory,
  isWithdrawn,
  issuingChoices,
  mayWriteAdvisories,
  NOT_ALLOWED,
  publishAdvisoryNow,
  saveAdvisory,
  saveAdvisoryAnd,
  setAdvisoryPermission,
  WITHDRAWAL_NOTE_REQUIRED,
  withdrawAdvisory,
  WITHDRAWN_LOCKED,
  type AdvisoryItem,
} from './service.ts';
import { tokyoToday } from './time.ts';
import { AdvisoryDetailPage, AdvisoryListPage } from './views.tsx';

const NOTICES: Record<string, Text> = {
  saved: { ja: '下書きを保存しました。', en: 'Your draft was saved.' },
  submitted: { ja: '審査に出しました。事務局の審査が終わると公開され、購読者に配信されます。', en: 'Submitted for review. Once approved it is published and sent to subscribers.' },
  published: { ja: '公開し、購読者への配信を登録しました。', en: 'Published; delivery to subscribers has been queued.' },
  urgent: { ja: '今すぐ公開しました。購読者への配信を登録しました。', en: 'Published at once; delivery to subscribers has been queued.' },
  withdrawn: { ja: '審査を取り下げました。下書きに戻っています。', en: 'Withdrawn from review; it is a draft again.' },
  discarded: { ja: '変更を破棄しました。公開中の内容はそのままです。', en: 'Your changes were discarded. The published version is unchanged.' },
  confirmed: { ja: '内容が最新であることを確認しました。', en: 'Confirmed as current.' },
  retracted: { ja: '注意喚起を取り下げました。受け取った人に取り下げのお知らせを配信します。', en: 'The advisory was withdrawn. Everyone who received it will be told.' },
  permission: { ja: '注意喚起の発信許可を変更しました。', en: 'The permission to publish advisories was changed.' },
};

function noticeOf(req: FastifyRequest): Text | undefined {
  const d = (req.query as { done?: unknown } | undefined)?.done;
  return typeof d === 'string' ? NOTICES[d] : undefined;
}

function idOf(req: FastifyRequest): number {
  const raw = (req.params as { id?: string }).id ?? '';
  return /^[1-9]\d{0,14}$/.test(raw) ? Number(raw) : NaN;
}

const nowOf = (req: FastifyRequest) => req.server.deps.now?.() ?? new Date();

/** Signed in, and allowed to write advisories (moderators, or members of an allowed organisation). */
async function requireAdvisoryWriter(req: FastifyRequest, reply: FastifyReply) {
  await requireSignedIn(req, reply);
  if (reply.sent) return;
  if (!(await mayWriteAdvisories(req.server.deps.database.db, userOf(req)))) throw forbidden(NOT_ALLOWED);
}

export async function advisoryRoutes(app: FastifyInstance): Promise<void> {
  const db = () => app.deps.database.db;
  const base = app.deps.config.baseUrl;

  // ------------------------------------------------------------ public pages and feeds

  pageRoute(app, '/advisories', undefined, async (req, reply, locale) => {
    const q = parseAdvisoryQuery(AdvisoryQuery, req.query);
    const filters = filtersFromQuery(q);
    const today = tokyoToday(nowOf(req));
    const r = await browseAdvisories(db(), filters, q.page ?? 1, today);
    return sendPage(reply, AdvisoryListPage({ locale, result: { ...r, filters }, lastPage: Math.max(1, Math.ceil(r.total / r.pageSize)), today }));
  });

  const feed = async (req: FastifyRequest, reply: FastifyReply, locale: Locale) => {
    const filters = filtersFromQuery(parseAdvisoryQuery(AdvisoryFeedQuery, req.query));
    const now = nowOf(req);
    const items = await feedAdvisories(db(), filters, tokyoToday(now));
    const qs = filtersToSearchParams(filters).toString();
    const selfUrl = `${base}${localePath(locale, '/advisories.atom')}${qs ? `?${qs}` : ''}`;
    return reply.type('application/atom+xml; charset=utf-8').send(advisoriesAtom(items, { baseUrl: base, locale, selfUrl, now }));
  };
  app.get('/advisories.atom', { schema: { hide: true } }, (req, reply) => feed(req, reply, 'ja'));
  app.get('/en/advisories.atom', { schema: { hide: true } }, (req, reply) => feed(req, reply, 'en'));

  pageRoute(app, '/advisories/:id', undefined, async (req, reply, locale) => {
    const id = idOf(req);
    const [a] = Number.isNaN(id) ? [] : await loadAdvisories(db(), [id]);
    if (!a) throw notFound(ADVISORY_NOT_FOUND);
    return sendPage(reply, AdvisoryDetailPage({ locale, a, today: tokyoToday(nowOf(req)) }));
  });

  await app.register(advisoryApiRoutes);

  // ------------------------------------------------------------ writing advisories

  await app.register(async (w) => {
    w.addHook('preHandler', requireAdvisoryWriter);
    const isOwner = (req: FastifyRequest, item: AdvisoryItem) => userOf(req).organisationId === item.owner.id;
    const item = (req: FastifyRequest) => advisoryForWriter(db(), userOf(req), idOf(req));

    pageRoute(w, '/my/advisories', undefined, async (req, reply, locale) => {
      const u = userOf(req);
      const all = isPrivileged(u);
      const ids = all
        ? (await db().selectFrom('content_items').select('id').where('kind', '=', ADVISORY_KIND).orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(500).execute()).map((r) => r.id)
        : await itemIdsOwnedBy(db(), u.organisationId!, ADVISORY_KIND);
      const items = await loadItems<AdvisoryPayload>(db(), ids);
      const publicIds = items.map((i) => i.publicId).filter((x): x is number => x !== null);
      const withdrawnRows = publicIds.length ? await db().selectFrom('advisories').select('item_id').where('id', 'in', publicIds).where('withdrawn_at', 'is not', null).execute() : [];
      return sendPage(reply, MyAdvisoriesPage({ locale, viewer: await viewerFor(req, reply, locale), items, withdrawn: new Set(withdrawnRows.map((r) => r.item_id)), allOrganisations: all, notice: noticeOf(req) }));
    });

    const NEW_TITLE: Text = { ja: '注意喚起を作成する', en: 'Write an advisory' };
    const EDIT_TITLE: Text = { ja: '注意喚起の変更・訂正', en: 'Change or correct the advisory' };

    const formPage = async (req: FastifyRequest, reply: FastifyReply, locale: Locale, o: { existing: AdvisoryItem | null; values: AdvisoryFormValues; errors: FieldErrors; issuer?: string }, status = 200) => {
      const u = userOf(req);
      const needsIssuer = !o.existing && u.organisationId === null;
      return sendPage(
        reply,
        AdvisoryFormPage({
          locale,
          viewer: await viewerFor(req, reply, locale),
          csrf: reply.generateCsrf(),
          action: o.existing ? `/my/advisories/${o.existing.id}/edit` : '/my/advisories/new',
          title: o.existing ? EDIT_TITLE : NEW_TITLE,
          values: o.values,
          errors: o.errors,
          cancelHref: localePath(locale, o.existing ? `/my/advisories/${o.existing.id}` : '/my/advisories'),
          correction: !!o.existing?.published,
          canPublishNow: isPrivileged(u),
          canSubmit: o.existing ? isOwner(req, o.existing) : u.organisationId !== null,
          issuers: needsIssuer ? await issuingChoices(db()) : undefined,
          issuer: o.issuer,
        }),
        status,
      );
    };

    pageRoute(w, '/my/advisories/new', undefined, (req, reply, locale) => formPage(req, reply, locale, { existing: null, values: emptyAdvisoryValues(), errors: {} }));

    /**
     * Reads the form; then saves a draft (gaps allowed, wrong values never), saves and submits it
     * (everything right), or — moderators — saves and publishes it at once.
     */
    const saveFromForm = async (req: FastifyRequest, reply: FastifyReply, locale: Locale, existing: AdvisoryItem | null) => {
      const u = userOf(req);
      if (existing && (await isWithdrawn(db(), existing))) throw new Problem(409, 'conflict', WITHDRAWN_LOCKED);
      const correction = !!existing?.published;
      const { values, payload, issues } = readAdvisoryForm(req.body, { correction });
      const intent = formText(asForm(req.body), 'intent', 20);
      if (intent === 'publish_now' && !isPrivileged(u)) throw forbidden();
      if (intent === 'submit' && existing && !isOwner(req, existing)) throw forbidden();
      const complete = intent === 'submit' || intent === 'publish_now';
      const errors = complete ? toFieldErrors(issues) : toFieldErrors(issues, (i) => !i.missing);
      if (!complete && !payload.titleJa) errors.titleJa = { ja: '下書きにも件名（日本語）が必要です。', en: 'Even a draft needs a title in Japanese.' };
      const issuerRaw = formText(asForm(req.body), 'organisation', 20);
      let issuer: number | null = null;
      if (!existing && u.organisationId === null) {
        const choices = await issuingChoices(db());
        issuer = /^\d{1,10}$/.test(issuerRaw) ? Number(issuerRaw) : null;
        if (issuer === null || !choices.some((c) => c.id === issuer)) errors.organisation = { ja: '発信元の団体を一覧から選んでください。', en: 'Choose the issuing organisation from the list.' };
      }
      if (Object.keys(errors).length) return formPage(req, reply, locale, { existing, values, errors, issuer: issuerRaw }, 400);
      const ctx = contentContext(req);
      if (intent === 'publish_now' || intent === 'submit') {
        // Saved and submitted (or published) in one transaction: an answer-less crash leaves all of it or none.
        const { id, done } = await saveAdvisoryAnd(ctx, existing?.id ?? null, payload, issuer, intent);
        return reply.redirect(localePath(locale, `/my/advisories/${id}`) + `?done=${done}`, 303);
      }
      let id: number;
      if (existing) {
        await saveAdvisory(ctx, existing.id, payload);
        id = existing.id;
      } else {
        id = await createAdvisory(ctx, payload, issuer);
      }
      return reply.redirect(localePath(locale, `/my/advisories/${id}`) + '?done=saved', 303);
    };

    pagePost(w, '/my/advisories/new', undefined, (req, reply, locale) => saveFromForm(req, reply, locale, null));

    const itemPage = async (req: FastifyRequest, reply: FastifyReply, locale: Locale, it: AdvisoryItem, extra: { errors?: FieldErrors; note?: string } = {}, status = 200) => {
      const history = await listAudit(db(), { subjectKind: 'content', subjectId: it.id, limit: 200 });
      const [pub] = it.publicId !== null ? await loadAdvisories(db(), [it.publicId]) : [];
      return sendPage(
        reply,
        MyAdvisoryPage({
          locale,
          viewer: await viewerFor(req, reply, locale),
          csrf: reply.generateCsrf(),
          item: it,
          history,
          corrections: pub?.corrections ?? [],
          withdrawn: pub?.withdrawnAt ? { at: pub.withdrawnAt, note: pub.withdrawalNote } : null,
          isOwner: isOwner(req, it),
          canPublishNow: isPrivileged(userOf(req)),
          notice: status === 200 ? noticeOf(req) : undefined,
          ...extra,
        }),
        status,
      );
    };

    pageRoute(w, '/my/advisories/:id', undefined, async (req, reply, locale) => itemPage(req, reply, locale, await item(req)));

    pageRoute(w, '/my/advisories/:id/edit', undefined, async (req, reply, locale) => {
      const it = await item(req);
      if (await isWithdrawn(db(), it)) throw new Problem(409, 'conflict', WITHDRAWN_LOCKED);
      const p = normaliseAdvisory((it.working ?? it.published)!.payload);
      return formPage(req, reply, locale, { existing: it, values: valuesOf(p, { keepCorrectionNote: !!it.working }), errors: {} });
    });
    pagePost(w, '/my/advisories/:id/edit', undefined, async (req, reply, locale) => saveFromForm(req, reply, locale, await item(req)));

    /** A stored version is checked as the form would check it: nothing incomplete reaches review or subscribers. */
    const checkStored = async (req: FastifyRequest, reply: FastifyReply, locale: Locale, it: AdvisoryItem) => {
      if (!it.working) return null;
      const p = normaliseAdvisory(it.working.payload);
      const errors = toFieldErrors(advisoryIssues(p, { correction: !!it.published }));
      if (Object.keys(errors).length) return formPage(req, reply, locale, { existing: it, values: valuesOf(p, { keepCorrectionNote: true }), errors }, 400);
      return null;
    };

    pagePost(w, '/my/advisories/:id/submit', undefined, async (req, reply, locale) => {
      const it = await item(req);
      if (!isOwner(req, it)) throw notFound();
      const refused = await checkStored(req, reply, locale, it);
      if (refused) return refused;
      const r = await submitForReview(contentContext(req), it.id);
      return reply.redirect(localePath(locale, `/my/advisories/${it.id}`) + `?done=${r === 'published' ? 'published' : 'submitted'}`, 303);
    });

    // 今すぐ公開: moderators only (service.ts publishAdvisoryNow explains the waived separation of duties).
    pagePost(w, '/my/advisories/:id/publish-now', undefined, async (req, reply, locale) => {
      if (!isPrivileged(userOf(req))) throw forbidden();
      const it = await item(req);
      const refused = await checkStored(req, reply, locale, it);
      if (refused) return refused;
      await publishAdvisoryNow(contentContext(req), it.id);
      return reply.redirect(localePath(locale, `/my/advisories/${it.id}`) + '?done=urgent', 303);
    });

    // The shared workflow's commands, for members of the owning organisation.
    const command = (path: string, run: (ctx: ContentContext, id: number) => Promise<unknown>, done: string) =>
      pagePost(w, `/my/advisories/:id/${path}`, undefined, async (req, reply, locale) => {
        const it = await item(req);
        if (!isOwner(req, it)) throw notFound();
        await run(contentContext(req), it.id);
        return reply.redirect(localePath(locale, `/my/advisories/${it.id}`) + `?done=${done}`, 303);
      });
    command('withdraw', withdrawSubmission, 'withdrawn');
    command('discard', discardDraft, 'discarded');
    command('confirm', confirmCurrent, 'confirmed');

    pagePost(w, '/my/advisories/:id/withdraw-advisory', undefined, async (req, reply, locale) => {
      const it = await item(req);
      const note = formText(asForm(req.body), 'note', 2000);
      if (!note) return itemPage(req, reply, locale, it, { errors: { note: WITHDRAWAL_NOTE_REQUIRED }, note }, 400);
      await withdrawAdvisory(contentContext(req), it.id, note);
      return reply.redirect(localePath(locale, `/my/advisories/${it.id}`) + '?done=retracted', 303);
    });
  });

  // ------------------------------------------------------------ administrators: who may publish

  await app.register(async (admin) => {
    admin.addHook('preHandler', requireAdmin);
    pagePost(admin, '/admin/organisations/:id/advisories', undefined, async (req, reply, locale) => {
      const id = idOf(req);
      if (Number.isNaN(id)) throw notFound();
      const allowed = formText(asForm(req.body), 'allowed', 5);
      if (allowed !== '1' && allowed !== '0') throw new Problem(400, 'invalid_request', { ja: '操作を選び直してください。', en: 'Choose the action again.' });
      await setAdvisoryPermission(app.deps.database, userOf(req), id, allowed === '1', nowOf(req));
      return reply.redirect(localePath(locale, '/admin') + '?done=advisories', 303);
    });
  });
}
