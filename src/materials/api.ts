// Open data: /api/v1/materials (same filters and search as the page) and /api/v1/materials/{id}.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponse, LocalisedText } from '../catalogue/api.ts';
import { localeFromAcceptLanguage } from '../i18n/locale.ts';
import { AUDIENCES } from '../taxonomy/taxonomy.ts';
import { notFound } from '../web/problem.ts';
import { LICENCE_INFO, LICENCES, MATERIAL_FORMATS, MATERIAL_LANGUAGES, type Material } from './model.ts';
import { defaultMaterialSort, MaterialIdParams, MaterialQuery, materialFiltersFromQuery } from './schema.ts';
import { browseMaterials, getMaterial } from './service.ts';

const MaterialFileJson = z
  .object({
    id: z.number().int(),
    version: z.number().int(),
    name: z.string(),
    mediaType: z.string(),
    size: z.number().int().describe('Bytes'),
    sha256: z.string().describe('SHA-256 of the content, hex'),
    downloads: z.number().int(),
    publishedAt: z.string(),
    url: z.string().describe('Download address (always an attachment)'),
  })
  .meta({ id: 'MaterialFile' });

export const MaterialJson = z
  .object({
    id: z.number().int(),
    title: LocalisedText,
    summary: LocalisedText,
    format: z.enum(MATERIAL_FORMATS),
    audiences: z.array(z.enum(AUDIENCES)),
    language: z.enum(MATERIAL_LANGUAGES),
    licence: z.object({ id: z.enum(LICENCES), name: LocalisedText, url: z.string().nullable(), reusable: z.boolean() }),
    attribution: z.string().describe('The credit line to show when reusing the material'),
    version: z.string(),
    issuedOn: z.string().nullable(),
    url: z.string().nullable().describe('External address (videos, online tools)'),
    organisations: z.array(z.object({ slug: z.string(), name: LocalisedText, abbreviation: z.string().nullable() })),
    file: MaterialFileJson.nullable().describe('The current file, if any'),
    files: z.array(MaterialFileJson).describe('Every published version, newest first'),
    initiatives: z.array(z.object({ id: z.number().int(), title: LocalisedText })),
    events: z.array(z.object({ id: z.number().int(), title: LocalisedText })),
    confirmedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    links: z.object({ html: z.string(), htmlEn: z.string() }),
  })
  .meta({ id: 'Material' });

export function materialJson(m: Material, baseUrl: string): z.infer<typeof MaterialJson> {
  const file = (f: Material['files'][number]) => ({
    id: f.id,
    version: f.version,
    name: f.name,
    mediaType: f.mediaType,
    size: f.size,
    sha256: f.sha256,
    downloads: f.downloads,
    publishedAt: f.createdAt,
    url: `${baseUrl}/materials/${m.id}/files/${f.id}`,
  });
  const lic = LICENCE_INFO[m.licence];
  return {
    id: m.id,
    title: { ja: m.titleJa, en: m.titleEn },
    summary: { ja: m.summaryJa, en: m.summaryEn },
    format: m.format,
    audiences: m.audiences,
    language: m.language,
    licence: { id: m.licence, name: lic.label, url: lic.url, reusable: lic.reusable },
    attribution: m.attribution,
    version: m.version,
    issuedOn: m.issuedOn,
    url: m.url,
    organisations: m.organisations.map((o) => ({ slug: o.slug, name: { ja: o.nameJa, en: o.nameEn }, abbreviation: o.abbreviation })),
    file: m.file ? file(m.file) : null,
    files: m.files.map(file),
    initiatives: m.links.filter((l) => l.kind === 'initiative').map((l) => ({ id: l.id, title: { ja: l.titleJa, en: l.titleEn } })),
    events: m.links.filter((l) => l.kind === 'event').map((l) => ({ id: l.id, title: { ja: l.titleJa, en: l.titleEn } })),
    confirmedAt: m.confirmedAt,
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
    links: { html: `${baseUrl}/materials/${m.id}`, htmlEn: `${baseUrl}/en/materials/${m.id}` },
  };
}

export async function materialApiRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const repo = () => ({ db: app.deps.database.db, dialect: app.deps.database.dialect });
  const base = app.deps.config.baseUrl;

  api.get(
    '/api/v1/materials',
    {
      schema: {
        tags: ['materials'],
        summary: 'List materials with the same filters and search as the library page',
        querystring: MaterialQuery,
        response: {
          200: z.object({
            total: z.number().int(),
            page: z.number().int(),
            pageSize: z.number().int(),
            items: z.array(MaterialJson),
          }),
          400: ErrorResponse,
          404: ErrorResponse,
        },
      },
    },
    async (req) => {
      const filters = materialFiltersFromQuery(req.query);
      const locale = localeFromAcceptLanguage(req.headers['accept-language']);
      const result = await browseMaterials(repo(), filters, { sort: defaultMaterialSort(filters, req.query.sort), page: req.query.page ?? 1, locale });
      return { total: result.total, page: result.page, pageSize: result.pageSize, items: result.items.map((m) => materialJson(m, base)) };
    },
  );

  api.get(
    '/api/v1/materials/:id',
    {
      schema: {
        tags: ['materials'],
        summary: 'One material',
        params: MaterialIdParams,
        response: { 200: MaterialJson, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req) => {
      const m = await getMaterial(repo(), req.params.id);
      if (!m) throw notFound({ ja: 'この番号の教材は見つかりませんでした。', en: 'There is no material with this number.' });
      return materialJson(m, base);
    },
  );
}
