// Catalogue pages: the list with facets (/initiatives), one initiative (/initiatives/:id), CSV export.
import type { FastifyInstance } from 'fastify';
import { listOrganisationRefs } from '../organisations/repository.ts';
import { listMeasures } from '../strategy/repository.ts';
import { memoByVersion } from '../cache/versions.ts';
import { notFound } from '../web/problem.ts';
import { pageRoute } from '../web/page-route.ts';
import { sendPage } from '../web/render.ts';
import { CATALOGUE_CSV_COLUMNS, csvStream, initiativeCsvRow } from './csv.ts';
import { CatalogueQuery, defaultSort, filtersFromQuery, IdParams, type CatalogueQueryInput } from './schema.ts';
import { browse, exportInitiatives, getInitiative, lastPage } from './service.ts';
import { CatalogueListPage, InitiativeDetailPage } from './views.tsx';

export async function catalogueRoutes(app: FastifyInstance): Promise<void> {
  const repo = () => ({ db: app.deps.database.db, dialect: app.deps.database.dialect });
  // Every uncached list page shows every organisation and measure as a filter: kept until the content changes.
  const organisationRefs = memoByVersion(app.versions, ['content'], () => listOrganisationRefs(app.deps.database.db));
  const measureTree = memoByVersion(app.versions, ['content'], () => listMeasures(app.deps.database.db));

  pageRoute<CatalogueQueryInput>(app, '/initiatives', { querystring: CatalogueQuery }, async (req, reply, locale) => {
    const filters = filtersFromQuery(req.query);
    const sort = defaultSort(filters, req.query.sort);
    const [result, organisations, measures] = await Promise.all([
      browse(repo(), filters, { sort, page: req.query.page ?? 1, locale }),
      organisationRefs(),
      measureTree(),
    ]);
    return sendPage(reply, CatalogueListPage({ locale, result, lastPage: lastPage(result.total, result.pageSize), organisations, measures }));
  });

  pageRoute<unknown, { id: string }>(app, '/initiatives/:id', undefined, async (req, reply, locale) => {
    const parsed = IdParams.safeParse(req.params);
    const item = parsed.success ? await getInitiative(repo(), parsed.data.id) : undefined;
    if (!item) throw notFound({ ja: 'この番号の取組は見つかりませんでした。', en: 'There is no initiative with this number.' });
    const [measures, related] = await Promise.all([listMeasures(app.deps.database.db), app.findRelated('initiative', item.id)]);
    return sendPage(reply, InitiativeDetailPage({ locale, item, measures, related }));
  });

  app.get('/initiatives.csv', { schema: { querystring: CatalogueQuery, hide: true } }, async (req, reply) => {
    const q = req.query as CatalogueQueryInput;
    const filters = filtersFromQuery(q);
    const batches = exportInitiatives(repo(), filters, defaultSort(filters, q.sort), 'ja');
    // Resolve the filters before the first byte, so that an unknown organisation is a 400, not a broken download.
    const first = await batches.next();
    async function* all() {
      if (!first.done) yield first.value.map(initiativeCsvRow);
      for await (const b of batches) yield b.map(initiativeCsvRow);
    }
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="lastmile-initiatives.csv"')
      .send(csvStream(CATALOGUE_CSV_COLUMNS, all()));
  });
}
