// /matrix (page), /matrix.csv and /api/v1/matrix: one service, three presentations.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponse } from '../catalogue/api.ts';
import { csvStream } from '../catalogue/csv.ts';
import { filtersFromQuery, MatrixQuery, type MatrixQueryInput } from '../catalogue/schema.ts';
import { listOrganisationRefs } from '../organisations/repository.ts';
import { AUDIENCE_LABELS, AUDIENCES, METHOD_LABELS, METHODS, SECTOR_LABELS, SECTORS } from '../taxonomy/taxonomy.ts';
import { pageRoute } from '../web/page-route.ts';
import { sendPage } from '../web/render.ts';
import { buildMatrix, THIN_BELOW } from './service.ts';
import { MatrixPage } from './views.tsx';

const CellJson = z.object({
  audience: z.enum(AUDIENCES),
  method: z.enum(METHODS),
  sector: z.enum(SECTORS),
  count: z.number().int().describe('Initiatives the catalogue lists for the same filters plus this audience, method and sector'),
  level: z.enum(['gap', 'thin', 'served']),
});

export const MATRIX_CSV_COLUMNS = ['audience', 'audience_ja', 'audience_en', 'audience_group', 'method', 'method_ja', 'method_en', 'sector', 'sector_ja', 'sector_en', 'count', 'level'] as const;

export async function matrixRoutes(app: FastifyInstance): Promise<void> {
  const repo = () => ({ db: app.deps.database.db, dialect: app.deps.database.dialect });

  pageRoute<MatrixQueryInput>(app, '/matrix', { querystring: MatrixQuery }, async (req, reply, locale) => {
    const filters = filtersFromQuery(req.query);
    const [matrix, organisations] = await Promise.all([buildMatrix(repo(), filters), listOrganisationRefs(app.deps.database.db)]);
    return sendPage(reply, MatrixPage({ locale, matrix, organisations }));
  });

  app.get('/matrix.csv', { schema: { querystring: MatrixQuery, hide: true } }, async (req, reply) => {
    const matrix = await buildMatrix(repo(), filtersFromQuery(req.query as MatrixQueryInput));
    async function* rows() {
      yield matrix.cells.map((c) => ({
        audience: c.audience,
        audience_ja: AUDIENCE_LABELS[c.audience].ja,
        audience_en: AUDIENCE_LABELS[c.audience].en,
        audience_group: AUDIENCE_LABELS[c.audience].group,
        method: c.method,
        method_ja: METHOD_LABELS[c.method].ja,
        method_en: METHOD_LABELS[c.method].en,
        sector: c.sector!,
        sector_ja: SECTOR_LABELS[c.sector!].ja,
        sector_en: SECTOR_LABELS[c.sector!].en,
        count: c.count,
        level: c.level,
      }));
    }
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="lastmile-matrix.csv"')
      .send(csvStream(MATRIX_CSV_COLUMNS, rows()));
  });

  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/matrix',
    {
      schema: {
        tags: ['matrix'],
        summary: 'Coverage matrix: one entry per audience × method × sector cell',
        querystring: MatrixQuery,
        response: {
          200: z.object({ thinBelow: z.number().int(), total: z.number().int(), items: z.array(CellJson) }),
          400: ErrorResponse,
        },
      },
    },
    async (req) => {
      const matrix = await buildMatrix(repo(), filtersFromQuery(req.query));
      const items = matrix.cells.map((c) => ({ audience: c.audience, method: c.method, sector: c.sector!, count: c.count, level: c.level }));
      return { thinBelow: THIN_BELOW, total: items.length, items };
    },
  );
}
