// The evaluation report: the printable public page (rendered from the issued snapshot), the public list,
// and the program office's pages (list and create, edit a draft, preview, issue).
import type { ComponentChildren } from 'preact';
import { StatFigure } from '../dashboard/figure.tsx';
import { formatDate, formatDateTime, localePath, type Locale, type Text } from '../i18n/locale.ts';
import { EvaluationAdminNav, KpiRule, KpiSummary } from '../kpis/views.tsx';
import { periodLabel, type Period } from '../stats/model.ts';
import { Button, ChoiceGroup, FormErrorSummary, Notice, PostForm, SelectField, TextArea, type FieldErrors } from '../web/form.tsx';
import { Layout, type Viewer } from '../web/layout.tsx';
import { Script } from '../web/script.tsx';
import { ISSUER, REPORT_KIND_LABELS, TEXT_LIMIT, type Report, type ReportCampaign, type ReportSnapshot } from './model.ts';

const tt = (locale: Locale) => (x: Text) => x[locale];
const colon = (locale: Locale) => (locale === 'ja' ? '：' : ': ');

/** Paragraphs of the office's text: blank lines separate paragraphs, single newlines are kept. */
function Paragraphs({ text, empty }: { text: string; empty: string }) {
  const paras = text
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (!paras.length) return <p class="report-empty">{empty}</p>;
  return (
    <>
      {paras.map((p) => (
        <p class="report-text">{p}</p>
      ))}
    </>
  );
}

function scopeText(locale: Locale, period: Period, campaign: ReportCampaign | null): string {
  if (campaign) return locale === 'ja' ? `${campaign.title.ja}（${campaign.startDate}〜${campaign.endDate}）、${periodLabel(period).ja}` : `${campaign.title.en} (${campaign.startDate} to ${campaign.endDate}), ${periodLabel(period).en}`;
  return periodLabel(period)[locale];
}

/** The report's body from a snapshot: what the public page, the preview and print show. */
export function ReportDocument({ locale, report, snapshot, issuedAt }: { locale: Locale; report: Report; snapshot: ReportSnapshot; issuedAt: string | null }) {
  const t = tt(locale);
  const emptyText = t({ ja: '（記載なし）', en: '(Nothing written)' });
  return (
    <article class="report report-document">
      <h1>{t(report.title)}</h1>
      <dl class="report-meta">
        <div>
          <dt>{t({ ja: '対象', en: 'Covers' })}</dt>
          <dd>{scopeText(locale, snapshot.period, snapshot.campaign)}</dd>
        </div>
        <div>
          <dt>{t({ ja: '発行日', en: 'Issued on' })}</dt>
          <dd>{issuedAt ? <time dateTime={issuedAt}>{formatDate(locale, issuedAt)}</time> : t({ ja: '未発行（下書き）', en: 'Not issued (draft)' })}</dd>
        </div>
        <div>
          <dt>{t({ ja: '発行者', en: 'Issued by' })}</dt>
          <dd>{t(ISSUER)}</dd>
        </div>
        <div>
          <dt>{t({ ja: '数値の時点', en: 'Figures as of' })}</dt>
          <dd>
            <time dateTime={snapshot.takenAt}>{formatDateTime(locale, snapshot.takenAt)}</time>
          </dd>
        </div>
      </dl>
      <p class="report-frozen">
        {t({
          ja: '数値は発行した時点のものを記録しており、その後に集まった回答で変わることはありません。最新の数値はダッシュボードでご覧ください。',
          en: 'The figures are those recorded when the report was issued; answers received later do not change them. The dashboard shows the latest figures.',
        })}
      </p>
      <nav class="report-toc no-print" aria-label={t({ ja: '目次', en: 'Contents' })}>
        <ol>
          <li>
            <a href="#report-kpis">{t({ ja: 'KPIと目標', en: 'KPIs and targets' })}</a>
          </li>
          <li>
            <a href="#report-figures">{t({ ja: '統計', en: 'Figures' })}</a>
          </li>
          <li>
            <a href="#report-check">{t({ ja: '評価（Check）', en: 'Assessment (Check)' })}</a>
          </li>
          <li>
            <a href="#report-act">{t({ ja: '見直し（Act）', en: 'Revisions (Act)' })}</a>
          </li>
        </ol>
      </nav>
      <section aria-labelledby="report-kpis" class="report-section">
        <h2 id="report-kpis">{t({ ja: '1. KPIと目標', en: '1. KPIs and targets' })}</h2>
        <KpiSummary locale={locale} kpis={snapshot.kpis} caption={{ ja: `KPIの一覧（${periodLabel(snapshot.period).ja}）`, en: `KPIs (${periodLabel(snapshot.period).en})` }} />
        <KpiRule locale={locale} />
      </section>
      <section aria-labelledby="report-figures" class="report-section">
        <h2 id="report-figures">{t({ ja: '2. 統計', en: '2. Figures' })}</h2>
        {snapshot.figures.length ? snapshot.figures.map((table) => <StatFigure locale={locale} table={table} />) : <p>{t({ ja: 'この期間の統計はありません。', en: 'There are no figures for this period.' })}</p>}
      </section>
      <section aria-labelledby="report-check" class="report-section">
        <h2 id="report-check">{t({ ja: '3. 評価（Check）', en: '3. Assessment (Check)' })}</h2>
        <Paragraphs text={report.assessment[locale]} empty={emptyText} />
      </section>
      <section aria-labelledby="report-act" class="report-section">
        <h2 id="report-act">{t({ ja: '4. 見直し（Act）', en: '4. Revisions (Act)' })}</h2>
        <Paragraphs text={report.revisions[locale]} empty={emptyText} />
      </section>
    </article>
  );
}

