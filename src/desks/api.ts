// Open data: /api/v1/desks (the directory's filters) and /api/v1/desks/{id}.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponse, LocalisedText } from '../catalogue/api.ts';
import { notFound } from '../web/problem.ts';
import { DESK_AUDIENCES, DESK_TOPICS, telHref, type Desk } from './model.ts';
import { loadDesk } from './repository.ts';
import { DeskIdParams, DeskQuery, deskFiltersFromQuery } from './schema.ts';
import { browseDesks } from './service.ts';

export const DeskJson = z
  .object({
    id: z.number().int(),
    slug: z.string().describe('Stable identifier (the guided path’s rules refer to desks by it)'),
    name: LocalisedText,
    operator: LocalisedText.describe('Who runs the desk'),
    summary: LocalisedText.describe('What it helps with, in words'),
    topics: z.array(z.enum(DESK_TOPICS)),
    audiences: z.array(z.enum(DESK_AUDIENCES)).describe('For whom'),
    phone: z.string().nullable().describe('As dialled (#9110, 188, 03-…)'),
    telUri: z.string().nullable().describe('The phone number as a tel: URI'),
    webUrl: z.string().nullable(),
    email: z.string().nullable(),
    hours: LocalisedText.describe('Opening hours and how to reach the desk (may be empty)'),
    scope: z.enum(['national', 'prefecture']),
    prefecture: z.string().nullable().describe('JIS X 0401 code of the prefecture served; null when national'),
    source: z.object({ name: z.string(), url: z.string().nullable() }),
    checkedOn: z.string().describe('When the details were checked against the source (YYYY-MM-DD, or YYYY-MM)'),
    judged: z.boolean().describe('True when the entry or its details were added by the editors rather than read in the source'),
    judgementNote: z.string(),
    updatedAt: z.string(),
    links: z.object({ html: z.string(), htmlEn: z.string() }),
  })
  .meta({ id: 'Desk' });

export const DeskListJson = z.object({ total: z.number().int(), items: z.array(DeskJson) }).meta({ id: 'DeskList' });

export function deskJson(d: Desk, baseUrl: string): z.infer<typeof DeskJson> {
  return {
    id: d.id,
    slug: d.slug,
    name: { ja: d.nameJa, en: d.nameEn },
    operator: { ja: d.operatorJa, en: d.operatorEn },
    summary: { ja: d.summaryJa, en: d.summaryEn },
    topics: d.topics,
    audiences: d.audiences,
    phone: d.phone,
    telUri: d.phone ? telHref(d.phone) : null,
    webUrl: d.webUrl,
    email: d.email,
    hours: { ja: d.hoursJa, en: d.hoursEn },
    scope: d.prefecture ? 'prefecture' : 'national',
    prefecture: d.prefecture,
    source: { name: d.sourceName, url: d.sourceUrl },
    checkedOn: d.checkedOn,
    judged: d.judged,
    judgementNote: d.judgementNote,
    updatedAt: d.updatedAt,
    links: { html: `${baseUrl}/desks/${d.id}`, htmlEn: `${baseUrl}/en/desks/${d.id}` },
  };
}

export const DESK_NOT_FOUND = { ja: 'この番号の相談窓口は見つかりませんでした。', en: 'There is no desk with this number.' };

export async function deskApiRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const base = app.deps.config.baseUrl;

  api.get(
    '/api/v1/desks',
    {
      // Our own parser gives the messages (deskFiltersFromQuery); the schema documents the parameters.
      attachValidation: true,
      schema: {
        tags: ['desks'],
        summary: 'Consultation desks (相談窓口), filtered like the directory: a prefecture gives its desks and the national ones',
        querystring: DeskQuery,
        response: { 200: DeskListJson, 400: ErrorResponse },
      },
    },
    async (req) => {
      const dir = await browseDesks(app.deps.database.db, deskFiltersFromQuery(req.query));
      const items = [...dir.national, ...dir.prefectural];
      return { total: items.length, items: items.map((d) => deskJson(d, base)) };
    },
  );

  api.get(
    '/api/v1/desks/:id',
    { schema: { tags: ['desks'], summary: 'One consultation desk', params: DeskIdParams, response: { 200: DeskJson, 400: ErrorResponse, 404: ErrorResponse } } },
    async (req) => {
      const d = await loadDesk(app.deps.database.db, req.params.id);
      if (!d) throw notFound(DESK_NOT_FOUND);
      return deskJson(d, base);
    },
  );
}
