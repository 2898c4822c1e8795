// Webhook pages. The organisation's (/my/webhooks…): every member may look; only the organisation's
// administrators change anything (an endpoint's secret decides who can impersonate the portal to the
// partner's system, like the organisation's own details and members, which are also admin-only).
// The administrators' (/admin/webhooks): which endpoints may reach internal addresses.
//
// Pipeline of each handler: guard → load the endpoint scoped by the actor's organisation (anyone else's
// id is "not found", never "forbidden") → may this member change it → read only the fields it needs →
// service (transaction + audit) → redirect (PRG), or the secret page that must not be redirected to.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireAdmin, requireOrganisation, userOf } from '../accounts/auth-plugin.ts';
import { viewerFor } from '../accounts/viewer.ts';
import { localePath, type Locale, type Text } from '../i18n/locale.ts';
import { asForm, formText } from '../web/form-body.ts';
import type { FieldErrors } from '../web/form.tsx';
import { pagePost, pageRoute } from '../web/page-route.ts';
import { forbidden, notFound, Problem } from '../web/problem.ts';
import { sendPage } from '../web/render.ts';
import { findAnyEndpoint, findEndpoint, listAllEndpoints, listDeliveries, listEndpoints, LOG_PAGE_SIZE, type Endpoint } from './repository.ts';
import {
  allowPrivateAddresses,
  changeEndpoint,
  createEndpoint,
  EMPTY_FORM,
  formOf,
  INACTIVE_REPLAY,
  pauseOrResume,
  readEndpointForm,
  removeEndpoint,
  replayAllDead,
  replayOne,
  rotateSecret,
  type EndpointForm,
  type WebhookContext,
} from './service.ts';
import { checkWebhookUrl } from './url.ts';
import { AdminWebhooksPage, EndpointFormPage, EndpointPage, SecretPage, WebhooksPage } from './views.tsx';

const NOTICES: Record<string, Text> = {
  saved: { ja: '設定を保存しました。', en: 'The settings were saved.' },
  paused: { ja: '一時停止しました。送信待ちだったものは取り消しました（記録から再送できます）。', en: 'Paused. What was waiting to be sent was cancelled (you can send it again from the log).' },
  resumed: { ja: '再開しました。', en: 'Resumed.' },
  deleted: { ja: '送信先を削除しました。', en: 'The endpoint was deleted.' },
  replayed: { ja: '再送を予約しました。まもなく送信されます。', en: 'Queued to be sent again shortly.' },
  allowed: { ja: '内部アドレスへの送信を許可しました。', en: 'Internal addresses are now allowed for the endpoint.' },
  disallowed: { ja: '内部アドレスへの送信の許可を取り消しました。', en: 'Internal addresses are no longer allowed for the endpoint.' },
};

const NEW_TITLE: Text = { ja: '送信先を追加する', en: 'Add an endpoint' };
const EDIT_TITLE: Text = { ja: '送信先の設定を変更する', en: 'Change the endpoint' };
const NOT_REPLAYABLE: Text = { ja: 'この配信は送信待ちのため、再送できません。', en: 'This delivery is still waiting to be sent, so it cannot be sent again.' };
const NOTHING_DEAD: Text = { ja: '配信できなかったものはありません。', en: 'There are no failed deliveries.' };

function noticeOf(req: FastifyRequest): Text | undefined {
  const d = (req.query as { done?: unknown } | undefined)?.done;
  return typeof d === 'string' ? NOTICES[d] : undefined;
}

/** A route parameter of plain digits; anything else is "not found". */
function numberParam(req: FastifyRequest, name: string): number {
  const raw = (req.params as Record<string, string | undefined>)[name] ?? '';
  if (!/^\d{1,15}$/.test(raw)) throw notFound();
  return Number(raw);
}

function contextOf(req: FastifyRequest): WebhookContext {
  return { database: req.server.deps.database, now: req.server.deps.now?.() ?? new Date(), actor: userOf(req) };
}

const canManage = (req: FastifyRequest) => userOf(req).orgRole === 'admin';

function mustManage(req: FastifyRequest): void {
  if (!canManage(req)) throw forbidden({ ja: 'Webhookの送信先の追加や変更は、団体の管理者だけが行えます。', en: "Only your organisation's administrators can add or change webhook endpoints." });
}

/** The endpoint of the :id parameter if it is this organisation's; "not found" otherwise. */
async function ownEndpoint(req: FastifyRequest): Promise<Endpoint> {
  const e = await findEndpoint(req.server.deps.database.db, userOf(req).organisationId!, numberParam(req, 'id'));
  if (!e) throw notFound();
  return e;
}

