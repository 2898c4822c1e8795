// Events: the public pages (list, calendar, map, one event, campaigns), the iCalendar feeds, the
// organisation's own events through the shared publishing workflow (/my/events) and the program
// office's campaign pages and event reports (/moderation/…). Handlers are a few lines each:
// guard (plugin hook) → read what they need → service → view or redirect.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireModerator, requireOrganisation, userOf } from '../accounts/auth-plugin.ts';
import { viewerFor } from '../accounts/viewer.ts';
import { listAudit } from '../audit/audit.ts';
import { contentContext } from '../content/context.ts';
import { itemIdsCoOrganisedBy, itemIdsOwnedBy, loadItems } from '../content/repository.ts';
import { confirmCurrent, createItem, discardDraft, itemForModerator, itemForOrganiser, saveAndSubmit, saveDraft, submitForReview, unpublish, withdrawSubmission } from '../content/service.ts';
import { localePath, type Locale, type Text } from '../i18n/locale.ts';
import { asForm, formText } from '../web/form-body.ts';
import type { FieldErrors } from '../web/form.tsx';
import { pagePost, pageRoute } from '../web/page-route.ts';
import { notFound } from '../web/problem.ts';
import { sendPage } from '../web/render.ts';
import { eventApiRoutes, EVENT_NOT_FOUND } from './api.ts';
import { CampaignAdminListPage, CampaignEditPage, CampaignNewPage, EventReportsPage, type CampaignEditFailure } from './campaign-views.tsx';
import { addKitEntry, addTheme, createCampaign, readCampaignForm, readKitForm, readThemeForm, removeKitEntry, removeTheme, updateCampaign, updateKitEntry, updateTheme, type CampaignContext } from './campaigns.ts';
import { EVENT_KIND, eventTitle, type StoredEventPayload } from './event-kind.ts';
import { emptyEventValues, eventIssues, normaliseEventPayload, readEventForm, toFieldErrors, valuesOf, type EventFormChoices } from './form.ts';
import { eventsCalendar } from './ical.ts';
import type { EventPayload } from './model.ts';
import { EventFormPage, MyEventPage, MyEventsPage, ReportPage, type EventItem, type FormChoice } from './my-views.tsx';
import { eventEnded, listReports, readReportForm, saveReport } from './reports.ts';
import { campaignChoices, countEvents, loadCampaign, loadCampaigns, loadEvents, loadReport } from './repository.ts';
import { CalendarQuery, EventQuery, filtersFromQuery, MapQuery, parseQuery } from './schema.ts';
import { allEvents, browseEvents, calendarMonth, eventMap, lastPage } from './service.ts';
import { formatEventWhen, isValidDate, monthOf, tokyoDate } from './time.ts';
import { CalendarPage, CampaignListPage, CampaignPage, EventDetailPage, EventListPage, MapPage } from './views.tsx';

const NOTICES: Record<string, Text> = {
  saved: { ja: '下書きを保存しました。', en: 'Your draft was saved.' },
  submitted: { ja: '審査に出しました。事務局の審査が終わるとメールでお知らせします。', en: 'Submitted for review. We will email you when the program office has reviewed it.' },
  published: { ja: '公開しました（確認済みの団体のため審査はありません）。', en: 'Published (your organisation is verified, so there is no review).' },
  withdrawn: { ja: '審査を取り下げました。下書きに戻っています。', en: 'Withdrawn from review; it is a draft again.' },
  discarded: { ja: '変更を破棄しました。公開中の内容はそのままです。', en: 'Your changes were discarded. The published version is unchanged.' },
  confirmed: { ja: '内容が最新であることを確認しました。', en: 'Confirmed as current.' },
  unpublished: { ja: '公開を停止しました。', en: 'The event is no longer published.' },
  cancel_submitted: { ja: '中止を審査に出しました。承認されると、一覧とカレンダー登録に「中止」と表示されます。', en: 'The cancellation was submitted for review. Once approved, the event is shown as cancelled in the lists and calendar feeds.' },
  cancel_published: { ja: 'イベントを中止として公開しました。', en: 'The event is now shown as cancelled.' },
  report: { ja: '開催報告を保存しました。ありがとうございました。', en: 'Your report was saved. Thank you.' },
  created: { ja: 'キャンペーンを作成しました。', en: 'The campaign was created.' },
  campaign: { ja: 'キャンペーンを保存しました。', en: 'The campaign was saved.' },
  theme: { ja: 'テーマを保存しました。', en: 'The theme was saved.' },
  theme_removed: { ja: 'テーマを削除しました。', en: 'The theme was deleted.' },
  kit: { ja: 'パートナーキットを保存しました。', en: 'The kit entry was saved.' },
  kit_removed: { ja: 'パートナーキットの項目を削除しました。', en: 'The kit entry was deleted.' },
};

