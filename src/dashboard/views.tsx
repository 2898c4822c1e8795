// The public dashboard (/dashboard): the program's Check in Plan-Do-Check-Act. Pages receive published
// figures (StatTables, already suppressed) and the ranked need rows, never database rows. Filters are GET
// forms that work without JavaScript; every figure is a chart, a table, a CSV and an API link.
import type { ComponentChildren, VNode } from 'preact';
import { formatNumber, localePath, type Locale, type Text } from '../i18n/locale.ts';
import { ADOPTION_CHECKS, periodLabel, parsePeriod, periodKey, type AdoptionCheck, type Dimension, type Period } from '../stats/model.ts';
import type { NeedRow } from '../stats/need.ts';
import { AUDIENCE_LABELS } from '../taxonomy/taxonomy.ts';
import { PREFECTURES, REGION_BLOCK_LABELS, REGION_BLOCKS } from '../taxonomy/prefectures.ts';
import { Layout } from '../web/layout.tsx';
import { StatFigure, Withheld, queryOf, type ChartChoice } from './figure.tsx';
import { DECLARATION_DIMENSIONS, dimensionsFor, type DeclarationDimension, type FirmCheck } from './query.ts';
import type { StatTable } from '../stats/model.ts';

export interface ShownFigure {
  table: StatTable;
  links?: { csv: string; api?: string };
  chart?: ChartChoice;
  rowHeading?: Text;
}

export interface FigureSection {
  id: string;
  heading: Text;
  intro?: Text;
  figures: ShownFigure[];
  /** Something else shown in the section after its figures (the survey comparison). */
  extra?: VNode | null;
}

export interface Filters {
  period: Period;
  periodChoices: string[];
  check?: AdoptionCheck;
  dimension?: Dimension;
  declarationDimension?: DeclarationDimension;
  prefecture?: string | null;
  firm?: FirmCheck;
}

type PageKey = 'overview' | 'adoption' | 'effort' | 'need' | 'declarations';

const PAGES: { key: PageKey; path: string; label: Text }[] = [
  { key: 'overview', path: '/dashboard', label: { ja: '概要', en: 'Overview' } },
  { key: 'effort', path: '/dashboard/effort', label: { ja: '取組の実施状況', en: 'Effort' } },
  { key: 'adoption', path: '/dashboard/adoption', label: { ja: '対策の実施率', en: 'Adoption of measures' } },
  { key: 'need', path: '/dashboard/need', label: { ja: '取組と必要性の比較', en: 'Effort beside need' } },
  { key: 'declarations', path: '/dashboard/declarations', label: { ja: '自己宣言', en: 'Self-declarations' } },
];

export const DASHBOARD_TITLE: Text = { ja: '評価ダッシュボード（PDCA）', en: 'Evaluation dashboard (PDCA)' };

const CHECK_LABELS: Record<AdoptionCheck, Text> = {
  personal: { ja: '個人のセルフチェック（9か条）', en: 'Personal self-check (9 measures)' },
  business5: { ja: '企業の5か条', en: 'Firms: the 5 measures' },
  diagnosis: { ja: '企業の自社診断（25項目）', en: 'Firms: the 25-item self-diagnosis' },
};
const DIMENSION_LABELS: Record<Dimension, Text> = {
  all: { ja: '内訳なし（全体）', en: 'No breakdown (everyone)' },
  audience: { ja: '対象層', en: 'Audience' },
  age: { ja: '年齢層', en: 'Age band' },
  prefecture: { ja: '都道府県', en: 'Prefecture' },
  size: { ja: '従業員規模', en: 'Firm size' },
  industry: { ja: '業種', en: 'Industry' },
};
const FIRM_LABELS: Record<FirmCheck, Text> = { business5: CHECK_LABELS.business5, diagnosis: CHECK_LABELS.diagnosis };

