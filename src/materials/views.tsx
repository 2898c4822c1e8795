// The library's public pages: the list with facets and search, and one material with its preview,
// licence, credit line, file versions and the initiatives and events it belongs to.
import type { ComponentChildren } from 'preact';
import { formatDate, formatNumber, localePath, type Locale, type Text } from '../i18n/locale.ts';
import { AUDIENCE_GROUP_LABELS, AUDIENCE_GROUPS, AUDIENCE_LABELS, AUDIENCES } from '../taxonomy/taxonomy.ts';
import { Breadcrumbs, Pagination } from '../web/components.tsx';
import { audienceLabel, orgName, parenthesised } from '../web/labels.ts';
import { Layout } from '../web/layout.tsx';
import { MAX_QUERY_LENGTH } from '../catalogue/schema.ts';
import { formatBytes } from './material-kind.ts';
import {
  isPreviewableImage,
  LICENCE_INFO,
  LICENCES,
  MATERIAL_FORMAT_LABELS,
  MATERIAL_FORMATS,
  MATERIAL_LANGUAGE_LABELS,
  MATERIAL_LANGUAGES,
  MEDIA_TYPE_LABELS,
  type Material,
  type MaterialFileVersion,
  type MaterialFilters,
  type MaterialPage,
  type MaterialSort,
} from './model.ts';
import { materialFiltersToSearchParams } from './schema.ts';

const T = {
  title: { ja: 'ツール・教材', en: 'Materials' },
  lead: {
    ja: '官民の団体が提供する啓発用のハンドブック、リーフレット、ポスター、スライド、動画、教材などを、対象・種類・利用条件・言語・団体で探せます。',
    en: 'Handbooks, leaflets, posters, slides, videos and teaching materials from public and private bodies, by audience, kind, licence, language and organisation.',
  },
  search: { ja: 'キーワード', en: 'Keywords' },
  searchHint: { ja: '例：フィッシング、パスワード、中小企業', en: 'For example: phishing, passwords, SME' },
  searchButton: { ja: '検索', en: 'Search' },
  filters: { ja: '絞り込み', en: 'Filters' },
  apply: { ja: 'この条件で絞り込む', en: 'Apply filters' },
  clear: { ja: 'すべての条件を解除', en: 'Clear all filters' },
  audience: { ja: '対象', en: 'Audience' },
  format: { ja: '種類', en: 'Kind' },
  licence: { ja: '利用条件', en: 'Licence' },
  language: { ja: '言語', en: 'Language' },
  org: { ja: '提供団体', en: 'Organisation' },
  sort: { ja: '並び順', en: 'Sort by' },
  results: { ja: '検索結果', en: 'Results' },
  none: { ja: '条件に合う教材はありません。条件を減らすか、別のことばで検索してください。', en: 'No material matches these conditions. Remove a filter or try other words.' },
  current: { ja: '選択中の条件', en: 'Selected filters' },
  remove: { ja: 'を解除', en: ': remove' },
  json: { ja: 'JSON（API）', en: 'JSON (API)' },
} satisfies Record<string, Text>;

const SORT_LABELS: Record<MaterialSort, Text> = {
  relevance: { ja: '関連度順', en: 'Relevance' },
  newest: { ja: '新しい順', en: 'Newest first' },
  title: { ja: '名称順', en: 'Title' },
};

export function materialsHref(locale: Locale, f: MaterialFilters, extra: Record<string, string | undefined> = {}): string {
  const qs = materialFiltersToSearchParams(f, extra).toString();
  return localePath(locale, '/materials') + (qs ? `?${qs}` : '');
}

const NO_FILTERS: MaterialFilters = { q: '', audiences: [], formats: [], licences: [], languages: [], orgs: [] };

function without(f: MaterialFilters, key: keyof MaterialFilters, value?: string): MaterialFilters {
  if (key === 'q') return { ...f, q: '' };
  return { ...f, [key]: (f[key] as string[]).filter((v) => v !== value) };
}

