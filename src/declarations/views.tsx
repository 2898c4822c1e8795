// Public pages of the self-declaration registry: search (a GET form that works without JavaScript),
// one declaration's page, the declaration form and "send my links again". Views receive domain
// objects and form values, never rows, and never the contact address.
import type { ComponentChildren } from 'preact';
import { formatDate, formatNumber, localePath, type Locale, type Text } from '../i18n/locale.ts';
import { INDUSTRIES, INDUSTRY_LABELS, INDUSTRY_SOURCE, SIZE_BAND_LABELS, SIZE_BANDS } from '../taxonomy/attributes.ts';
import { PREFECTURES, prefectureByCode, REGION_BLOCK_LABELS, REGION_BLOCKS } from '../taxonomy/prefectures.ts';
import { Breadcrumbs, Pagination } from '../web/components.tsx';
import { Button, ChoiceGroup, FormErrorSummary, PostForm, REQUIRED_MARK, SelectField, TextField, type FieldErrors } from '../web/form.tsx';
import { Layout } from '../web/layout.tsx';
import type { DeclarationFormValues } from './form.ts';
import { COUNT_CAP, STAR_LABELS, STATUS_LABELS, type Declaration, type DeclarationFilters, type DeclarationStatus, type SearchResult, type Star } from './model.ts';
import { filtersToSearchParams } from './schema.ts';

type T = (x: Text) => string;
export const tt = (locale: Locale): T => (x) => x[locale];

export const X = {
  registry: { ja: 'セキュリティ対策自己宣言の登録一覧', en: 'Register of security self-declarations' },
  lead: {
    ja: '情報セキュリティ対策に取り組むことを自ら宣言した中小企業・個人事業主などの一覧です。SECURITY ACTION（IPA）と同じ考え方で、一つ星は「情報セキュリティ5か条」への取組、二つ星は25項目の自社診断の実施と情報セキュリティ基本方針の公開を宣言します。',
    en: 'Small firms, sole proprietors and others that have declared they take information security measures. As in IPA’s SECURITY ACTION, one star declares the 5 basic measures; two stars declare the 25-item self-diagnosis done and a basic security policy published.',
  },
  notCertification: {
    ja: '自己宣言は認証ではありません。内容は事業者自身の申告で、ポータルや事務局が審査・保証したものではありません。',
    en: 'A self-declaration is not a certification. It is what the business itself states; neither the portal nor the program office has checked or guarantees it.',
  },
  declare: { ja: '自己宣言をする（無料・アカウント不要）', en: 'Make a self-declaration (free, no account needed)' },
  resend: { ja: '管理用リンクをもう一度受け取る', en: 'Get my management link again' },
  search: { ja: '登録を探す', en: 'Search the register' },
  q: { ja: '事業者名・フリガナ', en: 'Business name or its reading' },
  qHint: { ja: '名前の一部でも探せます（例：山田、ヤマダ、やまだ）。', en: 'Part of a name works too (for example 山田, ヤマダ or Yamada Trading).' },
  corporateNumber: { ja: '法人番号', en: 'Corporate number' },
  corporateHint: { ja: '13桁の数字と完全に一致するものを探します。', en: 'Finds the exact 13-digit number.' },
  prefecture: { ja: '都道府県', en: 'Prefecture' },
  municipality: { ja: '市区町村', en: 'Municipality' },
  industry: { ja: '業種', en: 'Industry' },
  size: { ja: '従業員数（経営者を含む）', en: 'People (owner included)' },
  star: { ja: '星の数', en: 'Star' },
  any: { ja: '指定しない', en: 'Any' },
  sort: { ja: '並び順', en: 'Sort by' },
  sortName: { ja: '名前順（「株式会社」などを除いた名前）', en: 'Name (ignoring legal forms such as 株式会社)' },
  sortDate: { ja: '宣言日の新しい順', en: 'Newest declaration first' },
  includeEnded: { ja: '取り下げ・期限切れ・取消しの宣言も表示する', en: 'Also show withdrawn, lapsed and revoked declarations' },
  apply: { ja: 'この条件で探す', en: 'Search' },
  clear: { ja: '条件を解除', en: 'Clear' },
  moreFilters: { ja: '地域・業種・規模・星の数で絞り込む', en: 'Filter by place, industry, size and star' },
  active: { ja: '有効な宣言', en: 'Active declarations' },
  all: { ja: 'すべての宣言', en: 'All declarations' },
  none: { ja: '条件に合う宣言はありません。', en: 'No declaration matches.' },
  noneHint: { ja: '名前の一部だけ、またはひらがな・カタカナで試してみてください。', en: 'Try part of the name only, or its reading in kana.' },
  number: { ja: '宣言番号', en: 'Declaration number' },
  status: { ja: '状態', en: 'Status' },
  location: { ja: '所在地', en: 'Location' },
  website: { ja: 'ウェブサイト', en: 'Website' },
  policy: { ja: '情報セキュリティ基本方針', en: 'Basic security policy' },
  diagnosis: { ja: '自社診断（25項目）', en: 'Self-diagnosis (25 items)' },
  declaredOn: { ja: '宣言日', en: 'Declared on' },
  renewedOn: { ja: '最終更新日', en: 'Last renewed' },
  renewalDue: { ja: '次の更新期限', en: 'Renewal due' },
  noCorporateNumber: { ja: 'なし（個人事業主など）', en: 'None (sole proprietor or similar)' },
  json: { ja: 'この条件の結果をJSON（API）で取得', en: 'These results as JSON (API)' },
  back: { ja: '登録一覧', en: 'Register' },
} satisfies Record<string, Text>;