const T = {
  sections: { ja: 'ダッシュボードの各ページ', en: 'Dashboard pages' },
  filters: { ja: '表示する条件', en: 'What to show' },
  period: { ja: '期間', en: 'Period' },
  check: { ja: 'チェックの種類', en: 'Check' },
  dimension: { ja: '内訳', en: 'Breakdown' },
  prefecture: { ja: '都道府県', en: 'Prefecture' },
  wholeCountry: { ja: '全国', en: 'Whole country' },
  firm: { ja: '企業の実施率に使うチェック', en: 'Check used for firms' },
  show: { ja: 'この条件で表示', en: 'Show' },
  privacy: { ja: 'プライバシーの保護（秘匿）について', en: 'Privacy: withheld figures' },
  privacyBody: {
    ja: '回答は匿名で、氏名・メールアドレスなどは集計に含みません。10人（10社）未満の集団の値は「X」と表示して公表しません。合計から引き算して求められないよう、関係する別の値も「X」にすることがあります（二次秘匿）。期間は年度単位または全期間に限っています（重なる期間の差から小さな集団が分からないようにするため）。',
    en: 'Answers are anonymous: no name or email address is part of any figure. Values for groups of fewer than 10 people or firms are shown as "X" and not published, and so are related values from which they could be worked out by subtraction (secondary suppression). Periods are whole fiscal years or all time only, so that the difference of two overlapping periods cannot reveal a small group.',
  },
  kpis: { ja: '重点指標（KPI）', en: 'Key performance indicators (KPIs)' },
  kpisPending: { ja: 'この期間の重点指標には、まだ目標が設定されていません。指標の値と推移は一覧で見られます。', en: 'No targets have been set for this period yet. The indicators’ values and trends are in the list.' },
  headline: { ja: '主な数値', en: 'Headline figures' },
  notPublished: { ja: '非公表', en: 'not published' },
} satisfies Record<string, Text>;

export const t = (locale: Locale) => (x: Text) => x[locale];

