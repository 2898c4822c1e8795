// Evaluation reports: the public list and printable pages (/reports, /reports/{id}: issued reports only,
// rendered from their snapshot), and the program office's pages (/admin/reports: create a draft, write,
// preview, issue). Every POST is CSRF-checked by the auth plugin; every change is audited.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireAdmin, userOf } from '../accounts/auth-plugin.ts';
import { viewerFor } from '../accounts/viewer.ts';
import { listAudit } from '../audit/audit.ts';
import { localePath, type Locale, type Text } from '../i18n/locale.ts';
import { AuditHistory } from '../kpis/history.tsx';
import { kpiContextFor } from '../kpis/service.ts';
import { fiscalYearOf } from '../kpis/status.ts';
import { STATIC_DIR } from '../web/assets.ts';
import { asForm, formText } from '../web/form-body.ts';
import { pagePost, pageRoute } from '../web/page-route.ts';
import { notFound } from '../web/problem.ts';
import { sendPage } from '../web/render.ts';
import type { Report } from './model.ts';
import { listReports, loadReport } from './repository.ts';
import { campaignChoices, createDraft, ISSUED_REFUSAL, issueReport, readDraftTexts, readNewReportForm, saveDraft, takeSnapshot, type DraftTexts } from './service.ts';
import { AdminReportPage, AdminReportsPage, ReportListPage, ReportPage, ReportPreviewPage } from './views.tsx';

const REPORT_NOT_FOUND: Text = { ja: 'お探しの評価報告書は見つかりませんでした。', en: 'The evaluation report you asked for was not found.' };

function printScriptUrl(): string {
  const hash = createHash('sha256').update(readFileSync(join(STATIC_DIR, 'print.js'))).digest('hex').slice(0, 12);
  return `/assets/print.js?v=${hash}`;
}

function idOf(req: FastifyRequest): number {
  const raw = (req.params as { id?: string }).id ?? '';
  if (!/^[1-9]\d{0,9}$/.test(raw)) throw notFound(REPORT_NOT_FOUND);
  return Number(raw);
}