function ReportLinks({ locale, report }: { locale: Locale; report: Report }) {
  const t = tt(locale);
  return (
    <>
      {report.replacedById ? (
        <Notice kind="warning">
          {t({ ja: 'この報告書は訂正されました。', en: 'This report has been corrected.' })} <a href={localePath(locale, `/reports/${report.replacedById}`)}>{t({ ja: '訂正版を読む', en: 'Read the corrected report' })}</a>
        </Notice>
      ) : null}
      {report.replacesId ? (
        <Notice kind="info">
          {t({ ja: 'この報告書は、以前の報告書を訂正して置き換えるものです。', en: 'This report corrects and replaces an earlier report.' })} <a href={localePath(locale, `/reports/${report.replacesId}`)}>{t({ ja: '置き換えた報告書', en: 'The report it replaces' })}</a>
        </Notice>
      ) : null}
    </>
  );
}

export function ReportPage(p: { locale: Locale; report: Report; snapshot: ReportSnapshot; printScript: string }) {
  const { locale, report } = p;
  const t = tt(locale);
  return (
    <Layout locale={locale} path={`/reports/${report.id}`} title={t(report.title)}>
      <div class="no-print report-actions">
        <a class="back-link" href={localePath(locale, '/reports')}>
          ← {t({ ja: '評価報告書の一覧', en: 'All evaluation reports' })}
        </a>
        <p>{t({ ja: 'ブラウザの印刷機能で、A4で印刷するかPDFとして保存できます。', en: 'Use your browser’s print command to print on A4 or save as PDF.' })}</p>
        <button type="button" class="button button-secondary" hidden data-print>
          {t({ ja: '印刷する', en: 'Print' })}
        </button>
      </div>
      <ReportLinks locale={locale} report={report} />
      <ReportDocument locale={locale} report={report} snapshot={p.snapshot} issuedAt={report.issuedAt} />
      <Script src={p.printScript} defer />
    </Layout>
  );
}

