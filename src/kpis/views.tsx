// KPIs and the strategy measures, public and for the program office. A KPI's status is said in words and
// drawn as a shape (filled circle, open circle, triangle, dash, cross), so nothing depends on colour.
import type { ComponentChildren } from 'preact';
import { formatDateTime, formatNumber, localePath, type Locale, type Text } from '../i18n/locale.ts';
import { periodKey, periodLabel, type Period } from '../stats/model.ts';
import type { StrategyMeasure } from '../strategy/model.ts';
import { Button, ChoiceGroup, FormErrorSummary, Notice, PostForm, SelectField, TextArea, TextField, type FieldErrors } from '../web/form.tsx';
import { Layout, type Viewer } from '../web/layout.tsx';
import type { Indicator } from './indicators.ts';
import { KPI_RULE, KPI_STATUS_LABELS, MEASURE_STATUS_LABELS, MEASURE_STATUSES, type KpiTarget, type KpiUnit, type KpiView, type MeasureStatusRecord } from './model.ts';
import type { KpiStatus, Trend } from './status.ts';

export const tt = (locale: Locale) => (x: Text) => x[locale];

export function formatKpiValue(locale: Locale, unit: KpiUnit, v: number): string {
  if (unit === 'percent') return `${v.toFixed(1)}%`;
  if (unit === 'score') return locale === 'ja' ? `${v.toFixed(1)}点` : `${v.toFixed(1)} points`;
  return formatNumber(locale, v);
}

function formatChange(locale: Locale, unit: KpiUnit, change: number): string {
  const sign = change > 0 ? '+' : change < 0 ? '−' : '±';
  const abs = Math.abs(change);
  const n = unit === 'count' ? formatNumber(locale, abs) : abs.toFixed(1);
  if (unit === 'percent') return locale === 'ja' ? `${sign}${n}ポイント` : `${sign}${n} points`;
  if (unit === 'score') return locale === 'ja' ? `${sign}${n}点` : `${sign}${n} points`;
  return `${sign}${n}`;
}

/** A shape per status, drawn in currentColor: the words beside it carry the meaning. */
export function StatusIcon({ status }: { status: KpiStatus }) {
  const shape = {
    achieved: <circle cx="8" cy="8" r="6" fill="currentColor" />,
    on_track: <circle cx="8" cy="8" r="5.5" fill="none" stroke="currentColor" stroke-width="2" />,
    behind: <path d="M8 2 L14.5 14 L1.5 14 Z" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" />,
    no_target: <path d="M3 8 H13" stroke="currentColor" stroke-width="2" />,
    not_published: <path d="M3.5 3.5 L12.5 12.5 M12.5 3.5 L3.5 12.5" stroke="currentColor" stroke-width="2" />,
  }[status];
  return (
    <svg class="kpi-icon" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      {shape}
    </svg>
  );
}

export function KpiStatusTag({ locale, status }: { locale: Locale; status: KpiStatus }) {
  return (
    <span class={`kpi-status kpi-${status.replace('_', '-')}`}>
      <StatusIcon status={status} />
      {KPI_STATUS_LABELS[status][locale]}
    </span>
  );
}

function TrendText({ locale, unit, trend }: { locale: Locale; unit: KpiUnit; trend: Trend | null }) {
  if (!trend) return <span class="kpi-trend">{locale === 'ja' ? '—（比較できる前年度の値なし）' : '— (no comparable value last year)'}</span>;
  const arrow = trend.direction === 'up' ? '↑' : trend.direction === 'down' ? '↓' : '→';
  const word = { up: { ja: '増加', en: 'up' }, down: { ja: '減少', en: 'down' }, flat: { ja: '横ばい', en: 'no change' } }[trend.direction][locale];
  return (
    <span class="kpi-trend">
      <span aria-hidden="true">{arrow} </span>
      {locale === 'ja' ? `前年度比 ${formatChange(locale, unit, trend.change)}（${word}、前年度 ${formatKpiValue(locale, unit, trend.previous)}）` : `${formatChange(locale, unit, trend.change)} on last year (${word}; last year ${formatKpiValue(locale, unit, trend.previous)})`}
    </span>
  );
}