export const prefectureName = (locale: Locale, code: string) => prefectureByCode(code)?.[locale] ?? code;

export function locationText(locale: Locale, d: Pick<Declaration, 'prefecture' | 'municipality'>): string {
  const p = prefectureName(locale, d.prefecture);
  if (!d.municipality) return p;
  return locale === 'ja' ? `${p}${d.municipality}` : `${d.municipality}, ${p}`;
}

/** The star as symbols and words; the symbols are hidden from screen readers, the words say it. */
export function StarBadge({ locale, star }: { locale: Locale; star: Star }) {
  const s = STAR_LABELS[star];
  return (
    <span class={`tag declaration-star declaration-star-${star}`}>
      <span aria-hidden="true">{s.symbol}</span> {s[locale]}
    </span>
  );
}

export function StatusTag({ locale, status }: { locale: Locale; status: DeclarationStatus }) {
  if (status === 'active') return <span class="tag tag-public">{STATUS_LABELS.active[locale]}</span>;
  return <span class={`tag ${status === 'pending' ? 'tag-status-pending' : 'tag-withdrawn'}`}>{STATUS_LABELS[status][locale]}</span>;
}

const ENDED_BANNER: Record<'withdrawn' | 'lapsed' | 'revoked', { title: Text; body: Text }> = {
  withdrawn: {
    title: { ja: 'この宣言は取り下げられました', en: 'This declaration has been withdrawn' },
    body: { ja: '事業者自身が宣言を取り下げました。以下は取り下げ時点の内容です。', en: 'The business withdrew its declaration. The details below are as they were then.' },
  },
  lapsed: {
    title: { ja: 'この宣言は期限切れです', en: 'This declaration has lapsed' },
    body: { ja: '更新期限から30日を過ぎても更新されていません。現在も取り組んでいるかは確認できません。', en: 'It was not renewed within 30 days of its due date, so it is not known whether the business still applies it.' },
  },
  revoked: {
    title: { ja: 'この宣言は事務局により取り消されました', en: 'This declaration was revoked by the program office' },
    body: { ja: '以下は取消し時点の内容です。', en: 'The details below are as they were then.' },
  },
};

export function EndedBanner({ locale, d }: { locale: Locale; d: Declaration }) {
  if (d.status !== 'withdrawn' && d.status !== 'lapsed' && d.status !== 'revoked') return null;
  const b = ENDED_BANNER[d.status];
  const t = tt(locale);
  return (
    <div class="notice advisory-withdrawn-banner" role="note" aria-labelledby="ended-title">
      <h2 id="ended-title">
        {t(b.title)}
        {d.endedAt ? (locale === 'ja' ? `（${formatDate(locale, d.endedAt)}）` : ` (${formatDate(locale, d.endedAt)})`) : ''}
      </h2>
      <p>{t(b.body)}</p>
      {d.status === 'revoked' && d.revokedReason ? (
        <p class="note-text">
          {t({ ja: '理由：', en: 'Reason: ' })}
          {d.revokedReason}
        </p>
      ) : null}
    </div>
  );
}

function ExternalLink({ href }: { href: string }) {
  // ugc: the address was typed by the declarant, not vouched for by the portal.
  return (
    <a class="url-cell" href={href} rel="nofollow ugc noopener noreferrer">
      {href}
    </a>
  );
}

