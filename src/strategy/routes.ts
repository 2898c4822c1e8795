import type { FastifyInstance } from 'fastify';
import { EMPTY_FILTERS } from '../catalogue/model.ts';
import { evaluateFilters } from '../catalogue/service.ts';
import { pageRoute } from '../web/page-route.ts';
import { sendPage } from '../web/render.ts';
import { listMeasures } from './repository.ts';
import { StrategyPage } from './views.tsx';

export async function strategyRoutes(app: FastifyInstance): Promise<void> {
  pageRoute(app, '/strategy', undefined, async (_req, reply, locale) => {
    const repo = { db: app.deps.database.db, dialect: app.deps.database.dialect };
    const [measures, all] = await Promise.all([listMeasures(repo.db), evaluateFilters(repo, EMPTY_FILTERS, 'title', locale, 0, 0)]);
    return sendPage(reply, StrategyPage({ locale, measures, counts: all.facets.measure }));
  });
}
