// The coverage matrix page: an accessible HTML table first (audiences as columns grouped 個人/組織,
// methods as rows split by sector), gaps and thin cells marked by text and symbol, not colour alone.
import { catalogueHref } from '../catalogue/views.tsx';
import type { OrganisationRef } from '../catalogue/model.ts';
import { filtersToSearchParams, MAX_QUERY_LENGTH } from '../catalogue/schema.ts';
import { formatNumber, localePath, type Locale, type Text } from '../i18n/locale.ts';
import { PREFECTURES } from '../taxonomy/prefectures.ts';
import { AUDIENCE_GROUP_LABELS, AUDIENCE_GROUPS, AUDIENCE_LABELS, SECTORS } from '../taxonomy/taxonomy.ts';
import { audienceLabel, methodLabel, orgName, sectorLabel } from '../web/labels.ts';
import { Layout } from '../web/layout.tsx';
import { THIN_BELOW, type Matrix, type MatrixCell } from './service.ts';

const T = {
  title: { ja: '対象×手法の見える化', en: 'Coverage matrix' },
  lead: {
    ja: 'どの対象に、どの手法で取組が届いているか、どこに誰もいないかを示します。数字を選ぶと、その取組の一覧を表示します。',
    en: 'Which audiences each delivery method reaches, and where nobody does. Select a number to list those initiatives.',
  },
  legendTitle: { ja: '表の見方', en: 'How to read the table' },
  gap: { ja: '空白', en: 'Gap' },
  thin: { ja: '手薄', en: 'Thin' },
  gapExplain: { ja: '✕ 空白：取組がありません。', en: '✕ Gap: no initiative.' },
  thinExplain: { ja: `△ 手薄：取組が${THIN_BELOW}件未満です。`, en: `△ Thin: fewer than ${THIN_BELOW} initiatives.` },
  methodSector: { ja: '手法・区分', en: 'Method and sector' },
  total: { ja: '計', en: 'Total' },
  filters: { ja: '条件で絞り込む', en: 'Filter' },
  keywords: { ja: 'キーワード', en: 'Keywords' },
  region: { ja: '地域', en: 'Region' },
  org: { ja: '実施団体', en: 'Organisation' },
  sector: { ja: '区分', en: 'Sector' },
  any: { ja: '指定しない', en: 'Any' },
  apply: { ja: '表示する', en: 'Show' },
  gapsTitle: { ja: '空白のセル（取組がない組み合わせ）', en: 'Gaps (combinations with no initiative)' },
  noGaps: { ja: '空白のセルはありません。', en: 'There are no gaps.' },
  csv: { ja: 'この表をCSVでダウンロード', en: 'Download this table as CSV' },
  json: { ja: 'JSON（API）', en: 'JSON (API)' },
  judged: {
    ja: '対象は、出典の表から読み取れないため編集部が判断したものを含みます（各取組のページに明記）。',
    en: 'Audiences include values judged by the editors where the source table does not state them (marked on each initiative).',
  },
} satisfies Record<string, Text>;

function cellContext(locale: Locale, cell: MatrixCell): string {
  const aud = audienceLabel(locale, cell.audience);
  const meth = methodLabel(locale, cell.method);
  const sec = cell.sector ? sectorLabel(locale, cell.sector) : locale === 'ja' ? '計' : 'all sectors';
  return locale === 'ja' ? `${aud}・${meth}（${sec}）の取組数：` : `${aud}, ${meth} (${sec}), initiatives: `;
}

function Cell({ locale, cell, matrix }: { locale: Locale; cell: MatrixCell; matrix: Matrix }) {
  const t = (x: Text) => x[locale];
  const f = { ...matrix.filters, audiences: [cell.audience], methods: [cell.method], sectors: cell.sector ? [cell.sector] : matrix.filters.sectors };
  // The link's name starts with its context (for lists of links), then exactly the visible text.
  return (
    <td class={`cell cell-${cell.level}`}>
      <a href={catalogueHref(locale, f)}>
        <span class="visually-hidden">{cellContext(locale, cell)}</span>
        <span class="cell-count">{formatNumber(locale, cell.count)}</span>
        {cell.level === 'gap' ? <span class="cell-mark">✕ {t(T.gap)}</span> : null}
        {cell.level === 'thin' ? <span class="cell-mark">△ {t(T.thin)}</span> : null}
      </a>
    </td>
  );
}