export function declarationsHref(locale: Locale, f: DeclarationFilters, extra: Record<string, string | undefined> = {}): string {
  const qs = filtersToSearchParams(f, extra).toString();
  return localePath(locale, '/declarations') + (qs ? `?${qs}` : '');
}

function Card({ locale, d }: { locale: Locale; d: Declaration }) {
  const t = tt(locale);
  return (
    <article class={`card${d.status === 'active' ? '' : ' advisory-withdrawn'}`}>
      <p class="advisory-badges">
        <StarBadge locale={locale} star={d.star} />
        {d.status !== 'active' ? <StatusTag locale={locale} status={d.status} /> : null}
      </p>
      <h3 class="card-title">
        <a href={localePath(locale, `/declarations/${d.number}`)}>{d.name}</a>
      </h3>
      <dl class="card-meta">
        <div>
          <dt>{t(X.number)}</dt>
          <dd>{d.number}</dd>
        </div>
        <div>
          <dt>{t(X.location)}</dt>
          <dd>{locationText(locale, d)}</dd>
        </div>
        <div>
          <dt>{t(X.industry)}</dt>
          <dd>{INDUSTRY_LABELS[d.industry][locale]}</dd>
        </div>
        {d.declaredAt ? (
          <div>
            <dt>{t(X.declaredOn)}</dt>
            <dd>
              <time dateTime={d.declaredAt.slice(0, 10)}>{formatDate(locale, d.declaredAt)}</time>
            </dd>
          </div>
        ) : null}
      </dl>
    </article>
  );
}

function PrefectureSelect({ locale, id, value, emptyLabel, describedBy }: { locale: Locale; id: string; value: string | null; emptyLabel: Text; describedBy?: string }) {
  return (
    <select class="select" id={id} name="prefecture" aria-describedby={describedBy}>
      <option value="">{emptyLabel[locale]}</option>
      {REGION_BLOCKS.map((b) => (
        <optgroup label={REGION_BLOCK_LABELS[b][locale]}>
          {PREFECTURES.filter((p) => p.block === b).map((p) => (
            <option value={p.code} selected={value === p.code}>
              {p[locale]}
            </option>
          ))}
        </optgroup>
      ))}
    </select>
  );
}

function SearchForm({ locale, f }: { locale: Locale; f: DeclarationFilters }) {
  const t = tt(locale);
  const open = !!(f.corporateNumber || f.prefecture || f.industry || f.sizeBand || f.star || f.scope !== 'active' || f.sort !== 'name');
  return (
    <form class="event-filters" method="get" action={localePath(locale, '/declarations')} novalidate role="search" aria-label={t(X.search)}>
      <div class="field">
        <label class="field-label" for="q">
          {t(X.q)}
        </label>
        <p class="field-hint" id="q-hint">
          {t(X.qHint)}
        </p>
        <div class="search-input">
          <input class="input" type="search" id="q" name="q" value={f.q} maxLength={100} aria-describedby="q-hint" />
          <button type="submit" class="button">
            {t(X.apply)}
          </button>
        </div>
      </div>
      <details class="filter-panel" open={open || undefined}>
        <summary>{t(X.moreFilters)}</summary>
        <div class="filter-grid">
          <div class="filter-group">
            <label class="label" for="corporate_number">
              {t(X.corporateNumber)}
            </label>
            <p class="hint" id="corporate_number-hint">
              {t(X.corporateHint)}
            </p>
            <input class="input" type="text" inputMode="numeric" id="corporate_number" name="corporate_number" value={f.corporateNumber ?? ''} maxLength={20} aria-describedby="corporate_number-hint" autocomplete="off" />
          </div>
          <div class="filter-group">
            <label class="label" for="prefecture">
              {t(X.prefecture)}
            </label>
            <PrefectureSelect locale={locale} id="prefecture" value={f.prefecture} emptyLabel={X.any} />
          </div>
          <div class="filter-group">
            <label class="label" for="industry">
              {t(X.industry)}
            </label>
            <select class="select" id="industry" name="industry">
              <option value="">{t(X.any)}</option>
              {INDUSTRIES.map((i) => (
                <option value={i} selected={f.industry === i}>
                  {INDUSTRY_LABELS[i][locale]}
                </option>
              ))}
            </select>
          </div>
          <div class="filter-group">
            <label class="label" for="size">
              {t(X.size)}
            </label>
            <select class="select" id="size" name="size">
              <option value="">{t(X.any)}</option>
              {SIZE_BANDS.map((s) => (
                <option value={s} selected={f.sizeBand === s}>
                  {SIZE_BAND_LABELS[s][locale]}
                </option>
              ))}
            </select>
          </div>
          <fieldset class="fieldset filter-group">
            <legend class="label">{t(X.star)}</legend>
            <ul class="check-list">
              {[
                { v: '', label: X.any },
                { v: '1', label: { ja: STAR_LABELS[1].ja, en: STAR_LABELS[1].en } },
                { v: '2', label: { ja: STAR_LABELS[2].ja, en: STAR_LABELS[2].en } },
              ].map((o) => (
                <li class="facet-option">
                  <input type="radio" id={`star-${o.v || 'any'}`} name="star" value={o.v} checked={(f.star ? String(f.star) : '') === o.v} />
                  <label for={`star-${o.v || 'any'}`}>{t(o.label)}</label>
                </li>
              ))}
            </ul>
          </fieldset>
          <div class="filter-group">
            <label class="label" for="sort">
              {t(X.sort)}
            </label>
            <select class="select" id="sort" name="sort">
              <option value="name" selected={f.sort === 'name'}>
                {t(X.sortName)}
              </option>
              <option value="date" selected={f.sort === 'date'}>
                {t(X.sortDate)}
              </option>
            </select>
          </div>
        </div>
        <div class="choice">
          <input type="checkbox" id="status-all" name="status" value="all" checked={f.scope === 'all'} />
          <label for="status-all">{t(X.includeEnded)}</label>
        </div>
        <div class="button-row">
          <button type="submit" class="button">
            {t(X.apply)}
          </button>
          <a href={localePath(locale, '/declarations')}>{t(X.clear)}</a>
        </div>
      </details>
    </form>
  );
}

