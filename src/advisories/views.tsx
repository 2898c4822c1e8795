// Public advisory pages: the list (current ones by default, filters as a GET form that works without
// JavaScript) and one advisory with its severity, what is happening, what to do, who is affected,
// its corrections and, once withdrawn, the reason. Every value is text rendered by preact, which
// escapes it; the one exception is the HTML that markdown-it renders from the organisation's
// Markdown with `html: false` (raw HTML in the source comes out escaped), see MarkdownBlock.
import { formatDate, formatDateTime, formatNumber, localePath, type Locale, type Text } from '../i18n/locale.ts';
import { PREFECTURES, REGION_BLOCK_LABELS, REGION_BLOCKS } from '../taxonomy/prefectures.ts';
import { AUDIENCE_GROUP_LABELS, AUDIENCE_GROUPS, AUDIENCE_LABELS, AUDIENCES } from '../taxonomy/taxonomy.ts';
import { Breadcrumbs, Pagination } from '../web/components.tsx';
import { Layout } from '../web/layout.tsx';
import { areaText, audiencesText } from './advisory-kind.ts';
import { renderMarkdown } from './markdown.ts';
import { isExpired, SEVERITIES, SEVERITY_LABELS, type AdvisoryFilters, type PublicAdvisory, type Severity } from './model.ts';
import { filtersToSearchParams } from './schema.ts';

type T = (x: Text) => string;
const tt = (locale: Locale): T => (x) => x[locale];

const X = {
  title: { ja: '注意喚起', en: 'Advisories' },
  lead: {
    ja: '今起きている詐欺やサイバー攻撃と、そのためにとるべき対策を、発信元の団体がお知らせします。対象や地域で絞り込めます。',
    en: 'Scams and cyber attacks happening now, and what to do about them, from the organisations that issue them. Narrow them down by audience or place.',
  },
  filters: { ja: '絞り込み', en: 'Filters' },
  apply: { ja: 'この条件で表示する', en: 'Show advisories' },
  clear: { ja: '条件を解除', en: 'Clear filters' },
  severity: { ja: '深刻度', en: 'Severity' },
  audience: { ja: '対象', en: 'Audience' },
  prefecture: { ja: '都道府県', en: 'Prefecture' },
  prefectureHint: { ja: 'その都道府県と全国向けの注意喚起を表示します。', en: "Shows that prefecture's advisories and the nationwide ones." },
  any: { ja: '指定しない', en: 'Any' },
  includeAll: { ja: '期限切れ・取り下げ済みの注意喚起も表示する', en: 'Also show expired and withdrawn advisories' },
  current: { ja: '現在有効な注意喚起', en: 'Current advisories' },
  all: { ja: 'すべての注意喚起', en: 'All advisories' },
  none: { ja: '条件に合う注意喚起はありません。', en: 'No advisory matches these conditions.' },
  issuer: { ja: '発信元', en: 'Issued by' },
  published: { ja: '発信日', en: 'Published' },
  corrected: { ja: '最終訂正', en: 'Last corrected' },
  validUntil: { ja: '有効期限', en: 'Valid until' },
  untilWithdrawn: { ja: '定めなし（取り下げまで）', en: 'No end date (until withdrawn)' },
  who: { ja: '対象', en: 'Who is affected' },
  where: { ja: '地域', en: 'Where' },
  what: { ja: '何が起きているか', en: 'What is happening' },
  actions: { ja: 'とるべき対策', en: 'What to do' },
  links: { ja: '関連リンク', en: 'Links' },
  corrections: { ja: '訂正の履歴', en: 'Corrections' },
  withdrawn: { ja: '取り下げ', en: 'Withdrawn' },
  expired: { ja: '期限切れ', en: 'Expired' },
  correctedTag: { ja: '訂正あり', en: 'Corrected' },
  withdrawnBanner: { ja: 'この注意喚起は取り下げられました', en: 'This advisory has been withdrawn' },
  reason: { ja: '理由：', en: 'Reason: ' },
  subscribe: { ja: '注意喚起をメール・Webhook・プッシュ通知で受け取る', en: 'Get advisories by email, webhook or push notification' },
  feed: { ja: 'この条件の注意喚起をフィードで購読（Atom）', en: 'Follow these advisories in a feed reader (Atom)' },
  json: { ja: 'JSON（API）', en: 'JSON (API)' },
  back: { ja: '注意喚起の一覧', en: 'Advisories' },
} satisfies Record<string, Text>;

