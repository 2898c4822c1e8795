import type { FastifyInstance } from 'fastify';
import { EMPTY_FILTERS } from '../catalogue/model.ts';
import { buildMatrix } from '../matrix/service.ts';
import { pageRoute } from '../web/page-route.ts';
import { sendPage } from '../web/render.ts';
import { AccessibilityPage, HomePage, OpenDataPage } from './views.tsx';

export async function pageRoutes(app: FastifyInstance): Promise<void> {
  const { database } = app.deps;
  pageRoute(app, '/', undefined, async (_req, reply, locale) => {
    const db = database.db;
    const [i, o, matrix] = await Promise.all([
      db.selectFrom('initiatives').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
      db.selectFrom('organisations').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
      buildMatrix({ db, dialect: database.dialect }, EMPTY_FILTERS),
    ]);
    return sendPage(reply, HomePage({ locale, initiatives: Number(i.n), organisations: Number(o.n), matrix }));
  });
  pageRoute(app, '/accessibility', undefined, (_req, reply, locale) => sendPage(reply, AccessibilityPage({ locale })));
  pageRoute(app, '/open-data', undefined, (_req, reply, locale) => sendPage(reply, OpenDataPage({ locale, baseUrl: app.deps.config.baseUrl })));
}