function countText(locale: Locale, r: SearchResult): string {
  const from = r.total === 0 ? 0 : (r.page - 1) * r.pageSize + 1;
  const to = Math.min(r.total, r.page * r.pageSize);
  const n = formatNumber(locale, r.total);
  if (locale === 'ja') return `（${n}件${r.totalExact ? '' : '以上'}${r.total > 0 ? `中 ${from}〜${to}件を表示` : ''}）`;
  return ` (${r.totalExact ? '' : 'more than '}${n}${r.total > 0 ? `, showing ${from}–${to}` : ''})`;
}

export function DeclarationListPage({ locale, result }: { locale: Locale; result: SearchResult }) {
  const t = tt(locale);
  const f = result.filters;
  const qs = filtersToSearchParams(f, { page: result.page > 1 ? String(result.page) : undefined }).toString();
  const last = Math.ceil(result.total / result.pageSize);
  return (
    <Layout locale={locale} path={`/declarations${qs ? `?${qs}` : ''}`} title={t(X.registry)} section="declarations" description={t(X.lead)}>
      <h1>{t(X.registry)}</h1>
      <p class="lead">{t(X.lead)}</p>
      <p class="notice notice-info">{t(X.notCertification)}</p>
      <ul class="link-list">
        <li>
          <a href={localePath(locale, '/declarations/new')}>{t(X.declare)}</a>
        </li>
        <li>
          <a href={localePath(locale, '/declarations/resend')}>{t(X.resend)}</a>
        </li>
      </ul>
      <SearchForm locale={locale} f={f} />
      <section aria-labelledby="results-title">
        <h2 id="results-title">
          {t(f.scope === 'all' ? X.all : X.active)}
          <span class="results-count">{countText(locale, result)}</span>
        </h2>
        {result.total === 0 ? (
          <div class="empty-state">
            <p>{t(X.none)}</p>
            {f.q ? <p>{t(X.noneHint)}</p> : null}
          </div>
        ) : null}
        {!result.totalExact ? (
          <p class="hint">
            {t({
              ja: `件数は${formatNumber(locale, COUNT_CAP)}件までを数えています。${formatNumber(locale, COUNT_CAP)}件より先を見るには、条件を絞り込んでください。`,
              en: `Counts stop at ${formatNumber(locale, COUNT_CAP)}. To see further, narrow the search.`,
            })}
          </p>
        ) : null}
        <ul class="card-list">
          {result.items.map((d) => (
            <li>
              <Card locale={locale} d={d} />
            </li>
          ))}
        </ul>
        <Pagination locale={locale} page={result.page} last={last} href={(p) => declarationsHref(locale, f, { page: p === 1 ? undefined : String(p) })} />
        <ul class="downloads">
          <li>
            <a href={`/api/v1/declarations${filtersToSearchParams(f).toString() ? `?${filtersToSearchParams(f).toString()}` : ''}`}>{t(X.json)}</a>
          </li>
        </ul>
      </section>
    </Layout>
  );
}