export function advisoriesHref(locale: Locale, f: AdvisoryFilters, extra: Record<string, string | undefined> = {}): string {
  const qs = filtersToSearchParams(f, extra).toString();
  return localePath(locale, '/advisories') + (qs ? `?${qs}` : '');
}

export function feedHref(locale: Locale, f: AdvisoryFilters): string {
  const qs = filtersToSearchParams(f).toString();
  return localePath(locale, '/advisories.atom') + (qs ? `?${qs}` : '');
}

/** The level in words with a symbol; the colour repeats what the word says (never the only signal). */
export function SeverityBadge({ locale, severity }: { locale: Locale; severity: Severity }) {
  const s = SEVERITY_LABELS[severity];
  return (
    <span class={`severity severity-${severity}`}>
      <span class="severity-symbol" aria-hidden="true">
        {s.symbol}
      </span>
      {s[locale]}
    </span>
  );
}

/**
 * Markdown written by the issuing organisation, as HTML. This is the one place the advisory pages
 * insert HTML: markdown-it's output with `html: false` (markdown.ts), in which raw HTML of the source
 * is escaped and links carry rel="noopener noreferrer nofollow". Never pass anything else here.
 */
function MarkdownBlock({ source, lang }: { source: string; lang?: Locale }) {
  return <div class="markdown" lang={lang} dangerouslySetInnerHTML={{ __html: renderMarkdown(source) }} />;
}

const pick = (locale: Locale, ja: string, en: string) => (locale === 'ja' ? ja : en || ja);
const orgLabel = (locale: Locale, a: PublicAdvisory) => (locale === 'ja' ? a.organisation.nameJa : a.organisation.nameEn);

export function AdvisoryCard({ locale, a, today }: { locale: Locale; a: PublicAdvisory; today: string }) {
  const t = tt(locale);
  return (
    <article class={`card advisory-card advisory-card-${a.severity}${a.withdrawnAt ? ' advisory-withdrawn' : ''}`}>
      <p class="advisory-badges">
        <SeverityBadge locale={locale} severity={a.severity} />
        {a.withdrawnAt ? <span class="tag tag-withdrawn">{t(X.withdrawn)}</span> : isExpired(a, today) ? <span class="tag tag-hidden">{t(X.expired)}</span> : null}
        {a.correctedAt ? <span class="tag tag-corrected">{t(X.correctedTag)}</span> : null}
      </p>
      <h3 class="card-title">
        <a href={localePath(locale, `/advisories/${a.id}`)}>{pick(locale, a.titleJa, a.titleEn)}</a>
      </h3>
      <dl class="card-meta">
        <div>
          <dt>{t(X.issuer)}</dt>
          <dd>{orgLabel(locale, a)}</dd>
        </div>
        <div>
          <dt>{t(X.published)}</dt>
          <dd>
            <time dateTime={a.publishedAt}>{formatDate(locale, a.publishedAt)}</time>
          </dd>
        </div>
        <div>
          <dt>{t(X.who)}</dt>
          <dd>{audiencesText(locale, a.audiences)}</dd>
        </div>
        <div>
          <dt>{t(X.where)}</dt>
          <dd>{areaText(locale, a.nationwide, a.prefectures)}</dd>
        </div>
      </dl>
    </article>
  );
}

