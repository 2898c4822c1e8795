// Open data: /api/v1/initiatives (same filters and search as the page) and /api/v1/initiatives/{id}.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AUDIENCES, INITIATIVE_STATUSES, JUDGEABLE_FIELDS, METHODS, SECTORS } from '../taxonomy/taxonomy.ts';
import { notFound } from '../web/problem.ts';
import { localeFromAcceptLanguage } from '../i18n/locale.ts';
import type { Initiative } from './model.ts';
import { CatalogueQuery, defaultSort, filtersFromQuery, IdParams } from './schema.ts';
import { browse, getInitiative } from './service.ts';

export const LocalisedText = z.object({ ja: z.string(), en: z.string() });

export const ErrorResponse = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.array(z.object({ param: z.string().optional(), message: z.string() })),
    }),
  })
  .meta({ id: 'Error' });

export const OrganisationRefJson = z.object({ slug: z.string(), name: LocalisedText, abbreviation: z.string().nullable() });

export const InitiativeJson = z
  .object({
    id: z.number().int(),
    slug: z.string(),
    title: LocalisedText,
    summary: LocalisedText,
    organisations: z.array(OrganisationRefJson),
    audiences: z.array(z.enum(AUDIENCES)),
    methods: z.array(z.enum(METHODS)),
    sector: z.enum(SECTORS),
    regions: z.array(z.string()).describe("['nationwide'] or JIS X 0401 prefecture codes"),
    measures: z.array(z.string()),
    url: z.string().nullable(),
    status: z.enum(INITIATIVE_STATUSES),
    judged: z.array(z.enum(JUDGEABLE_FIELDS)).describe('Fields whose values the editors judged rather than read from the source'),
    judgementNote: z.string(),
    source: z.string(),
    sourceDate: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    links: z.object({ html: z.string(), htmlEn: z.string() }),
  })
  .meta({ id: 'Initiative' });

export function initiativeJson(i: Initiative, baseUrl: string): z.infer<typeof InitiativeJson> {
  return {
    id: i.id,
    slug: i.slug,
    title: { ja: i.titleJa, en: i.titleEn },
    summary: { ja: i.summaryJa, en: i.summaryEn },
    organisations: i.organisations.map((o) => ({ slug: o.slug, name: { ja: o.nameJa, en: o.nameEn }, abbreviation: o.abbreviation })),
    audiences: i.audiences,
    methods: i.methods,
    sector: i.sector,
    regions: i.nationwide ? ['nationwide'] : i.prefectures,
    measures: i.measures,
    url: i.url,
    status: i.status,
    judged: i.judged,
    judgementNote: i.judgementNote,
    source: i.source,
    sourceDate: i.sourceDate,
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
    links: { html: `${baseUrl}/initiatives/${i.id}`, htmlEn: `${baseUrl}/en/initiatives/${i.id}` },
  };
}

export async function catalogueApiRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const repo = () => ({ db: app.deps.database.db, dialect: app.deps.database.dialect });
  const base = app.deps.config.baseUrl;

  api.get(
    '/api/v1/initiatives',
    {
      schema: {
        tags: ['initiatives'],
        summary: 'List initiatives with the same filters and search as the catalogue page',
        querystring: CatalogueQuery,
        response: {
          200: z.object({ total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), items: z.array(InitiativeJson) }),
          400: ErrorResponse,
          404: ErrorResponse,
        },
      },
    },
    async (req) => {
      const filters = filtersFromQuery(req.query);
      const locale = localeFromAcceptLanguage(req.headers['accept-language']);
      const result = await browse(repo(), filters, { sort: defaultSort(filters, req.query.sort), page: req.query.page ?? 1, locale });
      return { total: result.total, page: result.page, pageSize: result.pageSize, items: result.items.map((i) => initiativeJson(i, base)) };
    },
  );

  api.get(
    '/api/v1/initiatives/:id',
    {
      schema: {
        tags: ['initiatives'],
        summary: 'One initiative',
        params: IdParams,
        response: { 200: InitiativeJson, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req) => {
      const item = await getInitiative(repo(), req.params.id);
      if (!item) throw notFound({ ja: 'この番号の取組は見つかりませんでした。', en: 'There is no initiative with this id.' });
      return initiativeJson(item, base);
    },
  );
}
