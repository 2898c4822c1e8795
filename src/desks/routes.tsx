// Desks: the public directory and desk pages, the API, and the program office's list and form
// (/admin/desks, administrators only; CSRF is checked for every POST by the auth plugin).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireAdmin, userOf } from '../accounts/auth-plugin.ts';
import { viewerFor } from '../accounts/viewer.ts';
import { localePath, type Text } from '../i18n/locale.ts';
import { asForm } from '../web/form-body.ts';
import { pagePost, pageRoute } from '../web/page-route.ts';
import { notFound } from '../web/problem.ts';
import { sendPage } from '../web/render.ts';
import { AdminDeskFormPage, AdminDeskListPage } from './admin-views.tsx';
import { deskApiRoutes, DESK_NOT_FOUND } from './api.ts';
import { deskValuesOf, emptyDeskValues, readDeskForm, validateDesk } from './form.ts';
import { findDesks, loadDesk } from './repository.ts';
import { deskFiltersFromQuery } from './schema.ts';
import { browseDesks, changeDesk, createDesk, slugTaken, type DeskAdminContext } from './service.ts';
import { DeskDetailPage, DeskDirectoryPage } from './views.tsx';

const NOTICES: Record<string, Text> = {
  created: { ja: '相談窓口を追加しました。', en: 'The desk was added.' },
  saved: { ja: '相談窓口を保存しました。', en: 'The desk was saved.' },
};

function idOf(req: FastifyRequest): number {
  const raw = (req.params as { id?: string }).id ?? '';
  if (!/^[1-9]\d{0,9}$/.test(raw)) throw notFound(DESK_NOT_FOUND);
  return Number(raw);
}

const nowOf = (req: FastifyRequest) => req.server.deps.now?.() ?? new Date();
const ctxOf = (req: FastifyRequest): DeskAdminContext => ({ database: req.server.deps.database, now: nowOf(req), actor: userOf(req) });
const today = (req: FastifyRequest) => new Date(nowOf(req).getTime() + 9 * 3_600_000).toISOString().slice(0, 10);

export async function deskRoutes(app: FastifyInstance): Promise<void> {
  const db = () => app.deps.database.db;

  pageRoute(app, '/desks', undefined, async (req, reply, locale) => sendPage(reply, DeskDirectoryPage({ locale, dir: await browseDesks(db(), deskFiltersFromQuery(req.query)) })));

  pageRoute(app, '/desks/:id', undefined, async (req, reply, locale) => {
    const d = await loadDesk(db(), idOf(req));
    if (!d) throw notFound(DESK_NOT_FOUND);
    return sendPage(reply, DeskDetailPage({ locale, d }));
  });

  await app.register(deskApiRoutes);

  await app.register(async (admin) => {
    admin.addHook('preHandler', requireAdmin);

    pageRoute(admin, '/admin/desks', undefined, async (req, reply, locale) => {
      const done = (req.query as { done?: unknown }).done;
      const desks = await findDesks(db(), { topic: null, audience: null, prefecture: null });
      return sendPage(reply, AdminDeskListPage({ locale, viewer: await viewerFor(req, reply, locale), desks, notice: typeof done === 'string' ? NOTICES[done] : undefined }));
    });

    pageRoute(admin, '/admin/desks/new', undefined, async (req, reply, locale) =>
      sendPage(reply, AdminDeskFormPage({ locale, viewer: await viewerFor(req, reply, locale), csrf: reply.generateCsrf(), values: emptyDeskValues(today(req)), errors: {} })),
    );

    pagePost(admin, '/admin/desks/new', undefined, async (req, reply, locale) => {
      const values = readDeskForm(asForm(req.body));
      const checked = validateDesk(values, true, values.slug ? await slugTaken(db(), values.slug) : false);
      const id = checked.desk ? await createDesk(ctxOf(req), checked.desk) : null;
      if (id === null) {
        const errors = checked.errors ?? { slug: { ja: 'この識別子はすでに使われています。別の識別子にしてください。', en: 'This identifier is already used. Choose another.' } };
        return sendPage(reply, AdminDeskFormPage({ locale, viewer: await viewerFor(req, reply, locale), csrf: reply.generateCsrf(), values, errors }), 400);
      }
      return reply.redirect(localePath(locale, '/admin/desks') + '?done=created', 303);
    });

    pageRoute(admin, '/admin/desks/:id/edit', undefined, async (req, reply, locale) => {
      const d = await loadDesk(db(), idOf(req));
      if (!d) throw notFound(DESK_NOT_FOUND);
      return sendPage(reply, AdminDeskFormPage({ locale, viewer: await viewerFor(req, reply, locale), csrf: reply.generateCsrf(), values: deskValuesOf(d), errors: {}, desk: d }));
    });

    pagePost(admin, '/admin/desks/:id/edit', undefined, async (req, reply, locale) => {
      const d = await loadDesk(db(), idOf(req));
      if (!d) throw notFound(DESK_NOT_FOUND);
      const values = { ...readDeskForm(asForm(req.body)), slug: d.slug };
      const checked = validateDesk(values, false, false);
      if (!checked.desk) return sendPage(reply, AdminDeskFormPage({ locale, viewer: await viewerFor(req, reply, locale), csrf: reply.generateCsrf(), values, errors: checked.errors, desk: d }), 400);
      await changeDesk(ctxOf(req), d.id, checked.desk);
      return reply.redirect(localePath(locale, '/admin/desks') + '?done=saved', 303);
    });
  });
}
