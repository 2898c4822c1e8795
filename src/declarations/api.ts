// Open data: /api/v1/declarations (the search page's filters, paging and a capped total) and
// /api/v1/declarations/{number}. Never the contact address, never a token; pending declarations
// (not confirmed) do not exist here.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponse, LocalisedText } from '../catalogue/api.ts';
import { INDUSTRIES, INDUSTRY_LABELS, SIZE_BAND_LABELS, SIZE_BANDS } from '../taxonomy/attributes.ts';
import { prefectureByCode } from '../taxonomy/prefectures.ts';
import { notFound } from '../web/problem.ts';
import { COUNT_CAP, PUBLIC_STATUSES, STAR_LABELS, STATUS_LABELS, type Declaration, type PublicStatus } from './model.ts';
import { DeclarationNumberParams, DeclarationQuery, filtersFromQuery, isDeclarationNumber } from './schema.ts';
import { publicDeclaration, searchDeclarations } from './service.ts';

export const DeclarationJson = z
  .object({
    number: z.string().describe('Declaration number (LM-<year>-<7 digits>), stable'),
    name: z.string(),
    nameKana: z.string().nullable().describe('Reading in kana, when given'),
    corporateNumber: z.string().nullable().describe('13-digit corporate number (法人番号); null for sole proprietors and others without one'),
    star: z.union([z.literal(1), z.literal(2)]).describe('1: the 5 basic measures; 2: also the 25-item self-diagnosis and a published basic policy'),
    starLabel: LocalisedText,
    status: z.enum(PUBLIC_STATUSES).describe('active, withdrawn (by the business), lapsed (not renewed within 30 days of the due date) or revoked (by the program office)'),
    statusLabel: LocalisedText,
    prefecture: z.object({ code: z.string(), name: LocalisedText }).describe('JIS X 0401'),
    municipality: z.string().nullable(),
    industry: z.object({ code: z.enum(INDUSTRIES), name: LocalisedText }).describe('JSIC division'),
    sizeBand: z.object({ code: z.enum(SIZE_BANDS), name: LocalisedText }).describe('People working in the business, owner included'),
    website: z.string().nullable(),
    policyUrl: z.string().nullable().describe('Two stars: where the business publishes its basic security policy'),
    declaredAt: z.string().nullable(),
    renewedAt: z.string().nullable(),
    renewalDue: z.string().nullable().describe('Japan date (YYYY-MM-DD) by which it should be renewed'),
    endedAt: z.string().nullable().describe('When it was withdrawn, lapsed or revoked'),
    revocationReason: z.string().nullable(),
    selfDeclared: z.literal(true).describe('Always true: a self-declaration, not a certification'),
    links: z.object({ html: z.string(), htmlEn: z.string() }),
  })
  .meta({ id: 'Declaration' });

export const DeclarationListJson = z
  .object({
    total: z.number().int().describe(`Matching declarations, counted up to ${COUNT_CAP}`),
    totalExact: z.boolean().describe(`False when more than ${COUNT_CAP} match (total is then ${COUNT_CAP})`),
    page: z.number().int(),
    pageSize: z.number().int(),
    items: z.array(DeclarationJson),
  })
  .meta({ id: 'DeclarationList' });

export function declarationJson(d: Declaration, baseUrl: string): z.infer<typeof DeclarationJson> {
  const pref = prefectureByCode(d.prefecture);
  return {
    number: d.number!,
    name: d.name,
    nameKana: d.nameKana,
    corporateNumber: d.corporateNumber,
    star: d.star,
    starLabel: { ja: STAR_LABELS[d.star].ja, en: STAR_LABELS[d.star].en },
    status: d.status as PublicStatus,
    statusLabel: STATUS_LABELS[d.status],
    prefecture: { code: d.prefecture, name: { ja: pref?.ja ?? d.prefecture, en: pref?.en ?? d.prefecture } },
    municipality: d.municipality,
    industry: { code: d.industry, name: INDUSTRY_LABELS[d.industry] },
    sizeBand: { code: d.sizeBand, name: SIZE_BAND_LABELS[d.sizeBand] },
    website: d.website,
    policyUrl: d.star === 2 ? d.policyUrl : null,
    declaredAt: d.declaredAt,
    renewedAt: d.renewedAt,
    renewalDue: d.renewalDue,
    endedAt: d.endedAt,
    revocationReason: d.status === 'revoked' ? d.revokedReason : null,
    selfDeclared: true,
    links: { html: `${baseUrl}/declarations/${d.number}`, htmlEn: `${baseUrl}/en/declarations/${d.number}` },
  };
}

export const DECLARATION_NOT_FOUND = { ja: 'この番号の自己宣言は見つかりませんでした。', en: 'There is no self-declaration with this number.' };

export async function declarationApiRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const base = app.deps.config.baseUrl;

  api.get(
    '/api/v1/declarations',
    {
      // Our own parser gives the messages (filtersFromQuery); the schema documents the parameters.
      attachValidation: true,
      schema: {
        tags: ['declarations'],
        summary: 'Search the self-declaration register (active declarations by default), 20 per page',
        querystring: DeclarationQuery,
        response: { 200: DeclarationListJson, 400: ErrorResponse },
      },
    },
    async (req) => {
      const { filters, page } = filtersFromQuery(req.query);
      const r = await searchDeclarations(app.deps.database, filters, page);
      return { total: r.total, totalExact: r.totalExact, page: r.page, pageSize: r.pageSize, items: r.items.map((d) => declarationJson(d, base)) };
    },
  );

  api.get(
    '/api/v1/declarations/:number',
    { attachValidation: true, schema: { tags: ['declarations'], summary: 'One self-declaration (withdrawn, lapsed and revoked ones too)', params: DeclarationNumberParams, response: { 200: DeclarationJson, 404: ErrorResponse } } },
    async (req) => {
      const number = (req.params as { number?: unknown }).number;
      const d = isDeclarationNumber(number) ? await publicDeclaration(app.deps.database, number) : undefined;
      if (!d) throw notFound(DECLARATION_NOT_FOUND);
      return declarationJson(d, base);
    },
  );
}
