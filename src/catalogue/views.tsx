// Catalogue pages: the filtered list with facets, and one initiative.
import { formatDate, formatNumber, localePath, type Locale, type Text } from '../i18n/locale.ts';
import type { StrategyMeasure } from '../strategy/model.ts';
import { PREFECTURES, REGION_BLOCKS, REGION_BLOCK_LABELS } from '../taxonomy/prefectures.ts';
import {
  AUDIENCE_GROUP_LABELS,
  AUDIENCE_GROUPS,
  AUDIENCE_LABELS,
  AUDIENCES,
  INITIATIVE_STATUS_LABELS,
  JUDGEABLE_FIELD_LABELS,
  METHODS,
  SECTORS,
  type Audience,
} from '../taxonomy/taxonomy.ts';
import { Breadcrumbs, JudgedMark, Pagination, RelatedList } from '../web/components.tsx';
import { audienceLabel, methodLabel, orgName, orgShortName, parenthesised, regionLabel, sectorLabel } from '../web/labels.ts';
import { Layout } from '../web/layout.tsx';
import type { CataloguePage, CatalogueFilters, Initiative, OrganisationRef, RelatedLink, Sort } from './model.ts';
import { filtersToSearchParams, MAX_QUERY_LENGTH } from './schema.ts';

const T = {
  title: { ja: '取組を探す', en: 'Find initiatives' },
  lead: {
    ja: '官民の普及啓発の取組を、対象・手法・実施主体・地域で絞り込めます。',
    en: 'Public and private awareness initiatives, narrowed down by audience, method, organisation and region.',
  },
  search: { ja: 'キーワード', en: 'Keywords' },
  searchHint: { ja: '例：詐欺、相談、IPA（1文字から検索できます）', en: 'For example: phishing, SME, IPA' },
  searchButton: { ja: '検索', en: 'Search' },
  filters: { ja: '絞り込み', en: 'Filters' },
  apply: { ja: 'この条件で絞り込む', en: 'Apply filters' },
  clear: { ja: 'すべての条件を解除', en: 'Clear all filters' },
  audience: { ja: '対象', en: 'Audience' },
  method: { ja: '手法', en: 'Method' },
  sector: { ja: '区分', en: 'Sector' },
  org: { ja: '実施団体', en: 'Organisation' },
  region: { ja: '地域', en: 'Region' },
  measure: { ja: '戦略上の位置付け', en: 'Strategy measure' },
  sort: { ja: '並び順', en: 'Sort by' },
  results: { ja: '検索結果', en: 'Results' },
  none: {
    ja: '条件に合う取組はありません。条件を減らすか、別のことばで検索してください。',
    en: 'No initiative matches these conditions. Remove a filter or try other words.',
  },
  csv: { ja: 'この一覧をCSVでダウンロード', en: 'Download this list as CSV' },
  json: { ja: 'JSON（API）', en: 'JSON (API)' },
  matrix: { ja: 'この条件で対象×手法マトリクスを見る', en: 'See the coverage matrix for these filters' },
  current: { ja: '選択中の条件', en: 'Selected filters' },
  remove: { ja: 'を解除', en: ': remove' },
  judgedNote: {
    ja: '（推定）は、出典の表から読み取れず編集部が判断した値です。',
    en: '"(judged)" marks values the editors judged because the source table does not state them.',
  },
  allOrgs: { ja: 'ほかの団体は実施団体の一覧から選べます', en: 'Choose other bodies from the list of organisations' },
  regionHint: {
    ja: '都道府県を選ぶと、その地域で実施する取組と全国で実施する取組が表示されます。',
    en: 'A prefecture shows the initiatives held there and the nationwide ones.',
  },
} satisfies Record<string, Text>;

const SORT_LABELS: Record<Sort, Text> = {
  relevance: { ja: '関連度順', en: 'Relevance' },
  title: { ja: '名称順', en: 'Title' },
  updated: { ja: '更新日が新しい順', en: 'Recently updated' },
};

/** The organisation facet shows the bodies with most initiatives here, and always the selected ones. */
export const ORG_FACET_SIZE = 15;