function Checkbox(p: { name: string; value: string; checked: boolean; label: string; count: number; locale: Locale }) {
  const id = `${p.name}-${p.value}`;
  return (
    <li class="facet-option">
      <input type="checkbox" id={id} name={p.name} value={p.value} checked={p.checked} />
      <label for={id}>
        {p.label}{' '}
        <span class="facet-count">
          ({formatNumber(p.locale, p.count)}
          <span class="visually-hidden">{p.locale === 'ja' ? '件' : ' materials'}</span>)
        </span>
      </label>
    </li>
  );
}

function Facet(p: { legend: string; selected: number; open?: boolean; locale: Locale; children: ComponentChildren }) {
  return (
    <details class="facet" open={p.open || p.selected > 0}>
      <summary>
        {p.legend}
        {p.selected > 0 ? <span class="facet-selected">{p.locale === 'ja' ? `（${p.selected}件選択中）` : ` (${p.selected} selected)`}</span> : null}
      </summary>
      <fieldset>
        <legend class="visually-hidden">{p.legend}</legend>
        {p.children}
      </fieldset>
    </details>
  );
}

export function fileLabel(locale: Locale, f: Pick<MaterialFileVersion, 'mediaType' | 'size'>): string {
  return `${MEDIA_TYPE_LABELS[f.mediaType] ?? f.mediaType}${locale === 'ja' ? '・' : ', '}${formatBytes(locale, f.size)}`;
}

export const fileHref = (materialId: number, fileId: number) => `/materials/${materialId}/files/${fileId}`;

function MaterialCard({ locale, m }: { locale: Locale; m: Material }) {
  const t = (x: Text) => x[locale];
  const title = locale === 'ja' ? m.titleJa : m.titleEn;
  return (
    <article class="card material-card">
      <h3 class="card-title">
        <a href={localePath(locale, `/materials/${m.id}`)}>{title}</a>
      </h3>
      <p class="card-orgs">{m.organisations.map((o) => o.abbreviation ?? orgName(locale, o)).join(locale === 'ja' ? '、' : ', ')}</p>
      <p class="card-summary">{locale === 'ja' ? m.summaryJa : m.summaryEn}</p>
      <dl class="card-meta">
        <div>
          <dt>{t(T.format)}</dt>
          <dd>
            <span class="tag tag-method">{MATERIAL_FORMAT_LABELS[m.format][locale]}</span>
            {m.file ? <span class="material-filetype">{fileLabel(locale, m.file)}</span> : null}
            {m.url ? <span class="material-filetype">{t({ ja: '外部リンク', en: 'External link' })}</span> : null}
          </dd>
        </div>
        <div>
          <dt>{t(T.audience)}</dt>
          <dd>
            {m.audiences.map((a) => (
              <span class="tag">{audienceLabel(locale, a)}</span>
            ))}
          </dd>
        </div>
        <div>
          <dt>{t(T.language)}</dt>
          <dd>{MATERIAL_LANGUAGE_LABELS[m.language][locale]}</dd>
        </div>
        <div>
          <dt>{t(T.licence)}</dt>
          <dd>{LICENCE_INFO[m.licence].label[locale]}</dd>
        </div>
      </dl>
    </article>
  );
}

