// Administrators' pages (/admin): organisations and users. Every route is behind requireAdmin (role
// admin, second factor done); CSRF is checked globally for every POST. Handlers read only the one
// field they need, check it against its list (anything else re-renders the page with 400 and a
// message), let the service make the change with its audit event, then redirect (PRG).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireAdmin, userOf } from '../accounts/auth-plugin.ts';
import { listUsers } from '../accounts/repository.ts';
import { viewerFor } from '../accounts/viewer.ts';
import { localePath, type Locale, type Text } from '../i18n/locale.ts';
import { asForm, formText } from '../web/form-body.ts';
import { pagePost, pageRoute } from '../web/page-route.ts';
import { notFound } from '../web/problem.ts';
import { sendPage } from '../web/render.ts';
import {
  CHOOSE_AGAIN,
  isSystemRole,
  listOrganisationsForAdmin,
  REVIEW_POLICIES,
  setReviewPolicy,
  setRole,
  setUserStatus,
  setVerified,
  USER_STATUSES,
  type AdminContext,
  type ReviewPolicy,
  type UserStatus,
} from './service.ts';
import { OrganisationsPage, UsersPage } from './views.tsx';

const NOTICES: Record<string, Text> = {
  verified: { ja: '団体を確認済みにしました。', en: 'The organisation is now verified.' },
  unverified: { ja: '団体の確認を取り消しました。', en: 'The verification was revoked.' },
  policy: { ja: '審査方針を変更しました。', en: 'The review policy was changed.' },
  advisories: { ja: '注意喚起の発信許可を変更しました。', en: 'The permission to publish advisories was changed.' },
  role: { ja: 'ユーザーの役割を変更しました。', en: 'The user’s role was changed.' },
  status: { ja: 'ユーザーの状態を変更しました。', en: 'The user’s status was changed.' },
};

function noticeOf(req: FastifyRequest): Text | undefined {
  const d = (req.query as { done?: unknown } | undefined)?.done;
  return typeof d === 'string' ? NOTICES[d] : undefined;
}

function adminContext(req: FastifyRequest): AdminContext {
  return { database: req.server.deps.database, now: req.server.deps.now?.() ?? new Date(), actor: userOf(req) };
}

/** The :id of the route; anything but plain digits is "not found". */
function idOf(req: FastifyRequest): number {
  const raw = (req.params as { id?: string }).id ?? '';
  if (!/^\d{1,15}$/.test(raw)) throw notFound();
  return Number(raw);
}

async function organisationExists(req: FastifyRequest, id: number): Promise<void> {
  const r = await req.server.deps.database.db.selectFrom('organisations').select('id').where('id', '=', id).executeTakeFirst();
  if (!r) throw notFound();
}

async function userExists(req: FastifyRequest, id: number): Promise<void> {
  const r = await req.server.deps.database.db.selectFrom('users').select('id').where('id', '=', id).executeTakeFirst();
  if (!r) throw notFound();
}

async function organisationsPage(req: FastifyRequest, reply: FastifyReply, locale: Locale, problem?: Text, status = 200) {
  return sendPage(
    reply,
    OrganisationsPage({
      locale,
      viewer: await viewerFor(req, reply, locale),
      csrf: reply.generateCsrf(),
      organisations: await listOrganisationsForAdmin(req.server.deps.database.db),
      notice: problem ? undefined : noticeOf(req),
      problem,
    }),
    status,
  );
}

async function usersPage(req: FastifyRequest, reply: FastifyReply, locale: Locale, problem?: Text, status = 200) {
  return sendPage(
    reply,
    UsersPage({
      locale,
      viewer: await viewerFor(req, reply, locale),
      csrf: reply.generateCsrf(),
      users: await listUsers(req.server.deps.database.db),
      selfId: userOf(req).id,
      notice: problem ? undefined : noticeOf(req),
      problem,
    }),
    status,
  );
}

export async function adminRoutes(app: FastifyInstance) {
  app.addHook('preHandler', requireAdmin);

  // ---- organisations
  pageRoute(app, '/admin', undefined, (req, reply, locale) => organisationsPage(req, reply, locale));

  pagePost<unknown, { id: string }>(app, '/admin/organisations/:id/verify', undefined, async (req, reply, locale) => {
    const id = idOf(req);
    await organisationExists(req, id);
    const verified = formText(asForm(req.body), 'verified', 10);
    if (verified !== '1' && verified !== '0') return organisationsPage(req, reply, locale, CHOOSE_AGAIN, 400);
    await setVerified(adminContext(req), id, verified === '1');
    return reply.redirect(localePath(locale, '/admin') + (verified === '1' ? '?done=verified' : '?done=unverified'), 303);
  });

  pagePost<unknown, { id: string }>(app, '/admin/organisations/:id/policy', undefined, async (req, reply, locale) => {
    const id = idOf(req);
    await organisationExists(req, id);
    const policy = formText(asForm(req.body), 'policy', 30);
    if (!(REVIEW_POLICIES as readonly string[]).includes(policy)) return organisationsPage(req, reply, locale, CHOOSE_AGAIN, 400);
    await setReviewPolicy(adminContext(req), id, policy as ReviewPolicy);
    return reply.redirect(localePath(locale, '/admin') + '?done=policy', 303);
  });

  // ---- users
  pageRoute(app, '/admin/users', undefined, (req, reply, locale) => usersPage(req, reply, locale));

  pagePost<unknown, { id: string }>(app, '/admin/users/:id/role', undefined, async (req, reply, locale) => {
    const id = idOf(req);
    await userExists(req, id);
    const role = formText(asForm(req.body), 'role', 30);
    if (!isSystemRole(role)) return usersPage(req, reply, locale, { ja: '役割を一覧から選び直してください。', en: 'Choose the role again from the list.' }, 400);
    const refusal = await setRole(adminContext(req), id, role);
    if (refusal) return usersPage(req, reply, locale, refusal, 400);
    return reply.redirect(localePath(locale, '/admin/users') + '?done=role', 303);
  });

  pagePost<unknown, { id: string }>(app, '/admin/users/:id/status', undefined, async (req, reply, locale) => {
    const id = idOf(req);
    await userExists(req, id);
    const status = formText(asForm(req.body), 'status', 30);
    if (!(USER_STATUSES as readonly string[]).includes(status)) return usersPage(req, reply, locale, CHOOSE_AGAIN, 400);
    const refusal = await setUserStatus(adminContext(req), id, status as UserStatus);
    if (refusal) return usersPage(req, reply, locale, refusal, 400);
    return reply.redirect(localePath(locale, '/admin/users') + '?done=status', 303);
  });
}
