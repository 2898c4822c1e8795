// Open data: /api/v1/stats (the published figures and their parameters), /api/v1/stats/{figure} (one
// figure as JSON: the same suppressed StatTable the dashboard shows) and /api/v1/stats/{figure}.csv.
// Parameters are checked by each figure's own zod schema (400 with a message in the caller's language);
// rate-limited like every route (app.ts); cached for a minute by browsers and proxies.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponse, LocalisedText } from '../catalogue/api.ts';
import { localeFromAcceptLanguage, type Locale } from '../i18n/locale.ts';
import { notFound, Problem, type ProblemDetail } from '../web/problem.ts';
import { statCsvFileName, statTableCsv } from './csv.ts';
import type { FigureDefinition, StatTable } from './model.ts';
import { periodKey } from './model.ts';

export const StatTableJson = z
  .object({
    id: z.string(),
    title: LocalisedText,
    description: LocalisedText,
    source: z.object({ kind: z.enum(['portal', 'survey']), label: LocalisedText, asOf: z.string().optional(), url: z.string().optional() }),
    period: z.string().describe("'all' or a fiscal year 'fy2026' (April to March)"),
    columns: z.array(z.object({ key: z.string(), label: LocalisedText, unit: z.enum(['count', 'percent', 'score']) })),
    rows: z.array(
      z.object({
        key: z.string(),
        label: LocalisedText,
        total: z.boolean().optional(),
        cells: z.array(z.object({ value: z.number().nullable(), suppressed: z.boolean().describe('Withheld: fewer than 10 people or firms, or recoverable from other cells') })),
      }),
    ),
    notes: z.array(LocalisedText),
  })
  .meta({ id: 'StatTable' });

const FigureList = z
  .object({ figures: z.array(z.object({ id: z.string(), title: LocalisedText, params: z.record(z.string(), z.unknown()).describe('JSON Schema of the query parameters'), links: z.object({ json: z.string(), csv: z.string() }) })) })
  .meta({ id: 'StatFigureList' });

const FigureQuery = z.object({
  period: z.string().optional().describe("'all' (default) or a fiscal year: 'fy2026'"),
  check: z.string().optional().describe('personal | business5 | diagnosis (adoption); diagnosis | quiz (scores)'),
  dimension: z.string().optional().describe('adoption: all | audience | age | prefecture | size | industry; declarations: prefecture | size | industry | audience'),
  prefecture: z.string().optional().describe('adoption with dimension all or audience: one prefecture (JIS code 01–47)'),
  lang: z.enum(['ja', 'en']).optional().describe('CSV header language (default: Accept-Language, else Japanese)'),
});
const FigureParam = z.object({ figure: z.string().describe('A figure id from /api/v1/stats') });

export function statTableJson(t: StatTable): z.infer<typeof StatTableJson> {
  return { ...t, period: periodKey(t.period) };
}

const UNKNOWN_FIGURE = { ja: 'この名前の統計はありません。一覧は /api/v1/stats にあります。', en: 'There is no figure with this name. The list is at /api/v1/stats.' };

function paramProblem(issues: z.core.$ZodIssue[]): Problem {
  const details: ProblemDetail[] = issues.map((i) => {
    const param = String(i.path[0] ?? '');
    const [en, ja] = i.message.includes(' / ') ? i.message.split(' / ') : [null, null];
    if (en && ja) return { param, message: { ja, en } };
    const allowed = i.code === 'invalid_value' ? (i.values as unknown[]).join(', ') : null;
    return {
      param,
      message: allowed ? { ja: `${param}には次のいずれかを指定してください: ${allowed}`, en: `${param}: use one of ${allowed}` } : { ja: `${param}の値が正しくありません。`, en: `${param} is not valid.` },
    };
  });
  return new Problem(400, 'invalid_query', { ja: '統計の条件に誤りがあります。', en: 'The figure’s parameters contain an error.' }, details);
}

/** Builds one figure from a query, or throws 404 / 400 (both in the caller's language). */
export async function figureFromQuery(figures: ReadonlyMap<string, FigureDefinition>, handle: Parameters<FigureDefinition['build']>[0], id: string, query: Record<string, unknown>): Promise<StatTable> {
  const def = figures.get(id);
  if (!def) throw notFound(UNKNOWN_FIGURE);
  const { lang: _lang, ...rest } = query;
  const parsed = def.params.safeParse(rest);
  if (!parsed.success) throw paramProblem(parsed.error.issues);
  return def.build(handle, parsed.data);
}

export function statsApiRoutes(list: FigureDefinition[]) {
  const figures: ReadonlyMap<string, FigureDefinition> = new Map(list.map((f) => [f.id, f]));
  return async function routes(app: FastifyInstance): Promise<void> {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const base = app.deps.config.baseUrl;
    const cache = (reply: FastifyReply) => reply.header('cache-control', 'public, max-age=60');

    // The JSON answers are kept by the page cache (cache/page-cache.ts) and revalidated by ETag; the CSV
    // depends on Accept-Language, so it is not, and may be kept a minute by the client.
    api.get('/api/v1/stats', { schema: { tags: ['stats'], summary: 'The published figures and their parameters', response: { 200: FigureList } } }, async () => {
      return {
        figures: list.map((f) => ({
          id: f.id,
          title: f.title,
          params: z.toJSONSchema(f.params, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>,
          links: { json: `${base}/api/v1/stats/${f.id}`, csv: `${base}/api/v1/stats/${f.id}.csv` },
        })),
      };
    });

    api.get(
      '/api/v1/stats/:figure.csv',
      { attachValidation: true, schema: { tags: ['stats'], summary: 'One figure as CSV (UTF-8 with BOM; withheld cells as X)', params: FigureParam, querystring: FigureQuery, produces: ['text/csv'] } },
      async (req, reply) => {
        const q = req.query as Record<string, unknown>;
        const t = await figureFromQuery(figures, app.deps.database, String((req.params as { figure: string }).figure), q);
        const locale: Locale = q.lang === 'en' || q.lang === 'ja' ? q.lang : localeFromAcceptLanguage(req.headers['accept-language']);
        cache(reply);
        return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${statCsvFileName(t, locale)}"`).send(statTableCsv(t, locale));
      },
    );

    api.get(
      '/api/v1/stats/:figure',
      { attachValidation: true, schema: { tags: ['stats'], summary: 'One published figure (already suppressed: the same table as the dashboard)', params: FigureParam, querystring: FigureQuery, response: { 200: StatTableJson, 400: ErrorResponse, 404: ErrorResponse } } },
      async (req, reply) => {
        const t = await figureFromQuery(figures, app.deps.database, String((req.params as { figure: string }).figure), req.query as Record<string, unknown>);
        return statTableJson(t);
      },
    );
  };
}
