// Organisation pages: the list of bodies and one body with its initiatives.
import type { Initiative, Organisation } from '../catalogue/model.ts';
import { catalogueHref, InitiativeSummary } from '../catalogue/views.tsx';
import { formatNumber, localePath, type Locale, type Text } from '../i18n/locale.ts';
import { ORGANISATION_KIND_LABELS, SECTORS } from '../taxonomy/taxonomy.ts';
import { Breadcrumbs } from '../web/components.tsx';
import { orgName, parenthesised, sectorLabel } from '../web/labels.ts';
import { Layout } from '../web/layout.tsx';
import type { OrganisationWithCount } from './repository.ts';
import { EMPTY_FILTERS } from '../catalogue/model.ts';

const T = {
  title: { ja: '実施団体', en: 'Organisations' },
  lead: {
    ja: '普及啓発の取組を実施している府省庁・独立行政法人・団体などの一覧です。',
    en: 'Ministries, agencies, associations and other bodies that run awareness initiatives.',
  },
  name: { ja: '名称', en: 'Name' },
  kind: { ja: '種別', en: 'Kind' },
  count: { ja: '取組数', en: 'Initiatives' },
  website: { ja: 'ウェブサイト', en: 'Website' },
  initiatives: { ja: 'この団体の取組', en: 'Initiatives of this organisation' },
  all: { ja: 'この団体の取組を絞り込んで探す', en: 'Filter the catalogue by this organisation' },
  none: { ja: '登録されている取組はありません。', en: 'No initiatives are listed.' },
  sector: { ja: '区分', en: 'Sector' },
} satisfies Record<string, Text>;

export function OrganisationListPage({ locale, organisations }: { locale: Locale; organisations: OrganisationWithCount[] }) {
  const t = (x: Text) => x[locale];
  return (
    <Layout locale={locale} path="/organisations" title={t(T.title)} section="organisations" description={t(T.lead)}>
      <h1>{t(T.title)}</h1>
      <p class="lead">{t(T.lead)}</p>
      {SECTORS.map((s) => (
        <section aria-labelledby={`sector-${s}`}>
          <h2 id={`sector-${s}`}>{sectorLabel(locale, s)}</h2>
          <div class="table-scroll">
            <table class="data-table">
              <caption class="visually-hidden">
                {t(T.title)}：{sectorLabel(locale, s)}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t(T.name)}</th>
                  <th scope="col">{t(T.kind)}</th>
                  <th scope="col" class="num">
                    {t(T.count)}
                  </th>
                </tr>
              </thead>
              <tbody>
                {organisations
                  .filter((o) => o.sector === s)
                  .map((o) => (
                    <tr>
                      <th scope="row">
                        <a href={localePath(locale, `/organisations/${o.slug}`)}>{orgName(locale, o)}</a>
                        {o.abbreviation && o.abbreviation !== orgName(locale, o) ? <span class="abbr">{parenthesised(locale, o.abbreviation)}</span> : null}
                      </th>
                      <td>{ORGANISATION_KIND_LABELS[o.kind][locale]}</td>
                      <td class="num">
                        <a href={catalogueHref(locale, { ...EMPTY_FILTERS, orgs: [o.slug] })} aria-label={locale === 'ja' ? `${orgName(locale, o)}の取組 ${o.initiativeCount}件` : `${o.initiativeCount} initiatives of ${orgName(locale, o)}`}>
                          {formatNumber(locale, o.initiativeCount)}
                        </a>
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </Layout>
  );
}

export function OrganisationDetailPage({ locale, organisation: o, initiatives, total }: { locale: Locale; organisation: Organisation; initiatives: Initiative[]; total: number }) {
  const t = (x: Text) => x[locale];
  const name = orgName(locale, o);
  return (
    <Layout locale={locale} path={`/organisations/${o.slug}`} title={name} section="organisations">
      <Breadcrumbs locale={locale} trail={[{ path: '/', label: t({ ja: 'ホーム', en: 'Home' }) }, { path: '/organisations', label: t(T.title) }, { label: name }]} />
      <h1>
        {name}
        {o.abbreviation && o.abbreviation !== name ? <span class="abbr">{parenthesised(locale, o.abbreviation)}</span> : null}
      </h1>
      {locale === 'en' ? <p class="subtitle" lang="ja">{o.nameJa}</p> : null}
      <dl class="detail-list">
        <div>
          <dt>{t(T.kind)}</dt>
          <dd>{ORGANISATION_KIND_LABELS[o.kind][locale]}</dd>
        </div>
        <div>
          <dt>{t(T.sector)}</dt>
          <dd>{sectorLabel(locale, o.sector)}</dd>
        </div>
        <div>
          <dt>{t(T.website)}</dt>
          <dd>
            {o.website ? (
              <a href={o.website} rel="noopener noreferrer">
                {o.website}
              </a>
            ) : (
              '—'
            )}
          </dd>
        </div>
      </dl>
      <h2>
        {t(T.initiatives)}
        {parenthesised(locale, formatNumber(locale, total))}
      </h2>
      {initiatives.length === 0 ? <p>{t(T.none)}</p> : null}
      <ul class="card-list">
        {initiatives.map((i) => (
          <li>
            <InitiativeSummary locale={locale} item={i} />
          </li>
        ))}
      </ul>
      <p>
        <a href={catalogueHref(locale, { ...EMPTY_FILTERS, orgs: [o.slug] })}>{t(T.all)}</a>
      </p>
    </Layout>
  );
}