function Row({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export function DeclarationPage({ locale, d, pageUrl }: { locale: Locale; d: Declaration; pageUrl: string }) {
  const t = tt(locale);
  const ended = d.status !== 'active';
  const title = ended ? `【${STATUS_LABELS[d.status][locale]}】${d.name}` : d.name;
  return (
    <Layout locale={locale} path={`/declarations/${d.number}`} title={title} section="declarations">
      <Breadcrumbs locale={locale} trail={[{ path: '/declarations', label: t(X.back) }, { label: d.number ?? '' }]} />
      <EndedBanner locale={locale} d={d} />
      <p class="advisory-badges">
        <StarBadge locale={locale} star={d.star} />
        <StatusTag locale={locale} status={d.status} />
      </p>
      <h1>
        {d.name}
        {d.nameKana ? (
          <span class="subtitle-inline" lang="ja">
            {d.nameKana}
          </span>
        ) : null}
      </h1>
      <p>{t(STAR_LABELS[d.star].what)}</p>
      <dl class="detail-list">
        <Row label={t(X.number)}>{d.number}</Row>
        <Row label={t(X.status)}>{STATUS_LABELS[d.status][locale]}</Row>
        <Row label={t(X.star)}>
          <span aria-hidden="true">{STAR_LABELS[d.star].symbol} </span>
          {STAR_LABELS[d.star][locale]}
        </Row>
        <Row label={t(X.corporateNumber)}>{d.corporateNumber ?? t(X.noCorporateNumber)}</Row>
        <Row label={t(X.location)}>{locationText(locale, d)}</Row>
        <Row label={t(X.industry)}>{INDUSTRY_LABELS[d.industry][locale]}</Row>
        <Row label={t(X.size)}>{SIZE_BAND_LABELS[d.sizeBand][locale]}</Row>
        {d.website ? (
          <Row label={t(X.website)}>
            <ExternalLink href={d.website} />
          </Row>
        ) : null}
        {d.star === 2 && d.policyUrl ? (
          <Row label={t(X.policy)}>
            <ExternalLink href={d.policyUrl} />
          </Row>
        ) : null}
        {d.declaredAt ? (
          <Row label={t(X.declaredOn)}>
            <time dateTime={d.declaredAt.slice(0, 10)}>{formatDate(locale, d.declaredAt)}</time>
          </Row>
        ) : null}
        {d.renewedAt ? (
          <Row label={t(X.renewedOn)}>
            <time dateTime={d.renewedAt.slice(0, 10)}>{formatDate(locale, d.renewedAt)}</time>
          </Row>
        ) : null}
        {d.renewalDue && d.status === 'active' ? (
          <Row label={t(X.renewalDue)}>
            <time dateTime={d.renewalDue}>{formatDate(locale, d.renewalDue)}</time>
          </Row>
        ) : null}
      </dl>
      <p class="notice notice-info">{t(X.notCertification)}</p>
      <h2>{t({ ja: 'このページへのリンク', en: 'Linking to this page' })}</h2>
      <p>
        {t({ ja: '事業者は、自社のウェブサイトなどから次のアドレスにリンクできます。', en: 'The business may link to this address from its website:' })}
      </p>
      <p>
        <code class="url-cell">{pageUrl}</code>
      </p>
      <ul class="link-list">
        <li>
          <a href={localePath(locale, '/declarations')}>{t(X.back)}</a>
        </li>
        <li>
          <a href={`/api/v1/declarations/${d.number}`}>{t({ ja: 'この宣言をJSON（API）で取得', en: 'This declaration as JSON (API)' })}</a>
        </li>
      </ul>
    </Layout>
  );
}

// ------------------------------------------------------------------------------------------ the form

const STAR_CHOICES = [
  {
    value: '1',
    // Words only: a screen reader would read the star symbols out one by one.
    label: { ja: STAR_LABELS[1].ja, en: STAR_LABELS[1].en },
    hint: {
      ja: '「情報セキュリティ5か条」（OSやソフトウェアを最新に、ウイルス対策ソフトの導入、パスワードの強化、共有設定の見直し、脅威や手口を知る）に取り組むことを宣言します。',
      en: 'You declare that you apply the 5 basic measures (keep software up to date, use antivirus software, strengthen passwords, review sharing settings, learn about threats).',
    },
  },
  {
    value: '2',
    label: { ja: STAR_LABELS[2].ja, en: STAR_LABELS[2].en },
    hint: {
      ja: '一つ星に加えて、25項目の「情報セキュリティ自社診断」を実施し、情報セキュリティ基本方針を定めてウェブサイトなどで公開したことを宣言します。',
      en: 'In addition, you declare that you completed the 25-item self-diagnosis and wrote and published a basic security policy (on your website, for example).',
    },
  },
];

/** Where the measures, the diagnosis and the policy generator are (the firm's check and policy pages). */
export function StarHelp({ locale }: { locale: Locale }) {
  const t = tt(locale);
  return (
    <ul class="link-list">
      <li>
        <a href={localePath(locale, '/business/check')}>{t({ ja: '情報セキュリティ5か条と25項目の自社診断（中小企業向けチェック）', en: 'The 5 basic measures and the 25-item self-diagnosis (check for small firms)' })}</a>
      </li>
      <li>
        <a href={localePath(locale, '/business/policy')}>{t({ ja: '情報セキュリティ基本方針をつくる（ひな形から作成）', en: 'Write a basic security policy (from a template)' })}</a>
      </li>
    </ul>
  );
}

function Section({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <fieldset class="fieldset fieldset-group">
      <legend class="legend">{title}</legend>
      {children}
    </fieldset>
  );
}

/** Name, kana, place, industry, size and website: the declaration form and the management page share them. */
export function DetailFields({ locale, v, errors, children }: { locale: Locale; v: DeclarationFormValues; errors: FieldErrors; children?: ComponentChildren }) {
  return (
    <>
      <TextField locale={locale} name="name" label={{ ja: '事業者名（会社名・屋号）', en: 'Name of the business (company or trading name)' }} hint={{ ja: '公開されます。例：株式会社山田商店、山田デザイン事務所', en: 'Shown publicly. For example 株式会社山田商店 or Yamada Design Office.' }} required value={v.name} errors={errors} maxLength={200} autocomplete="organization" />
      <TextField locale={locale} name="name_kana" label={{ ja: 'フリガナ', en: 'Reading in kana' }} hint={{ ja: '任意。カタカナかひらがなで。名前の読みでも検索できるようになります。', en: 'Optional, in katakana or hiragana: the name can then be found by its reading.' }} value={v.nameKana} errors={errors} maxLength={200} />
      {children}
      <SelectField
        locale={locale}
        name="prefecture"
        label={{ ja: '所在地の都道府県', en: 'Prefecture' }}
        required
        emptyLabel={{ ja: '選んでください', en: 'Choose' }}
        choices={PREFECTURES.map((p) => ({ value: p.code, label: { ja: p.ja, en: p.en } }))}
        value={v.prefecture}
        errors={errors}
      />
      <TextField locale={locale} name="municipality" label={{ ja: '市区町村', en: 'Municipality' }} hint={{ ja: '任意。例：名古屋市中区', en: 'Optional. For example Naka-ku, Nagoya.' }} value={v.municipality} errors={errors} maxLength={100} />
      <SelectField
        locale={locale}
        name="industry"
        label={{ ja: '業種', en: 'Industry' }}
        hint={{ ja: `${INDUSTRY_SOURCE.ja}から、主な事業に近いものを選んでください。`, en: `From the ${INDUSTRY_SOURCE.en}: choose the one closest to your main business.` }}
        required
        emptyLabel={{ ja: '選んでください', en: 'Choose' }}
        choices={INDUSTRIES.map((i) => ({ value: i, label: INDUSTRY_LABELS[i] }))}
        value={v.industry}
        errors={errors}
      />
      <ChoiceGroup locale={locale} type="radio" name="size" label={{ ja: '従業員数（経営者を含む）', en: 'People working in the business (owner included)' }} required choices={SIZE_BANDS.map((s) => ({ value: s, label: SIZE_BAND_LABELS[s] }))} selected={[v.size]} errors={errors} columns />
      <TextField locale={locale} name="website" type="url" label={{ ja: 'ウェブサイトのアドレス', en: 'Website address' }} hint={{ ja: '任意。公開されます。例：https://www.example.co.jp/', en: 'Optional, shown publicly. For example https://www.example.co.jp/' }} value={v.website} errors={errors} maxLength={500} autocomplete="url" />
    </>
  );
}

/** The two-star statements: diagnosis done and the address of the published policy. */
export function TwoStarFields({ locale, v, errors, required }: { locale: Locale; v: DeclarationFormValues; errors: FieldErrors; required?: boolean }) {
  return (
    <>
      <ChoiceGroup
        locale={locale}
        type="checkbox"
        name="diagnosis_done"
        label={{ ja: '自社診断（二つ星の場合）', en: 'Self-diagnosis (two stars)' }}
        required={required}
        choices={[{ value: 'yes', label: { ja: '25項目の「情報セキュリティ自社診断」を実施しました', en: 'We completed the 25-item information security self-diagnosis' } }]}
        selected={v.diagnosisDone ? ['yes'] : []}
        errors={errors}
      />
      <TextField
        locale={locale}
        name="policy_url"
        type="url"
        label={{ ja: '情報セキュリティ基本方針を公開しているページのアドレス（二つ星の場合）', en: 'Address of the page where you publish your basic security policy (two stars)' }}
        hint={{ ja: '公開されます。例：https://www.example.co.jp/security-policy', en: 'Shown publicly. For example https://www.example.co.jp/security-policy' }}
        required={required}
        value={v.policyUrl}
        errors={errors}
        maxLength={500}
      />
    </>
  );
}

export function DeclareForm({ locale, csrf, v, errors, duplicate }: { locale: Locale; csrf: string; v: DeclarationFormValues; errors: FieldErrors; duplicate?: { resendHref: string } }) {
  const t = tt(locale);
  const title = t({ ja: '自己宣言をする', en: 'Make a self-declaration' });
  const cnError = errors.corporate_number ?? errors.has_corporate_number;
  return (
    <Layout locale={locale} path="/declarations/new" title={title} section="declarations">
      <Breadcrumbs locale={locale} trail={[{ path: '/declarations', label: t(X.back) }, { label: title }]} />
      <h1>{title}</h1>
      <FormErrorSummary locale={locale} errors={errors} />
      {duplicate ? (
        <div class="notice notice-warning" role="note">
          <p>
            {t({ ja: 'ご自身の宣言であれば、管理用リンクをもう一度受け取って、そこから内容の確認や変更ができます。', en: 'If it is your declaration, get its management link again to see or change it.' })}
          </p>
          <p>
            <a href={duplicate.resendHref}>{t(X.resend)}</a>
          </p>
          <p>{t({ ja: '心当たりのない宣言の場合は、事務局にご連絡ください。', en: 'If you do not recognise it, contact the program office.' })}</p>
        </div>
      ) : null}
      <p>
        {t({
          ja: '中小企業や個人事業主などが、情報セキュリティ対策に取り組むことを自ら宣言し、この登録一覧に掲載します。無料で、アカウントは要りません。入力したメールアドレスに確認のメールが届き、リンクを開いてボタンを押すと宣言が有効になり、宣言番号が付きます。',
          en: 'Small firms, sole proprietors and others declare that they take information security measures, and are listed in this register. Free, no account needed. We email you a link: open it and press the button, and the declaration becomes active with its number.',
        })}
      </p>
      <p class="notice notice-info">{t(X.notCertification)}</p>
      <StarHelp locale={locale} />
      <PostForm action={localePath(locale, '/declarations/new')} csrf={csrf}>
        <Section title={t({ ja: '事業者について', en: 'About the business' })}>
          <DetailFields locale={locale} v={v} errors={errors}>
            <div class={`field${cnError ? ' field-has-error' : ''}`}>
              <fieldset class="fieldset" id="field-has_corporate_number" aria-describedby={`field-has_corporate_number-hint${errors.has_corporate_number ? ' field-has_corporate_number-error' : ''}`}>
                <legend class="field-label">
                  {t(X.corporateNumber)}
                  <span class="required-mark">{REQUIRED_MARK[locale]}</span>
                </legend>
                <p class="field-hint" id="field-has_corporate_number-hint">
                  {t({ ja: '法人番号は国税庁が法人に指定する13桁の番号で、公開されます。個人事業主には法人番号はありません。', en: 'The 13-digit number the National Tax Agency gives each corporation; it is shown publicly. Sole proprietors have none.' })}
                </p>
                {errors.has_corporate_number ? (
                  <p class="field-error" id="field-has_corporate_number-error">
                    <span class="visually-hidden">{locale === 'ja' ? 'エラー：' : 'Error: '}</span>
                    {t(errors.has_corporate_number)}
                  </p>
                ) : null}
                <div class="choices">
                  <div class="choice">
                    <input type="radio" id="field-has_corporate_number-yes" name="has_corporate_number" value="yes" checked={v.hasCorporateNumber === 'yes'} />
                    <label for="field-has_corporate_number-yes">{t({ ja: '法人番号がある', en: 'We have a corporate number' })}</label>
                  </div>
                  <div class="choice">
                    <input type="radio" id="field-has_corporate_number-no" name="has_corporate_number" value="no" checked={v.hasCorporateNumber === 'no'} />
                    <label for="field-has_corporate_number-no">{t({ ja: '法人番号がない（個人事業主など）', en: 'No corporate number (sole proprietor or similar)' })}</label>
                  </div>
                </div>
                <TextField
                  locale={locale}
                  name="corporate_number"
                  label={{ ja: '法人番号（13桁）', en: 'Corporate number (13 digits)' }}
                  hint={{ ja: '「法人番号がある」を選んだ場合に入力してください。ハイフンや全角数字のままでも構いません。', en: 'If you have one. Hyphens, spaces and full-width digits are fine.' }}
                  value={v.corporateNumber}
                  errors={errors}
                  inputMode="numeric"
                  maxLength={30}
                  width="short"
                />
              </fieldset>
            </div>
          </DetailFields>
        </Section>
        <Section title={t({ ja: '宣言の内容', en: 'What you declare' })}>
          <ChoiceGroup locale={locale} type="radio" name="star" label={{ ja: '星の数', en: 'Star' }} required choices={STAR_CHOICES} selected={[v.star]} errors={errors} />
          <ChoiceGroup
            locale={locale}
            type="checkbox"
            name="commit_measures"
            label={{ ja: '5か条への取組', en: 'The 5 basic measures' }}
            required
            choices={[{ value: 'yes', label: { ja: '「情報セキュリティ5か条」に取り組むことを宣言します', en: 'We declare that we apply the 5 basic information security measures' } }]}
            selected={v.commitMeasures ? ['yes'] : []}
            errors={errors}
          />
          <p class="hint">{t({ ja: '二つ星を選んだ場合は、次の2つも必要です。', en: 'If you chose two stars, these two are needed as well.' })}</p>
          <TwoStarFields locale={locale} v={v} errors={errors} />
        </Section>
        <Section title={t({ ja: '連絡先', en: 'Contact' })}>
          <TextField
            locale={locale}
            name="email"
            type="email"
            autocomplete="email"
            label={{ ja: '連絡先のメールアドレス', en: 'Contact email address' }}
            hint={{ ja: '公開されません。確認のメール、管理用リンク、更新のお知らせ（年1回）を送ります。', en: 'Never shown publicly. We send the confirmation, your management link and a yearly renewal reminder.' }}
            required
            value={v.email}
            errors={errors}
            maxLength={254}
          />
        </Section>
        <Button>{t({ ja: '確認メールを送る', en: 'Send the confirmation email' })}</Button>
      </PostForm>
    </Layout>
  );
}

export function ResendPage({ locale, csrf, values, errors }: { locale: Locale; csrf: string; values: { identifier: string; email: string }; errors: FieldErrors }) {
  const t = tt(locale);
  const title = t({ ja: '管理用リンクをもう一度受け取る', en: 'Get your management link again' });
  return (
    <Layout locale={locale} path="/declarations/resend" title={title} section="declarations">
      <Breadcrumbs locale={locale} trail={[{ path: '/declarations', label: t(X.back) }, { label: title }]} />
      <h1>{title}</h1>
      <FormErrorSummary locale={locale} errors={errors} />
      <p>
        {t({
          ja: '宣言のときに入力したメールアドレスに、管理用リンクをお送りします。メールの確認がまだの宣言には、確認のリンクを新しくお送りします。',
          en: 'We email the management link to the address given when declaring. For a declaration not yet confirmed, we send a new confirmation link.',
        })}
      </p>
      <PostForm action={localePath(locale, '/declarations/resend')} csrf={csrf}>
        <TextField locale={locale} name="identifier" label={{ ja: '宣言番号または法人番号', en: 'Declaration number or corporate number' }} hint={{ ja: '任意。空欄なら、このメールアドレスで登録されたすべての宣言のリンクを送ります。', en: 'Optional. Leave empty to receive the links of every declaration registered with the address.' }} value={values.identifier} errors={errors} maxLength={40} width="short" />
        <TextField locale={locale} name="email" type="email" autocomplete="email" label={{ ja: 'メールアドレス', en: 'Email address' }} required value={values.email} errors={errors} maxLength={254} />
        <Button>{t({ ja: 'リンクを送る', en: 'Send the link' })}</Button>
      </PostForm>
    </Layout>
  );
}