const H = {
  indicator: { ja: '指標', en: 'Indicator' },
  value: { ja: '値', en: 'Value' },
  target: { ja: '目標', en: 'Target' },
  status: { ja: '状況', en: 'Status' },
  trend: { ja: '前年度からの変化', en: 'Change from last year' },
  notPublished: { ja: '非公表', en: 'Not published' },
  none: { ja: '未設定', en: 'Not set' },
  direction: { ja: '高いほど良い', en: 'higher is better' },
  directionLow: { ja: '低いほど良い', en: 'lower is better' },
  expected: { ja: '現時点の目安', en: 'Mark for now' },
} satisfies Record<string, Text>;

/** The KPIs of a period as a table: value, target, status in words and a shape, and the trend with its number. */
export function KpiSummary({ locale, kpis, caption, headingLevel }: { locale: Locale; kpis: KpiView[]; caption?: Text; headingLevel?: 2 | 3 }) {
  const t = tt(locale);
  const counts = new Map<KpiStatus, number>();
  for (const k of kpis) counts.set(k.status, (counts.get(k.status) ?? 0) + 1);
  const order: KpiStatus[] = ['achieved', 'on_track', 'behind', 'no_target', 'not_published'];
  return (
    <div class="kpi-summary">
      <ul class="kpi-counts" aria-label={t({ ja: '状況ごとの指標の数', en: 'Indicators by status' })}>
        {order
          .filter((s) => counts.get(s))
          .map((s) => (
            <li>
              <KpiStatusTag locale={locale} status={s} />
              {locale === 'ja' ? `：${counts.get(s)}件` : `: ${counts.get(s)}`}
            </li>
          ))}
      </ul>
      <div class="table-scroll" tabIndex={0} role="region" aria-label={t(caption ?? { ja: 'KPIの一覧', en: 'KPIs' })}>
        <table class="data-table kpi-table">
          <caption class={headingLevel ? 'visually-hidden' : undefined}>{t(caption ?? { ja: 'KPIの一覧', en: 'KPIs' })}</caption>
          <thead>
            <tr>
              <th scope="col">{t(H.indicator)}</th>
              <th scope="col" class="num">
                {t(H.value)}
              </th>
              <th scope="col" class="num">
                {t(H.target)}
              </th>
              <th scope="col">{t(H.status)}</th>
              <th scope="col">{t(H.trend)}</th>
            </tr>
          </thead>
          <tbody>
            {kpis.map((k) => (
              <tr id={`kpi-${k.key}`}>
                <th scope="row">
                  {t(k.label)}
                  <span class="kpi-direction">{t(k.direction === 'higher' ? H.direction : H.directionLow)}</span>
                </th>
                <td class="num" data-label={t(H.value)}>
                  {k.value === null ? <>
                      <span aria-hidden="true">{k.suppressed ? 'X' : '—'}</span>
                      <span class="visually-hidden">{t(H.notPublished)}</span>
                    </> : formatKpiValue(locale, k.unit, k.value)}
                </td>
                <td class="num" data-label={t(H.target)}>
                  {k.target === null ? t(H.none) : formatKpiValue(locale, k.unit, k.target)}
                  {k.expected !== null && k.status !== 'achieved' && k.target !== null && k.expected !== k.target ? (
                    <span class="kpi-expected">
                      {t(H.expected)}
                      {locale === 'ja' ? '：' : ': '}
                      {formatKpiValue(locale, k.unit, k.expected)}
                    </span>
                  ) : null}
                </td>
                <td data-label={t(H.status)}>
                  <KpiStatusTag locale={locale} status={k.status} />
                </td>
                <td data-label={t(H.trend)}>
                  <TrendText locale={locale} unit={k.unit} trend={k.trend} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export function KpiRule({ locale }: { locale: Locale }) {
  return (
    <details class="kpi-rule">
      <summary>{locale === 'ja' ? '状況の判定方法' : 'How the status is decided'}</summary>
      {KPI_RULE.map((r) => (
        <p>{r[locale]}</p>
      ))}
    </details>
  );
}

function PeriodForm({ locale, action, periods, current }: { locale: Locale; action: string; periods: Period[]; current: Period }) {
  const t = tt(locale);
  return (
    <form method="get" action={localePath(locale, action)} class="kpi-period-form" novalidate>
      <label class="label" for="period">
        {t({ ja: '期間', en: 'Period' })}
      </label>
      <select class="select" id="period" name="period">
        {periods.map((p) => (
          <option value={periodKey(p)} selected={periodKey(p) === periodKey(current)}>
            {t(periodLabel(p))}
          </option>
        ))}
      </select>
      <button type="submit" class="button button-secondary">
        {t({ ja: '表示する', en: 'Show' })}
      </button>
    </form>
  );
}

function DashboardLinks({ locale }: { locale: Locale }) {
  const t = tt(locale);
  const links: [string, Text][] = [
    ['/dashboard', { ja: 'ダッシュボード', en: 'Dashboard' }],
    ['/dashboard/kpis', { ja: 'KPI', en: 'KPIs' }],
    ['/dashboard/measures', { ja: '戦略の施策から見た評価', en: 'Evaluation by strategy measure' }],
    ['/reports', { ja: '評価報告書', en: 'Evaluation reports' }],
  ];
  return (
    <nav aria-label={t({ ja: '評価のページ', en: 'Evaluation pages' })}>
      <ul class="kpi-links">
        {links.map(([path, label]) => (
          <li>
            <a href={localePath(locale, path)}>{t(label)}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function KpisPage(p: { locale: Locale; period: Period; periods: Period[]; kpis: KpiView[] }) {
  const { locale } = p;
  const t = tt(locale);
  const title = t({ ja: 'KPI（重要業績評価指標）と目標', en: 'KPIs and their targets' });
  return (
    <Layout locale={locale} path={`/dashboard/kpis?period=${periodKey(p.period)}`} title={title}>
      <DashboardLinks locale={locale} />
      <h1>{title}</h1>
      <p class="explainer">
        {t({
          ja: '事務局が指標ごと・期間ごとに目標を定め、ポータルで公表している統計（ダッシュボードの表と同じ値）と比べています。Plan（目標）→ Do（取組）→ Check（この評価）→ Act（見直し）の「Check」にあたります。',
          en: "The program office sets a target per indicator and period; each is compared with the portal's published figures (the same values as the dashboard's tables). This is the Check step of Plan (targets) → Do (initiatives) → Check (this evaluation) → Act (revisions).",
        })}
      </p>
      <PeriodForm locale={locale} action="/dashboard/kpis" periods={p.periods} current={p.period} />
      <h2>{t(periodLabel(p.period))}</h2>
      <KpiSummary locale={locale} kpis={p.kpis} caption={{ ja: `KPIの一覧（${periodLabel(p.period).ja}）`, en: `KPIs (${periodLabel(p.period).en})` }} />
      <KpiRule locale={locale} />
      <h2>{t({ ja: '各指標の出所', en: 'Where each indicator comes from' })}</h2>
      <dl class="kpi-sources">
        {p.kpis.map((k) => (
          <>
            <dt>{t(k.label)}</dt>
            <dd>
              {t(k.source)}
              {k.targetNote ? (
                <>
                  <br />
                  {t({ ja: '目標の補足：', en: 'About the target: ' })}
                  {k.targetNote}
                </>
              ) : null}
            </dd>
          </>
        ))}
      </dl>
    </Layout>
  );
}

export interface MeasureRow {
  measure: StrategyMeasure;
  status: MeasureStatusRecord | undefined;
  initiatives: number;
  kpis: KpiView[];
}

export const JUDGED_LINKS: Text = {
  ja: 'どの指標がどの施策に関係するかは、編集者の判断によるものです。取組の数は、その施策とその下位の施策に結び付けられた掲載中の取組の数です。',
  en: 'Which indicators inform which measure is the editors\' judgement. The number of initiatives counts the listed initiatives linked to the measure or to any measure under it.',
};

function MeasureStatusText({ locale, status }: { locale: Locale; status: MeasureStatusRecord | undefined }) {
  return <span class={`measure-status measure-${status?.status ?? 'unset'}`}>{status ? MEASURE_STATUS_LABELS[status.status][locale] : locale === 'ja' ? '未登録' : 'Not recorded'}</span>;
}

export function MeasuresPage(p: { locale: Locale; period: Period; periods: Period[]; rows: MeasureRow[] }) {
  const { locale } = p;
  const t = tt(locale);
  const title = t({ ja: '戦略の施策から見た評価', en: "The evaluation by the strategy's measures" });
  return (
    <Layout locale={locale} path={`/dashboard/measures?period=${periodKey(p.period)}`} title={title}>
      <DashboardLinks locale={locale} />
      <h1>{title}</h1>
      <p class="explainer">
        {t({
          ja: 'サイバーセキュリティ戦略と本プログラムの施策の構造に沿って、施策ごとの実施状況（事務局の記録）、結び付けられた取組の数、関係するKPIを並べています。',
          en: "Following the structure of the Cybersecurity Strategy and this program, each measure shows its implementation status (as recorded by the program office), the number of initiatives linked to it and the KPIs that inform it.",
        })}
      </p>
      <p class="judged-note">{t(JUDGED_LINKS)}</p>
      <PeriodForm locale={locale} action="/dashboard/measures" periods={p.periods} current={p.period} />
      <ul class="measure-tree">
        {p.rows.map((r) => (
          <li class={`measure-node depth-${Math.min(r.measure.depth, 3)}`}>
            <h2 class={`measure-title measure-title-${Math.min(r.measure.depth, 3)}`}>{locale === 'ja' ? r.measure.titleJa : r.measure.titleEn}</h2>
            <dl class="measure-facts">
              <div>
                <dt>{t({ ja: '実施状況', en: 'Implementation' })}</dt>
                <dd>
                  <MeasureStatusText locale={locale} status={r.status} />
                  {r.status && r.status.note[locale] ? <span class="measure-note">{r.status.note[locale]}</span> : null}
                </dd>
              </div>
              <div>
                <dt>{t({ ja: '取組', en: 'Initiatives' })}</dt>
                <dd>
                  <a href={`${localePath(locale, '/initiatives')}?measure=${encodeURIComponent(r.measure.slug)}`}>{locale === 'ja' ? `${formatNumber(locale, r.initiatives)}件` : `${formatNumber(locale, r.initiatives)} initiative${r.initiatives === 1 ? '' : 's'}`}</a>
                </dd>
              </div>
            </dl>
            {r.kpis.length ? (
              <ul class="measure-kpis" aria-label={t({ ja: `関係するKPI：${r.measure.titleJa}`, en: `KPIs informing: ${r.measure.titleEn}` })}>
                {r.kpis.map((k) => (
                  <li>
                    <a href={`${localePath(locale, '/dashboard/kpis')}?period=${periodKey(p.period)}#kpi-${k.key}`}>{t(k.label)}</a>
                    {locale === 'ja' ? '：' : ': '}
                    {k.value === null ? t(H.notPublished) : formatKpiValue(locale, k.unit, k.value)}
                    {k.target !== null ? (locale === 'ja' ? `（目標 ${formatKpiValue(locale, k.unit, k.target)}）` : ` (target ${formatKpiValue(locale, k.unit, k.target)})`) : ''}{' '}
                    <KpiStatusTag locale={locale} status={k.status} />
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
    </Layout>
  );
}

// --------------------------------------------------------------------------- the program office

export function EvaluationAdminNav({ locale, current }: { locale: Locale; current: 'kpis' | 'measures' | 'reports' | 'surveys' }) {
  const t = tt(locale);
  const items: { key: typeof current | 'admin'; path: string; label: Text }[] = [
    { key: 'admin', path: '/admin', label: { ja: '管理のトップ', en: 'Administration home' } },
    { key: 'kpis', path: '/admin/kpis', label: { ja: 'KPIの目標', en: 'KPI targets' } },
    { key: 'measures', path: '/admin/measures', label: { ja: '施策の実施状況', en: 'Measure status' } },
    { key: 'reports', path: '/admin/reports', label: { ja: '評価報告書', en: 'Evaluation reports' } },
    { key: 'surveys', path: '/admin/surveys', label: { ja: '外部調査の取り込み', en: 'Survey imports' } },
  ];
  return (
    <nav class="sub-nav" aria-label={t({ ja: '評価の管理', en: 'Evaluation administration' })}>
      <ul>
        {items.map((i) => (
          <li>
            <a href={localePath(locale, i.path)} aria-current={i.key === current ? 'page' : undefined}>
              {t(i.label)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

const UNIT_LABEL: Record<KpiUnit, Text> = { percent: { ja: '％（0〜100）', en: '% (0–100)' }, count: { ja: '件数・人数', en: 'Count' }, score: { ja: '点（0〜100）', en: 'Points (0–100)' } };

export function AdminKpisPage(p: {
  locale: Locale;
  viewer: Viewer;
  csrf: string;
  period: Period;
  periods: Period[];
  indicators: readonly Indicator[];
  targets: Map<string, KpiTarget>;
  form: { indicator: string; target: string; note: string };
  errors: FieldErrors;
  notice?: Text;
}) {
  const { locale } = p;
  const t = tt(locale);
  const title = t({ ja: 'KPIの目標の設定', en: 'Setting KPI targets' });
  const key = periodKey(p.period);
  return (
    <Layout locale={locale} path={`/admin/kpis?period=${key}`} title={title} viewer={p.viewer} area="admin">
      <EvaluationAdminNav locale={locale} current="kpis" />
      <FormErrorSummary locale={locale} errors={p.errors} />
      {p.notice ? <Notice>{t(p.notice)}</Notice> : null}
      <h1>{title}</h1>
      <p class="explainer">
        {t({
          ja: '指標ごと・期間ごとに目標を1つ設定します。設定し直すと前の値は置き換わり、変更の履歴は監査記録に残ります。目標は公開の「KPI」ページに表示されます。',
          en: 'Set one target per indicator and period. Setting it again replaces the earlier value; the audit trail keeps every change. Targets are shown on the public KPI page.',
        })}
      </p>
      <PeriodForm locale={locale} action="/admin/kpis" periods={p.periods} current={p.period} />
      <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="kpi-targets-caption">
        <table class="data-table admin-table">
          <caption id="kpi-targets-caption">{t({ ja: `現在の目標（${periodLabel(p.period).ja}）`, en: `Current targets (${periodLabel(p.period).en})` })}</caption>
          <thead>
            <tr>
              <th scope="col">{t(H.indicator)}</th>
              <th scope="col">{t({ ja: '単位', en: 'Unit' })}</th>
              <th scope="col" class="num">
                {t(H.target)}
              </th>
              <th scope="col">{t({ ja: '補足・設定日時', en: 'Note and when set' })}</th>
            </tr>
          </thead>
          <tbody>
            {p.indicators.map((i) => {
              const tg = p.targets.get(i.key);
              return (
                <tr>
                  <th scope="row">{t(i.label)}</th>
                  <td>{t(UNIT_LABEL[i.unit])}</td>
                  <td class="num">{tg ? formatKpiValue(locale, i.unit, tg.target) : t(H.none)}</td>
                  <td>{tg ? `${tg.note ? `${tg.note} — ` : ''}${formatDateTime(locale, tg.setAt)}` : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <h2 id="set-target">{t({ ja: '目標を設定する', en: 'Set a target' })}</h2>
      <PostForm action={localePath(locale, '/admin/kpis')} csrf={p.csrf}>
        <input type="hidden" name="period" value={key} />
        <p>
          {t({ ja: '期間：', en: 'Period: ' })}
          <strong>{t(periodLabel(p.period))}</strong>
        </p>
        <SelectField
          locale={locale}
          name="indicator"
          label={{ ja: '指標', en: 'Indicator' }}
          required
          errors={p.errors}
          value={p.form.indicator}
          emptyLabel={{ ja: '選んでください', en: 'Choose one' }}
          choices={p.indicators.map((i) => ({ value: i.key, label: { ja: `${i.label.ja}（${UNIT_LABEL[i.unit].ja}）`, en: `${i.label.en} (${UNIT_LABEL[i.unit].en})` } }))}
        />
        <TextField
          locale={locale}
          name="target"
          label={{ ja: '目標値', en: 'Target' }}
          hint={{ ja: '数字で入力します（割合は0〜100、例：60）。', en: 'A number (shares are 0–100, for example 60).' }}
          required
          errors={p.errors}
          value={p.form.target}
          inputMode="text"
          width="short"
          maxLength={20}
        />
        <TextArea locale={locale} name="note" label={{ ja: '補足（根拠など、公開されます）', en: 'Note (the basis, for example; shown publicly)' }} errors={p.errors} value={p.form.note} rows={3} maxLength={500} />
        <Button>{t({ ja: '目標を保存する', en: 'Save the target' })}</Button>
      </PostForm>
    </Layout>
  );
}

export function AdminMeasuresPage(p: { locale: Locale; viewer: Viewer; measures: StrategyMeasure[]; statuses: Map<string, MeasureStatusRecord>; notice?: Text }) {
  const { locale } = p;
  const t = tt(locale);
  const title = t({ ja: '戦略の施策の実施状況', en: "Implementation status of the strategy's measures" });
  return (
    <Layout locale={locale} path="/admin/measures" title={title} viewer={p.viewer} area="admin">
      <EvaluationAdminNav locale={locale} current="measures" />
      {p.notice ? <Notice>{t(p.notice)}</Notice> : null}
      <h1>{title}</h1>
      <p class="explainer">{t({ ja: '施策ごとに実施状況と補足を記録します。公開の「戦略の施策から見た評価」に表示されます。', en: 'Record the implementation status of each measure with a note. It is shown on the public page of the evaluation by strategy measure.' })}</p>
      <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="measures-caption">
        <table class="data-table admin-table">
          <caption id="measures-caption" class="visually-hidden">
            {title}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t({ ja: '施策', en: 'Measure' })}</th>
              <th scope="col">{t({ ja: '実施状況', en: 'Status' })}</th>
              <th scope="col">{t({ ja: '更新日時', en: 'Updated' })}</th>
            </tr>
          </thead>
          <tbody>
            {p.measures.map((m) => {
              const s = p.statuses.get(m.slug);
              return (
                <tr>
                  <th scope="row" class={`measure-cell depth-${Math.min(m.depth, 3)}`}>
                    <a href={localePath(locale, `/admin/measures/${m.slug}`)}>{locale === 'ja' ? m.titleJa : m.titleEn}</a>
                  </th>
                  <td>
                    <MeasureStatusText locale={locale} status={s} />
                  </td>
                  <td>{s ? formatDateTime(locale, s.updatedAt) : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

export function AdminMeasurePage(p: { locale: Locale; viewer: Viewer; csrf: string; measure: StrategyMeasure; form: { status: string; noteJa: string; noteEn: string }; errors: FieldErrors; history: ComponentChildren }) {
  const { locale, measure: m } = p;
  const t = tt(locale);
  const name = locale === 'ja' ? m.titleJa : m.titleEn;
  return (
    <Layout locale={locale} path={`/admin/measures/${m.slug}`} title={name} viewer={p.viewer} area="admin">
      <EvaluationAdminNav locale={locale} current="measures" />
      <FormErrorSummary locale={locale} errors={p.errors} />
      <p>
        <a class="back-link" href={localePath(locale, '/admin/measures')}>
          ← {t({ ja: '施策の一覧に戻る', en: 'Back to the measures' })}
        </a>
      </p>
      <h1>{name}</h1>
      <PostForm action={localePath(locale, `/admin/measures/${m.slug}`)} csrf={p.csrf}>
        <ChoiceGroup
          locale={locale}
          type="radio"
          name="status"
          label={{ ja: '実施状況', en: 'Implementation status' }}
          required
          errors={p.errors}
          selected={[p.form.status]}
          choices={MEASURE_STATUSES.map((s) => ({ value: s, label: MEASURE_STATUS_LABELS[s] }))}
        />
        <TextArea locale={locale} name="note_ja" label={{ ja: '補足（日本語）', en: 'Note (Japanese)' }} errors={p.errors} value={p.form.noteJa} rows={3} maxLength={1000} />
        <TextArea locale={locale} name="note_en" label={{ ja: '補足（英語）', en: 'Note (English)' }} errors={p.errors} value={p.form.noteEn} rows={3} maxLength={1000} />
        <Button>{t({ ja: '保存する', en: 'Save' })}</Button>
      </PostForm>
      {p.history}
    </Layout>
  );
}
