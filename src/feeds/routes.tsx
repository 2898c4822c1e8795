// Partner feed pages (/my/feeds…). Every member of the organisation may register and manage its feeds
// (the brief of issue 10: a feed brings content to review, as a member's typed-in content does).
//
// Pipeline of each handler: guard → load the feed scoped by the actor's organisation (anyone else's id is
// "not found", never "forbidden") → read only the fields it needs → service (transaction + audit) →
// redirect (PRG). "Fetch now" is limited per client by the route and per feed by MANUAL_GAP_MS.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireOrganisation, userOf } from '../accounts/auth-plugin.ts';
import { viewerFor } from '../accounts/viewer.ts';
import { localePath, type Locale, type Text } from '../i18n/locale.ts';
import { asForm } from '../web/form-body.ts';
import type { FieldErrors } from '../web/form.tsx';
import { pagePost, pageRoute } from '../web/page-route.ts';
import { notFound } from '../web/problem.ts';
import { sendPage } from '../web/render.ts';
import { checkWebhookUrl } from '../webhooks/url.ts';
import { fetchErrorText, type Feed } from './model.ts';
import { findFeed, listFeeds } from './repository.ts';
import { changeFeed, createFeed, EMPTY_FEED_FORM, formOfFeed, MANUAL_GAP_MS, pauseOrResumeFeed, readFeedForm, removeFeed, runFeed, type FeedContext, type FeedForm } from './service.ts';
import { FeedFormPage, FeedPage, FeedsPage } from './views.tsx';

const NOTICES: Record<string, Text> = {
  created: { ja: 'フィードを登録しました。「今すぐ取得する」で最初の取得ができます。', en: 'The feed was added. “Fetch now” fetches it for the first time.' },
  saved: { ja: '設定を保存しました。', en: 'The settings were saved.' },
  paused: { ja: '一時停止しました。再開するまで定期的な取得はしません。', en: 'Paused. It will not be fetched on schedule until you resume it.' },
  resumed: { ja: '再開しました。', en: 'Resumed.' },
  deleted: { ja: 'フィードを削除しました。', en: 'The feed was deleted.' },
  fetched: { ja: '取得しました。結果は下のとおりです。', en: 'Fetched. The outcome is below.' },
  not_modified: { ja: '取得しました。前回から変更はありません。', en: 'Fetched: nothing has changed since the last fetch.' },
};

const NEW_TITLE: Text = { ja: 'フィードを登録する', en: 'Add a feed' };
const EDIT_TITLE: Text = { ja: 'フィードの設定を変更する', en: 'Change the feed' };
const TOO_SOON: Text = { ja: '少し前に取得したばかりです。1分ほど待ってから、もう一度お試しください。', en: 'It was fetched a moment ago. Wait a minute, then try again.' };
const BUSY: Text = { ja: 'このフィードは今取得中です。しばらくしてからページを再読み込みしてください。', en: 'This feed is being fetched right now. Reload the page in a moment.' };

function noticeOf(req: FastifyRequest): Text | undefined {
  const d = (req.query as { done?: unknown } | undefined)?.done;
  return typeof d === 'string' ? NOTICES[d] : undefined;
}

function idParam(req: FastifyRequest): number {
  const raw = (req.params as Record<string, string | undefined>).id ?? '';
  if (!/^\d{1,15}$/.test(raw)) throw notFound();
  return Number(raw);
}

const nowOf = (req: FastifyRequest) => req.server.deps.now?.() ?? new Date();

function contextOf(req: FastifyRequest): FeedContext {
  return { database: req.server.deps.database, now: nowOf(req), actor: userOf(req) };
}

