// Open data: /api/v1/advisories (the same filters as the list and the feed) and /api/v1/advisories/{id}.
// Withdrawn advisories answer by id with their withdrawal; the list leaves them out unless scope=all.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponse, LocalisedText, OrganisationRefJson } from '../catalogue/api.ts';
import { AUDIENCES } from '../taxonomy/taxonomy.ts';
import { notFound } from '../web/problem.ts';
import { markdownToPlain } from './markdown.ts';
import { SEVERITIES, type PublicAdvisory } from './model.ts';
import { browseAdvisories, loadAdvisories } from './repository.ts';
import { AdvisoryIdParams, AdvisoryQuery, filtersFromQuery, parseAdvisoryQuery, type AdvisoryQueryInput } from './schema.ts';
import { tokyoToday } from './time.ts';

export const AdvisoryJson = z
  .object({
    id: z.number().int(),
    title: LocalisedText,
    severity: z.enum(SEVERITIES).describe('emergency (緊急), warning (警戒), caution (注意) or info (情報)'),
    what: LocalisedText.describe('What is happening (Markdown)'),
    actions: LocalisedText.describe('What to do (Markdown)'),
    summary: LocalisedText.describe('What is happening and what to do, as plain text'),
    organisation: OrganisationRefJson.describe('The issuing organisation'),
    audiences: z.array(z.enum(AUDIENCES)).describe('Empty: everyone'),
    nationwide: z.boolean(),
    prefectures: z.array(z.string()).describe('JIS X 0401 codes; empty when nationwide'),
    validUntil: z.string().nullable().describe('Last day it applies (Japan date, YYYY-MM-DD); null: until withdrawn'),
    links: z.array(z.object({ url: z.string(), label: z.string() })),
    publishedAt: z.string(),
    correctedAt: z.string().nullable(),
    corrections: z.array(z.object({ correctedAt: z.string(), note: LocalisedText })).describe('Newest first'),
    withdrawn: z.object({ at: z.string(), note: z.string() }).nullable(),
    pages: z.object({ html: z.string(), htmlEn: z.string() }).describe('Pages of this advisory'),
  })
  .meta({ id: 'Advisory' });

export const AdvisoryListJson = z.object({ total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), items: z.array(AdvisoryJson) }).meta({ id: 'AdvisoryList' });

export function advisoryJson(a: PublicAdvisory, baseUrl: string): z.infer<typeof AdvisoryJson> {
  const plain = (what: string, actions: string) => `${markdownToPlain(what)}\n\n${markdownToPlain(actions)}`;
  return {
    id: a.id,
    title: { ja: a.titleJa, en: a.titleEn },
    severity: a.severity,
    what: { ja: a.whatJa, en: a.whatEn },
    actions: { ja: a.actionsJa, en: a.actionsEn },
    summary: { ja: plain(a.whatJa, a.actionsJa), en: plain(a.whatEn, a.actionsEn) },
    organisation: { slug: a.organisation.slug, name: { ja: a.organisation.nameJa, en: a.organisation.nameEn }, abbreviation: a.organisation.abbreviation },
    audiences: a.audiences,
    nationwide: a.nationwide,
    prefectures: a.prefectures,
    validUntil: a.validUntil,
    links: a.links,
    publishedAt: a.publishedAt,
    correctedAt: a.correctedAt,
    corrections: a.corrections.map((c) => ({ correctedAt: c.correctedAt, note: { ja: c.noteJa, en: c.noteEn } })),
    withdrawn: a.withdrawnAt ? { at: a.withdrawnAt, note: a.withdrawalNote ?? '' } : null,
    pages: { html: `${baseUrl}/advisories/${a.id}`, htmlEn: `${baseUrl}/en/advisories/${a.id}` },
  };
}

export const ADVISORY_NOT_FOUND = { ja: 'この番号の注意喚起は見つかりませんでした。', en: 'There is no advisory with this number.' };

function queryOf<T>(req: FastifyRequest, schema: z.ZodType<T>): T {
  return req.validationError ? parseAdvisoryQuery(schema, req.query) : (req.query as T);
}

export async function advisoryApiRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const base = app.deps.config.baseUrl;
  const now = () => app.deps.now?.() ?? new Date();

  api.get(
    '/api/v1/advisories',
    {
      attachValidation: true,
      schema: {
        tags: ['advisories'],
        summary: 'List advisories with the same filters as the list page and the Atom feed (current ones by default, newest first)',
        querystring: AdvisoryQuery,
        response: { 200: AdvisoryListJson, 400: ErrorResponse },
      },
    },
    async (req) => {
      const q = queryOf<AdvisoryQueryInput>(req, AdvisoryQuery);
      const r = await browseAdvisories(app.deps.database.db, filtersFromQuery(q), q.page ?? 1, tokyoToday(now()));
      return { total: r.total, page: r.page, pageSize: r.pageSize, items: r.items.map((a) => advisoryJson(a, base)) };
    },
  );

  api.get(
    '/api/v1/advisories/:id',
    { schema: { tags: ['advisories'], summary: 'One advisory (withdrawn ones too, with the reason)', params: AdvisoryIdParams, response: { 200: AdvisoryJson, 400: ErrorResponse, 404: ErrorResponse } } },
    async (req) => {
      const [a] = await loadAdvisories(app.deps.database.db, [req.params.id]);
      if (!a) throw notFound(ADVISORY_NOT_FOUND);
      return advisoryJson(a, base);
    },
  );
}