export function MatrixPage({ locale, matrix, organisations }: { locale: Locale; matrix: Matrix; organisations: OrganisationRef[] }) {
  const t = (x: Text) => x[locale];
  const f = matrix.filters;
  const qs = filtersToSearchParams(f).toString();
  const groups = AUDIENCE_GROUPS.map((g) => ({ g, audiences: matrix.audiences.filter((a) => AUDIENCE_LABELS[a].group === g) })).filter((x) => x.audiences.length > 0);
  const cell = (a: string, m: string, s: string | null) =>
    (s === null ? matrix.totals : matrix.cells).find((c) => c.audience === a && c.method === m && c.sector === s)!;
  const gaps = matrix.cells.filter((c) => c.level === 'gap');
  const split = matrix.sectors.length > 1;
  return (
    <Layout locale={locale} path={`/matrix${qs ? `?${qs}` : ''}`} title={t(T.title)} section="matrix" description={t(T.lead)}>
      <h1>{t(T.title)}</h1>
      <p class="lead">{t(T.lead)}</p>
      <form class="matrix-form" method="get" action={localePath(locale, '/matrix')} novalidate>
        <fieldset>
          <legend>{t(T.filters)}</legend>
          <div class="form-grid">
            <div>
              <label for="mq" class="label">
                {t(T.keywords)}
              </label>
              <input type="search" id="mq" name="q" value={f.q} maxLength={MAX_QUERY_LENGTH} />
            </div>
            <div>
              <label for="mregion" class="label">
                {t(T.region)}
              </label>
              <select id="mregion" name="region">
                <option value="">{t(T.any)}</option>
                <option value="nationwide" selected={f.regions.includes('nationwide')}>
                  {locale === 'ja' ? '全国' : 'Nationwide'}
                </option>
                {PREFECTURES.map((p) => (
                  <option value={p.code} selected={f.regions.includes(p.code)}>
                    {p[locale]}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label for="morg" class="label">
                {t(T.org)}
              </label>
              <select id="morg" name="org">
                <option value="">{t(T.any)}</option>
                {organisations.map((o) => (
                  <option value={o.slug} selected={f.orgs.includes(o.slug)}>
                    {orgName(locale, o)}
                  </option>
                ))}
              </select>
            </div>
            <fieldset class="inline-fieldset">
              <legend class="label">{t(T.sector)}</legend>
              {SECTORS.map((s) => (
                <span class="inline-check">
                  <input type="checkbox" id={`msector-${s}`} name="sector" value={s} checked={f.sectors.includes(s)} />
                  <label for={`msector-${s}`}>{sectorLabel(locale, s)}</label>
                </span>
              ))}
            </fieldset>
          </div>
          <button type="submit" class="button">
            {t(T.apply)}
          </button>
        </fieldset>
      </form>
      <div class="legend" aria-labelledby="legend-title">
        <p id="legend-title" class="legend-title">
          {t(T.legendTitle)}
        </p>
        <ul>
          <li>
            <span class="legend-swatch cell-gap" aria-hidden="true" /> {t(T.gapExplain)}
          </li>
          <li>
            <span class="legend-swatch cell-thin" aria-hidden="true" /> {t(T.thinExplain)}
          </li>
        </ul>
      </div>
      <h2 id="matrix-title">{locale === 'ja' ? '対象（列）と手法（行）ごとの取組数' : 'Initiatives by audience (columns) and method (rows)'}</h2>
      {split ? <p id="matrix-desc">{locale === 'ja' ? '手法ごとに、公的機関・民間・計の行があります。' : 'Each method has rows for the public sector, the private sector and the total.'}</p> : null}
      <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="matrix-title">
        <table class="matrix" aria-describedby={split ? 'matrix-desc' : undefined}>
          <caption class="visually-hidden">{locale === 'ja' ? '対象（列）と手法（行）ごとの取組数' : 'Initiatives by audience (columns) and method (rows)'}</caption>
          <colgroup span={split ? 2 : 1} />
          {groups.map((g) => (
            <colgroup span={g.audiences.length} />
          ))}
          <thead>
            <tr>
              <td colSpan={split ? 2 : 1} rowSpan={2} class="corner">
                <span class="visually-hidden">{t(T.methodSector)}</span>
              </td>
              {groups.map((g) => (
                <th scope="colgroup" colSpan={g.audiences.length}>
                  {AUDIENCE_GROUP_LABELS[g.g][locale]}
                </th>
              ))}
            </tr>
            <tr>
              {groups.flatMap((g) =>
                g.audiences.map((a) => (
                  <th scope="col">
                    <a href={catalogueHref(locale, { ...f, audiences: [a] })}>{audienceLabel(locale, a)}</a>
                  </th>
                )),
              )}
            </tr>
          </thead>
          {matrix.methods.map((m) => (
            <tbody>
              {matrix.sectors.map((s, idx) => (
                <tr>
                  {idx === 0 ? (
                    <th scope="rowgroup" rowSpan={split ? matrix.sectors.length + 1 : 1} class="method-head">
                      {methodLabel(locale, m)}
                    </th>
                  ) : null}
                  {split ? (
                    <th scope="row" class="sector-head">
                      {sectorLabel(locale, s)}
                    </th>
                  ) : null}
                  {groups.flatMap((g) => g.audiences.map((a) => <Cell locale={locale} cell={cell(a, m, s)} matrix={matrix} />))}
                </tr>
              ))}
              {split ? (
                <tr class="total-row">
                  <th scope="row" class="sector-head">
                    {t(T.total)}
                  </th>
                  {groups.flatMap((g) => g.audiences.map((a) => <Cell locale={locale} cell={cell(a, m, null)} matrix={matrix} />))}
                </tr>
              ) : null}
            </tbody>
          ))}
        </table>
      </div>
      <p class="hint">{t(T.judged)}</p>
      <ul class="downloads">
        <li>
          <a href={`/matrix.csv${qs ? `?${qs}` : ''}`} download>
            {t(T.csv)}
          </a>
        </li>
        <li>
          <a href={`/api/v1/matrix${qs ? `?${qs}` : ''}`}>{t(T.json)}</a>
        </li>
      </ul>
      <section aria-labelledby="gaps-title">
        <h2 id="gaps-title">{t(T.gapsTitle)}</h2>
        {gaps.length === 0 ? (
          <p>{t(T.noGaps)}</p>
        ) : (
          <ul class="gap-list">
            {gaps.map((c) => (
              <li>{locale === 'ja' ? `${audienceLabel(locale, c.audience)} × ${methodLabel(locale, c.method)}（${sectorLabel(locale, c.sector!)}）：なし` : `${audienceLabel(locale, c.audience)} × ${methodLabel(locale, c.method)} (${sectorLabel(locale, c.sector!)}): none`}</li>
            ))}
          </ul>
        )}
      </section>
    </Layout>
  );
}
