// /dashboard: the public evaluation dashboard (overview, effort, adoption, effort beside need,
// declarations) and each figure's CSV at /dashboard/figures/{id}.csv?… (the same parameters as the API).
// Pages only read published figures, so they are cacheable for a minute like the stats API.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { localePath, splitLocale, type Locale } from '../i18n/locale.ts';
import { periodKey } from '../stats/model.ts';
import { prefectureByCode } from '../taxonomy/prefectures.ts';
import { SurveyComparison } from '../surveys/views.tsx';
import { pageRoute } from '../web/page-route.ts';
import { notFound, Problem } from '../web/problem.ts';
import { sendPage } from '../web/render.ts';
import { statCsvFileName, statTableCsv } from '../stats/csv.ts';
import { queryOf } from './figure.tsx';
import { periodChoices, readDashboardQuery, type DashboardQuery } from './query.ts';
import { adoptionSections, buildFigure, declarationSections, effortSections, needModel, NEED_FIGURE_IDS, overview, type DashboardDeps } from './service.ts';
import { FiguresPage, NeedPage, OverviewPage, type Filters } from './views.tsx';
import { evaluateKpis, kpiContextFor } from '../kpis/service.ts';
import { KpiSummary } from '../kpis/views.tsx';

// The pages are kept by the page cache (cache/page-cache.ts), which revalidates by ETag; the CSV downloads
// are not personal and may be kept a minute.
const CSV_CACHE = 'public, max-age=60';
const BAD_FIGURE = { ja: '図表の条件に誤りがあります。', en: 'The figure’s parameters are not valid.' };

