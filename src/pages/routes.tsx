import { browseAdvisories } from '../advisories/repository.ts';
import { tokyoToday } from '../advisories/time.ts';
import type { FastifyInstance } from 'fastify';
import { EMPTY_FILTERS } from '../catalogue/model.ts';
import { countAllInitiatives } from '../catalogue/repository.ts';
import { countOrganisations } from '../organisations/repository.ts';
import { buildMatrix } from '../matrix/service.ts';
import { pageRoute } from '../web/page-route.ts';
import { sendPage } from '../web/render.ts';
import { AccessibilityPage, HomePage, OpenDataPage } from './views.tsx';

export async function pageRoutes(app: FastifyInstance): Promise<void> {
  const { database } = app.deps;
  pageRoute(app, '/', undefined, async (_req, reply, locale) => {
    const today = tokyoToday(app.deps.now?.() ?? new Date());
    const [initiatives, organisations, matrix, advisories] = await Promise.all([
      countAllInitiatives(database.db),
      countOrganisations(database.db),
      buildMatrix({ db: database.db, dialect: database.dialect }, EMPTY_FILTERS),
      browseAdvisories(database.db, { audiences: [], prefecture: null, severities: [], scope: 'current' }, 1, today),
    ]);
    return sendPage(reply, HomePage({ locale, initiatives, organisations, matrix, advisories: advisories.items.slice(0, 3) }));
  });
  pageRoute(app, '/accessibility', undefined, (_req, reply, locale) => sendPage(reply, AccessibilityPage({ locale })));
  pageRoute(app, '/open-data', undefined, (_req, reply, locale) => sendPage(reply, OpenDataPage({ locale, baseUrl: app.deps.config.baseUrl })));
}
