// KPIs and the strategy measures: the public pages /dashboard/kpis and /dashboard/measures, and the
// program office's /admin/kpis (targets) and /admin/measures (implementation status). Every POST is
// CSRF-checked by the auth plugin; every change is audited in its transaction (kpis/service.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireAdmin, userOf } from '../accounts/auth-plugin.ts';
import { viewerFor } from '../accounts/viewer.ts';
import { listAudit } from '../audit/audit.ts';
import { EMPTY_FILTERS } from '../catalogue/model.ts';
import { evaluateFilters } from '../catalogue/service.ts';
import { localePath, type Locale, type Text } from '../i18n/locale.ts';
import { parsePeriod, periodKey, type Period } from '../stats/model.ts';
import { listMeasures } from '../strategy/repository.ts';
import { asForm, formText } from '../web/form-body.ts';
import { pagePost, pageRoute } from '../web/page-route.ts';
import { notFound, Problem } from '../web/problem.ts';
import { sendPage } from '../web/render.ts';
import { INDICATORS } from './indicators.ts';
import { AuditHistory } from './history.tsx';
import { measureStatuses, targetsFor } from './repository.ts';
import { evaluateKpis, kpiContextFor, readMeasureForm, readTargetForm, setMeasureStatus, setTarget, type KpiContext } from './service.ts';
import { fiscalYearOf } from './status.ts';
import { AdminKpisPage, AdminMeasurePage, AdminMeasuresPage, KpisPage, MeasuresPage, type MeasureRow } from './views.tsx';

const BAD_PERIOD: Text = { ja: '期間は「all」（全期間）か「fy2026」のような年度で指定してください。', en: 'The period must be "all" or a fiscal year such as "fy2026".' };

/** The periods offered in the choosers: this fiscal year and the three before it, next year, and all time. */
export function periodChoices(now: Date): Period[] {
  const fy = fiscalYearOf(now);
  return [...[fy + 1, fy, fy - 1, fy - 2, fy - 3].map((year) => ({ kind: 'fy' as const, year })), { kind: 'all' as const }];
}

/** ?period= of a page: this fiscal year when absent; a 400 in the page's language when malformed. */
export function periodFromQuery(query: unknown, now: Date): Period {
  const raw = (query as { period?: unknown } | undefined)?.period;
  if (raw === undefined || raw === '') return { kind: 'fy', year: fiscalYearOf(now) };
  const p = typeof raw === 'string' ? parsePeriod(raw) : null;
  if (!p) throw new Problem(400, 'bad_period', BAD_PERIOD, [{ param: 'period', message: BAD_PERIOD }]);
  return p;
}

function kpiContext(app: FastifyInstance): KpiContext {
  return kpiContextFor(app.deps.database, app.deps.now?.() ?? new Date());
}