function topOrganisations(all: OrganisationRef[], counts: Map<string, number>, selected: string[]): OrganisationRef[] {
  const top = all
    .filter((o) => (counts.get(o.slug) ?? 0) > 0)
    .sort((a, b) => (counts.get(b.slug) ?? 0) - (counts.get(a.slug) ?? 0))
    .slice(0, ORG_FACET_SIZE);
  const extra = all.filter((o) => selected.includes(o.slug) && !top.includes(o));
  return [...top, ...extra];
}

export function catalogueHref(locale: Locale, f: CatalogueFilters, extra: Record<string, string | undefined> = {}): string {
  const qs = filtersToSearchParams(f, extra).toString();
  return localePath(locale, '/initiatives') + (qs ? `?${qs}` : '');
}

function without(f: CatalogueFilters, key: keyof CatalogueFilters, value?: string): CatalogueFilters {
  if (key === 'q') return { ...f, q: '' };
  return { ...f, [key]: (f[key] as string[]).filter((v) => v !== value) };
}

function Checkbox(props: { name: string; value: string; checked: boolean; label: string; count: number; locale: Locale; idPrefix: string; depth?: number }) {
  const id = `${props.idPrefix}-${props.value}`;
  return (
    <li class={props.depth === undefined ? 'facet-option' : `facet-option depth-${Math.min(props.depth, 4)}`}>
      <input type="checkbox" id={id} name={props.name} value={props.value} checked={props.checked} />
      <label for={id}>
        {props.label} <span class="facet-count">({formatNumber(props.locale, props.count)}<span class="visually-hidden">{props.locale === 'ja' ? '件' : ' initiatives'}</span>)</span>
      </label>
    </li>
  );
}

function Facet(props: { legend: string; selected: number; open?: boolean; children: preact.ComponentChildren; locale: Locale; hint?: string; id: string }) {
  const open = props.open || props.selected > 0;
  return (
    <details class="facet" open={open}>
      <summary>
        {props.legend}
        {props.selected > 0 ? <span class="facet-selected">{props.locale === 'ja' ? `（${props.selected}件選択中）` : ` (${props.selected} selected)`}</span> : null}
      </summary>
      <fieldset aria-describedby={props.hint ? `${props.id}-hint` : undefined}>
        <legend class="visually-hidden">{props.legend}</legend>
        {props.hint ? (
          <p class="hint" id={`${props.id}-hint`}>
            {props.hint}
          </p>
        ) : null}
        {props.children}
      </fieldset>
    </details>
  );
}

export function InitiativeSummary({ locale, item }: { locale: Locale; item: Initiative }) {
  const t = (x: Text) => x[locale];
  const judged = new Set(item.judged);
  return (
    <article class="card">
      <h3 class="card-title">
        <a href={localePath(locale, `/initiatives/${item.id}`)}>{locale === 'ja' ? item.titleJa : item.titleEn}</a>
      </h3>
      <p class="card-orgs">{item.organisations.map((o) => orgShortName(locale, o)).join(locale === 'ja' ? '、' : ', ')}</p>
      <p class="card-summary">{locale === 'ja' ? item.summaryJa : item.summaryEn}</p>
      <dl class="card-meta">
        <div>
          <dt>{t(T.audience)}</dt>
          <dd>
            {item.audiences.map((a) => (
              <span class="tag">{audienceLabel(locale, a)}</span>
            ))}
            {judged.has('audiences') ? <JudgedMark locale={locale} /> : null}
          </dd>
        </div>
        <div>
          <dt>{t(T.method)}</dt>
          <dd>
            {item.methods.map((m) => (
              <span class="tag tag-method">{methodLabel(locale, m)}</span>
            ))}
          </dd>
        </div>
        <div>
          <dt>{t(T.sector)}</dt>
          <dd>{sectorLabel(locale, item.sector)}</dd>
        </div>
        <div>
          <dt>{t(T.region)}</dt>
          <dd>{item.nationwide ? regionLabel(locale, 'nationwide') : item.prefectures.map((p) => regionLabel(locale, p)).join(locale === 'ja' ? '、' : ', ')}</dd>
        </div>
      </dl>
    </article>
  );
}