export async function feedRoutes(app: FastifyInstance): Promise<void> {
  await app.register(async (org) => {
    org.addHook('preHandler', requireOrganisation);
    const db = () => org.deps.database.db;
    const writeLimit = { rateLimit: { max: org.deps.config.authRateLimitPerMinute, timeWindow: 60_000 } };

    /** The feed of the :id parameter if it is this organisation's; "not found" otherwise. */
    const ownFeed = async (req: FastifyRequest): Promise<Feed> => {
      const f = await findFeed(db(), userOf(req).organisationId!, idParam(req));
      if (!f) throw notFound();
      return f;
    };

    pageRoute(org, '/my/feeds', undefined, async (req, reply, locale) =>
      sendPage(reply, FeedsPage({ locale, viewer: await viewerFor(req, reply, locale), feeds: await listFeeds(db(), userOf(req).organisationId!), notice: noticeOf(req) })),
    );

    const formPage = async (req: FastifyRequest, reply: FastifyReply, locale: Locale, o: { action: string; title: Text; form: FeedForm; errors: FieldErrors; cancel: string }, status = 200) =>
      sendPage(reply, FeedFormPage({ locale, viewer: await viewerFor(req, reply, locale), csrf: reply.generateCsrf(), action: o.action, title: o.title, form: o.form, errors: o.errors, cancelHref: localePath(locale, o.cancel) }), status);

    const feedPage = async (req: FastifyRequest, reply: FastifyReply, locale: Locale, f: Feed, extra: { problem?: Text } = {}, status = 200) =>
      sendPage(reply, FeedPage({ locale, viewer: await viewerFor(req, reply, locale), csrf: reply.generateCsrf(), feed: f, notice: extra.problem ? undefined : noticeOf(req), problem: extra.problem }), status);

    pageRoute(org, '/my/feeds/new', undefined, (req, reply, locale) => formPage(req, reply, locale, { action: '/my/feeds/new', title: NEW_TITLE, form: EMPTY_FEED_FORM, errors: {}, cancel: '/my/feeds' }));

    pagePost(org, '/my/feeds/new', writeLimit, async (req, reply, locale) => {
      const { form, settings, errors } = await readFeedForm(asForm(req.body), false);
      // The same feed twice would bring every entry in twice.
      if (settings && (await listFeeds(db(), userOf(req).organisationId!)).some((f) => f.url === settings.url)) {
        errors.url = { ja: 'このアドレスのフィードは既に登録されています。一覧から開いて変更してください。', en: 'A feed with this address is already registered. Open it from the list to change it.' };
      }
      if (!settings || errors.url) return formPage(req, reply, locale, { action: '/my/feeds/new', title: NEW_TITLE, form, errors, cancel: '/my/feeds' }, 400);
      const id = await createFeed(contextOf(req), userOf(req).organisationId!, settings);
      return reply.redirect(localePath(locale, `/my/feeds/${id}`) + '?done=created', 303);
    });

    pageRoute(org, '/my/feeds/:id', undefined, async (req, reply, locale) => feedPage(req, reply, locale, await ownFeed(req)));

    pageRoute(org, '/my/feeds/:id/edit', undefined, async (req, reply, locale) => {
      const f = await ownFeed(req);
      return formPage(req, reply, locale, { action: `/my/feeds/${f.id}/edit`, title: EDIT_TITLE, form: formOfFeed(f), errors: {}, cancel: `/my/feeds/${f.id}` });
    });

    pagePost(org, '/my/feeds/:id/edit', writeLimit, async (req, reply, locale) => {
      const f = await ownFeed(req);
      const { form, settings, errors } = await readFeedForm(asForm(req.body), f.allowPrivate);
      if (!settings) return formPage(req, reply, locale, { action: `/my/feeds/${f.id}/edit`, title: EDIT_TITLE, form, errors, cancel: `/my/feeds/${f.id}` }, 400);
      await changeFeed(contextOf(req), f, settings);
      return reply.redirect(localePath(locale, `/my/feeds/${f.id}`) + '?done=saved', 303);
    });

    const toggle = (path: string, active: boolean) =>
      pagePost(org, `/my/feeds/:id/${path}`, undefined, async (req, reply, locale) => {
        const f = await ownFeed(req);
        if (active && f.status !== 'active' && !f.allowPrivate) {
          // The address is vetted again: what it resolves to may have changed while it was paused.
          const checked = await checkWebhookUrl(f.url, { allowPrivate: false });
          if (!checked.ok) return feedPage(req, reply, locale, f, { problem: checked.reason }, 400);
        }
        await pauseOrResumeFeed(contextOf(req), f, active);
        return reply.redirect(localePath(locale, `/my/feeds/${f.id}`) + `?done=${active ? 'resumed' : 'paused'}`, 303);
      });
    toggle('pause', false);
    toggle('resume', true);

    pagePost(org, '/my/feeds/:id/delete', undefined, async (req, reply, locale) => {
      const f = await ownFeed(req);
      await removeFeed(contextOf(req), f);
      return reply.redirect(localePath(locale, '/my/feeds') + '?done=deleted', 303);
    });

    pagePost(org, '/my/feeds/:id/fetch', writeLimit, async (req, reply, locale) => {
      const f = await ownFeed(req);
      const now = nowOf(req);
      if (f.lastManualAt && now.getTime() - Date.parse(f.lastManualAt) < MANUAL_GAP_MS) return feedPage(req, reply, locale, f, { problem: TOO_SOON }, 429);
      const { config, database, mailer } = req.server.deps;
      const outcome = await runFeed({ database, mailer, baseUrl: config.baseUrl, limits: config.feeds, log: req.log, now: () => nowOf(req) }, f.id, true);
      if (outcome.kind === 'busy') return feedPage(req, reply, locale, f, { problem: BUSY }, 409);
      if (outcome.kind === 'failed') return feedPage(req, reply, locale, (await findFeed(db(), f.organisationId, f.id))!, { problem: fetchErrorText(outcome.code) }, 200);
      return reply.redirect(localePath(locale, `/my/feeds/${f.id}`) + `?done=${outcome.kind === 'not_modified' ? 'not_modified' : 'fetched'}`, 303);
    });
  });
}