export async function kpiRoutes(app: FastifyInstance): Promise<void> {
  const now = () => app.deps.now?.() ?? new Date();

  pageRoute(app, '/dashboard/kpis', undefined, async (req, reply, locale) => {
    const period = periodFromQuery(req.query, now());
    const kpis = await evaluateKpis(kpiContext(app), period);
    return sendPage(reply, KpisPage({ locale, period, periods: withChosen(periodChoices(now()), period), kpis }));
  });

  pageRoute(app, '/dashboard/measures', undefined, async (req, reply, locale) => {
    const period = periodFromQuery(req.query, now());
    const repo = { db: app.deps.database.db, dialect: app.deps.database.dialect };
    const [measures, statuses, all, kpis] = await Promise.all([listMeasures(repo.db), measureStatuses(repo.db), evaluateFilters(repo, EMPTY_FILTERS, 'title', locale, 0, 0), evaluateKpis(kpiContext(app), period)]);
    const rows: MeasureRow[] = measures.map((m) => ({ measure: m, status: statuses.get(m.slug), initiatives: all.facets.measure.get(m.slug) ?? 0, kpis: kpis.filter((k) => k.measures.includes(m.slug)) }));
    return sendPage(reply, MeasuresPage({ locale, period, periods: withChosen(periodChoices(now()), period), rows }));
  });

  await app.register(async (admin) => {
    admin.addHook('preHandler', requireAdmin);
    const database = () => app.deps.database;

    const kpisPage = async (req: FastifyRequest, reply: FastifyReply, locale: Locale, period: Period, over: { form?: { indicator: string; target: string; note: string }; errors?: Record<string, Text>; notice?: Text } = {}, status = 200) => {
      const targets = await targetsFor(database().db, periodKey(period));
      return sendPage(
        reply,
        AdminKpisPage({
          locale,
          viewer: await viewerFor(req, reply, locale),
          csrf: reply.generateCsrf(),
          period,
          periods: withChosen(periodChoices(now()), period),
          indicators: INDICATORS,
          targets,
          form: over.form ?? { indicator: '', target: '', note: '' },
          errors: over.errors ?? {},
          notice: over.notice,
        }),
        status,
      );
    };

    pageRoute<{ period?: string; done?: string }>(admin, '/admin/kpis', undefined, async (req, reply, locale) =>
      kpisPage(req, reply, locale, periodFromQuery(req.query, now()), { notice: req.query.done === 'saved' ? { ja: '目標を保存しました。', en: 'The target was saved.' } : undefined }),
    );

    pagePost(admin, '/admin/kpis', undefined, async (req, reply, locale) => {
      const body = asForm(req.body);
      const form = { indicator: formText(body, 'indicator', 100), period: formText(body, 'period', 20), target: formText(body, 'target', 50), note: formText(body, 'note', 2000) };
      const r = readTargetForm(INDICATORS, form);
      if (!r.values) {
        const period = parsePeriod(form.period) ?? { kind: 'fy', year: fiscalYearOf(now()) };
        return kpisPage(req, reply, locale, period, { form, errors: r.errors }, 400);
      }
      await setTarget(database(), userOf(req), r.values, now());
      return reply.redirect(`${localePath(locale, '/admin/kpis')}?period=${r.values.period}&done=saved`, 303);
    });

    pageRoute<{ done?: string }>(admin, '/admin/measures', undefined, async (req, reply, locale) => {
      const db = database().db;
      const [measures, statuses] = await Promise.all([listMeasures(db), measureStatuses(db)]);
      return sendPage(reply, AdminMeasuresPage({ locale, viewer: await viewerFor(req, reply, locale), measures, statuses, notice: req.query.done === 'saved' ? { ja: '実施状況を保存しました。', en: 'The status was saved.' } : undefined }));
    });

    const measurePage = async (req: FastifyRequest, reply: FastifyReply, locale: Locale, slug: string, over: { form?: { status: string; noteJa: string; noteEn: string }; errors?: Record<string, Text> } = {}, status = 200) => {
      const db = database().db;
      const measure = (await listMeasures(db)).find((m) => m.slug === slug);
      if (!measure) throw notFound();
      const current = (await measureStatuses(db)).get(slug);
      const history = await listAudit(db, { subjectKind: 'strategy_measure', subjectId: measure.id, limit: 50 });
      return sendPage(
        reply,
        AdminMeasurePage({
          locale,
          viewer: await viewerFor(req, reply, locale),
          csrf: reply.generateCsrf(),
          measure,
          form: over.form ?? { status: current?.status ?? '', noteJa: current?.note.ja ?? '', noteEn: current?.note.en ?? '' },
          errors: over.errors ?? {},
          history: <AuditHistory locale={locale} entries={history} />,
        }),
        status,
      );
    };

    const slugOf = (req: FastifyRequest) => {
      const s = (req.params as { slug?: string }).slug ?? '';
      if (!/^[a-z0-9-]{1,100}$/.test(s)) throw notFound();
      return s;
    };

    pageRoute(admin, '/admin/measures/:slug', undefined, (req, reply, locale) => measurePage(req, reply, locale, slugOf(req)));

    pagePost(admin, '/admin/measures/:slug', undefined, async (req, reply, locale) => {
      const slug = slugOf(req);
      const body = asForm(req.body);
      const form = { status: formText(body, 'status', 50), noteJa: formText(body, 'note_ja', 5000), noteEn: formText(body, 'note_en', 5000) };
      const r = await readMeasureForm(database(), slug, form);
      if (!r.known) throw notFound();
      if (!r.values) return measurePage(req, reply, locale, slug, { form, errors: r.errors }, 400);
      if (!(await setMeasureStatus(database(), userOf(req), r.values, now()))) throw notFound();
      return reply.redirect(`${localePath(locale, '/admin/measures')}?done=saved`, 303);
    });
  });
}

/** A period chosen by URL that is not among the usual choices still shows as selected. */
function withChosen(periods: Period[], chosen: Period): Period[] {
  return periods.some((p) => periodKey(p) === periodKey(chosen)) ? periods : [chosen, ...periods];
}