export interface CatalogueListProps {
  locale: Locale;
  result: CataloguePage;
  lastPage: number;
  organisations: OrganisationRef[];
  measures: StrategyMeasure[];
}

export function CatalogueListPage({ locale, result, lastPage, organisations, measures }: CatalogueListProps) {
  const t = (x: Text) => x[locale];
  const f = result.filters;
  const c = result.facets;
  const sortParam = result.sort === (f.q ? 'relevance' : 'title') ? undefined : result.sort;
  const pageHref = (p: number) => catalogueHref(locale, f, { sort: sortParam, page: p === 1 ? undefined : String(p) });
  const path = filtersToSearchParams(f, { sort: sortParam, page: result.page === 1 ? undefined : String(result.page) }).toString();
  const orgBySlug = new Map(organisations.map((o) => [o.slug, o]));
  const measureBySlug = new Map(measures.map((m) => [m.slug, m]));
  const chips: { label: string; href: string }[] = [
    ...(f.q ? [{ label: `「${f.q}」`, href: catalogueHref(locale, without(f, 'q')) }] : []),
    ...f.audiences.map((a) => ({ label: audienceLabel(locale, a), href: catalogueHref(locale, without(f, 'audiences', a)) })),
    ...f.methods.map((m) => ({ label: methodLabel(locale, m), href: catalogueHref(locale, without(f, 'methods', m)) })),
    ...f.sectors.map((s) => ({ label: sectorLabel(locale, s), href: catalogueHref(locale, without(f, 'sectors', s)) })),
    ...f.orgs.map((o) => ({ label: orgBySlug.has(o) ? orgShortName(locale, orgBySlug.get(o)!) : o, href: catalogueHref(locale, without(f, 'orgs', o)) })),
    ...f.regions.map((r) => ({ label: regionLabel(locale, r), href: catalogueHref(locale, without(f, 'regions', r)) })),
    ...f.measures.map((m) => ({
      label: measureBySlug.has(m) ? (locale === 'ja' ? measureBySlug.get(m)!.titleJa : measureBySlug.get(m)!.titleEn) : m,
      href: catalogueHref(locale, without(f, 'measures', m)),
    })),
  ];
  const from = result.total === 0 ? 0 : (result.page - 1) * result.pageSize + 1;
  const to = Math.min(result.total, result.page * result.pageSize);
  const title = result.total > 0 && (chips.length > 0 || result.page > 1) ? t(T.title) + parenthesised(locale, `${formatNumber(locale, result.total)}${locale === 'ja' ? '件' : ''}`) : t(T.title);
  return (
    <Layout locale={locale} path={`/initiatives${path ? `?${path}` : ''}`} title={title} section="initiatives" description={t(T.lead)}>
      <h1>{t(T.title)}</h1>
      <p class="lead">{t(T.lead)}</p>
      <form class="catalogue-form" method="get" action={localePath(locale, '/initiatives')} role="search" novalidate>
        <div class="search-row">
          <label for="q" class="label">
            {t(T.search)}
          </label>
          <p class="hint" id="q-hint">
            {t(T.searchHint)}
          </p>
          <div class="search-input">
            <input type="search" id="q" name="q" value={f.q} maxLength={MAX_QUERY_LENGTH} aria-describedby="q-hint" autoComplete="off" />
            <button type="submit" class="button">
              {t(T.searchButton)}
            </button>
          </div>
        </div>
        <div class="catalogue-layout">
          <section class="facets" aria-labelledby="facets-title">
            <h2 id="facets-title">{t(T.filters)}</h2>
            <p class="jump-to-results">
              <a href="#results-title">
                {locale === 'ja' ? `検索結果へ移動（${formatNumber(locale, result.total)}件）` : `Go to the results (${formatNumber(locale, result.total)})`}
              </a>
            </p>
            <Facet legend={t(T.audience)} selected={f.audiences.length} open locale={locale} id="facet-audience">
              {AUDIENCE_GROUPS.map((g) => (
                <div class="facet-group">
                  <p class="facet-group-name">{AUDIENCE_GROUP_LABELS[g][locale]}</p>
                  <ul>
                    {AUDIENCES.filter((a) => AUDIENCE_LABELS[a].group === g).map((a: Audience) => (
                      <Checkbox name="audience" idPrefix="audience" value={a} checked={f.audiences.includes(a)} label={audienceLabel(locale, a)} count={c.audience.get(a) ?? 0} locale={locale} />
                    ))}
                  </ul>
                </div>
              ))}
            </Facet>
            <Facet legend={t(T.method)} selected={f.methods.length} open locale={locale} id="facet-method">
              <ul>
                {METHODS.map((m) => (
                  <Checkbox name="method" idPrefix="method" value={m} checked={f.methods.includes(m)} label={methodLabel(locale, m)} count={c.method.get(m) ?? 0} locale={locale} />
                ))}
              </ul>
            </Facet>
            <Facet legend={t(T.sector)} selected={f.sectors.length} open locale={locale} id="facet-sector">
              <ul>
                {SECTORS.map((s) => (
                  <Checkbox name="sector" idPrefix="sector" value={s} checked={f.sectors.includes(s)} label={sectorLabel(locale, s)} count={c.sector.get(s) ?? 0} locale={locale} />
                ))}
              </ul>
            </Facet>
            <Facet legend={t(T.org)} selected={f.orgs.length} locale={locale} id="facet-org">
              <ul>
                {topOrganisations(organisations, c.org, f.orgs).map((o) => (
                  <Checkbox name="org" idPrefix="org" value={o.slug} checked={f.orgs.includes(o.slug)} label={orgName(locale, o) + (o.abbreviation && o.abbreviation !== orgName(locale, o) ? parenthesised(locale, o.abbreviation) : '')} count={c.org.get(o.slug) ?? 0} locale={locale} />
                ))}
              </ul>
              {[...c.org.values()].filter((n) => n > 0).length > ORG_FACET_SIZE ? (
                <p class="hint">
                  <a href={localePath(locale, '/organisations')}>{t(T.allOrgs)}</a>
                </p>
              ) : null}
            </Facet>
            <Facet legend={t(T.region)} selected={f.regions.length} locale={locale} hint={t(T.regionHint)} id="facet-region">
              <ul>
                <Checkbox name="region" idPrefix="region" value="nationwide" checked={f.regions.includes('nationwide')} label={regionLabel(locale, 'nationwide')} count={c.region.get('nationwide') ?? 0} locale={locale} />
              </ul>
              {REGION_BLOCKS.map((b) => (
                <div class="facet-group">
                  <p class="facet-group-name">{REGION_BLOCK_LABELS[b][locale]}</p>
                  <ul class="facet-columns">
                    {PREFECTURES.filter((p) => p.block === b).map((p) => (
                      <Checkbox name="region" idPrefix="region" value={p.code} checked={f.regions.includes(p.code)} label={p[locale]} count={c.region.get(p.code) ?? result.regionDefault} locale={locale} />
                    ))}
                  </ul>
                </div>
              ))}
            </Facet>
            <Facet legend={t(T.measure)} selected={f.measures.length} locale={locale} id="facet-measure">
              <ul class="facet-tree">
                {measures
                  .filter((m) => (c.measure.get(m.slug) ?? 0) > 0 || f.measures.includes(m.slug))
                  .map((m) => (
                    <Checkbox name="measure" idPrefix="measure" value={m.slug} depth={m.depth} checked={f.measures.includes(m.slug)} label={locale === 'ja' ? m.titleJa : m.titleEn} count={c.measure.get(m.slug) ?? 0} locale={locale} />
                  ))}
              </ul>
            </Facet>
            <div class="sort-row">
              <label for="sort" class="label">
                {t(T.sort)}
              </label>
              <select id="sort" name="sort">
                {(f.q ? (['relevance', 'title', 'updated'] as const) : (['title', 'updated'] as const)).map((s) => (
                  <option value={s} selected={result.sort === s}>
                    {t(SORT_LABELS[s])}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" class="button">
              {t(T.apply)}
            </button>
          </section>
          <section class="results" aria-labelledby="results-title">
            <h2 id="results-title" tabIndex={-1}>
              {t(T.results)}
              <span class="results-count" role="status">
                {locale === 'ja'
                  ? `${formatNumber(locale, result.total)}件${result.total > 0 ? `中 ${from}〜${to}件を表示` : ''}`
                  : `${formatNumber(locale, result.total)} initiatives${result.total > 0 ? `, showing ${from}–${to}` : ''}`}
              </span>
            </h2>
            {chips.length > 0 ? (
              <div class="chips">
                <p class="chips-title">{t(T.current)}</p>
                <ul>
                  {chips.map((ch) => (
                    <li>
                      <a class="chip" href={ch.href}>
                        {ch.label}
                        <span class="visually-hidden">{t(T.remove)}</span>
                        <span aria-hidden="true"> ×</span>
                      </a>
                    </li>
                  ))}
                  <li>
                    <a href={localePath(locale, '/initiatives')}>{t(T.clear)}</a>
                  </li>
                </ul>
              </div>
            ) : null}
            {result.total === 0 ? <p class="empty-state">{t(T.none)}</p> : null}
            <ul class="card-list">
              {result.items.map((item) => (
                <li>
                  <InitiativeSummary locale={locale} item={item} />
                </li>
              ))}
            </ul>
            <Pagination locale={locale} page={result.page} last={lastPage} href={pageHref} />
            <p class="hint">{t(T.judgedNote)}</p>
            <ul class="downloads">
              <li>
                <a href={`/initiatives.csv${path ? `?${filtersToSearchParams(f, { sort: sortParam }).toString()}` : ''}`} download>
                  {t(T.csv)}
                </a>
              </li>
              <li>
                <a href={`/api/v1/initiatives?${filtersToSearchParams(f, { sort: sortParam }).toString()}`}>{t(T.json)}</a>
              </li>
              <li>
                <a href={localePath(locale, '/matrix') + (filtersToSearchParams(f).toString() ? `?${filtersToSearchParams(f).toString()}` : '')}>{t(T.matrix)}</a>
              </li>
            </ul>
          </section>
        </div>
      </form>
    </Layout>
  );
}

const D = {
  orgs: { ja: '実施主体', en: 'Run by' },
  url: { ja: 'ウェブサイト', en: 'Website' },
  status: { ja: '状況', en: 'Status' },
  source: { ja: '出典', en: 'Source' },
  judged: { ja: '編集部の判断による項目', en: 'Judged by the editors' },
  updated: { ja: '最終更新', en: 'Last updated' },
  back: { ja: '取組一覧へ戻る', en: 'Back to the list of initiatives' },
  none: { ja: 'なし', en: 'None' },
} satisfies Record<string, Text>;

export function InitiativeDetailPage({ locale, item, measures, related = [] }: { locale: Locale; item: Initiative; measures: StrategyMeasure[]; related?: RelatedLink[] }) {
  const t = (x: Text) => x[locale];
  const title = locale === 'ja' ? item.titleJa : item.titleEn;
  const judged = new Set(item.judged);
  const mBySlug = new Map(measures.map((m) => [m.slug, m]));
  const J = (field: Parameters<typeof judged.has>[0]) => (judged.has(field) ? <JudgedMark locale={locale} /> : null);
  return (
    <Layout locale={locale} path={`/initiatives/${item.id}`} title={title} section="initiatives" description={locale === 'ja' ? item.summaryJa : item.summaryEn}>
      <Breadcrumbs locale={locale} trail={[{ path: '/', label: t({ ja: 'ホーム', en: 'Home' }) }, { path: '/initiatives', label: t(T.title) }, { label: title }]} />
      <h1>{title}</h1>
      {locale === 'en' ? <p class="subtitle" lang="ja">{item.titleJa}</p> : null}
      <p class="lead">
        {locale === 'ja' ? item.summaryJa : item.summaryEn}
        {J('summary')}
      </p>
      <dl class="detail-list">
        <div>
          <dt>{t(D.orgs)}</dt>
          <dd>
            <ul class="inline-list">
              {item.organisations.map((o) => (
                <li>
                  <a href={localePath(locale, `/organisations/${o.slug}`)}>{orgName(locale, o)}</a>
                </li>
              ))}
            </ul>
          </dd>
        </div>
        <div>
          <dt>{t(T.audience)}</dt>
          <dd>
            {item.audiences.map((a) => (
              <a class="tag" href={catalogueHref(locale, { q: '', audiences: [a], methods: [], sectors: [], orgs: [], regions: [], measures: [] })}>
                {audienceLabel(locale, a)}
              </a>
            ))}
            {J('audiences')}
          </dd>
        </div>
        <div>
          <dt>{t(T.method)}</dt>
          <dd>
            {item.methods.map((m) => (
              <span class="tag tag-method">{methodLabel(locale, m)}</span>
            ))}
            {J('methods')}
          </dd>
        </div>
        <div>
          <dt>{t(T.sector)}</dt>
          <dd>{sectorLabel(locale, item.sector)}</dd>
        </div>
        <div>
          <dt>{t(T.region)}</dt>
          <dd>
            {item.nationwide ? regionLabel(locale, 'nationwide') : item.prefectures.map((p) => regionLabel(locale, p)).join(locale === 'ja' ? '、' : ', ')}
            {J('regions')}
          </dd>
        </div>
        <div>
          <dt>{t(T.measure)}</dt>
          <dd>
            {item.measures.length === 0 ? t(D.none) : (
              <ul class="plain-list">
                {item.measures.map((s) => (
                  <li>
                    <a href={catalogueHref(locale, { q: '', audiences: [], methods: [], sectors: [], orgs: [], regions: [], measures: [s] })}>
                      {mBySlug.get(s) ? (locale === 'ja' ? mBySlug.get(s)!.titleJa : mBySlug.get(s)!.titleEn) : s}
                    </a>
                  </li>
                ))}
              </ul>
            )}
            {J('measures')}
          </dd>
        </div>
        <div>
          <dt>{t(D.status)}</dt>
          <dd>{INITIATIVE_STATUS_LABELS[item.status][locale]}</dd>
        </div>
        <div>
          <dt>{t(D.url)}</dt>
          <dd>
            {item.url ? (
              <a href={item.url} rel="noopener noreferrer">
                {item.url}
              </a>
            ) : (
              t(D.none)
            )}
            {item.url ? J('url') : null}
          </dd>
        </div>
        <div>
          <dt>{t(D.source)}</dt>
          <dd>
            {item.source === 'organisation' ? t({ ja: '実施団体による登録', en: 'Registered by the organisation' }) : item.source}
            {item.sourceDate ? parenthesised(locale, formatDate(locale, item.sourceDate)) : null}
          </dd>
        </div>
        <div>
          <dt>{t({ ja: '団体による最終確認', en: 'Last confirmed by the organisation' })}</dt>
          <dd>{item.confirmedAt ? formatDate(locale, item.confirmedAt) : t({ ja: 'まだ確認されていません', en: 'Not yet confirmed' })}</dd>
        </div>
        {item.judged.length > 0 ? (
          <div>
            <dt>{t(D.judged)}</dt>
            <dd>
              {item.judged.map((j) => JUDGEABLE_FIELD_LABELS[j][locale]).join(locale === 'ja' ? '、' : ', ')}
              {item.judgementNote ? <p class="hint" lang="ja">{item.judgementNote}</p> : null}
            </dd>
          </div>
        ) : null}
        <div>
          <dt>{t(D.updated)}</dt>
          <dd>
            <time dateTime={item.updatedAt}>{formatDate(locale, item.updatedAt)}</time>
          </dd>
        </div>
      </dl>
      <RelatedList locale={locale} title={{ ja: 'この取組の教材・ツール', en: 'Materials for this initiative' }} items={related} />
      <p>
        <a href={localePath(locale, '/initiatives')}>{t(D.back)}</a>
      </p>
    </Layout>
  );
}
