// The periodic evaluation report's life: create a draft (a fiscal year or a campaign, possibly
// correcting an issued report), write the assessment (Check) and revisions (Act), preview it with the
// figures as they are now, and issue it: the snapshot of figures and KPIs is frozen with the date, and
// from then on the report never changes. Each step is audited in its transaction.
import type { CurrentUser } from '../accounts/model.ts';
import { recordAudit } from '../audit/audit.ts';
import type { DatabaseHandle } from '../db/database.ts';
import type { Text } from '../i18n/locale.ts';
import { FigureCache } from '../kpis/indicators.ts';
import { evaluateKpis, type KpiContext } from '../kpis/service.ts';
import { periodKey, type Period, type StatTable } from '../stats/model.ts';
import { reportFigureRefs } from './contents.ts';
import { TEXT_LIMIT, type Report, type ReportCampaign, type ReportKind, type ReportSnapshot } from './model.ts';
import * as repo from './repository.ts';

export const ISSUED_REFUSAL: Text = {
  ja: 'この報告書は発行済みのため変更できません。訂正するときは、この報告書を置き換える新しい報告書を作成してください。',
  en: 'This report has been issued and cannot be changed. To correct it, create a new report that replaces it.',
};

export async function loadCampaign(database: DatabaseHandle, id: number): Promise<ReportCampaign | undefined> {
  const c = await database.db.selectFrom('campaigns').select(['id', 'title_ja', 'title_en', 'start_date', 'end_date']).where('id', '=', id).executeTakeFirst();
  return c ? { id: c.id, title: { ja: c.title_ja, en: c.title_en }, startDate: c.start_date, endDate: c.end_date } : undefined;
}

export async function campaignChoices(database: DatabaseHandle): Promise<ReportCampaign[]> {
  const rows = await database.db.selectFrom('campaigns').select(['id', 'title_ja', 'title_en', 'start_date', 'end_date']).orderBy('start_date', 'desc').execute();
  return rows.map((c) => ({ id: c.id, title: { ja: c.title_ja, en: c.title_en }, startDate: c.start_date, endDate: c.end_date }));
}

/** A campaign is evaluated within the fiscal year it starts in. */
export function campaignPeriod(c: ReportCampaign): Period {
  const [y, m] = c.startDate.split('-').map(Number) as [number, number];
  return { kind: 'fy', year: m >= 4 ? y : y - 1 };
}

export interface NewReportForm {
  kind: string;
  fiscalYear: string;
  campaignId: string;
  replacesId: string;
}

export async function readNewReportForm(database: DatabaseHandle, f: NewReportForm): Promise<{ values?: { kind: ReportKind; fiscalYear: number | null; campaign: ReportCampaign | null; replaces: Report | null }; errors: Record<string, Text> }> {
  const errors: Record<string, Text> = {};
  let fiscalYear: number | null = null;
  let campaign: ReportCampaign | null = null;
  let replaces: Report | null = null;
  if (f.kind !== 'year' && f.kind !== 'campaign') errors.kind = { ja: '年度の評価か、キャンペーンの評価かを選んでください。', en: 'Choose a fiscal year evaluation or a campaign evaluation.' };
  if (f.kind === 'year') {
    const y = /^\d{4}$/.test(f.fiscalYear) ? Number(f.fiscalYear) : NaN;
    if (!(y >= 2019 && y <= 2100)) errors.fiscal_year = { ja: '年度を選んでください（2019年度以降）。', en: 'Choose a fiscal year (2019 or later).' };
    else fiscalYear = y;
  }
  if (f.kind === 'campaign') {
    campaign = /^[1-9]\d{0,9}$/.test(f.campaignId) ? ((await loadCampaign(database, Number(f.campaignId))) ?? null) : null;
    if (!campaign) errors.campaign_id = { ja: 'キャンペーンを一覧から選んでください。', en: 'Choose a campaign from the list.' };
  }
  if (f.replacesId) {
    const r = /^[1-9]\d{0,9}$/.test(f.replacesId) ? await repo.loadReport(database.db, Number(f.replacesId)) : undefined;
    if (!r || r.status !== 'issued') errors.replaces_id = { ja: '置き換える報告書は、発行済みの報告書から選んでください。', en: 'The report to replace must be one that has been issued.' };
    else replaces = r;
  }
  if (Object.keys(errors).length) return { errors };
  return { values: { kind: f.kind as ReportKind, fiscalYear, campaign, replaces }, errors };
}

function titles(kind: ReportKind, fiscalYear: number | null, campaign: ReportCampaign | null, replaces: Report | null): Text {
  const base: Text =
    kind === 'year'
      ? { ja: `${fiscalYear}年度 評価報告書`, en: `Evaluation report, FY${fiscalYear}` }
      : { ja: `${campaign!.title.ja} 評価報告書`, en: `Evaluation report: ${campaign!.title.en}` };
  return replaces ? { ja: `${base.ja}（訂正版）`, en: `${base.en} (corrected)` } : base;
}