export function MaterialListPage({ locale, result, lastPage }: { locale: Locale; result: MaterialPage; lastPage: number }) {
  const t = (x: Text) => x[locale];
  const f = result.filters;
  const c = result.facets;
  const defaultSort: MaterialSort = f.q ? 'relevance' : 'newest';
  const sortParam = result.sort === defaultSort ? undefined : result.sort;
  const pageHref = (p: number) => materialsHref(locale, f, { sort: sortParam, page: p === 1 ? undefined : String(p) });
  const path = materialFiltersToSearchParams(f, { sort: sortParam, page: result.page === 1 ? undefined : String(result.page) }).toString();
  const orgBySlug = new Map(c.org.map((o) => [o.org.slug, o.org]));
  const chips: { label: string; href: string }[] = [
    ...(f.q ? [{ label: `「${f.q}」`, href: materialsHref(locale, without(f, 'q')) }] : []),
    ...f.audiences.map((a) => ({ label: audienceLabel(locale, a), href: materialsHref(locale, without(f, 'audiences', a)) })),
    ...f.formats.map((x) => ({ label: MATERIAL_FORMAT_LABELS[x][locale], href: materialsHref(locale, without(f, 'formats', x)) })),
    ...f.licences.map((x) => ({ label: LICENCE_INFO[x].label[locale], href: materialsHref(locale, without(f, 'licences', x)) })),
    ...f.languages.map((x) => ({ label: MATERIAL_LANGUAGE_LABELS[x][locale], href: materialsHref(locale, without(f, 'languages', x)) })),
    ...f.orgs.map((o) => ({ label: orgBySlug.has(o) ? orgName(locale, orgBySlug.get(o)!) : o, href: materialsHref(locale, without(f, 'orgs', o)) })),
  ];
  const from = result.total === 0 ? 0 : (result.page - 1) * result.pageSize + 1;
  const to = Math.min(result.total, result.page * result.pageSize);
  const title = result.total > 0 && (chips.length > 0 || result.page > 1) ? t(T.title) + parenthesised(locale, `${formatNumber(locale, result.total)}${locale === 'ja' ? '件' : ''}`) : t(T.title);
  const orgs = [...c.org].sort((a, b) => b.count - a.count || a.org.nameJa.localeCompare(b.org.nameJa, 'ja'));
  for (const s of f.orgs) if (!orgs.some((o) => o.org.slug === s) && orgBySlug.has(s)) orgs.push({ org: orgBySlug.get(s)!, count: 0 });
  return (
    <Layout locale={locale} path={`/materials${path ? `?${path}` : ''}`} title={title} section="materials" description={t(T.lead)}>
      <h1>{t(T.title)}</h1>
      <p class="lead">{t(T.lead)}</p>
      <form class="catalogue-form" method="get" action={localePath(locale, '/materials')} role="search" novalidate>
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
              <a href="#results-title">{locale === 'ja' ? `検索結果へ移動（${formatNumber(locale, result.total)}件）` : `Go to the results (${formatNumber(locale, result.total)})`}</a>
            </p>
            <Facet legend={t(T.audience)} selected={f.audiences.length} open locale={locale}>
              {AUDIENCE_GROUPS.map((g) => (
                <div class="facet-group">
                  <p class="facet-group-name">{AUDIENCE_GROUP_LABELS[g][locale]}</p>
                  <ul>
                    {AUDIENCES.filter((a) => AUDIENCE_LABELS[a].group === g).map((a) => (
                      <Checkbox name="audience" value={a} checked={f.audiences.includes(a)} label={audienceLabel(locale, a)} count={c.audience.get(a) ?? 0} locale={locale} />
                    ))}
                  </ul>
                </div>
              ))}
            </Facet>
            <Facet legend={t(T.format)} selected={f.formats.length} open locale={locale}>
              <ul>
                {MATERIAL_FORMATS.map((x) => (
                  <Checkbox name="format" value={x} checked={f.formats.includes(x)} label={MATERIAL_FORMAT_LABELS[x][locale]} count={c.format.get(x) ?? 0} locale={locale} />
                ))}
              </ul>
            </Facet>
            <Facet legend={t(T.licence)} selected={f.licences.length} locale={locale}>
              <ul>
                {LICENCES.map((x) => (
                  <Checkbox name="licence" value={x} checked={f.licences.includes(x)} label={LICENCE_INFO[x].label[locale]} count={c.licence.get(x) ?? 0} locale={locale} />
                ))}
              </ul>
            </Facet>
            <Facet legend={t(T.language)} selected={f.languages.length} locale={locale}>
              <ul>
                {MATERIAL_LANGUAGES.map((x) => (
                  <Checkbox name="language" value={x} checked={f.languages.includes(x)} label={MATERIAL_LANGUAGE_LABELS[x][locale]} count={c.language.get(x) ?? 0} locale={locale} />
                ))}
              </ul>
            </Facet>
            <Facet legend={t(T.org)} selected={f.orgs.length} locale={locale}>
              {orgs.length ? (
                <ul>
                  {orgs.map((o) => (
                    <Checkbox name="org" value={o.org.slug} checked={f.orgs.includes(o.org.slug)} label={orgName(locale, o.org) + (o.org.abbreviation && o.org.abbreviation !== orgName(locale, o.org) ? parenthesised(locale, o.org.abbreviation) : '')} count={o.count} locale={locale} />
                  ))}
                </ul>
              ) : (
                <p class="hint">{t({ ja: 'この条件で教材を提供している団体はありません。', en: 'No organisation offers materials under these conditions.' })}</p>
              )}
            </Facet>
            <div class="sort-row">
              <label for="sort" class="label">
                {t(T.sort)}
              </label>
              <select id="sort" name="sort">
                {(f.q ? (['relevance', 'newest', 'title'] as const) : (['newest', 'title'] as const)).map((s) => (
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
                  : `${formatNumber(locale, result.total)} ${result.total === 1 ? 'material' : 'materials'}${result.total > 0 ? `, showing ${from}–${to}` : ''}`}
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
                    <a href={localePath(locale, '/materials')}>{t(T.clear)}</a>
                  </li>
                </ul>
              </div>
            ) : null}
            {result.total === 0 ? <p class="empty-state">{t(T.none)}</p> : null}
            <ul class="card-list">
              {result.items.map((m) => (
                <li>
                  <MaterialCard locale={locale} m={m} />
                </li>
              ))}
            </ul>
            <Pagination locale={locale} page={result.page} last={lastPage} href={pageHref} />
            <ul class="downloads">
              <li>
                <a href={`/api/v1/materials${materialFiltersToSearchParams(f, { sort: sortParam }).toString() ? `?${materialFiltersToSearchParams(f, { sort: sortParam }).toString()}` : ''}`}>{t(T.json)}</a>
              </li>
            </ul>
          </section>
        </div>
      </form>
    </Layout>
  );
}

