// /organisations, /organisations/:slug and /api/v1/organisations.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponse, LocalisedText } from '../catalogue/api.ts';
import { EMPTY_FILTERS } from '../catalogue/model.ts';
import { SLUG } from '../catalogue/schema.ts';
import { browse } from '../catalogue/service.ts';
import { ORGANISATION_KINDS, SECTORS } from '../taxonomy/taxonomy.ts';
import { notFound } from '../web/problem.ts';
import { pageRoute } from '../web/page-route.ts';
import { sendPage } from '../web/render.ts';
import { findOrganisationBySlug, listOrganisations } from './repository.ts';
import { OrganisationDetailPage, OrganisationListPage } from './views.tsx';

const OrganisationJson = z
  .object({
    slug: z.string(),
    name: LocalisedText,
    abbreviation: z.string().nullable(),
    kind: z.enum(ORGANISATION_KINDS),
    sector: z.enum(SECTORS),
    website: z.string().nullable(),
    initiativeCount: z.number().int(),
  })
  .meta({ id: 'Organisation' });

export async function organisationRoutes(app: FastifyInstance): Promise<void> {
  const db = () => app.deps.database.db;
  const repo = () => ({ db: app.deps.database.db, dialect: app.deps.database.dialect });

  pageRoute(app, '/organisations', undefined, async (_req, reply, locale) => {
    return sendPage(reply, OrganisationListPage({ locale, organisations: await listOrganisations(db()) }));
  });

  pageRoute<unknown, { slug: string }>(app, '/organisations/:slug', undefined, async (req, reply, locale) => {
    const slug = req.params.slug;
    const organisation = SLUG.test(slug) ? await findOrganisationBySlug(db(), slug) : undefined;
    if (!organisation) throw notFound({ ja: 'この団体は登録されていません。', en: 'There is no such organisation.' });
    // The first 50 by title; the full list is one link away in the catalogue, with its facets.
    const result = await browse(repo(), { ...EMPTY_FILTERS, orgs: [slug] }, { sort: 'title', page: 1, locale, pageSize: 50 });
    return sendPage(reply, OrganisationDetailPage({ locale, organisation, initiatives: result.items, total: result.total }));
  });

  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/organisations',
    {
      schema: {
        tags: ['organisations'],
        summary: 'All organisations with the number of initiatives each runs',
        response: { 200: z.object({ total: z.number().int(), items: z.array(OrganisationJson) }), 400: ErrorResponse },
      },
    },
    async () => {
      const orgs = await listOrganisations(db());
      return {
        total: orgs.length,
        items: orgs.map((o) => ({ slug: o.slug, name: { ja: o.nameJa, en: o.nameEn }, abbreviation: o.abbreviation, kind: o.kind, sector: o.sector, website: o.website, initiativeCount: o.initiativeCount })),
      };
    },
  );
}
