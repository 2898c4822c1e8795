import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponse, LocalisedText } from '../catalogue/api.ts';
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

  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/measures',
    {
      schema: {
        tags: ['measures'],
        summary: "The strategy's aims and measures and the program's pillars, as a tree (parents before children)",
        response: {
          200: z.object({
            total: z.number().int(),
            items: z.array(
              z.object({
                slug: z.string(),
                parent: z.string().nullable(),
                kind: z.string(),
                title: LocalisedText,
                initiativeCount: z.number().int().describe('Initiatives linked to this measure or to any measure under it'),
              }),
            ),
          }),
          400: ErrorResponse,
        },
      },
    },
    async () => {
      const repo = { db: app.deps.database.db, dialect: app.deps.database.dialect };
      const [measures, all] = await Promise.all([listMeasures(repo.db), evaluateFilters(repo, EMPTY_FILTERS, 'title', 'ja', 0, 0)]);
      return {
        total: measures.length,
        items: measures.map((m) => ({ slug: m.slug, parent: m.parentSlug, kind: m.kind, title: { ja: m.titleJa, en: m.titleEn }, initiativeCount: all.facets.measure.get(m.slug) ?? 0 })),
      };
    },
  );
}