export async function createDraft(database: DatabaseHandle, actor: CurrentUser, v: { kind: ReportKind; fiscalYear: number | null; campaign: ReportCampaign | null; replaces: Report | null }, now: Date): Promise<number> {
  const at = now.toISOString();
  const title = titles(v.kind, v.fiscalYear, v.campaign, v.replaces);
  return database.db.transaction().execute(async (trx) => {
    const id = await repo.insertReport(trx, { kind: v.kind, fiscalYear: v.fiscalYear, campaignId: v.campaign?.id ?? null, titleJa: title.ja, titleEn: title.en, replacesId: v.replaces?.id ?? null, createdBy: actor.id, now: at });
    // A correction starts from the texts of the report it replaces.
    if (v.replaces) await repo.updateDraftTexts(trx, id, { assessmentJa: v.replaces.assessment.ja, assessmentEn: v.replaces.assessment.en, revisionsJa: v.replaces.revisions.ja, revisionsEn: v.replaces.revisions.en, now: at });
    await recordAudit(trx, { actorUserId: actor.id, actorName: actor.displayName, organisationId: null, subjectKind: 'report', subjectId: id, action: 'report_created', after: { kind: v.kind, fiscalYear: v.fiscalYear, campaignId: v.campaign?.id ?? null, replacesId: v.replaces?.id ?? null }, now: at });
    return id;
  });
}

export interface DraftTexts {
  assessmentJa: string;
  assessmentEn: string;
  revisionsJa: string;
  revisionsEn: string;
}

export function readDraftTexts(body: DraftTexts): Record<string, Text> {
  const errors: Record<string, Text> = {};
  const names: [keyof DraftTexts, string, Text][] = [
    ['assessmentJa', 'assessment_ja', { ja: '評価（日本語）', en: 'Assessment (Japanese)' }],
    ['assessmentEn', 'assessment_en', { ja: '評価（英語）', en: 'Assessment (English)' }],
    ['revisionsJa', 'revisions_ja', { ja: '見直し（日本語）', en: 'Revisions (Japanese)' }],
    ['revisionsEn', 'revisions_en', { ja: '見直し（英語）', en: 'Revisions (English)' }],
  ];
  for (const [k, name, label] of names)
    if (body[k].length > TEXT_LIMIT) errors[name] = { ja: `${label.ja}は${TEXT_LIMIT.toLocaleString('ja-JP')}文字以内にしてください。`, en: `${label.en} must be at most ${TEXT_LIMIT.toLocaleString('en-GB')} characters.` };
  return errors;
}

/** 'saved', 'issued' (refused: an issued report never changes) or 'missing'. */
export async function saveDraft(database: DatabaseHandle, actor: CurrentUser, id: number, t: DraftTexts, now: Date): Promise<'saved' | 'issued' | 'missing'> {
  const at = now.toISOString();
  return database.db.transaction().execute(async (trx) => {
    const r = await repo.loadReport(trx, id);
    if (!r) return 'missing';
    if (r.status === 'issued') return 'issued';
    if (!(await repo.updateDraftTexts(trx, id, { ...t, now: at }))) return 'issued';
    await recordAudit(trx, { actorUserId: actor.id, actorName: actor.displayName, organisationId: null, subjectKind: 'report', subjectId: id, action: 'report_edited', before: { assessment: r.assessment, revisions: r.revisions }, after: { assessment: { ja: t.assessmentJa, en: t.assessmentEn }, revisions: { ja: t.revisionsJa, en: t.revisionsEn } }, now: at });
    return 'saved';
  });
}

/** The report's period and campaign, from its header. */
export async function reportScope(database: DatabaseHandle, r: Report): Promise<{ period: Period; campaign: ReportCampaign | null }> {
  if (r.kind === 'campaign' && r.campaignId !== null) {
    const campaign = (await loadCampaign(database, r.campaignId)) ?? null;
    if (campaign) return { period: campaignPeriod(campaign), campaign };
  }
  return { period: { kind: 'fy', year: r.fiscalYear ?? 0 }, campaign: null };
}

/** The figures and KPIs as they are now: what a preview shows and what issuing freezes. */
export async function takeSnapshot(ctx: KpiContext, r: Report): Promise<ReportSnapshot> {
  const { period, campaign } = await reportScope(ctx.database, r);
  const cache = new FigureCache(ctx.database, ctx.figures);
  const tables = await Promise.all(reportFigureRefs(r.kind, campaign).map((f) => cache.table(f.figure, { ...f.params, period: periodKey(period) })));
  const figures = tables.filter((t): t is StatTable => t !== null).map((t) => (campaign ? onlyCampaignRows(t, campaign) : t));
  const kpis = await evaluateKpis(ctx, period, cache);
  return { version: 1, takenAt: ctx.now.toISOString(), period, campaign, kpis, figures };
}

/** A per-campaign table keeps the campaign's own row (and its total) in a campaign report. */
function onlyCampaignRows(t: StatTable, c: ReportCampaign): StatTable {
  const key = String(c.id);
  if (!t.rows.some((r) => r.key === key || r.key === `campaign-${key}`)) return t;
  return { ...t, rows: t.rows.filter((r) => r.key === key || r.key === `campaign-${key}`) };
}

/** 'issued', 'already' (refused) or 'missing'. */
export async function issueReport(ctx: KpiContext, actor: CurrentUser, id: number): Promise<'issued' | 'already' | 'missing'> {
  const r = await repo.loadReport(ctx.database.db, id);
  if (!r) return 'missing';
  if (r.status === 'issued') return 'already';
  // Figures are read before the transaction: SQLite has one writer, and they need no lock.
  const snapshot = await takeSnapshot(ctx, r);
  const at = ctx.now.toISOString();
  return ctx.database.db.transaction().execute(async (trx) => {
    if (!(await repo.markIssued(trx, id, { snapshot, issuedBy: actor.id, issuedByName: actor.displayName, now: at }))) return 'already';
    await recordAudit(trx, { actorUserId: actor.id, actorName: actor.displayName, organisationId: null, subjectKind: 'report', subjectId: id, action: 'report_issued', after: { issuedAt: at, kpis: snapshot.kpis.length, figures: snapshot.figures.map((f) => f.id) }, now: at });
    return 'issued';
  });
}