function pageOf(req: FastifyRequest): number {
  const raw = (req.query as { page?: unknown } | undefined)?.page;
  if (raw === undefined) return 1;
  if (typeof raw !== 'string' || !/^\d{1,6}$/.test(raw) || Number(raw) < 1) {
    throw new Problem(400, 'bad_page', { ja: 'ページ番号が正しくありません。', en: 'The page number is not valid.' }, [{ param: 'page', message: { ja: 'ページ番号は1以上の整数です。', en: 'The page number is a whole number from 1.' } }]);
  }
  return Number(raw);
}

export async function webhookRoutes(app: FastifyInstance): Promise<void> {
  // ---- the organisation's endpoints
  await app.register(async (org) => {
    org.addHook('preHandler', requireOrganisation);
    const db = () => org.deps.database.db;
    const createLimit = { rateLimit: { max: org.deps.config.authRateLimitPerMinute, timeWindow: 60_000 } };

    pageRoute(org, '/my/webhooks', undefined, async (req, reply, locale) =>
      sendPage(reply, WebhooksPage({ locale, viewer: await viewerFor(req, reply, locale), endpoints: await listEndpoints(db(), userOf(req).organisationId!), canManage: canManage(req), notice: noticeOf(req) })),
    );

    const formPage = async (req: FastifyRequest, reply: FastifyReply, locale: Locale, o: { action: string; title: Text; form: EndpointForm; errors: FieldErrors; cancel: string; allowPrivate: boolean }, status = 200) =>
      sendPage(
        reply,
        EndpointFormPage({ locale, viewer: await viewerFor(req, reply, locale), csrf: reply.generateCsrf(), action: o.action, title: o.title, form: o.form, errors: o.errors, cancelHref: localePath(locale, o.cancel), allowPrivate: o.allowPrivate }),
        status,
      );

    const endpointPage = async (req: FastifyRequest, reply: FastifyReply, locale: Locale, e: Endpoint, extra: { problem?: Text } = {}, status = 200) => {
      const page = pageOf(req);
      const log = await listDeliveries(db(), e.id, page);
      const last = Math.max(1, Math.ceil(log.total / LOG_PAGE_SIZE));
      if (page > last) throw notFound({ ja: 'このページはありません。', en: 'There is no such page.' });
      return sendPage(
        reply,
        EndpointPage({ locale, viewer: await viewerFor(req, reply, locale), csrf: reply.generateCsrf(), endpoint: e, canManage: canManage(req), log: { ...log, page }, notice: extra.problem ? undefined : noticeOf(req), problem: extra.problem }),
        status,
      );
    };

    const secretPage = async (req: FastifyRequest, reply: FastifyReply, locale: Locale, e: Endpoint, secret: string, rotated: boolean) =>
      sendPage(reply, SecretPage({ locale, viewer: await viewerFor(req, reply, locale), endpoint: e, secret, rotated }));

    pageRoute(org, '/my/webhooks/new', undefined, (req, reply, locale) => {
      mustManage(req);
      return formPage(req, reply, locale, { action: '/my/webhooks/new', title: NEW_TITLE, form: EMPTY_FORM, errors: {}, cancel: '/my/webhooks', allowPrivate: false });
    });

    pagePost(org, '/my/webhooks/new', createLimit, async (req, reply, locale) => {
      mustManage(req);
      const { form, settings, errors } = await readEndpointForm(asForm(req.body), false);
      if (!settings) return formPage(req, reply, locale, { action: '/my/webhooks/new', title: NEW_TITLE, form, errors, cancel: '/my/webhooks', allowPrivate: false }, 400);
      const organisationId = userOf(req).organisationId!;
      const { id, secret } = await createEndpoint(contextOf(req), organisationId, settings);
      // The answer to the POST itself shows the secret: a redirect would need it stored somewhere to show it again.
      return secretPage(req, reply, locale, (await findEndpoint(db(), organisationId, id))!, secret, false);
    });

    pageRoute(org, '/my/webhooks/:id', undefined, async (req, reply, locale) => endpointPage(req, reply, locale, await ownEndpoint(req)));

    pageRoute(org, '/my/webhooks/:id/edit', undefined, async (req, reply, locale) => {
      const e = await ownEndpoint(req);
      mustManage(req);
      return formPage(req, reply, locale, { action: `/my/webhooks/${e.id}/edit`, title: EDIT_TITLE, form: formOf(e), errors: {}, cancel: `/my/webhooks/${e.id}`, allowPrivate: e.allowPrivate });
    });

    pagePost(org, '/my/webhooks/:id/edit', undefined, async (req, reply, locale) => {
      const e = await ownEndpoint(req);
      mustManage(req);
      const { form, settings, errors } = await readEndpointForm(asForm(req.body), e.allowPrivate);
      if (!settings) return formPage(req, reply, locale, { action: `/my/webhooks/${e.id}/edit`, title: EDIT_TITLE, form, errors, cancel: `/my/webhooks/${e.id}`, allowPrivate: e.allowPrivate }, 400);
      await changeEndpoint(contextOf(req), e, settings);
      return reply.redirect(localePath(locale, `/my/webhooks/${e.id}`) + '?done=saved', 303);
    });

    pagePost(org, '/my/webhooks/:id/rotate', createLimit, async (req, reply, locale) => {
      const e = await ownEndpoint(req);
      mustManage(req);
      const secret = await rotateSecret(contextOf(req), e);
      return secretPage(req, reply, locale, e, secret, true);
    });

    const toggle = (path: string, active: boolean) =>
      pagePost(org, `/my/webhooks/:id/${path}`, undefined, async (req, reply, locale) => {
        const e = await ownEndpoint(req);
        mustManage(req);
        if (active && e.status !== 'active' && !e.allowPrivate) {
          // The URL is vetted again: what it resolves to may have changed while it was stopped.
          const checked = await checkWebhookUrl(e.url, { allowPrivate: false });
          if (!checked.ok) return endpointPage(req, reply, locale, e, { problem: checked.reason }, 400);
        }
        await pauseOrResume(contextOf(req), e, active);
        return reply.redirect(localePath(locale, `/my/webhooks/${e.id}`) + `?done=${active ? 'resumed' : 'paused'}`, 303);
      });
    toggle('pause', false);
    toggle('resume', true);

    pagePost(org, '/my/webhooks/:id/delete', undefined, async (req, reply, locale) => {
      const e = await ownEndpoint(req);
      mustManage(req);
      await removeEndpoint(contextOf(req), e);
      return reply.redirect(localePath(locale, '/my/webhooks') + '?done=deleted', 303);
    });

    pagePost(org, '/my/webhooks/:id/deliveries/:deliveryId/replay', undefined, async (req, reply, locale) => {
      const e = await ownEndpoint(req);
      const deliveryId = numberParam(req, 'deliveryId');
      mustManage(req);
      if (e.status !== 'active') return endpointPage(req, reply, locale, e, { problem: INACTIVE_REPLAY }, 409);
      if (!(await replayOne(contextOf(req), e, deliveryId))) {
        // Another endpoint's delivery (or none) is "not found"; this endpoint's pending one cannot be replayed.
        const log = await req.server.deps.database.db.selectFrom('deliveries').select('status').where('id', '=', deliveryId).where('subscription_id', '=', e.id).executeTakeFirst();
        if (!log) throw notFound();
        return endpointPage(req, reply, locale, e, { problem: NOT_REPLAYABLE }, 409);
      }
      return reply.redirect(localePath(locale, `/my/webhooks/${e.id}`) + '?done=replayed', 303);
    });

    pagePost(org, '/my/webhooks/:id/replay-dead', undefined, async (req, reply, locale) => {
      const e = await ownEndpoint(req);
      mustManage(req);
      if (e.status !== 'active') return endpointPage(req, reply, locale, e, { problem: INACTIVE_REPLAY }, 409);
      if (!(await replayAllDead(contextOf(req), e))) return endpointPage(req, reply, locale, e, { problem: NOTHING_DEAD }, 409);
      return reply.redirect(localePath(locale, `/my/webhooks/${e.id}`) + '?done=replayed', 303);
    });
  });

  // ---- administrators
  await app.register(async (admin) => {
    admin.addHook('preHandler', requireAdmin);
    const page = async (req: FastifyRequest, reply: FastifyReply, locale: Locale) =>
      sendPage(reply, AdminWebhooksPage({ locale, viewer: await viewerFor(req, reply, locale), csrf: reply.generateCsrf(), endpoints: await listAllEndpoints(admin.deps.database.db), notice: noticeOf(req) }));

    pageRoute(admin, '/admin/webhooks', undefined, page);

    pagePost(admin, '/admin/webhooks/:id/allow-private', undefined, async (req, reply, locale) => {
      const e = await findAnyEndpoint(admin.deps.database.db, numberParam(req, 'id'));
      if (!e) throw notFound();
      const allowed = formText(asForm(req.body), 'allowed', 2);
      if (allowed !== '1' && allowed !== '0') throw new Problem(400, 'bad_choice', { ja: '許可するかどうかを選び直してください。', en: 'Choose again whether to allow it.' });
      await allowPrivateAddresses(contextOf(req), e, allowed === '1');
      return reply.redirect(localePath(locale, '/admin/webhooks') + `?done=${allowed === '1' ? 'allowed' : 'disallowed'}`, 303);
    });
  });
}