const D = {
  orgs: { ja: '提供団体', en: 'Offered by' },
  open: { ja: '教材を開く（外部サイト）', en: 'Open the material (external site)' },
  download: { ja: 'ダウンロード', en: 'Download' },
  versions: { ja: 'ファイルの版', en: 'File versions' },
  version: { ja: '版', en: 'Version' },
  issued: { ja: '発行日', en: 'Date of issue' },
  credit: { ja: 'クレジット表記（利用するときに表示してください）', en: 'Credit line (show it when you reuse the material)' },
  linked: { ja: 'この教材を使う取組・イベント', en: 'Initiatives and events that use this material' },
  back: { ja: '教材一覧へ戻る', en: 'Back to the list of materials' },
  none: { ja: 'なし', en: 'None' },
  preview: { ja: 'プレビュー', en: 'Preview' },
} satisfies Record<string, Text>;

export function MaterialDetailPage({ locale, m, previewHref }: { locale: Locale; m: Material; previewHref: string | null }) {
  const t = (x: Text) => x[locale];
  const title = locale === 'ja' ? m.titleJa : m.titleEn;
  const lic = LICENCE_INFO[m.licence];
  const older = m.files.filter((f) => f.id !== m.file?.id);
  const downloads = m.files.reduce((n, f) => n + f.downloads, 0);
  return (
    <Layout locale={locale} path={`/materials/${m.id}`} title={title} section="materials" description={locale === 'ja' ? m.summaryJa : m.summaryEn}>
      <Breadcrumbs locale={locale} trail={[{ path: '/', label: t({ ja: 'ホーム', en: 'Home' }) }, { path: '/materials', label: t(T.title) }, { label: title }]} />
      <h1>{title}</h1>
      {locale === 'en' && m.titleEn !== m.titleJa ? (
        <p class="subtitle" lang="ja">
          {m.titleJa}
        </p>
      ) : null}
      <div class="material-detail">
        {previewHref && m.file ? (
          <figure class="material-preview">
            <img src={previewHref} alt={t({ ja: `「${m.titleJa}」のプレビュー${m.file.mediaType === 'application/pdf' ? '（1ページ目）' : ''}`, en: `Preview of "${m.titleEn}"${m.file.mediaType === 'application/pdf' ? ' (first page)' : ''}` })} loading="lazy" />
            <figcaption class="hint">{t(m.file.mediaType === 'application/pdf' ? { ja: '1ページ目のプレビュー', en: 'Preview of the first page' } : D.preview)}</figcaption>
          </figure>
        ) : null}
        <div class="material-main">
          <p class="lead">{locale === 'ja' ? m.summaryJa : m.summaryEn}</p>
          <div class="material-actions">
            {m.file ? (
              <p>
                <a class="button" href={fileHref(m.id, m.file.id)} download={m.file.name}>
                  {t(D.download)}
                  <span class="material-action-detail">
                    {parenthesised(locale, `${fileLabel(locale, m.file)}`)}
                  </span>
                </a>
              </p>
            ) : null}
            {m.url ? (
              <p>
                <a class={m.file ? 'button button-secondary' : 'button'} href={m.url} rel="noopener noreferrer">
                  {t(D.open)}
                </a>
              </p>
            ) : null}
          </div>
          <p class="hint">
            {locale === 'ja' ? `ダウンロード数：${formatNumber(locale, downloads)}回` : `Downloaded ${formatNumber(locale, downloads)} ${downloads === 1 ? 'time' : 'times'}`}
          </p>
        </div>
      </div>
      <dl class="detail-list">
        <div>
          <dt>{t(D.orgs)}</dt>
          <dd>
            <ul class="inline-list">
              {m.organisations.map((o) => (
                <li>
                  <a href={localePath(locale, `/organisations/${o.slug}`)}>{orgName(locale, o)}</a>
                </li>
              ))}
            </ul>
          </dd>
        </div>
        <div>
          <dt>{t(T.format)}</dt>
          <dd>
            <a class="tag tag-method" href={materialsHref(locale, { ...NO_FILTERS, formats: [m.format] })}>
              {MATERIAL_FORMAT_LABELS[m.format][locale]}
            </a>
          </dd>
        </div>
        <div>
          <dt>{t(T.audience)}</dt>
          <dd>
            {m.audiences.map((a) => (
              <a class="tag" href={materialsHref(locale, { ...NO_FILTERS, audiences: [a] })}>
                {audienceLabel(locale, a)}
              </a>
            ))}
          </dd>
        </div>
        <div>
          <dt>{t(T.language)}</dt>
          <dd>{MATERIAL_LANGUAGE_LABELS[m.language][locale]}</dd>
        </div>
        <div>
          <dt>{t(T.licence)}</dt>
          <dd>
            {lic.url ? (
              <a href={lic.url} rel="noopener noreferrer license">
                {lic.label[locale]}
              </a>
            ) : (
              lic.label[locale]
            )}
            <p class="hint">
              {lic.reusable
                ? t({ ja: '利用条件に従えば、許可を得ずに複製・配布できます。', en: 'You may copy and share it without asking, under the terms of the licence.' })
                : t({ ja: '複製・配布する前に、提供団体に許可を得てください。', en: 'Ask the organisation for permission before you copy or share it.' })}
            </p>
          </dd>
        </div>
        <div>
          <dt>{t(D.credit)}</dt>
          <dd>
            <p class="material-credit">{m.attribution}</p>
          </dd>
        </div>
        <div>
          <dt>{t(D.version)}</dt>
          <dd>{m.version || t(D.none)}</dd>
        </div>
        <div>
          <dt>{t(D.issued)}</dt>
          <dd>{m.issuedOn ? <time dateTime={m.issuedOn}>{formatDate(locale, m.issuedOn)}</time> : t(D.none)}</dd>
        </div>
        {m.url ? (
          <div>
            <dt>{t({ ja: '教材のURL', en: 'Web address' })}</dt>
            <dd class="url-cell">
              <a href={m.url} rel="noopener noreferrer">
                {m.url}
              </a>
            </dd>
          </div>
        ) : null}
        <div>
          <dt>{t({ ja: '団体による最終確認', en: 'Last confirmed by the organisation' })}</dt>
          <dd>{m.confirmedAt ? formatDate(locale, m.confirmedAt) : t({ ja: 'まだ確認されていません', en: 'Not yet confirmed' })}</dd>
        </div>
        <div>
          <dt>{t({ ja: '最終更新', en: 'Last updated' })}</dt>
          <dd>
            <time dateTime={m.updatedAt}>{formatDate(locale, m.updatedAt)}</time>
          </dd>
        </div>
      </dl>
      <h2>{t(D.linked)}</h2>
      {m.links.length ? (
        <ul class="link-list">
          {m.links.map((l) => (
            <li>
              <span class="subject-kind">{t(l.kind === 'initiative' ? { ja: '取組', en: 'Initiative' } : { ja: 'イベント', en: 'Event' })}</span>{' '}
              <a href={localePath(locale, l.kind === 'initiative' ? `/initiatives/${l.id}` : `/events/${l.id}`)}>{locale === 'ja' ? l.titleJa : l.titleEn || l.titleJa}</a>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t({ ja: '登録されていません。', en: 'None listed.' })}</p>
      )}
      {m.files.length ? (
        <>
          <h2>{t(D.versions)}</h2>
          <ol class="material-versions" reversed>
            {m.files.map((f) => (
              <li>
                <p class="material-version-title">
                  <strong>{locale === 'ja' ? `第${f.version}版` : `Version ${f.version}`}</strong>
                  {f.id === m.file?.id ? t({ ja: '（最新）', en: ' (current)' }) : ''}
                </p>
                <p class="url-cell">
                  <a href={fileHref(m.id, f.id)} download={f.name}>
                    {f.name}
                  </a>{' '}
                  <span class="hint">{parenthesised(locale, fileLabel(locale, f))}</span>
                </p>
                <p class="hint">
                  {t({ ja: '公開日：', en: 'Published ' })}
                  <time dateTime={f.createdAt}>{formatDate(locale, f.createdAt)}</time>
                  {locale === 'ja' ? `・ダウンロード数：${formatNumber(locale, f.downloads)}回` : ` · downloaded ${formatNumber(locale, f.downloads)} ${f.downloads === 1 ? 'time' : 'times'}`}
                </p>
              </li>
            ))}
          </ol>
          {older.length ? <p class="hint">{t({ ja: '以前の版も、上の一覧からダウンロードできます。', en: 'Earlier versions can be downloaded from the list above.' })}</p> : null}
        </>
      ) : null}
      <p>
        <a href={localePath(locale, '/materials')}>{t(D.back)}</a>
      </p>
    </Layout>
  );
}

/** Materials of an initiative or event, for that page (a list of links). */
export function LinkedMaterials({ locale, materials }: { locale: Locale; materials: Material[] }) {
  if (!materials.length) return null;
  const t = (x: Text) => x[locale];
  return (
    <section class="linked-materials" aria-labelledby="linked-materials-title">
      <h2 id="linked-materials-title">{t({ ja: '関連するツール・教材', en: 'Materials' })}</h2>
      <ul class="link-list">
        {materials.map((m) => (
          <li>
            <a href={localePath(locale, `/materials/${m.id}`)}>{locale === 'ja' ? m.titleJa : m.titleEn}</a> <span class="hint">{parenthesised(locale, MATERIAL_FORMAT_LABELS[m.format][locale])}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