export function dashboardRoutes(deps: DashboardDeps) {
  return async function routes(app: FastifyInstance): Promise<void> {
    const handle = () => app.deps.database;
    const now = () => app.deps.now?.() ?? new Date();
    const periodOnly = (q: DashboardQuery) => queryOf({ period: periodKey(q.period) === 'all' ? undefined : periodKey(q.period) });
    const filters = (q: DashboardQuery, extra: Partial<Filters>): Filters => ({ period: q.period, periodChoices: periodChoices(now(), q.period), ...extra });
    const page = (reply: FastifyReply, vnode: Parameters<typeof sendPage>[1]) => sendPage(reply, vnode);
    const pathOf = (url: string) => splitLocale(url).path;

    pageRoute(app, '/dashboard', undefined, async (req, reply, locale) => {
      const q = readDashboardQuery(req.query, 'overview');
      const keep = periodOnly(q);
      const hrefs = {
        adoption: localePath(locale, '/dashboard/adoption') + keep,
        effort: localePath(locale, '/dashboard/effort') + keep,
        declarations: localePath(locale, '/dashboard/declarations') + keep,
      };
      const m = await overview(handle(), deps, locale, q, hrefs);
      // The indicators the program office has set a target for in this period, with value, trend and status.
      const withTargets = (await evaluateKpis(kpiContextFor(handle(), now()), q.period)).filter((k) => k.target !== null);
      const kpis = withTargets.length ? KpiSummary({ locale, kpis: withTargets, headingLevel: 3 }) : null;
      return page(reply, OverviewPage({ locale, path: pathOf(req.url), filters: filters(q, {}), headlines: m.headlines, sections: m.sections, kpis }));
    });

    pageRoute(app, '/dashboard/effort', undefined, async (req, reply, locale) => {
      const q = readDashboardQuery(req.query, 'effort');
      const sections = await effortSections(handle(), deps, locale, q);
      return page(reply, FiguresPage({ locale, path: pathOf(req.url), page: 'effort', filters: filters(q, {}), sections }));
    });

    pageRoute(app, '/dashboard/adoption', undefined, async (req, reply, locale) => {
      const q = readDashboardQuery(req.query, 'adoption');
      const { sections, surveys } = await adoptionSections(handle(), deps, locale, q);
      if (surveys.length)
        sections.push({
          id: 'surveys',
          heading: { ja: '他の調査の結果（出典が異なります）', en: 'Other surveys (a different source)' },
          intro: {
            ja: '参考として、他の機関が行った調査の公表値を並べます。調査の方法・対象・時期が異なるため、上のポータルの数値とは直接比べられません。',
            en: 'For reference, published figures of surveys by other bodies. Their method, population and timing differ from the portal’s figures above, so they are not directly comparable.',
          },
          figures: [],
          extra: SurveyComparison({ locale, rows: surveys, id: 'survey-comparison' }),
        });
      return page(reply, FiguresPage({ locale, path: pathOf(req.url), page: 'adoption', filters: filters(q, { check: q.check, dimension: q.dimension }), sections }));
    });

    pageRoute(app, '/dashboard/declarations', undefined, async (req, reply, locale) => {
      const q = readDashboardQuery(req.query, 'declarations');
      const sections = await declarationSections(handle(), deps, locale, q);
      return page(reply, FiguresPage({ locale, path: pathOf(req.url), page: 'declarations', filters: filters(q, { declarationDimension: q.declarationDimension }), sections }));
    });

    pageRoute(app, '/dashboard/need', undefined, async (req, reply, locale) => {
      const q = readDashboardQuery(req.query, 'need');
      const { rows, tables } = await needModel(deps, q);
      const params = { period: periodKey(q.period) === 'all' ? undefined : periodKey(q.period), prefecture: q.prefecture ?? undefined, firm: q.firm === 'business5' ? undefined : q.firm };
      const csv = (id: string) => localePath(locale, `/dashboard/figures/${id}.csv`) + queryOf(params);
      const figures = [
        { table: tables[0]!, links: { csv: csv(tables[0]!.id) }, chart: { kind: 'bars' as const, column: 'adoption' }, rowHeading: { ja: '対象', en: 'Audience' } },
        { table: tables[1]!, links: { csv: csv(tables[1]!.id) }, chart: { kind: 'grouped' as const, columns: ['initiatives', 'events', 'materials'] }, rowHeading: { ja: '対象', en: 'Audience' } },
      ];
      const pref = q.prefecture ? prefectureByCode(q.prefecture)! : null;
      return page(
        reply,
        NeedPage({ locale, path: pathOf(req.url), filters: filters(q, { prefecture: q.prefecture, firm: q.firm }), rows, prefectureName: pref ? { ja: pref.ja, en: pref.en } : null, figures }),
      );
    });

    // The CSV of any published figure, in the page's language, with the figure's own parameters.
    pageRoute<Record<string, unknown>, { file: string }>(app, '/dashboard/figures/:file', undefined, async (req, reply, locale: Locale) => {
      const m = /^([a-z0-9-]{1,80})\.csv$/.exec(req.params.file);
      if (!m) throw notFound();
      const id = m[1]!;
      let table;
      if ((NEED_FIGURE_IDS as readonly string[]).includes(id)) {
        const q = readDashboardQuery(req.query, 'need');
        table = (await needModel(deps, q)).tables.find((t) => t.id === id)!;
      } else {
        const def = deps.figures.find((d) => d.id === id);
        if (!def) throw notFound({ ja: 'その図表はありません。', en: 'There is no such figure.' });
        const parsed = def.params.safeParse(req.query ?? {});
        if (!parsed.success)
          throw new Problem(
            400,
            'invalid_request',
            BAD_FIGURE,
            parsed.error.issues.map((i) => {
              const param = String(i.path[0] ?? '');
              return { param, message: { ja: `「${param}」の値が正しくありません（${i.message}）。`, en: `"${param}" is not valid (${i.message}).` } };
            }),
          );
        const built = await buildFigure(handle(), def, req.query as Record<string, string>);
        if (!built) throw new Problem(400, 'invalid_request', BAD_FIGURE);
        table = built.table;
      }
      return reply
        .header('cache-control', CSV_CACHE)
        .header('content-disposition', `attachment; filename="${statCsvFileName(table, locale)}"`)
        .type('text/csv; charset=utf-8')
        .send(statTableCsv(table, locale));
    });
  };
}
