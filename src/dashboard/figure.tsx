// One published figure on a page: from one StatTable (src/stats/model.ts) a <figure> with its title and
// description, a server-side SVG chart, the same numbers as a table, its notes and source, and links to
// the same figure as CSV and in the API. Chart, table, CSV and API all read the one StatTable, so they
// cannot disagree. A withheld cell (suppression of small groups) is "X" everywhere, explained in words.
import { formatNumber, localePath, type Locale, type Text } from '../i18n/locale.ts';
import { SUPPRESSED_MARK, type StatCell, type StatColumn, type StatTable } from '../stats/model.ts';
import { groupedBarsSvg, lineChartSvg, lineLegendSampleSvg } from '../web/charts.ts';

/** What to draw from the table. The table always shows every cell; the chart shows a chosen part. */
export type ChartChoice =
  /** One bar per row (the total row excluded) for one column. */
  | { kind: 'bars'; column: string }
  /** One bar per column of one row ("share applying each measure" from the total row). */
  | { kind: 'columns'; row: string; columns?: string[] }
  /** Per row, one labelled bar per column (declarations by star × prefecture). */
  | { kind: 'grouped'; columns: string[] }
  /** Rows are months ('YYYY-MM'): one line per column. */
  | { kind: 'lines'; columns: string[] }
  | { kind: 'none' };

export const WITHHELD: Text = {
  ja: '秘匿（10人・10社未満の小さな集団、またはそこから逆算できる値のため非公表）',
  en: 'withheld (a group of fewer than 10 people or firms, or a value from which one could be worked out)',
};
const WITHHELD_NOTE: Text = {
  ja: '「X」は秘匿を表します。10人・10社未満の集団の値と、合計からの引き算でそれを求められる値は公表しません。',
  en: '"X" means withheld: values for fewer than 10 people or firms, and values from which such a value could be worked out by subtraction, are not published.',
};
const NOTHING: Text = { ja: 'データなし', en: 'no data' };
const MONTH_RE = /^\d{4}-\d{2}$/;
const MAX_SERIES = 4;

export function formatCell(locale: Locale, column: StatColumn, cell: StatCell): string {
  if (cell.suppressed) return SUPPRESSED_MARK;
  if (cell.value === null) return '—';
  if (column.unit === 'percent') return `${cell.value.toFixed(1)}%`;
  if (column.unit === 'score') return cell.value.toFixed(1);
  return formatNumber(locale, cell.value);
}

const bodyRows = (table: StatTable) => table.rows.filter((r) => !r.total);

/** The chart a table gets when the page does not choose: lines over months, else bars of its main unit. */
export function defaultChart(table: StatTable): ChartChoice {
  const rows = bodyRows(table);
  if (rows.length === 0 || table.columns.length === 0) return { kind: 'none' };
  const percent = table.columns.filter((c) => c.unit === 'percent').map((c) => c.key);
  const main = percent.length ? percent : table.columns.filter((c) => c.unit === 'count').map((c) => c.key);
  const mainCols = main.length ? main : table.columns.map((c) => c.key);
  if (rows.every((r) => MONTH_RE.test(r.key))) return { kind: 'lines', columns: mainCols.slice(0, MAX_SERIES) };
  if (mainCols.length === 1) return { kind: 'bars', column: mainCols[0]! };
  if (rows.length === 1 || (percent.length > 1 && table.rows.some((r) => r.total) && rows.length > 12)) {
    const row = table.rows.find((r) => r.total) ?? rows[0]!;
    return { kind: 'columns', row: row.key, columns: mainCols };
  }
  if (mainCols.length <= MAX_SERIES && !percent.length) return { kind: 'grouped', columns: mainCols };
  return { kind: 'bars', column: mainCols[0]! };
}