function DashboardNav({ locale, current, query }: { locale: Locale; current: PageKey; query: string }) {
  return (
    <nav class="dashboard-nav" aria-label={T.sections[locale]}>
      <ul>
        {PAGES.map((p) => (
          <li>
            <a href={localePath(locale, p.path) + query} aria-current={p.key === current ? 'page' : undefined}>
              {p.label[locale]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function periodText(locale: Locale, key: string): string {
  const p = parsePeriod(key);
  return p ? periodLabel(p)[locale] : key;
}

function FilterForm({ locale, action, f }: { locale: Locale; action: string; f: Filters }) {
  const tx = t(locale);
  return (
    <form class="dashboard-filters" method="get" action={localePath(locale, action)} novalidate aria-label={tx(T.filters)}>
      <div class="filter-group">
        <label class="label" for="period">
          {tx(T.period)}
        </label>
        <select class="select" id="period" name="period">
          {f.periodChoices.map((k) => (
            <option value={k} selected={k === periodKey(f.period)}>
              {periodText(locale, k)}
            </option>
          ))}
        </select>
      </div>
      {f.check ? (
        <div class="filter-group">
          <label class="label" for="check">
            {tx(T.check)}
          </label>
          <select class="select" id="check" name="check">
            {ADOPTION_CHECKS.map((c) => (
              <option value={c} selected={c === f.check}>
                {tx(CHECK_LABELS[c])}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {f.dimension ? (
        <div class="filter-group">
          <label class="label" for="dimension">
            {tx(T.dimension)}
          </label>
          <p class="hint" id="dimension-hint">
            {tx({ ja: '年齢層は個人のチェックだけ、従業員規模・業種は企業のチェックだけで選べます。', en: 'Age applies to the personal check only; size and industry to the firm checks only.' })}
          </p>
          <select class="select" id="dimension" name="dimension" aria-describedby="dimension-hint">
            {(['all', 'audience', 'age', 'prefecture', 'size', 'industry'] as Dimension[]).map((d) => (
              <option value={d} selected={d === f.dimension} disabled={f.check && !dimensionsFor(f.check).includes(d) ? true : undefined}>
                {tx(DIMENSION_LABELS[d])}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {f.declarationDimension ? (
        <div class="filter-group">
          <label class="label" for="dimension">
            {tx(T.dimension)}
          </label>
          <select class="select" id="dimension" name="dimension">
            {DECLARATION_DIMENSIONS.map((d) => (
              <option value={d} selected={d === f.declarationDimension}>
                {tx(DIMENSION_LABELS[d])}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {f.prefecture !== undefined ? (
        <div class="filter-group">
          <label class="label" for="prefecture">
            {tx(T.prefecture)}
          </label>
          <select class="select" id="prefecture" name="prefecture">
            <option value="">{tx(T.wholeCountry)}</option>
            {REGION_BLOCKS.map((b) => (
              <optgroup label={REGION_BLOCK_LABELS[b][locale]}>
                {PREFECTURES.filter((p) => p.block === b).map((p) => (
                  <option value={p.code} selected={f.prefecture === p.code}>
                    {p[locale]}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
      ) : null}
      {f.firm ? (
        <div class="filter-group">
          <label class="label" for="firm">
            {tx(T.firm)}
          </label>
          <select class="select" id="firm" name="firm">
            {(['business5', 'diagnosis'] as FirmCheck[]).map((c) => (
              <option value={c} selected={c === f.firm}>
                {tx(FIRM_LABELS[c])}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div class="filter-actions">
        <button type="submit" class="button">
          {tx(T.show)}
        </button>
      </div>
    </form>
  );
}

function PrivacyNote({ locale }: { locale: Locale }) {
  return (
    <section class="notice notice-info dashboard-privacy" aria-labelledby="privacy-title">
      <h2 id="privacy-title">{T.privacy[locale]}</h2>
      <p>{T.privacyBody[locale]}</p>
    </section>
  );
}

function Shell(props: { locale: Locale; path: string; page: PageKey; title: Text; lead: Text; filters?: { action: string; f: Filters }; children: ComponentChildren }) {
  const { locale } = props;
  const tx = t(locale);
  const keep = props.filters ? queryOf({ period: periodKey(props.filters.f.period) === 'all' ? undefined : periodKey(props.filters.f.period) }) : '';
  return (
    <Layout locale={locale} path={props.path} title={props.page === 'overview' ? tx(DASHBOARD_TITLE) : `${tx(props.title)} | ${tx(DASHBOARD_TITLE)}`} description={tx(props.lead)}>
      <p class="dashboard-kicker">{props.page === 'overview' ? null : <a href={localePath(locale, '/dashboard') + keep}>{tx(DASHBOARD_TITLE)}</a>}</p>
      <h1>{tx(props.title)}</h1>
      <p class="lead">{tx(props.lead)}</p>
      <DashboardNav locale={locale} current={props.page} query={keep} />
      {props.filters ? <FilterForm locale={locale} action={props.filters.action} f={props.filters.f} /> : null}
      {props.filters ? (
        <p class="dashboard-period" role="status">
          {tx({ ja: '表示中の期間：', en: 'Showing: ' })}
          <strong>{periodLabel(props.filters.f.period)[locale]}</strong>
        </p>
      ) : null}
      {props.children}
    </Layout>
  );
}

function Sections({ locale, sections }: { locale: Locale; sections: FigureSection[] }) {
  return (
    <>
      {sections.map((s) => (
        <section class="dashboard-section" aria-labelledby={`${s.id}-heading`}>
          <h2 id={`${s.id}-heading`}>{s.heading[locale]}</h2>
          {s.intro ? <p>{s.intro[locale]}</p> : null}
          {s.figures.map((f) => (
            <StatFigure locale={locale} table={f.table} chart={f.chart} links={f.links} rowHeading={f.rowHeading} />
          ))}
          {s.extra ?? null}
        </section>
      ))}
    </>
  );
}

// -------------------------------------------------------------------------------------------- overview

export interface Headline {
  key: string;
  label: Text;
  /** null: withheld. */
  value: number | null;
  unit: 'count' | 'percent';
  href?: string;
}

export function OverviewPage(p: { locale: Locale; path: string; filters: Filters; headlines: Headline[]; sections: FigureSection[]; kpis?: VNode | null }) {
  const { locale } = p;
  const tx = t(locale);
  return (
    <Shell
      locale={locale}
      path={p.path}
      page="overview"
      title={DASHBOARD_TITLE}
      lead={{
        ja: 'サイバーセキュリティ意識・行動強化プログラムは、各施策がどこまで実施され、個人や企業が対策をどこまで実践しているかを分析し、定期的に評価・見直しを行うこととしています（Plan-Do-Check-Act のうち Check と Act）。このダッシュボードは、取組の実施状況（Do）と対策の実施率（必要性）を並べて示し、次にどこへ力を入れるべきかを判断する材料を公開します。',
        en: 'The Cybersecurity Awareness and Action Enhancement Program must analyse how far each measure is carried out and how far people and firms apply countermeasures, and evaluate and revise itself regularly (the Check and Act of Plan-Do-Check-Act). This dashboard sets the effort made (Do) beside how far people and firms apply the basic measures (need), so that anyone can see where to act next.',
      }}
      filters={{ action: '/dashboard', f: p.filters }}
    >
      <section aria-labelledby="headline-title">
        <h2 id="headline-title">{tx(T.headline)}</h2>
        <ul class="dashboard-headlines">
          {p.headlines.map((h) => (
            <li class="dashboard-headline" id={`headline-${h.key}`}>
              <span class="dashboard-headline-label">{tx(h.label)}</span>
              <span class="dashboard-headline-value">
                {h.value === null ? <Withheld locale={locale} /> : h.unit === 'percent' ? `${h.value.toFixed(1)}%` : formatNumber(locale, h.value)}
              </span>
              {h.href ? (
                <a class="dashboard-headline-link" href={h.href}>
                  {tx({ ja: '詳しく見る', en: 'Details' })}
                  <span class="visually-hidden">{locale === 'ja' ? `（${h.label.ja}）` : ` (${h.label.en})`}</span>
                </a>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
      <Sections locale={locale} sections={p.sections} />
      <section class="dashboard-section dashboard-kpis" id="kpis" aria-labelledby="kpis-title">
        <h2 id="kpis-title">{tx(T.kpis)}</h2>
        {p.kpis ?? <p>{tx(T.kpisPending)}</p>}
        <ul class="dashboard-links">
          <li>
            <a href={localePath(locale, '/dashboard/kpis')}>{tx({ ja: '重点指標の一覧（目標・達成状況・推移）', en: 'All indicators (targets, status, trend)' })}</a>
          </li>
          <li>
            <a href={localePath(locale, '/dashboard/measures')}>{tx({ ja: '戦略の施策ごとの実施状況', en: 'Implementation of the strategy’s measures' })}</a>
          </li>
        </ul>
      </section>
      <section class="dashboard-section" aria-labelledby="pages-title">
        <h2 id="pages-title">{tx({ ja: '詳しい数値', en: 'More figures' })}</h2>
        <ul class="dashboard-links">
          {PAGES.filter((x) => x.key !== 'overview').map((x) => (
            <li>
              <a href={localePath(locale, x.path) + queryOf({ period: periodKey(p.filters.period) === 'all' ? undefined : periodKey(p.filters.period) })}>{tx(x.label)}</a>
            </li>
          ))}
        </ul>
      </section>
      <PrivacyNote locale={locale} />
    </Shell>
  );
}

// ------------------------------------------------------------------------------- effort, adoption, declarations

export const FIGURE_PAGES = {
  effort: {
    path: '/dashboard/effort',
    title: { ja: '取組の実施状況（Do）', en: 'Effort (Do)' },
    lead: {
      ja: '取組・イベント・教材・注意喚起が、どの対象に、どの手法で、どの地域に向けて行われたか。イベントの開催と参加者数、教材のダウンロード、通知の登録者と配信の件数です。',
      en: 'Which initiatives, events, materials and advisories reached which audiences, by which methods and where; events held and participants reported; material downloads; subscribers and deliveries.',
    },
  },
  adoption: {
    path: '/dashboard/adoption',
    title: { ja: '基本的な対策の実施率', en: 'How far the basic measures are applied' },
    lead: {
      ja: 'セルフチェックの匿名の結果から、基本的な対策を「実施している」と答えた割合を、対象層・年齢層・都道府県・従業員規模・業種別に、また月ごとに示します。自社診断の点数の分布も示します。',
      en: 'From the anonymous self-check results: the share answering that they apply each basic measure, by audience, age band, prefecture, firm size and industry, and month by month; and how the self-diagnosis scores are spread.',
    },
  },
  declarations: {
    path: '/dashboard/declarations',
    title: { ja: 'セキュリティ対策自己宣言', en: 'Security self-declarations' },
    lead: {
      ja: '有効な自己宣言の数を星の数ごとに、都道府県・従業員規模・業種別に示し、毎月の新規・終了・月末時点の有効数の推移を示します。',
      en: 'Active self-declarations by star and by prefecture, firm size or industry, and each month’s new, ended and active-at-month-end declarations.',
    },
  },
} as const satisfies Record<string, { path: string; title: Text; lead: Text }>;

export function FiguresPage(p: { locale: Locale; path: string; page: keyof typeof FIGURE_PAGES; filters: Filters; sections: FigureSection[] }) {
  const def = FIGURE_PAGES[p.page];
  return (
    <Shell locale={p.locale} path={p.path} page={p.page} title={def.title} lead={def.lead} filters={{ action: def.path, f: p.filters }}>
      <Sections locale={p.locale} sections={p.sections} />
      <PrivacyNote locale={p.locale} />
    </Shell>
  );
}

// ----------------------------------------------------------------------------------------------- need

const STATUS_TEXT: Record<NeedRow['status'], Text> = {
  ranked: { ja: '', en: '' },
  not_enough_answers: { ja: '回答不足で判断できません', en: 'Not enough answers to judge' },
  not_measured: { ja: '実施率を測るチェックなし', en: 'No check measures this audience' },
};

function needCheckLabel(locale: Locale, r: NeedRow): string {
  return r.check ? CHECK_LABELS[r.check][locale] : '—';
}

export function NeedPage(p: { locale: Locale; path: string; filters: Filters; rows: NeedRow[]; prefectureName: Text | null; figures: ShownFigure[] }) {
  const { locale } = p;
  const tx = t(locale);
  const ranked = p.rows.filter((r) => r.rank !== null);
  const unjudged = p.rows.filter((r) => r.rank === null);
  const where = p.prefectureName ? p.prefectureName[locale] : tx(T.wholeCountry);
  return (
    <Shell
      locale={locale}
      path={p.path}
      page="need"
      title={{ ja: '取組と必要性の比較', en: 'Effort beside need' }}
      lead={{
        ja: '対象ごとに、届いている取組・イベント・教材の数（取組の量）と、基本的な対策を実践している人・企業の割合（実施率）を並べます。実施率が低く、取組も少ない対象が、次に力を入れるべきところです。',
        en: 'For each audience, what reaches it (initiatives, events, materials) beside how far its people or firms apply the basic measures. An audience with low adoption and little coverage is where to act next.',
      }}
      filters={{ action: '/dashboard/need', f: p.filters }}
    >
      <section class="dashboard-section" aria-labelledby="first-title">
        <h2 id="first-title">{tx({ ja: '優先して取り組むべき対象', en: 'The cells to act on first' })}</h2>
        <p>
          {tx({
            ja: `${where}・${periodLabel(p.filters.period).ja}。実施率の低さの順位と取組の少なさの順位を足した値が小さい順に並べています（同じ値なら実施率の低い方が先）。取組の量は、その対象に届く取組・イベント・教材の件数の合計です。`,
            en: `${where}, ${periodLabel(p.filters.period).en}. Ordered by the sum of two ranks — lowest adoption and least coverage — smallest first (ties: lower adoption first). Coverage counts the initiatives, events and materials reaching the audience.`,
          })}
        </p>
        {ranked.length === 0 ? (
          <p class="notice notice-warning">{tx({ ja: '判断できるだけの回答がある対象がまだありません。', en: 'No audience has enough answers to judge yet.' })}</p>
        ) : (
          <ol class="need-ranking">
            {ranked.map((r) => (
              <li id={`need-${r.audience}`}>
                <strong>{AUDIENCE_LABELS[r.audience][locale]}</strong>
                <span class="need-reason">{r.reason[locale]}</span>
              </li>
            ))}
          </ol>
        )}
        {unjudged.length ? (
          <>
            <h3>{tx({ ja: '判断できない対象', en: 'Audiences that cannot be judged' })}</h3>
            <ul class="need-unjudged">
              {unjudged.map((r) => (
                <li id={`need-${r.audience}`}>
                  <strong>{AUDIENCE_LABELS[r.audience][locale]}</strong>
                  {locale === 'ja' ? '：' : ': '}
                  {r.reason[locale]}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
      <section class="dashboard-section" aria-labelledby="side-title">
        <h2 id="side-title">{tx({ ja: '対象ごとの取組と実施率', en: 'Coverage and adoption by audience' })}</h2>
        <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="need-table-caption">
          <table class="data-table need-table">
            <caption id="need-table-caption">
              {tx({ ja: `対象ごとの取組の量と対策の実施率（${where}・${periodLabel(p.filters.period).ja}）`, en: `Coverage and adoption by audience (${where}, ${periodLabel(p.filters.period).en})` })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{tx({ ja: '対象', en: 'Audience' })}</th>
                <th scope="col" class="num">{tx({ ja: '取組', en: 'Initiatives' })}</th>
                <th scope="col" class="num">{tx({ ja: 'イベント', en: 'Events' })}</th>
                <th scope="col" class="num">{tx({ ja: '教材', en: 'Materials' })}</th>
                <th scope="col">{tx({ ja: '実施率の元になるチェック', en: 'Check measuring adoption' })}</th>
                <th scope="col" class="num">{tx({ ja: '回答数', en: 'Respondents' })}</th>
                <th scope="col" class="num">{tx({ ja: '実施率（平均）', en: 'Adoption (mean)' })}</th>
                <th scope="col" class="num">{tx({ ja: '優先順位', en: 'Priority' })}</th>
              </tr>
            </thead>
            <tbody>
              {[...p.rows]
                .sort((a, b) => AUDIENCE_ORDER(a) - AUDIENCE_ORDER(b))
                .map((r) => (
                  <tr class={r.rank === 1 ? 'need-first' : undefined}>
                    <th scope="row">{AUDIENCE_LABELS[r.audience][locale]}</th>
                    <td class="num">{formatNumber(locale, r.coverage.initiatives)}</td>
                    <td class="num">{formatNumber(locale, r.coverage.events)}</td>
                    <td class="num">{formatNumber(locale, r.coverage.materials)}</td>
                    <td>{needCheckLabel(locale, r)}</td>
                    <td class="num">{r.check === null ? '—' : r.respondents === null ? <Withheld locale={locale} /> : formatNumber(locale, r.respondents)}</td>
                    <td class="num">{r.check === null ? '—' : r.adoption === null ? <Withheld locale={locale} /> : `${r.adoption.toFixed(1)}%`}</td>
                    <td class="num">{r.rank === null ? STATUS_TEXT[r.status][locale] : locale === 'ja' ? `${r.rank}位` : `#${r.rank}`}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
        <ul class="stat-notes">
          <li>
            {tx({
              ja: '実施率は、その対象の回答者が各対策を「実施している」と答えた割合を、チェックの全項目について平均したものです。個人（若年層・就労世代・高齢者）は個人のセルフチェック、企業（小規模企業者・中小企業・大企業）は選んだ企業のチェックによります。',
              en: 'Adoption is the share of the audience’s respondents answering that they apply each measure, averaged over the check’s items: the personal check for people (young, working-age, older), the chosen firm check for firms (micro, SMEs, large).',
            })}
          </li>
          <li>
            {tx({
              ja: '教育機関と地方自治体には実施率を測るチェックがないため、順位は付けず、取組の量だけを示します。取組が1件もない対象も表示しています。',
              en: 'No check measures educational institutions or local governments: they are shown with their coverage only, not ranked. Audiences nothing reaches are shown too.',
            })}
          </li>
        </ul>
        {p.figures.map((f) => (
          <StatFigure locale={locale} table={f.table} chart={f.chart} links={f.links} rowHeading={f.rowHeading} />
        ))}
      </section>
      <PrivacyNote locale={locale} />
    </Shell>
  );
}

const AUDIENCE_ORDER = (r: NeedRow) => Object.keys(AUDIENCE_LABELS).indexOf(r.audience);
