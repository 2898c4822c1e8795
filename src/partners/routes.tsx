// Partner finding and collaboration requests, for members of an organisation. Each handler reads only
// the fields it needs, calls the service, then redirects (PRG, with a ?done= notice) or re-renders the
// form with the input kept and an error summary. CSRF is checked globally on every POST.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireOrganisation, userOf } from '../accounts/auth-plugin.ts';
import { viewerFor } from '../accounts/viewer.ts';
import { localePath, type Locale, type Text } from '../i18n/locale.ts';
import { asForm, formText } from '../web/form-body.ts';
import type { FieldErrors } from '../web/form.tsx';
import { pagePost, pageRoute } from '../web/page-route.ts';
import { sendPage } from '../web/render.ts';
import {
  acceptRequest,
  choosableInitiatives,
  createRequest,
  declineRequest,
  getRequest,
  listRequests,
  MESSAGES,
  organisationBySlug,
  replyToRequest,
  withdrawRequest,
  type RequestsContext,
} from './requests.ts';
import { findPartners } from './service.ts';
import { NewRequestPage, PartnersPage, RequestDetailPage, RequestsPage, type NewRequestValues } from './views.tsx';

/** Message bodies are read up to this length, so that an overlong one is refused with its length rather than cut. */
const READ_MAX = 20_000;

const NOTICES: Record<string, Text> = {
  sent: { ja: '連携の依頼を送りました。相手の団体のメンバーにメールでお知らせしました。', en: "Your request was sent. The other body's members were told by email." },
  replied: { ja: '返信を送りました。', en: 'Your reply was sent.' },
  accepted: { ja: '依頼を承諾しました。取組の実施団体に両方の団体が表示されます。', en: 'You accepted the request. The initiative now lists both bodies.' },
  declined: { ja: '依頼を辞退しました。', en: 'You declined the request.' },
  withdrawn: { ja: '依頼を取り下げました。', en: 'You withdrew the request.' },
};

function noticeOf(req: FastifyRequest): Text | undefined {
  const d = (req.query as { done?: unknown } | undefined)?.done;
  return typeof d === 'string' ? NOTICES[d] : undefined;
}

/** One query value: the app's parser makes some keys (org) arrays. */
function queryValue(req: FastifyRequest, key: string): string {
  const v = (req.query as Record<string, unknown> | undefined)?.[key];
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' ? s.trim().slice(0, 100) : '';
}

function requestsContext(req: FastifyRequest): RequestsContext {
  const { database, mailer, config } = req.server.deps;
  return { database, kinds: req.server.contentKinds, mailer, baseUrl: config.baseUrl, now: req.server.deps.now?.() ?? new Date(), actor: userOf(req), log: req.log };
}

const idOf = (req: FastifyRequest<{ Params: { id: string } }>) => (/^[1-9][0-9]{0,9}$/.test(req.params.id) ? Number(req.params.id) : NaN);

export async function partnerRoutes(app: FastifyInstance) {
  /** Sending requests: a person proposes a few a day at most; this stops a script mailing every body. */
  const createLimit = { rateLimit: { max: 20, timeWindow: 60 * 60_000 } };

  await app.register(async (org) => {
    org.addHook('preHandler', requireOrganisation);
    const repo = () => ({ db: app.deps.database.db, dialect: app.deps.database.dialect });

    pageRoute(org, '/my/partners', undefined, async (req, reply, locale) => {
      const finding = await findPartners(repo(), userOf(req).organisationId!);
      return sendPage(reply, PartnersPage({ locale, viewer: await viewerFor(req, reply, locale), finding }));
    });

    pageRoute(org, '/my/requests', undefined, async (req, reply, locale) => {
      const { incoming, outgoing } = await listRequests(app.deps.database.db, userOf(req).organisationId!);
      return sendPage(reply, RequestsPage({ locale, viewer: await viewerFor(req, reply, locale), incoming, outgoing, notice: noticeOf(req) }));
    });

    const newRequestPage = async (req: FastifyRequest, reply: FastifyReply, locale: Locale, orgSlug: string, values: NewRequestValues, errors: FieldErrors, status = 200) => {
      const ours = userOf(req).organisationId!;
      const db = app.deps.database.db;
      const found = orgSlug ? await organisationBySlug(db, orgSlug) : undefined;
      const recipient = found && found.id !== ours ? found : null;
      if (status === 200 && orgSlug && !recipient) {
        // Arriving with an unusable recipient: say why, as the form would.
        errors = { org: found ? MESSAGES.self : MESSAGES.unknownOrg };
        status = 400;
      }
      const choices = await choosableInitiatives(db, ours, recipient?.id ?? null);
      return sendPage(reply, NewRequestPage({ locale, viewer: await viewerFor(req, reply, locale), csrf: reply.generateCsrf(), orgSlug, recipient, choices, values, errors }), status);
    };

    pageRoute(org, '/my/requests/new', undefined, (req, reply, locale) =>
      newRequestPage(req, reply, locale, queryValue(req, 'org'), { initiative: queryValue(req, 'initiative'), message: '' }, {}),
    );

    pagePost(org, '/my/requests', createLimit, async (req, reply, locale) => {
      const b = asForm(req.body);
      const orgSlug = formText(b, 'org', 100);
      const values: NewRequestValues = { initiative: formText(b, 'initiative', 20), message: formText(b, 'message', READ_MAX) };
      const r = await createRequest(requestsContext(req), {
        org: orgSlug,
        initiative: /^[1-9][0-9]{0,9}$/.test(values.initiative) ? Number(values.initiative) : NaN,
        message: values.message,
      });
      if (!r.ok) return newRequestPage(req, reply, locale, orgSlug, values, r.errors, r.status);
      return reply.redirect(localePath(locale, `/my/requests/${r.id}`) + '?done=sent', 303);
    });

    const detailPage = async (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, locale: Locale, message = '', errors: FieldErrors = {}, status = 200) => {
      const request = await getRequest(app.deps.database.db, userOf(req), idOf(req));
      return sendPage(
        reply,
        RequestDetailPage({ locale, viewer: await viewerFor(req, reply, locale), csrf: reply.generateCsrf(), request, values: { message }, errors, notice: noticeOf(req) }),
        status,
      );
    };

    pageRoute<unknown, { id: string }>(org, '/my/requests/:id', undefined, (req, reply, locale) => detailPage(req, reply, locale));

    pagePost<unknown, { id: string }>(org, '/my/requests/:id/reply', undefined, async (req, reply, locale) => {
      const message = formText(asForm(req.body), 'message', READ_MAX);
      const r = await replyToRequest(requestsContext(req), idOf(req), message);
      if (!r.ok) return detailPage(req, reply, locale, message, r.errors, 400);
      return reply.redirect(localePath(locale, `/my/requests/${req.params.id}`) + '?done=replied', 303);
    });

    const decision = (path: 'accept' | 'decline' | 'withdraw', run: (ctx: RequestsContext, id: number) => Promise<void>, done: string) =>
      pagePost<unknown, { id: string }>(org, `/my/requests/:id/${path}`, undefined, async (req, reply, locale) => {
        await run(requestsContext(req), idOf(req));
        return reply.redirect(localePath(locale, `/my/requests/${req.params.id}`) + `?done=${done}`, 303);
      });
    decision('accept', acceptRequest, 'accepted');
    decision('decline', declineRequest, 'declined');
    decision('withdraw', withdrawRequest, 'withdrawn');
  });
}