function noticeOf(req: FastifyRequest): Text | undefined {
  const d = (req.query as { done?: unknown } | undefined)?.done;
  return typeof d === 'string' ? NOTICES[d] : undefined;
}

function idOf(req: FastifyRequest, name = 'id'): number {
  const raw = (req.params as Record<string, string | undefined>)[name] ?? '';
  return /^[1-9]\d{0,14}$/.test(raw) ? Number(raw) : NaN;
}

const nowOf = (req: FastifyRequest) => req.server.deps.now?.() ?? new Date();

export async function eventRoutes(app: FastifyInstance): Promise<void> {
  const db = () => app.deps.database.db;
  const base = app.deps.config.baseUrl;

  // ------------------------------------------------------------ public pages

  pageRoute(app, '/events', undefined, async (req, reply, locale) => {
    const q = parseQuery(EventQuery, req.query);
    const now = nowOf(req);
    const result = await browseEvents(db(), filtersFromQuery(q), q.page ?? 1, now.toISOString());
    return sendPage(reply, EventListPage({ locale, result, lastPage: lastPage(result.total, result.pageSize), campaigns: await campaignChoices(db()), today: tokyoDate(now) }));
  });

  pageRoute(app, '/events/calendar', undefined, async (req, reply, locale) => {
    const q = parseQuery(CalendarQuery, req.query);
    const now = nowOf(req);
    const thisMonth = monthOf(tokyoDate(now));
    const cal = await calendarMonth(db(), filtersFromQuery(q), q.month ?? thisMonth, now.toISOString());
    return sendPage(reply, CalendarPage({ locale, cal, campaigns: await campaignChoices(db()), thisMonth }));
  });

  pageRoute(app, '/events/map', undefined, async (req, reply, locale) => {
    const q = parseQuery(MapQuery, req.query);
    const map = await eventMap(db(), filtersFromQuery(q), nowOf(req).toISOString());
    return sendPage(reply, MapPage({ locale, map, campaigns: await campaignChoices(db()) }));
  });

  // iCalendar: the list's filters (every page of it), and one event. Language: /events.ics or /en/events.ics.
  const feed = async (req: FastifyRequest, reply: FastifyReply, locale: Locale) => {
    const q = parseQuery(EventQuery, req.query);
    const events = await allEvents(db(), filtersFromQuery(q), nowOf(req).toISOString());
    const name = locale === 'ja' ? 'ラストワンマイル・ポータル イベント' : 'Lastmile portal events';
    return reply.type('text/calendar; charset=utf-8').header('content-disposition', 'inline; filename="lastmile-events.ics"').send(eventsCalendar(events, { baseUrl: base, locale, name }));
  };
  app.get('/events.ics', { schema: { hide: true } }, (req, reply) => feed(req, reply, 'ja'));
  app.get('/en/events.ics', { schema: { hide: true } }, (req, reply) => feed(req, reply, 'en'));

  const oneFeed = async (req: FastifyRequest, reply: FastifyReply, locale: Locale) => {
    const id = idOf(req);
    const [e] = Number.isNaN(id) ? [] : await loadEvents(db(), [id]);
    if (!e) throw notFound(EVENT_NOT_FOUND);
    const name = locale === 'ja' ? e.titleJa : e.titleEn;
    return reply.type('text/calendar; charset=utf-8').header('content-disposition', `inline; filename="event-${e.id}.ics"`).send(eventsCalendar([e], { baseUrl: base, locale, name }));
  };
  app.get('/events/:id.ics', { schema: { hide: true } }, (req, reply) => oneFeed(req, reply, 'ja'));
  app.get('/en/events/:id.ics', { schema: { hide: true } }, (req, reply) => oneFeed(req, reply, 'en'));

  pageRoute(app, '/events/:id', undefined, async (req, reply, locale) => {
    const id = idOf(req);
    const [e] = Number.isNaN(id) ? [] : await loadEvents(db(), [id]);
    if (!e) throw notFound(EVENT_NOT_FOUND);
    return sendPage(reply, EventDetailPage({ locale, e, related: await app.findRelated('event', e.id) }));
  });

  pageRoute(app, '/campaigns', undefined, async (_req, reply, locale) => sendPage(reply, CampaignListPage({ locale, campaigns: await loadCampaigns(db()) })));

  pageRoute(app, '/campaigns/:id', undefined, async (req, reply, locale) => {
    const id = idOf(req);
    const c = Number.isNaN(id) ? undefined : await loadCampaign(db(), id);
    if (!c) throw notFound({ ja: 'このキャンペーンは見つかりませんでした。', en: 'There is no such campaign.' });
    const now = nowOf(req).toISOString();
    const f = { prefectures: [], blocks: [], audiences: [], from: null, to: null, online: null, campaignId: c.id };
    const [upcoming, all, upcomingCount] = await Promise.all([
      browseEvents(db(), { ...f, when: 'upcoming' }, 1, now, 10),
      countEvents(db(), { ...f, when: 'all' }, now),
      countEvents(db(), { ...f, when: 'upcoming' }, now),
    ]);
    return sendPage(reply, CampaignPage({ locale, c, upcoming: upcoming.items, counts: { all, upcoming: upcomingCount } }));
  });

  await app.register(eventApiRoutes);

  // ------------------------------------------------------------ the organisation's events

  await app.register(async (org) => {
    org.addHook('preHandler', requireOrganisation);

    const choicesFor = async (req: FastifyRequest): Promise<{ campaigns: FormChoice[]; initiatives: FormChoice[]; ids: EventFormChoices }> => {
      const orgId = userOf(req).organisationId!;
      const campaigns = (await campaignChoices(db())).map((c) => ({ id: c.id, titleJa: c.titleJa, titleEn: c.titleEn }));
      const rows = await db()
        .selectFrom('initiatives as i')
        .innerJoin('initiative_organisations as io', 'io.initiative_id', 'i.id')
        .select(['i.id', 'i.title_ja', 'i.title_en'])
        .where('io.organisation_id', '=', orgId)
        .orderBy('i.title_ja')
        .execute();
      const initiatives = rows.map((r) => ({ id: r.id, titleJa: r.title_ja, titleEn: r.title_en }));
      return { campaigns, initiatives, ids: { campaignIds: new Set(campaigns.map((c) => c.id)), initiativeIds: new Set(initiatives.map((i) => i.id)) } };
    };

    /** The stored version carries the names of what its ids point at, for reviewers and the history. */
    const withNames = (p: EventPayload, c: { campaigns: FormChoice[]; initiatives: FormChoice[] }): StoredEventPayload => {
      const camp = c.campaigns.find((x) => x.id === p.campaignId);
      const init = c.initiatives.find((x) => x.id === p.initiativeId);
      return { ...p, ...(camp ? { campaignTitle: { ja: camp.titleJa, en: camp.titleEn } } : {}), ...(init ? { initiativeTitle: { ja: init.titleJa, en: init.titleEn } } : {}) };
    };

    /** Owners and co-organisers may read an item; anyone else's id is "not found". */
    const readable = (req: FastifyRequest) => itemForOrganiser<StoredEventPayload>(db(), userOf(req), idOf(req), EVENT_KIND);
    /** Only the owner changes it (a co-organiser gets the same "not found" as anyone else). */
    const ownItem = async (req: FastifyRequest): Promise<EventItem> => {
      const item = await readable(req);
      if (item.owner.id !== userOf(req).organisationId) throw notFound();
      return item;
    };

    pageRoute(org, '/my/events', undefined, async (req, reply, locale) => {
      const orgId = userOf(req).organisationId!;
      const owned = await loadItems<StoredEventPayload>(db(), await itemIdsOwnedBy(db(), orgId, EVENT_KIND));
      const coOrganised = await loadItems<StoredEventPayload>(db(), await itemIdsCoOrganisedBy(db(), orgId, EVENT_KIND));
      const ids = [...owned, ...coOrganised].map((i) => i.id);
      const reported = new Set(ids.length ? (await db().selectFrom('event_reports').select('item_id').where('item_id', 'in', ids).execute()).map((r) => r.item_id) : []);
      return sendPage(reply, MyEventsPage({ locale, viewer: await viewerFor(req, reply, locale), owned, coOrganised, reported, notice: noticeOf(req) }));
    });

    const NEW_TITLE: Text = { ja: 'イベントを登録する', en: 'Add an event' };
    const EDIT_TITLE: Text = { ja: 'イベントの変更', en: 'Change the event' };

    const formPage = async (req: FastifyRequest, reply: FastifyReply, locale: Locale, o: { existing: EventItem | null; values: ReturnType<typeof emptyEventValues>; errors: FieldErrors }, status = 200) => {
      const c = await choicesFor(req);
      const action = o.existing ? `/my/events/${o.existing.id}/edit` : '/my/events/new';
      return sendPage(
        reply,
        EventFormPage({
          locale,
          viewer: await viewerFor(req, reply, locale),
          csrf: reply.generateCsrf(),
          action,
          title: o.existing ? EDIT_TITLE : NEW_TITLE,
          values: o.values,
          errors: o.errors,
          campaigns: c.campaigns,
          initiatives: c.initiatives,
          cancelHref: localePath(locale, o.existing ? `/my/events/${o.existing.id}` : '/my/events'),
          canCancel: !!o.existing?.published,
        }),
        status,
      );
    };

    pageRoute(org, '/my/events/new', undefined, (req, reply, locale) => formPage(req, reply, locale, { existing: null, values: emptyEventValues(), errors: {} }));

    /** Reads the form; saves a draft (gaps allowed, wrong values never) or saves and submits (everything right). */
    const saveFromForm = async (req: FastifyRequest, reply: FastifyReply, locale: Locale, existing: EventItem | null) => {
      const c = await choicesFor(req);
      const { values, payload, issues } = readEventForm(req.body, c.ids);
      const submit = formText(asForm(req.body), 'intent', 10) === 'submit';
      const blocking = submit ? toFieldErrors(issues) : toFieldErrors(issues, (i) => !i.missing);
      if (!submit && !payload.titleJa) blocking.titleJa = { ja: '下書きにもイベント名（日本語）が必要です。', en: 'Even a draft needs a name in Japanese.' };
      if (Object.keys(blocking).length) return formPage(req, reply, locale, { existing, values, errors: blocking }, 400);
      const ctx = contentContext(req);
      const stored = withNames(payload, c);
      if (submit) {
        // Saved and submitted in one transaction: an answer-less crash leaves all of it or none.
        const { id, result } = await saveAndSubmit(ctx, EVENT_KIND, existing?.id ?? null, stored);
        return reply.redirect(localePath(locale, `/my/events/${id}`) + `?done=${result}`, 303);
      }
      let id: number;
      if (existing) {
        await saveDraft(ctx, existing.id, stored);
        id = existing.id;
      } else {
        id = await createItem(ctx, EVENT_KIND, stored);
      }
      return reply.redirect(localePath(locale, `/my/events/${id}`) + '?done=saved', 303);
    };

    pagePost(org, '/my/events/new', undefined, (req, reply, locale) => saveFromForm(req, reply, locale, null));

    const itemPage = async (req: FastifyRequest, reply: FastifyReply, locale: Locale, item: EventItem, extra: { errors?: FieldErrors; note?: string } = {}, status = 200) => {
      const history = await listAudit(db(), { subjectKind: 'content', subjectId: item.id, limit: 200 });
      return sendPage(
        reply,
        MyEventPage({
          locale,
          viewer: await viewerFor(req, reply, locale),
          csrf: reply.generateCsrf(),
          item,
          history,
          canEdit: item.owner.id === userOf(req).organisationId,
          ended: eventEnded(item, nowOf(req)),
          report: await loadReport(db(), item.id),
          notice: status === 200 ? noticeOf(req) : undefined,
          ...extra,
        }),
        status,
      );
    };

    pageRoute(org, '/my/events/:id', undefined, async (req, reply, locale) => itemPage(req, reply, locale, await readable(req)));

    pageRoute(org, '/my/events/:id/edit', undefined, async (req, reply, locale) => {
      const item = await ownItem(req);
      const payload = normaliseEventPayload((item.working ?? item.published)!.payload);
      return formPage(req, reply, locale, { existing: item, values: valuesOf(payload), errors: {} });
    });

    pagePost(org, '/my/events/:id/edit', undefined, async (req, reply, locale) => saveFromForm(req, reply, locale, await ownItem(req)));

    // Submitting a stored draft checks it as the form would: nothing incomplete or wrong reaches review.
    pagePost(org, '/my/events/:id/submit', undefined, async (req, reply, locale) => {
      const item = await ownItem(req);
      if (item.working) {
        const c = await choicesFor(req);
        const payload = normaliseEventPayload(item.working.payload);
        const errors = toFieldErrors(eventIssues(payload, c.ids));
        if (Object.keys(errors).length) return formPage(req, reply, locale, { existing: item, values: valuesOf(payload), errors }, 400);
      }
      const r = await submitForReview(contentContext(req), item.id);
      return reply.redirect(localePath(locale, `/my/events/${item.id}`) + `?done=${r === 'published' ? 'published' : 'submitted'}`, 303);
    });

    const command = (path: string, run: (ctx: ReturnType<typeof contentContext>, id: number) => Promise<unknown>, done: string) =>
      pagePost(org, `/my/events/:id/${path}`, undefined, async (req, reply, locale) => {
        const item = await ownItem(req);
        await run(contentContext(req), item.id);
        return reply.redirect(localePath(locale, `/my/events/${item.id}`) + `?done=${done}`, 303);
      });
    command('withdraw', withdrawSubmission, 'withdrawn');
    command('discard', discardDraft, 'discarded');
    command('confirm', confirmCurrent, 'confirmed');

    // Cancelling is a change like any other: a new version marked cancelled, through review (or
    // published at once for verified organisations). Offered when no other edit is in progress.
    pagePost(org, '/my/events/:id/cancel', undefined, async (req, reply, locale) => {
      const item = await ownItem(req);
      if (!item.isPublic || !item.published || item.working) {
        return itemPage(req, reply, locale, item, { errors: { cancel: { ja: '公開中で、作業中の変更がないイベントだけを中止にできます。変更中の場合は編集画面で「中止になった」を選んでください。', en: 'Only a published event with no edit in progress can be cancelled here. Otherwise tick "cancelled" in the edit form.' } } }, 409);
      }
      const ctx = contentContext(req);
      await saveDraft(ctx, item.id, { ...item.published.payload, cancelled: true });
      const r = await submitForReview(contentContext(req), item.id);
      return reply.redirect(localePath(locale, `/my/events/${item.id}`) + `?done=${r === 'published' ? 'cancel_published' : 'cancel_submitted'}`, 303);
    });

    pagePost(org, '/my/events/:id/unpublish', undefined, async (req, reply, locale) => {
      const item = await ownItem(req);
      const note = formText(asForm(req.body), 'note', 2000);
      if (!note) return itemPage(req, reply, locale, item, { errors: { note: { ja: '停止の理由を入力してください。', en: 'Enter the reason.' } }, note }, 400);
      await unpublish(contentContext(req), item.id, note);
      return reply.redirect(localePath(locale, `/my/events/${item.id}`) + '?done=unpublished', 303);
    });

    // ---- the report after the event: the owner writes it, co-organisers read it
    const reportPage = async (req: FastifyRequest, reply: FastifyReply, locale: Locale, item: EventItem, o: { values?: ReturnType<typeof readReportForm>['values']; errors?: FieldErrors } = {}, status = 200) => {
      const report = await loadReport(db(), item.id);
      const values = o.values ?? (report ? { participants: String(report.participants), audiences: report.audiences, materialsUsed: report.materialsUsed, notes: report.notes } : { participants: '', audiences: normaliseEventPayload(item.published?.payload ?? item.working!.payload).audiences, materialsUsed: '', notes: '' });
      return sendPage(
        reply,
        ReportPage({ locale, viewer: await viewerFor(req, reply, locale), csrf: reply.generateCsrf(), item, canEdit: item.owner.id === userOf(req).organisationId, ended: eventEnded(item, nowOf(req)), report, values, errors: o.errors ?? {}, notice: status === 200 ? noticeOf(req) : undefined }),
        status,
      );
    };
    pageRoute(org, '/my/events/:id/report', undefined, async (req, reply, locale) => reportPage(req, reply, locale, await readable(req)));
    pagePost(org, '/my/events/:id/report', undefined, async (req, reply, locale) => {
      const item = await ownItem(req);
      const { values, errors, participants } = readReportForm(req.body);
      if (Object.keys(errors).length) return reportPage(req, reply, locale, item, { values, errors }, 400);
      await saveReport(app.deps.database, userOf(req), item.id, values, participants, nowOf(req));
      return reply.redirect(localePath(locale, `/my/events/${item.id}/report`) + '?done=report', 303);
    });
  });

  // ------------------------------------------------------------ the program office

  await app.register(async (mod) => {
    mod.addHook('preHandler', requireModerator);
    const ctxOf = (req: FastifyRequest): CampaignContext => ({ database: app.deps.database, actor: userOf(req), now: nowOf(req) });

    pageRoute(mod, '/moderation/campaigns', undefined, async (req, reply, locale) =>
      sendPage(reply, CampaignAdminListPage({ locale, viewer: await viewerFor(req, reply, locale), campaigns: await loadCampaigns(db()), notice: noticeOf(req) })),
    );

    pageRoute(mod, '/moderation/campaigns/new', undefined, async (req, reply, locale) =>
      sendPage(reply, CampaignNewPage({ locale, viewer: await viewerFor(req, reply, locale), csrf: reply.generateCsrf(), values: { titleJa: '', titleEn: '', summaryJa: '', summaryEn: '', startDate: '', endDate: '' }, errors: {} })),
    );
    pagePost(mod, '/moderation/campaigns/new', undefined, async (req, reply, locale) => {
      const { values, errors } = readCampaignForm(req.body);
      if (Object.keys(errors).length) return sendPage(reply, CampaignNewPage({ locale, viewer: await viewerFor(req, reply, locale), csrf: reply.generateCsrf(), values, errors }), 400);
      const id = await createCampaign(ctxOf(req), values);
      return reply.redirect(localePath(locale, `/moderation/campaigns/${id}`) + '?done=created', 303);
    });

    const editPage = async (req: FastifyRequest, reply: FastifyReply, locale: Locale, failure?: CampaignEditFailure) => {
      const id = idOf(req);
      const c = Number.isNaN(id) ? undefined : await loadCampaign(db(), id);
      if (!c) throw notFound({ ja: 'このキャンペーンは見つかりませんでした。', en: 'There is no such campaign.' });
      return sendPage(reply, CampaignEditPage({ locale, viewer: await viewerFor(req, reply, locale), csrf: reply.generateCsrf(), c, failure, notice: failure ? undefined : noticeOf(req) }), failure ? 400 : 200);
    };
    const done = (locale: Locale, req: FastifyRequest, what: string) => localePath(locale, `/moderation/campaigns/${idOf(req)}`) + `?done=${what}`;
    const campaignId = (req: FastifyRequest) => {
      const id = idOf(req);
      if (Number.isNaN(id)) throw notFound();
      return id;
    };

    pageRoute(mod, '/moderation/campaigns/:id', undefined, (req, reply, locale) => editPage(req, reply, locale));
    pagePost(mod, '/moderation/campaigns/:id', undefined, async (req, reply, locale) => {
      const { values, errors } = readCampaignForm(req.body);
      if (Object.keys(errors).length) return editPage(req, reply, locale, { form: 'campaign', values, errors });
      await updateCampaign(ctxOf(req), campaignId(req), values);
      return reply.redirect(done(locale, req, 'campaign'), 303);
    });
    pagePost(mod, '/moderation/campaigns/:id/themes', undefined, async (req, reply, locale) => {
      const { values, errors } = readThemeForm(req.body);
      if (Object.keys(errors).length) return editPage(req, reply, locale, { form: 'theme-new', values, errors });
      await addTheme(ctxOf(req), campaignId(req), values);
      return reply.redirect(done(locale, req, 'theme'), 303);
    });
    pagePost(mod, '/moderation/campaigns/:id/themes/:themeId', undefined, async (req, reply, locale) => {
      const themeId = idOf(req, 'themeId');
      const { values, errors } = readThemeForm(req.body);
      if (Object.keys(errors).length) return editPage(req, reply, locale, { form: 'theme', id: themeId, values, errors });
      await updateTheme(ctxOf(req), campaignId(req), themeId, values);
      return reply.redirect(done(locale, req, 'theme'), 303);
    });
    pagePost(mod, '/moderation/campaigns/:id/themes/:themeId/delete', undefined, async (req, reply, locale) => {
      await removeTheme(ctxOf(req), campaignId(req), idOf(req, 'themeId'));
      return reply.redirect(done(locale, req, 'theme_removed'), 303);
    });
    pagePost(mod, '/moderation/campaigns/:id/kit', undefined, async (req, reply, locale) => {
      const { values, errors } = readKitForm(req.body);
      if (Object.keys(errors).length) return editPage(req, reply, locale, { form: 'kit-new', values, errors });
      await addKitEntry(ctxOf(req), campaignId(req), values);
      return reply.redirect(done(locale, req, 'kit'), 303);
    });
    pagePost(mod, '/moderation/campaigns/:id/kit/:entryId', undefined, async (req, reply, locale) => {
      const entryId = idOf(req, 'entryId');
      const { values, errors } = readKitForm(req.body);
      if (Object.keys(errors).length) return editPage(req, reply, locale, { form: 'kit', id: entryId, values, errors });
      await updateKitEntry(ctxOf(req), campaignId(req), entryId, values);
      return reply.redirect(done(locale, req, 'kit'), 303);
    });
    pagePost(mod, '/moderation/campaigns/:id/kit/:entryId/delete', undefined, async (req, reply, locale) => {
      await removeKitEntry(ctxOf(req), campaignId(req), idOf(req, 'entryId'));
      return reply.redirect(done(locale, req, 'kit_removed'), 303);
    });

    // Reports are not public: the program office reads them here.
    pageRoute(mod, '/moderation/event-reports', undefined, async (req, reply, locale) => {
      const reports = await listReports(app.deps.database);
      const items = new Map((await loadItems<StoredEventPayload>(db(), reports.map((r) => r.itemId))).map((i) => [i.id, i]));
      const rows = reports.flatMap((r) => {
        const item = items.get(r.itemId);
        if (!item) return [];
        const p = normaliseEventPayload((item.published ?? item.working)!.payload);
        return [
          {
            itemId: r.itemId,
            title: eventTitle(p)[locale],
            organisation: locale === 'ja' ? item.owner.nameJa : item.owner.nameEn,
            when: isValidDate(p.startDate) ? formatEventWhen(locale, { ...p, endDate: p.endDate || p.startDate }) : '',
            participants: r.participants,
            updatedAt: r.updatedAt,
          },
        ];
      });
      return sendPage(reply, EventReportsPage({ locale, viewer: await viewerFor(req, reply, locale), rows }));
    });
    pageRoute(mod, '/moderation/event-reports/:id', undefined, async (req, reply, locale) => {
      const item = (await itemForModerator(db(), userOf(req), idOf(req))) as EventItem;
      if (item.kind !== EVENT_KIND) throw notFound();
      const report = await loadReport(db(), item.id);
      return sendPage(
        reply,
        ReportPage({ locale, viewer: await viewerFor(req, reply, locale), csrf: reply.generateCsrf(), item, canEdit: false, ended: eventEnded(item, nowOf(req)), report, values: { participants: '', audiences: [], materialsUsed: '', notes: '' }, errors: {}, moderation: true }),
      );
    });
  });
}