function chartSvg(locale: Locale, table: StatTable, choice: ChartChoice): { svg: string; legend?: string[] } | null {
  const col = (key: string) => table.columns.findIndex((c) => c.key === key);
  const withheldText = locale === 'ja' ? 'X（秘匿）' : 'X (withheld)';
  const percentScale = (cols: number[]) => cols.length > 0 && cols.every((i) => table.columns[i]?.unit === 'percent');
  const bar = (rowCells: StatCell[], i: number, label: string) => ({
    label,
    value: rowCells[i]!.suppressed ? null : (rowCells[i]!.value ?? 0),
    valueText: formatCell(locale, table.columns[i]!, rowCells[i]!),
  });
  const base = { id: table.id, title: table.title[locale], withheldText, integer: table.columns.every((c) => c.unit === 'count') };
  switch (choice.kind) {
    case 'none':
      return null;
    case 'bars': {
      const i = col(choice.column);
      if (i < 0) return null;
      const groups = bodyRows(table).map((r) => ({ label: r.label[locale], bars: [bar(r.cells, i, '')] }));
      return { svg: groupedBarsSvg({ ...base, groups, max: percentScale([i]) ? 100 : undefined, tickSuffix: percentScale([i]) ? '%' : undefined }) };
    }
    case 'columns': {
      const row = table.rows.find((r) => r.key === choice.row);
      if (!row) return null;
      const cols = (choice.columns ?? table.columns.map((c) => c.key)).map(col).filter((i) => i >= 0);
      const groups = cols.map((i) => ({ label: table.columns[i]!.label[locale], bars: [bar(row.cells, i, '')] }));
      return { svg: groupedBarsSvg({ ...base, groups, max: percentScale(cols) ? 100 : undefined, tickSuffix: percentScale(cols) ? '%' : undefined }) };
    }
    case 'grouped': {
      const cols = choice.columns.map(col).filter((i) => i >= 0);
      const groups = bodyRows(table).map((r) => ({ label: r.label[locale], bars: cols.map((i) => bar(r.cells, i, table.columns[i]!.label[locale])) }));
      return { svg: groupedBarsSvg({ ...base, groups, max: percentScale(cols) ? 100 : undefined, tickSuffix: percentScale(cols) ? '%' : undefined }) };
    }
    case 'lines': {
      const cols = choice.columns.map(col).filter((i) => i >= 0).slice(0, MAX_SERIES);
      const rows = bodyRows(table);
      const series = cols.map((i) => ({ label: table.columns[i]!.label[locale], values: rows.map((r) => (r.cells[i]!.suppressed ? null : r.cells[i]!.value)) }));
      const svg = lineChartSvg({ ...base, months: rows.map((r) => r.key), series, max: percentScale(cols) ? 100 : undefined, tickSuffix: percentScale(cols) ? '%' : undefined });
      return { svg, legend: series.map((s) => s.label) };
    }
  }
}