export function ReportListPage(p: { locale: Locale; reports: Report[] }) {
  const { locale } = p;
  const t = tt(locale);
  const title = t({ ja: '評価報告書', en: 'Evaluation reports' });
  return (
    <Layout locale={locale} path="/reports" title={title}>
      <h1>{title}</h1>
      <p class="explainer">
        {t({
          ja: '事務局が年度ごと・キャンペーンごとにまとめる評価の記録です。KPIと統計（発行時点の数値）、事務局による評価（Check）と見直し（Act）を載せています。発行後は変更せず、訂正は新しい報告書として発行します。',
          en: "The program office's dated record of each year's and each campaign's evaluation: the KPIs and figures as they were when issued, the office's assessment (Check) and its revisions (Act). An issued report is never changed; a correction is issued as a new report.",
        })}
      </p>
      <p>
        <a href={localePath(locale, '/dashboard/kpis')}>{t({ ja: '最新のKPIを見る', en: 'See the latest KPIs' })}</a>
      </p>
      {p.reports.length ? (
        <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="reports-caption">
          <table class="data-table">
            <caption id="reports-caption" class="visually-hidden">
              {title}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t({ ja: '報告書', en: 'Report' })}</th>
                <th scope="col">{t({ ja: '種類', en: 'Kind' })}</th>
                <th scope="col">{t({ ja: '発行日', en: 'Issued on' })}</th>
              </tr>
            </thead>
            <tbody>
              {p.reports.map((r) => (
                <tr>
                  <th scope="row">
                    <a href={localePath(locale, `/reports/${r.id}`)}>{t(r.title)}</a>
                    {r.replacedById ? <span class="tag">{t({ ja: '訂正済み', en: 'Corrected' })}</span> : null}
                  </th>
                  <td>{t(REPORT_KIND_LABELS[r.kind])}</td>
                  <td>{r.issuedAt ? <time dateTime={r.issuedAt}>{formatDate(locale, r.issuedAt)}</time> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t({ ja: '発行された報告書はまだありません。', en: 'No report has been issued yet.' })}</p>
      )}
    </Layout>
  );
}

// --------------------------------------------------------------------------- the program office

const STATUS_LABEL: Record<Report['status'], Text> = { draft: { ja: '下書き', en: 'Draft' }, issued: { ja: '発行済み', en: 'Issued' } };

export function AdminReportsPage(p: {
  locale: Locale;
  viewer: Viewer;
  csrf: string;
  reports: Report[];
  years: number[];
  campaigns: ReportCampaign[];
  form: { kind: string; fiscalYear: string; campaignId: string; replacesId: string };
  errors: FieldErrors;
}) {
  const { locale } = p;
  const t = tt(locale);
  const title = t({ ja: '評価報告書の管理', en: 'Evaluation reports (program office)' });
  const issued = p.reports.filter((r) => r.status === 'issued');
  return (
    <Layout locale={locale} path="/admin/reports" title={title} viewer={p.viewer} area="admin">
      <EvaluationAdminNav locale={locale} current="reports" />
      <FormErrorSummary locale={locale} errors={p.errors} />
      <h1>{title}</h1>
      <p class="explainer">
        {t({
          ja: '下書きを作り、評価（Check）と見直し（Act）を日本語と英語で書いて、プレビューで確かめてから発行します。発行すると、その時点の統計とKPIが記録され、報告書は変更できなくなります。',
          en: 'Create a draft, write the assessment (Check) and revisions (Act) in Japanese and English, check the preview, then issue it. Issuing records the figures and KPIs of that moment, and the report can no longer be changed.',
        })}
      </p>
      {p.reports.length ? (
        <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="admin-reports-caption">
          <table class="data-table admin-table">
            <caption id="admin-reports-caption">{t({ ja: '報告書', en: 'Reports' })}</caption>
            <thead>
              <tr>
                <th scope="col">{t({ ja: '報告書', en: 'Report' })}</th>
                <th scope="col">{t({ ja: '状態', en: 'Status' })}</th>
                <th scope="col">{t({ ja: '更新・発行', en: 'Updated or issued' })}</th>
              </tr>
            </thead>
            <tbody>
              {p.reports.map((r) => (
                <tr>
                  <th scope="row">
                    <a href={localePath(locale, `/admin/reports/${r.id}`)}>{t(r.title)}</a>
                  </th>
                  <td>
                    <span class={`tag tag-${r.status === 'draft' ? 'draft' : 'public'}`}>{t(STATUS_LABEL[r.status])}</span>
                  </td>
                  <td>{formatDateTime(locale, r.issuedAt ?? r.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t({ ja: '報告書はまだありません。', en: 'There are no reports yet.' })}</p>
      )}
      <h2>{t({ ja: '新しい報告書の下書きを作る', en: 'Create a new report draft' })}</h2>
      <PostForm action={localePath(locale, '/admin/reports')} csrf={p.csrf}>
        <ChoiceGroup
          locale={locale}
          type="radio"
          name="kind"
          label={{ ja: '報告書の種類', en: 'Kind of report' }}
          required
          errors={p.errors}
          selected={[p.form.kind]}
          choices={[
            { value: 'year', label: REPORT_KIND_LABELS.year },
            { value: 'campaign', label: REPORT_KIND_LABELS.campaign },
          ]}
        />
        <SelectField
          locale={locale}
          name="fiscal_year"
          label={{ ja: '年度（年度の評価のとき）', en: 'Fiscal year (for a fiscal year evaluation)' }}
          errors={p.errors}
          value={p.form.fiscalYear}
          emptyLabel={{ ja: '選んでください', en: 'Choose one' }}
          choices={p.years.map((y) => ({ value: String(y), label: { ja: `${y}年度`, en: `FY${y}` } }))}
        />
        <SelectField
          locale={locale}
          name="campaign_id"
          label={{ ja: 'キャンペーン（キャンペーンの評価のとき）', en: 'Campaign (for a campaign evaluation)' }}
          errors={p.errors}
          value={p.form.campaignId}
          emptyLabel={{ ja: '選んでください', en: 'Choose one' }}
          choices={p.campaigns.map((c) => ({ value: String(c.id), label: { ja: `${c.title.ja}（${c.startDate}〜）`, en: `${c.title.en} (from ${c.startDate})` } }))}
        />
        <SelectField
          locale={locale}
          name="replaces_id"
          label={{ ja: '訂正して置き換える報告書（訂正のときだけ）', en: 'Report this one corrects and replaces (corrections only)' }}
          errors={p.errors}
          value={p.form.replacesId}
          emptyLabel={{ ja: 'なし', en: 'None' }}
          choices={issued.map((r) => ({ value: String(r.id), label: r.title }))}
        />
        <Button>{t({ ja: '下書きを作る', en: 'Create the draft' })}</Button>
      </PostForm>
    </Layout>
  );
}

export function AdminReportPage(p: { locale: Locale; viewer: Viewer; csrf: string; report: Report; form: { assessmentJa: string; assessmentEn: string; revisionsJa: string; revisionsEn: string }; errors: FieldErrors; notice?: { kind: 'success' | 'warning'; text: Text }; history: ComponentChildren }) {
  const { locale, report: r } = p;
  const t = tt(locale);
  const base = `/admin/reports/${r.id}`;
  return (
    <Layout locale={locale} path={base} title={t(r.title)} viewer={p.viewer} area="admin">
      <EvaluationAdminNav locale={locale} current="reports" />
      <FormErrorSummary locale={locale} errors={p.errors} />
      {p.notice ? <Notice kind={p.notice.kind}>{t(p.notice.text)}</Notice> : null}
      <p>
        <a class="back-link" href={localePath(locale, '/admin/reports')}>
          ← {t({ ja: '報告書の一覧に戻る', en: 'Back to the reports' })}
        </a>
      </p>
      <h1>{t(r.title)}</h1>
      <p>
        {t({ ja: '状態', en: 'Status' })}
        {colon(locale)}
        <span class={`tag tag-${r.status === 'draft' ? 'draft' : 'public'}`}>{t(STATUS_LABEL[r.status])}</span>
        {r.issuedAt ? ` ${formatDateTime(locale, r.issuedAt)}` : ''}
      </p>
      {r.status === 'issued' ? (
        <>
          <p>{t({ ja: '発行済みの報告書は変更できません。訂正するときは、報告書の一覧から、この報告書を置き換える新しい報告書を作成してください。', en: 'An issued report cannot be changed. To correct it, create a new report from the list that replaces this one.' })}</p>
          <p>
            <a href={localePath(locale, `/reports/${r.id}`)}>{t({ ja: '公開ページを見る', en: 'See the public page' })}</a>
          </p>
        </>
      ) : (
        <>
          <PostForm action={localePath(locale, base)} csrf={p.csrf}>
            <h2>{t({ ja: '評価（Check）', en: 'Assessment (Check)' })}</h2>
            <TextArea locale={locale} name="assessment_ja" label={{ ja: '評価（日本語）', en: 'Assessment (Japanese)' }} hint={{ ja: '空行で段落を分けます。', en: 'Separate paragraphs with a blank line.' }} errors={p.errors} value={p.form.assessmentJa} rows={8} maxLength={TEXT_LIMIT} />
            <TextArea locale={locale} name="assessment_en" label={{ ja: '評価（英語）', en: 'Assessment (English)' }} errors={p.errors} value={p.form.assessmentEn} rows={8} maxLength={TEXT_LIMIT} />
            <h2>{t({ ja: '見直し（Act）', en: 'Revisions (Act)' })}</h2>
            <TextArea locale={locale} name="revisions_ja" label={{ ja: '見直し（日本語）', en: 'Revisions (Japanese)' }} errors={p.errors} value={p.form.revisionsJa} rows={8} maxLength={TEXT_LIMIT} />
            <TextArea locale={locale} name="revisions_en" label={{ ja: '見直し（英語）', en: 'Revisions (English)' }} errors={p.errors} value={p.form.revisionsEn} rows={8} maxLength={TEXT_LIMIT} />
            <Button variant="secondary">{t({ ja: '下書きを保存する', en: 'Save the draft' })}</Button>
          </PostForm>
          <p>
            <a href={localePath(locale, `${base}/preview`)}>{t({ ja: 'プレビュー（現在の数値で表示）', en: 'Preview (with the figures as they are now)' })}</a>
          </p>
          <section class="danger-zone" aria-labelledby="issue-title">
            <h2 id="issue-title">{t({ ja: '発行する', en: 'Issue the report' })}</h2>
            <p>{t({ ja: '発行すると、この時点の統計とKPIが記録され、報告書は公開されます。発行後は変更できません。保存していない変更は発行されません。', en: 'Issuing records the figures and KPIs of this moment and publishes the report. It cannot be changed afterwards. Unsaved changes are not issued.' })}</p>
            <PostForm action={localePath(locale, `${base}/issue`)} csrf={p.csrf}>
              <Button variant="warning">{t({ ja: 'この内容で発行する', en: 'Issue this report' })}</Button>
            </PostForm>
          </section>
        </>
      )}
      {p.history}
    </Layout>
  );
}

export function ReportPreviewPage(p: { locale: Locale; viewer: Viewer; report: Report; snapshot: ReportSnapshot }) {
  const { locale, report } = p;
  const t = tt(locale);
  return (
    <Layout locale={locale} path={`/admin/reports/${report.id}/preview`} title={`${t({ ja: 'プレビュー', en: 'Preview' })}: ${t(report.title)}`} viewer={p.viewer} area="admin">
      <Notice kind="warning">
        {t({ ja: 'プレビューです（未発行）。数値は現在のもので、発行した時点の数値が記録されます。', en: 'This is a preview (not issued). The figures are current; those of the moment of issue will be recorded.' })}{' '}
        <a href={localePath(locale, `/admin/reports/${report.id}`)}>{t({ ja: '編集に戻る', en: 'Back to editing' })}</a>
      </Notice>
      <ReportDocument locale={locale} report={report} snapshot={p.snapshot} issuedAt={null} />
    </Layout>
  );
}
