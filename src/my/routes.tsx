// The organisation's own area (/my): its initiatives through the shared publishing workflow.
// Pipeline of each handler: guard (plugin hook) → read the fields it needs → service (which loads
// the item and checks it belongs to the actor's organisation) → redirect or re-render.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireOrganisation, requireSignedIn, userOf } from '../accounts/auth-plugin.ts';
import { viewerFor } from '../accounts/viewer.ts';
import { listAudit } from '../audit/audit.ts';
import { contentContext } from '../content/context.ts';
import { checkInitiativePayload, emptyInitiative, readInitiativeForm, type InitiativePayload } from '../content/initiative-kind.ts';
import { itemIdsCoOrganisedBy, itemIdsOwnedBy, loadItems } from '../content/repository.ts';
import {
  confirmCurrent,
  createInitiative,
  discardDraft,
  itemForOrganiser,
  saveAndSubmit,
  saveDraft,
  submitForReview,
  unpublish,
  withdrawSubmission,
  type AnyItem,
  type ContentContext,
  type InitiativeItem,
} from '../content/service.ts';
import { localePath, type Locale, type Text } from '../i18n/locale.ts';
import { listMeasures } from '../strategy/repository.ts';
import type { Sector } from '../taxonomy/taxonomy.ts';
import { asForm, formText } from '../web/form-body.ts';
import type { FieldErrors } from '../web/form.tsx';
import { pagePost, pageRoute } from '../web/page-route.ts';
import { Problem, forbidden } from '../web/problem.ts';
import { sendPage } from '../web/render.ts';
import { DashboardPage, InitiativeFormPage, MyInitiativePage, MyInitiativesPage, OrganisationHistoryPage, OrganisationProfilePage } from './views.tsx';
import { loadProfile, updateProfile, type ProfileInput } from '../organisations/service.ts';

const NOTICES: Record<string, Text> = {
  saved: { ja: '下書きを保存しました。', en: 'Your draft was saved.' },
  submitted: { ja: '審査に出しました。事務局の審査が終わるとメールでお知らせします。', en: 'Submitted for review. We will email you when the program office has reviewed it.' },
  published: { ja: '公開しました（確認済みの団体のため審査はありません）。', en: 'Published (your organisation is verified, so there is no review).' },
  withdrawn: { ja: '審査を取り下げました。下書きに戻っています。', en: 'Withdrawn from review; it is a draft again.' },
  discarded: { ja: '変更を破棄しました。公開中の内容はそのままです。', en: 'Your changes were discarded. The published version is unchanged.' },
  confirmed: { ja: '内容が最新であることを確認しました。', en: 'Confirmed as current.' },
  unpublished: { ja: '公開を停止しました。', en: 'The initiative is no longer published.' },
  profile: { ja: '団体情報を保存しました。', en: 'Your organisation details were saved.' },
};

function noticeOf(req: FastifyRequest): Text | undefined {
  const d = (req.query as { done?: unknown } | undefined)?.done;
  return typeof d === 'string' ? NOTICES[d] : undefined;
}


function idOf(req: FastifyRequest): number {
  const raw = (req.params as { id?: string }).id ?? '';
  return /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
}

/** Submitting needs a complete entry; a draft may be saved with gaps. These are the gaps that block a draft save. */
function blocksDraft(errors: FieldErrors): FieldErrors {
  const hard: FieldErrors = {};
  for (const k of ['titleJa', 'titleEn', 'summaryJa', 'summaryEn', 'url', 'measures'] as const) {
    const e = errors[k];
    // An empty Japanese title is the one thing a draft needs (it names the draft in lists).
    if (e) hard[k] = e;
  }
  return hard;
}