function FilterForm({ locale, f }: { locale: Locale; f: AdvisoryFilters }) {
  const t = tt(locale);
  const open = f.audiences.length + f.severities.length > 0 || f.prefecture !== null || f.scope !== 'current';
  return (
    <form class="event-filters" method="get" action={localePath(locale, '/advisories')} novalidate>
      <details class="filter-panel" open={open || undefined}>
        <summary>{t(X.filters)}</summary>
        <div class="filter-grid">
          <fieldset class="fieldset filter-group">
            <legend class="label">{t(X.severity)}</legend>
            <ul class="check-list">
              {SEVERITIES.map((s) => (
                <li class="facet-option">
                  <input type="checkbox" id={`severity-${s}`} name="severity" value={s} checked={f.severities.includes(s)} />
                  <label for={`severity-${s}`}>{SEVERITY_LABELS[s][locale]}</label>
                </li>
              ))}
            </ul>
          </fieldset>
          <div class="filter-group">
            <label class="label" for="prefecture">
              {t(X.prefecture)}
            </label>
            <p class="hint" id="prefecture-hint">
              {t(X.prefectureHint)}
            </p>
            <select class="select" id="prefecture" name="prefecture" aria-describedby="prefecture-hint">
              <option value="">{t(X.any)}</option>
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
          <fieldset class="fieldset filter-group">
            <legend class="label">{t(X.audience)}</legend>
            {AUDIENCE_GROUPS.map((g) => (
              <div class="facet-group">
                <p class="facet-group-name">{AUDIENCE_GROUP_LABELS[g][locale]}</p>
                <ul class="check-list">
                  {AUDIENCES.filter((a) => AUDIENCE_LABELS[a].group === g).map((a) => (
                    <li class="facet-option">
                      <input type="checkbox" id={`audience-${a}`} name="audience" value={a} checked={f.audiences.includes(a)} />
                      <label for={`audience-${a}`}>{AUDIENCE_LABELS[a][locale]}</label>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </fieldset>
        </div>
        <div class="choice">
          <input type="checkbox" id="scope-all" name="scope" value="all" checked={f.scope === 'all'} />
          <label for="scope-all">{t(X.includeAll)}</label>
        </div>
        <div class="button-row">
          <button type="submit" class="button">
            {t(X.apply)}
          </button>
          <a href={localePath(locale, '/advisories')}>{t(X.clear)}</a>
        </div>
      </details>
    </form>
  );
}

function FollowLinks({ locale, f }: { locale: Locale; f: AdvisoryFilters }) {
  const t = tt(locale);
  const qs = filtersToSearchParams(f).toString();
  return (
    <ul class="downloads">
      <li>
        <a href={localePath(locale, '/subscribe')}>{t(X.subscribe)}</a>
      </li>
      <li>
        <a href={feedHref(locale, f)} type="application/atom+xml">
          {t(X.feed)}
        </a>
      </li>
      <li>
        <a href={`/api/v1/advisories${qs ? `?${qs}` : ''}`}>{t(X.json)}</a>
      </li>
    </ul>
  );
}

export function AdvisoryListPage({ locale, result, lastPage, today }: { locale: Locale; result: { items: PublicAdvisory[]; total: number; page: number; pageSize: number; filters: AdvisoryFilters }; lastPage: number; today: string }) {
  const t = tt(locale);
  const f = result.filters;
  const qs = filtersToSearchParams(f, { page: result.page > 1 ? String(result.page) : undefined }).toString();
  const from = result.total === 0 ? 0 : (result.page - 1) * result.pageSize + 1;
  const to = Math.min(result.total, result.page * result.pageSize);
  return (
    <Layout
      locale={locale}
      path={`/advisories${qs ? `?${qs}` : ''}`}
      title={t(X.title)}
      section="advisories"
      description={t(X.lead)}
      feeds={[{ href: feedHref(locale, f), title: t(X.feed), type: 'application/atom+xml' }]}
    >
      <h1>{t(X.title)}</h1>
      <p class="lead">{t(X.lead)}</p>
      <FilterForm locale={locale} f={f} />
      <section aria-labelledby="results-title">
        <h2 id="results-title">
          {t(f.scope === 'all' ? X.all : X.current)}
          <span class="results-count">
            {locale === 'ja'
              ? `（${formatNumber(locale, result.total)}件${result.total > 0 ? `中 ${from}〜${to}件を表示` : ''}）`
              : ` (${formatNumber(locale, result.total)}${result.total > 0 ? `, showing ${from}–${to}` : ''})`}
          </span>
        </h2>
        {result.total === 0 ? <p class="empty-state">{t(X.none)}</p> : null}
        <ul class="card-list">
          {result.items.map((a) => (
            <li>
              <AdvisoryCard locale={locale} a={a} today={today} />
            </li>
          ))}
        </ul>
        <Pagination locale={locale} page={result.page} last={lastPage} href={(p) => advisoriesHref(locale, f, { page: p === 1 ? undefined : String(p) })} />
        <FollowLinks locale={locale} f={f} />
      </section>
    </Layout>
  );
}

export function AdvisoryDetailPage({ locale, a, today }: { locale: Locale; a: PublicAdvisory; today: string }) {
  const t = tt(locale);
  const title = pick(locale, a.titleJa, a.titleEn);
  const fallback = locale === 'en' ? (en: string) => (en ? undefined : ('ja' as const)) : () => undefined;
  return (
    <Layout locale={locale} path={`/advisories/${a.id}`} title={a.withdrawnAt ? `【${t(X.withdrawn)}】${title}` : title} section="advisories">
      <Breadcrumbs locale={locale} trail={[{ path: '/advisories', label: t(X.back) }, { label: title }]} />
      {a.withdrawnAt ? (
        <div class="notice advisory-withdrawn-banner" role="note" aria-labelledby="withdrawn-title">
          <h2 id="withdrawn-title">
            {t(X.withdrawnBanner)}
            {locale === 'ja' ? `（${formatDate(locale, a.withdrawnAt)}）` : ` (${formatDate(locale, a.withdrawnAt)})`}
          </h2>
          {a.withdrawalNote ? (
            <p class="note-text">
              {t(X.reason)}
              {a.withdrawalNote}
            </p>
          ) : null}
        </div>
      ) : null}
      <p class="advisory-badges">
        <SeverityBadge locale={locale} severity={a.severity} />
        <span class="severity-description">{SEVERITY_LABELS[a.severity].description[locale]}</span>
        {!a.withdrawnAt && isExpired(a, today) ? <span class="tag tag-hidden">{t(X.expired)}</span> : null}
      </p>
      <h1>{title}</h1>
      <dl class="detail-list">
        <div>
          <dt>{t(X.issuer)}</dt>
          <dd>
            <a href={localePath(locale, `/organisations/${a.organisation.slug}`)}>{orgLabel(locale, a)}</a>
          </dd>
        </div>
        <div>
          <dt>{t(X.published)}</dt>
          <dd>
            <time dateTime={a.publishedAt}>{formatDateTime(locale, a.publishedAt)}</time>
          </dd>
        </div>
        {a.correctedAt ? (
          <div>
            <dt>{t(X.corrected)}</dt>
            <dd>
              <time dateTime={a.correctedAt}>{formatDateTime(locale, a.correctedAt)}</time>
            </dd>
          </div>
        ) : null}
        <div>
          <dt>{t(X.validUntil)}</dt>
          <dd>{a.validUntil ? formatDate(locale, a.validUntil) : t(X.untilWithdrawn)}</dd>
        </div>
        <div>
          <dt>{t(X.who)}</dt>
          <dd>{audiencesText(locale, a.audiences)}</dd>
        </div>
        <div>
          <dt>{t(X.where)}</dt>
          <dd>{areaText(locale, a.nationwide, a.prefectures)}</dd>
        </div>
      </dl>
      {a.correctedAt && a.correctionNoteJa ? (
        <div class="notice notice-info" role="note">
          <h2>{locale === 'ja' ? `訂正（${formatDate(locale, a.correctedAt)}）` : `Corrected (${formatDate(locale, a.correctedAt)})`}</h2>
          <p class="note-text">{pick(locale, a.correctionNoteJa, a.correctionNoteEn ?? '')}</p>
        </div>
      ) : null}
      <h2>{t(X.what)}</h2>
      <MarkdownBlock source={pick(locale, a.whatJa, a.whatEn)} lang={fallback(a.whatEn)} />
      <h2>{t(X.actions)}</h2>
      <MarkdownBlock source={pick(locale, a.actionsJa, a.actionsEn)} lang={fallback(a.actionsEn)} />
      {a.links.length ? (
        <>
          <h2>{t(X.links)}</h2>
          <ul class="link-list">
            {a.links.map((l) => (
              <li>
                <a href={/^https?:\/\//i.test(l.url) ? l.url : undefined} rel="noopener noreferrer nofollow">
                  {l.label}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {a.corrections.length ? (
        <>
          <h2>{t(X.corrections)}</h2>
          <ol class="history">
            {a.corrections.map((c) => (
              <li>
                <p>
                  <time dateTime={c.correctedAt}>{formatDateTime(locale, c.correctedAt)}</time>
                </p>
                <p class="history-note">{pick(locale, c.noteJa, c.noteEn)}</p>
              </li>
            ))}
          </ol>
        </>
      ) : null}
      <ul class="downloads">
        <li>
          <a href={localePath(locale, '/subscribe')}>{t(X.subscribe)}</a>
        </li>
        <li>
          <a href={`/api/v1/advisories/${a.id}`}>{t(X.json)}</a>
        </li>
      </ul>
    </Layout>
  );
}