export async function reportRoutes(app: FastifyInstance): Promise<void> {
  const database = () => app.deps.database;
  const now = () => app.deps.now?.() ?? new Date();
  const printScript = printScriptUrl();

  pageRoute(app, '/reports', undefined, async (_req, reply, locale) => sendPage(reply, ReportListPage({ locale, reports: await listReports(database().db, { all: false }) })));

  pageRoute(app, '/reports/:id', undefined, async (req, reply, locale) => {
    const r = await loadReport(database().db, idOf(req));
    // Drafts are the office's work in progress: to the public they do not exist.
    if (!r || r.status !== 'issued' || !r.snapshot) throw notFound(REPORT_NOT_FOUND);
    return sendPage(reply, ReportPage({ locale, report: r, snapshot: r.snapshot, printScript }));
  });

  await app.register(async (admin) => {
    admin.addHook('preHandler', requireAdmin);

    const listPage = async (req: FastifyRequest, reply: FastifyReply, locale: Locale, over: { form?: { kind: string; fiscalYear: string; campaignId: string; replacesId: string }; errors?: Record<string, Text> } = {}, status = 200) => {
      const fy = fiscalYearOf(now());
      const years = Array.from({ length: fy - 2019 + 1 }, (_, i) => fy - i);
      const [reports, campaigns] = await Promise.all([listReports(database().db, { all: true }), campaignChoices(database())]);
      return sendPage(
        reply,
        AdminReportsPage({ locale, viewer: await viewerFor(req, reply, locale), csrf: reply.generateCsrf(), reports, years, campaigns, form: over.form ?? { kind: '', fiscalYear: '', campaignId: '', replacesId: '' }, errors: over.errors ?? {} }),
        status,
      );
    };

    pageRoute(admin, '/admin/reports', undefined, (req, reply, locale) => listPage(req, reply, locale));

    pagePost(admin, '/admin/reports', undefined, async (req, reply, locale) => {
      const body = asForm(req.body);
      const form = { kind: formText(body, 'kind', 20), fiscalYear: formText(body, 'fiscal_year', 10), campaignId: formText(body, 'campaign_id', 12), replacesId: formText(body, 'replaces_id', 12) };
      const r = await readNewReportForm(database(), form);
      if (!r.values) return listPage(req, reply, locale, { form, errors: r.errors }, 400);
      const id = await createDraft(database(), userOf(req), r.values, now());
      return reply.redirect(localePath(locale, `/admin/reports/${id}`) + '?done=created', 303);
    });

    const NOTICES: Record<string, Text> = {
      created: { ja: '下書きを作りました。', en: 'The draft was created.' },
      saved: { ja: '下書きを保存しました。', en: 'The draft was saved.' },
    };

    const editPage = async (req: FastifyRequest, reply: FastifyReply, locale: Locale, report: Report, over: { form?: DraftTexts; errors?: Record<string, Text>; notice?: { kind: 'success' | 'warning'; text: Text } } = {}, status = 200) => {
      const history = await listAudit(database().db, { subjectKind: 'report', subjectId: report.id, limit: 50 });
      const done = (req.query as { done?: unknown } | undefined)?.done;
      const notice = over.notice ?? (typeof done === 'string' && NOTICES[done] ? { kind: 'success' as const, text: NOTICES[done]! } : undefined);
      return sendPage(
        reply,
        AdminReportPage({
          locale,
          viewer: await viewerFor(req, reply, locale),
          csrf: reply.generateCsrf(),
          report,
          form: over.form ?? { assessmentJa: report.assessment.ja, assessmentEn: report.assessment.en, revisionsJa: report.revisions.ja, revisionsEn: report.revisions.en },
          errors: over.errors ?? {},
          notice,
          history: <AuditHistory locale={locale} entries={history} />,
        }),
        status,
      );
    };

    const load = async (req: FastifyRequest) => {
      const r = await loadReport(database().db, idOf(req));
      if (!r) throw notFound(REPORT_NOT_FOUND);
      return r;
    };

    pageRoute(admin, '/admin/reports/:id', undefined, async (req, reply, locale) => editPage(req, reply, locale, await load(req)));

    pagePost(admin, '/admin/reports/:id', undefined, async (req, reply, locale) => {
      const report = await load(req);
      const body = asForm(req.body);
      const form: DraftTexts = { assessmentJa: formText(body, 'assessment_ja', 50_000), assessmentEn: formText(body, 'assessment_en', 50_000), revisionsJa: formText(body, 'revisions_ja', 50_000), revisionsEn: formText(body, 'revisions_en', 50_000) };
      if (report.status === 'issued') return editPage(req, reply, locale, report, { notice: { kind: 'warning', text: ISSUED_REFUSAL } }, 409);
      const errors = readDraftTexts(form);
      if (Object.keys(errors).length) return editPage(req, reply, locale, report, { form, errors }, 400);
      const r = await saveDraft(database(), userOf(req), report.id, form, now());
      if (r === 'missing') throw notFound(REPORT_NOT_FOUND);
      if (r === 'issued') return editPage(req, reply, locale, (await load(req)), { notice: { kind: 'warning', text: ISSUED_REFUSAL } }, 409);
      return reply.redirect(localePath(locale, `/admin/reports/${report.id}`) + '?done=saved', 303);
    });

    pageRoute(admin, '/admin/reports/:id/preview', undefined, async (req, reply, locale) => {
      const report = await load(req);
      if (report.status === 'issued') return reply.redirect(localePath(locale, `/reports/${report.id}`), 303);
      const snapshot = await takeSnapshot(kpiContextFor(database(), now()), report);
      return sendPage(reply, ReportPreviewPage({ locale, viewer: await viewerFor(req, reply, locale), report, snapshot }));
    });

    pagePost(admin, '/admin/reports/:id/issue', undefined, async (req, reply, locale) => {
      const report = await load(req);
      const r = await issueReport(kpiContextFor(database(), now()), userOf(req), report.id);
      if (r === 'missing') throw notFound(REPORT_NOT_FOUND);
      if (r === 'already') return editPage(req, reply, locale, await load(req), { notice: { kind: 'warning', text: ISSUED_REFUSAL } }, 409);
      return reply.redirect(localePath(locale, `/reports/${report.id}`), 303);
    });
  });
}
