// A published figure as CSV, for the dashboard's download links: UTF-8 with a BOM (Japanese Excel reads
// UTF-8 only with it), one header row in the page's language, one row per table row, withheld cells "X".
// Numbers are written as plain numbers (no thousands separator, no "%": the header says the unit), so a
// spreadsheet reads them as numbers. Source, period and notes follow the data after one empty row, each
// in the first column, so they never shift the data's columns.
import { stringify } from 'csv-stringify/sync';
import type { Locale } from '../i18n/locale.ts';
import { periodLabel, SUPPRESSED_MARK, type StatTable } from '../stats/model.ts';

const UNIT: Record<'count' | 'percent' | 'score', { ja: string; en: string }> = {
  count: { ja: '', en: '' },
  percent: { ja: '（%）', en: ' (%)' },
  score: { ja: '（点）', en: ' (points)' },
};

export function statTableCsv(table: StatTable, locale: Locale): string {
  const header = [locale === 'ja' ? '区分' : 'Group', ...table.columns.map((c) => `${c.label[locale]}${UNIT[c.unit][locale]}`)];
  const rows = table.rows.map((r) => [r.label[locale], ...r.cells.map((c, i) => (c.suppressed ? SUPPRESSED_MARK : c.value === null ? '' : table.columns[i]!.unit === 'count' ? String(c.value) : c.value.toFixed(1)))]);
  const trailer = [
    [],
    [`${locale === 'ja' ? '表題' : 'Title'}: ${table.title[locale]}`],
    [`${locale === 'ja' ? '期間' : 'Period'}: ${periodLabel(table.period)[locale]}`],
    [`${locale === 'ja' ? '出典' : 'Source'}: ${table.source.label[locale]}${table.source.asOf ? ` (${table.source.asOf})` : ''}`],
    ...table.notes.map((n) => [n[locale]]),
    [locale === 'ja' ? 'X：秘匿（10未満の小さな集団、またはそこから逆算できる値）' : 'X: withheld (a group of fewer than 10, or a value from which one could be worked out)'],
  ];
  return stringify([header, ...rows, ...trailer], { bom: true, record_delimiter: '\r\n' });
}