export async function myRoutes(app: FastifyInstance) {
  // The dashboard is for every signed-in user (moderators without an organisation see a link onwards).
  await app.register(async (signedIn) => {
    signedIn.addHook('preHandler', requireSignedIn);
    pageRoute(signedIn, '/my', undefined, async (req, reply, locale) => {
      const user = userOf(req);
      const db = req.server.deps.database.db;
      let organisation = null;
      let items: InitiativeItem[] = [];
      const byKind: { label: Text; href: string; published: number; inReview: number; drafts: number; attention: number }[] = [];
      const attention: { item: AnyItem; title: Text; href: string }[] = [];
      const needsAttention = (i: AnyItem) => !!i.working && (i.working.status === 'changes_requested' || i.working.status === 'rejected');
      if (user.organisationId !== null) {
        const o = await db.selectFrom('organisations').select(['name_ja', 'name_en', 'status', 'verified_at', 'review_policy']).where('id', '=', user.organisationId).executeTakeFirstOrThrow();
        organisation = { nameJa: o.name_ja, nameEn: o.name_en, status: o.status, verified: o.verified_at !== null, reviewPolicy: o.review_policy };
        // Every kind of content the organisation publishes, counted the same way.
        for (const h of req.server.contentKinds.values()) {
          const kindItems = await loadItems<unknown>(db, await itemIdsOwnedBy(db, user.organisationId, h.kind));
          if (h.kind === 'initiative') items = kindItems as InitiativeItem[];
          const listPath = h.ownerPath(0).replace(/\/0$/, '');
          byKind.push({
            label: { ja: h.label.ja, en: h.label.en.charAt(0).toUpperCase() + h.label.en.slice(1) + 's' },
            href: listPath,
            published: kindItems.filter((i) => i.isPublic).length,
            inReview: kindItems.filter((i) => i.working?.status === 'submitted').length,
            drafts: kindItems.filter((i) => i.working?.status === 'draft').length,
            attention: kindItems.filter(needsAttention).length,
          });
          for (const i of kindItems.filter(needsAttention)) attention.push({ item: i, title: h.title(i.working!.payload), href: h.ownerPath(i.id) });
        }
      }
      const yearAgo = new Date(Date.now() - 365 * 24 * 3600 * 1000).toISOString();
      return sendPage(
        reply,
        DashboardPage({
          locale,
          viewer: await viewerFor(req, reply, locale),
          organisation,
          counts: {
            drafts: items.filter((i) => i.working?.status === 'draft').length,
            inReview: items.filter((i) => i.working?.status === 'submitted').length,
            attention: items.filter(needsAttention).length,
            published: items.filter((i) => i.isPublic).length,
            stale: items.filter((i) => i.isPublic && (i.confirmedAt ?? i.createdAt) < yearAgo).length,
          },
          byKind,
          attention,
          notice: noticeOf(req),
        }),
      );
    });
  });

  await app.register(async (org) => {
    org.addHook('preHandler', requireOrganisation);

    const measures = async (req: FastifyRequest) => listMeasures(req.server.deps.database.db);

    const profilePage = async (req: FastifyRequest, reply: FastifyReply, locale: Locale, values: ProfileInput | null, errors: FieldErrors, status = 200) => {
      const user = userOf(req);
      const loaded = await loadProfile(req.server.deps.database, user.organisationId!);
      return sendPage(
        reply,
        OrganisationProfilePage({ locale, viewer: await viewerFor(req, reply, locale), csrf: reply.generateCsrf(), values: values ?? loaded.values, verified: loaded.verified, isAdmin: user.orgRole === 'admin', errors, notice: noticeOf(req) }),
        status,
      );
    };
    pageRoute(org, '/my/organisation', undefined, (req, reply, locale) => profilePage(req, reply, locale, null, {}));
    pagePost(org, '/my/organisation', undefined, async (req, reply, locale) => {
      const user = userOf(req);
      if (user.orgRole !== 'admin') throw forbidden({ ja: 'この操作は団体の管理者だけが行えます。', en: "Only your organisation's administrators can do this." });
      const b = asForm(req.body);
      const values: ProfileInput = { nameJa: formText(b, 'nameJa', 200), nameEn: formText(b, 'nameEn', 300), abbreviation: formText(b, 'abbreviation', 60), kind: formText(b, 'kind', 50), website: formText(b, 'website', 600) };
      const errors = await updateProfile(req.server.deps.database, user, values, new Date().toISOString());
      if (errors) return profilePage(req, reply, locale, values, errors, 400);
      return reply.redirect(localePath(locale, '/my/organisation') + '?done=profile', 303);
    });

    // Everything recorded about the organisation's own data, newest first, 50 a page.
    pageRoute<{ before?: string }>(org, '/my/history', undefined, async (req, reply, locale) => {
      const db = req.server.deps.database.db;
      const before = /^\d{1,15}$/.test(req.query.before ?? '') ? Number(req.query.before) : undefined;
      const entries = await listAudit(db, { organisationId: userOf(req).organisationId!, beforeId: before, limit: 51 });
      const page = entries.slice(0, 50);
      const itemIds = [...new Set(page.filter((e) => e.subjectKind === 'content').map((e) => e.subjectId))];
      const items = await loadItems<unknown>(db, itemIds);
      const kinds = req.server.contentKinds;
      const handlers = new Map(items.flatMap((i) => (kinds.get(i.kind) ? [[i.id, kinds.get(i.kind)!] as const] : [])));
      const titles = new Map(items.map((i) => [i.id, (i.working ?? i.published) && handlers.get(i.id) ? handlers.get(i.id)!.title((i.working ?? i.published)!.payload)[locale] : `#${i.id}`]));
      const olderHref = entries.length > 50 ? localePath(locale, `/my/history?before=${page[page.length - 1]!.id}`) : null;
      return sendPage(reply, OrganisationHistoryPage({ locale, viewer: await viewerFor(req, reply, locale), entries: page, titles, handlers, olderHref }));
    });

    pageRoute(org, '/my/initiatives', undefined, async (req, reply, locale) => {
      const user = userOf(req);
      const db = req.server.deps.database.db;
      const owned = await loadItems<InitiativePayload>(db, await itemIdsOwnedBy(db, user.organisationId!, 'initiative'));
      const coOrganised = await loadItems<InitiativePayload>(db, await itemIdsCoOrganisedBy(db, user.organisationId!, 'initiative'));
      return sendPage(reply, MyInitiativesPage({ locale, viewer: await viewerFor(req, reply, locale), owned, coOrganised, notice: noticeOf(req) }));
    });

    const formPage = async (req: FastifyRequest, reply: FastifyReply, locale: Locale, o: { action: string; title: Text; payload: InitiativePayload; errors: FieldErrors; cancel: string }, status = 200) =>
      sendPage(
        reply,
        InitiativeFormPage({ locale, viewer: await viewerFor(req, reply, locale), csrf: reply.generateCsrf(), action: o.action, title: o.title, payload: o.payload, errors: o.errors, measures: await measures(req), cancelHref: localePath(locale, o.cancel) }),
        status,
      );

    const NEW_TITLE: Text = { ja: '取組を登録する', en: 'Add an initiative' };
    pageRoute(org, '/my/initiatives/new', undefined, async (req, reply, locale) => {
      const db = req.server.deps.database.db;
      const o = await db.selectFrom('organisations').select('sector').where('id', '=', userOf(req).organisationId!).executeTakeFirstOrThrow();
      return formPage(req, reply, locale, { action: '/my/initiatives/new', title: NEW_TITLE, payload: emptyInitiative(o.sector as Sector), errors: {}, cancel: '/my/initiatives' });
    });

    /** Reads the form; saves (a draft may have gaps) or saves and submits (everything must be right). */
    const saveFromForm = async (req: FastifyRequest, reply: FastifyReply, locale: Locale, existing: InitiativeItem | null) => {
      const known = new Set((await measures(req)).map((m) => m.slug));
      const { payload, errors } = readInitiativeForm(req.body, known);
      const submit = formText(asForm(req.body), 'intent', 10) === 'submit';
      const blocking = submit ? errors : blocksDraft(errors);
      if (!submit && !payload.titleJa) blocking.titleJa = { ja: '下書きにも取組名（日本語）が必要です。', en: 'Even a draft needs a name in Japanese.' };
      const action = existing ? `/my/initiatives/${existing.id}/edit` : '/my/initiatives/new';
      if (Object.keys(blocking).length) {
        return formPage(req, reply, locale, { action, title: existing ? { ja: '取組の変更', en: 'Change the initiative' } : NEW_TITLE, payload, errors: blocking, cancel: existing ? `/my/initiatives/${existing.id}` : '/my/initiatives' }, 400);
      }
      const ctx = contentContext(req);
      if (submit) {
        // Saved and submitted in one transaction: an answer-less crash leaves all of it or none.
        const { id, result } = await saveAndSubmit(ctx, 'initiative', existing?.id ?? null, payload);
        return reply.redirect(localePath(locale, `/my/initiatives/${id}`) + `?done=${result}`, 303);
      }
      let id: number;
      if (existing) {
        await saveDraft(ctx, existing.id, payload);
        id = existing.id;
      } else {
        id = await createInitiative(ctx, payload);
      }
      return reply.redirect(localePath(locale, `/my/initiatives/${id}`) + '?done=saved', 303);
    };

    pagePost(org, '/my/initiatives/new', undefined, (req, reply, locale) => saveFromForm(req, reply, locale, null));

    const itemPage = async (req: FastifyRequest, reply: FastifyReply, locale: Locale, item: InitiativeItem, extra: { errors?: FieldErrors; note?: string } = {}, status = 200) => {
      const user = userOf(req);
      const history = await listAudit(req.server.deps.database.db, { subjectKind: 'content', subjectId: item.id, limit: 200 });
      return sendPage(
        reply,
        MyInitiativePage({ locale, viewer: await viewerFor(req, reply, locale), csrf: reply.generateCsrf(), item, history, canEdit: item.owner.id === user.organisationId, notice: noticeOf(req), ...extra }),
        status,
      );
    };

    pageRoute(org, '/my/initiatives/:id', undefined, async (req, reply, locale) => {
      const item = await itemForOrganiser(req.server.deps.database.db, userOf(req), idOf(req));
      return itemPage(req, reply, locale, item);
    });

    const ownItem = async (req: FastifyRequest) => {
      const item = await itemForOrganiser(req.server.deps.database.db, userOf(req), idOf(req));
      // Co-organisers may read; only the owner edits. Same answer as for anyone else's item.
      if (item.owner.id !== userOf(req).organisationId) throw new Problem(404, 'not_found', { ja: 'お探しのページは見つかりませんでした。', en: 'The page you asked for was not found.' });
      return item;
    };

    pageRoute(org, '/my/initiatives/:id/edit', undefined, async (req, reply, locale) => {
      const item = await ownItem(req);
      const payload = (item.working ?? item.published)!.payload;
      return formPage(req, reply, locale, { action: `/my/initiatives/${item.id}/edit`, title: { ja: '取組の変更', en: 'Change the initiative' }, payload, errors: {}, cancel: `/my/initiatives/${item.id}` });
    });

    pagePost(org, '/my/initiatives/:id/edit', undefined, async (req, reply, locale) => saveFromForm(req, reply, locale, await ownItem(req)));

    const command = (path: string, run: (ctx: ContentContext, id: number) => Promise<unknown>, done: (r: unknown) => string) =>
      pagePost(org, `/my/initiatives/:id/${path}`, undefined, async (req, reply, locale) => {
        const id = idOf(req);
        const r = await run(contentContext(req), id);
        return reply.redirect(localePath(locale, `/my/initiatives/${id}`) + `?done=${done(r)}`, 303);
      });
    // Submitting from the item page: the stored draft must be complete, as it must be when submitted from the form.
    pagePost(org, '/my/initiatives/:id/submit', undefined, async (req, reply, locale) => {
      const item = await ownItem(req);
      if (item.working) {
        const errors = checkInitiativePayload(item.working.payload, new Set((await measures(req)).map((m) => m.slug)));
        if (Object.keys(errors).length) {
          return formPage(req, reply, locale, { action: `/my/initiatives/${item.id}/edit`, title: { ja: '取組の変更', en: 'Change the initiative' }, payload: item.working.payload, errors, cancel: `/my/initiatives/${item.id}` }, 400);
        }
      }
      const r = await submitForReview(contentContext(req), item.id);
      return reply.redirect(localePath(locale, `/my/initiatives/${item.id}`) + `?done=${r === 'published' ? 'published' : 'submitted'}`, 303);
    });
    command('withdraw', withdrawSubmission, () => 'withdrawn');
    command('discard', discardDraft, () => 'discarded');
    command('confirm', confirmCurrent, () => 'confirmed');

    pagePost(org, '/my/initiatives/:id/unpublish', undefined, async (req, reply, locale) => {
      const item = await ownItem(req);
      const note = formText(asForm(req.body), 'note', 2000);
      if (!note) return itemPage(req, reply, locale, item, { errors: { note: { ja: '停止の理由を入力してください。', en: 'Enter the reason.' } }, note }, 400);
      await unpublish(contentContext(req), item.id, note);
      return reply.redirect(localePath(locale, `/my/initiatives/${item.id}`) + '?done=unpublished', 303);
    });
  });
}