/** A query string from parameters, without empty values, in a stable order. */
export function queryOf(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Where the same figure is: its CSV download (in the page's language) and its API resource. */
export function figureLinks(locale: Locale, figure: string, params: Record<string, string | undefined>): { csv: string; api: string } {
  return {
    csv: localePath(locale, `/dashboard/figures/${encodeURIComponent(figure)}.csv`) + queryOf(params),
    api: `/api/v1/stats/${encodeURIComponent(figure)}` + queryOf(params),
  };
}

const T = {
  group: { ja: '区分', en: 'Group' },
  notes: { ja: '注記', en: 'Notes' },
  source: { ja: '出典', en: 'Source' },
  survey: { ja: '他の調査（出典が異なります）', en: 'Another survey (a different source)' },
  asOf: { ja: '時点', en: 'as of' },
  csv: { ja: 'この表をCSVでダウンロード', en: 'Download this table as CSV' },
  api: { ja: '同じ数値をAPI（JSON）で取得', en: 'The same figures in the API (JSON)' },
  tableOf: { ja: '表：', en: 'Table: ' },
  legend: { ja: '線の見分け方', en: 'How to tell the lines apart' },
  total: { ja: '（合計）', en: ' (total)' },
} satisfies Record<string, Text>;

export function Withheld({ locale }: { locale: Locale }) {
  return (
    <>
      <abbr title={WITHHELD[locale]} aria-hidden="true">
        {SUPPRESSED_MARK}
      </abbr>
      <span class="visually-hidden">{WITHHELD[locale]}</span>
    </>
  );
}

export function CellValue({ locale, column, cell }: { locale: Locale; column: StatColumn; cell: StatCell }) {
  if (cell.suppressed) return <Withheld locale={locale} />;
  if (cell.value === null)
    return (
      <>
        <span aria-hidden="true">—</span>
        <span class="visually-hidden">{NOTHING[locale]}</span>
      </>
    );
  return <>{formatCell(locale, column, cell)}</>;
}

export interface StatFigureProps {
  locale: Locale;
  table: StatTable;
  /** The chart to draw; defaults to defaultChart(table). */
  chart?: ChartChoice;
  /** Heading of the rows' label column. */
  rowHeading?: Text;
  /** The figure's CSV and API addresses (figureLinks); omitted for figures not in the API. */
  links?: { csv: string; api?: string };
}

export function StatFigure({ locale, table, chart, rowHeading, links }: StatFigureProps) {
  const t = (x: Text) => x[locale];
  const drawn = chartSvg(locale, table, chart ?? defaultChart(table));
  const anyWithheld = table.rows.some((r) => r.cells.some((c) => c.suppressed));
  const src = table.source;
  return (
    <figure class={`chart stat-figure${table.columns.length > 3 ? ' stat-figure-wide' : ''}${src.kind === 'survey' ? ' stat-figure-survey' : ''}`} id={table.id} aria-labelledby={`${table.id}-title`}>
      <figcaption>
        {src.kind === 'survey' ? <span class="tag stat-source-tag">{t(T.survey)}</span> : null}
        <span class="chart-title" id={`${table.id}-title`}>
          {t(table.title)}
        </span>
        <span class="chart-description" id={`${table.id}-desc`}>
          {t(table.description)}
        </span>
      </figcaption>
      <div class="stat-figure-body">
        {drawn ? (
          <div class="chart-svg">
            <div dangerouslySetInnerHTML={{ __html: drawn.svg }} />
            {drawn.legend && drawn.legend.length > 1 ? (
              <ul class="chart-legend" aria-label={t(T.legend)}>
                {drawn.legend.map((label, i) => (
                  <li>
                    <span class="chart-legend-sample" dangerouslySetInnerHTML={{ __html: lineLegendSampleSvg(i) }} />
                    {label}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
        <div class="table-scroll" tabIndex={0} role="region" aria-label={`${t(T.tableOf)}${table.title[locale]}`}>
          <table class="data-table stat-table">
            <caption id={`${table.id}-caption`} class="visually-hidden">
              {t(table.title)}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t(rowHeading ?? T.group)}</th>
                {table.columns.map((c) => (
                  <th scope="col" class="num">
                    {t(c.label)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((r) => (
                <tr class={r.total ? 'total-row' : undefined}>
                  <th scope="row">{t(r.label)}</th>
                  {r.cells.map((cell, i) => (
                    <td class={`num${cell.suppressed ? ' withheld' : ''}`}>
                      <CellValue locale={locale} column={table.columns[i]!} cell={cell} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      <div class="stat-figure-meta">
        {table.notes.length || anyWithheld ? (
          <ul class="stat-notes" aria-label={t(T.notes)}>
            {table.notes.map((n) => (
              <li>{t(n)}</li>
            ))}
            {anyWithheld ? <li>{t(WITHHELD_NOTE)}</li> : null}
          </ul>
        ) : null}
        <p class="stat-source">
          {t(T.source)}
          {locale === 'ja' ? '：' : ': '}
          {src.url ? <a href={src.url}>{t(src.label)}</a> : t(src.label)}
          {src.asOf ? (locale === 'ja' ? `（${src.asOf}${T.asOf.ja}）` : ` (${T.asOf.en} ${src.asOf})`) : null}
        </p>
        {links ? (
          <ul class="stat-links">
            <li>
              <a href={links.csv} download>
                {t(T.csv)}
              </a>
            </li>
            {links.api ? (
              <li>
                <a href={links.api}>{t(T.api)}</a>
              </li>
            ) : null}
          </ul>
        ) : null}
      </div>
    </figure>
  );
}
